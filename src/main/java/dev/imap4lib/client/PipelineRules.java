package dev.imap4lib.client;

import java.util.HashSet;
import java.util.Set;

/**
 * When a command may be sent while others have not completed (RFC 3501 and RFC 9051, section
 * 5.5). The engine in {@link Imap4} asks {@link #mayFollow} for each command in flight before it
 * sends the next one; when the answer is no, it reads responses until that command completed
 * (a FETCH sent ahead that nobody claimed is read and dropped instead, see
 * {@link Imap4#fetchAhead}; FETCHes sent ahead of one message each may be in flight together, as
 * their answers are told apart by the message they name). The rules:
 *
 * <ol>
 *   <li><b>Barriers.</b> SELECT, EXAMINE, CLOSE, UNSELECT, STARTTLS, AUTHENTICATE, LOGIN,
 *       PROXYAUTH, COMPRESS, ENABLE, IDLE, LOGOUT and NOTIFY change the state that every later
 *       command is read in (the mailbox, the security layer, the protocol); so does any command
 *       this library does not know (xatom's). A barrier is sent only when nothing is in flight, and
 *       nothing is sent behind it until it completed.</li>
 *   <li><b>No ambiguity.</b> Two commands are never in flight together when an untagged response
 *       could belong to either: their {@link #claims} (the types their results are built from,
 *       see {@link Gathered}, plus FETCH, EXPUNGE and EXISTS for NOOP and CHECK, whose point is to
 *       let such updates arrive) must not overlap. The exception is STATUS: each STATUS response
 *       names its mailbox, so STATUS commands of different mailboxes may be in flight together.</li>
 *   <li><b>No sequence numbers behind a possible EXPUNGE.</b> A command that names or returns
 *       message sequence numbers (FETCH, STORE, SEARCH, COPY, MOVE, SORT, THREAD, PARTIAL) is not
 *       sent while a command that may cause an EXPUNGE response is in flight: every command but
 *       FETCH, STORE and SEARCH (UID FETCH, UID STORE and UID SEARCH may see EXPUNGE, RFC 9051
 *       section 5.5). And the other way round: EXPUNGE, UID EXPUNGE, MOVE and UID MOVE, which
 *       expunge by design, are not sent while a command with sequence numbers is in flight, so
 *       that numbers in an answer claimed later still match the messages it names.</li>
 *   <li><b>Synchronizing literals.</b> A command with a {@code {n}} literal sends its first part
 *       and waits for the server's {@code +} while the responses of the commands before it are
 *       still read and routed; no other command's bytes are written before all of its parts
 *       are, as the same thread sends them in order.</li>
 * </ol>
 *
 * <p>What the engine relies on from servers, beyond the RFC: untagged data of a command arrives
 * before its own tagged completion; completions may arrive in any order (Dovecot runs some
 * pipelined commands in parallel) and are matched by tag; an untagged response nobody asked for
 * goes to the oldest command in flight, bounded, as unsolicited data did before pipelining.
 */
final class PipelineRules {
    private static final Set<String> BARRIERS = Set.of("SELECT", "EXAMINE", "CLOSE", "UNSELECT", "STARTTLS",
            "AUTHENTICATE", "LOGIN", "PROXYAUTH", "COMPRESS", "ENABLE", "IDLE", "LOGOUT", "NOTIFY");
    /** The commands during which a server must not send EXPUNGE (RFC 3501 7.4.1). */
    private static final Set<String> NO_EXPUNGE = Set.of("FETCH", "STORE", "SEARCH");
    private static final Set<String> SEQUENCE_NUMBERS = Set.of("FETCH", "STORE", "SEARCH", "COPY", "MOVE", "SORT",
            "THREAD", "PARTIAL");
    private static final Set<String> EXPUNGING = Set.of("EXPUNGE", "UID EXPUNGE", "MOVE", "UID MOVE");
    private static final Set<String> POLL_TYPES = Set.of("FETCH", "EXPUNGE", "EXISTS", "VANISHED");

    private PipelineRules() {
    }

    /** Whether nothing may be in flight with {@code name}: see rule 1. */
    static boolean barrier(String name) {
        return BARRIERS.contains(name) || !Gathered.known(name);
    }

    /** Whether the server may send EXPUNGE while {@code name} is in progress. */
    static boolean mayExpunge(String name) {
        return !NO_EXPUNGE.contains(name);
    }

    /** Whether {@code name} names or returns message sequence numbers (not the UID forms). */
    static boolean usesSequenceNumbers(String name) {
        return SEQUENCE_NUMBERS.contains(name);
    }

    /** The untagged types that belong to {@code name}: rule 2. */
    static Set<String> claims(String name) {
        Set<String> whole = Gathered.whole(name);
        if (!name.equals("NOOP") && !name.equals("CHECK")) {
            return whole;
        }
        Set<String> s = new HashSet<>(whole);
        s.addAll(POLL_TYPES);
        return s;
    }

    /**
     * Whether command {@code next} (with {@code key}, see {@link CommandHandle#key}) may be sent
     * while {@code inFlight} has not completed.
     */
    static boolean mayFollow(CommandHandle inFlight, String next, String key) {
        if (barrier(next) || barrier(inFlight.name)) {
            return false;
        }
        if (usesSequenceNumbers(next) && mayExpunge(inFlight.name)) {
            return false;
        }
        if (EXPUNGING.contains(next) && usesSequenceNumbers(inFlight.name)) {
            return false;
        }
        Set<String> mine = claims(next);
        for (String t : inFlight.claims) {
            if (mine.contains(t)) {
                boolean keyed = t.equals("STATUS") && key != null && inFlight.key != null
                        && !sameMailbox(key, inFlight.key);
                if (!keyed) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Mailbox names as servers compare them: INBOX in any case is INBOX. */
    static boolean sameMailbox(String a, String b) {
        return a.equals(b) || (a.equalsIgnoreCase("INBOX") && b.equalsIgnoreCase("INBOX"));
    }
}
