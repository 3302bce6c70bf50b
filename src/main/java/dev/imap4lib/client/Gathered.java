package dev.imap4lib.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which untagged responses a running command keeps for its result. A command's result is built
 * from a few response types (SEARCH from SEARCH and ESEARCH, LIST from LIST); those are kept
 * whole. Of every other type only the last {@link #LAST_KEPT} are kept (SELECT reads the last
 * EXISTS, FLAGS, UIDVALIDITY...), and of at most {@link #MAX_TYPES} types, so a server flooding
 * a command with responses it did not ask for (millions of EXPUNGE during a SEARCH) cannot fill
 * the heap. Every response still reaches listeners and the bounded store of
 * {@link Imap4#response}.
 */
final class Gathered {
    /** Responses kept of a type the command's result is not built from: the last ones win. */
    static final int LAST_KEPT = 8;
    /** Distinct types per command past which a type it does not name is not kept: a flood of made-up types. */
    static final int MAX_TYPES = 64;

    static final Set<String> NONE = Set.of();
    /** The FETCH family's: FETCH, and UIDFETCH once UIDONLY (RFC 9586) is enabled. */
    static final Set<String> FETCH_ONLY = Set.of("FETCH", "UIDFETCH");

    /**
     * By command name as sent: the types kept whole. A name missing here (xatom's, or a command
     * added without an entry) keeps none whole; GatheredTest checks every name Imap4 sends has
     * an entry. The {@code UID} forms also feed imaplib's {@code uid()}, which returns FETCH data
     * for all but SEARCH, SORT and THREAD.
     */
    private static final Map<String, Set<String>> WHOLE = Map.ofEntries(
            Map.entry("CAPABILITY", Set.of("CAPABILITY")),
            Map.entry("NOOP", NONE), Map.entry("CHECK", NONE), Map.entry("STARTTLS", NONE), Map.entry("COMPRESS", NONE),
            Map.entry("LOGIN", NONE), Map.entry("AUTHENTICATE", NONE), Map.entry("PROXYAUTH", NONE),
            Map.entry("ENABLE", Set.of("ENABLED")), Map.entry("ID", Set.of("ID")),
            Map.entry("LOGOUT", Set.of("BYE")),
            Map.entry("SELECT", NONE), Map.entry("EXAMINE", NONE), Map.entry("UNSELECT", NONE),
            Map.entry("CLOSE", NONE),
            Map.entry("EXPUNGE", Set.of("EXPUNGE")), Map.entry("UID EXPUNGE", Set.of("EXPUNGE", "FETCH")),
            Map.entry("CREATE", NONE), Map.entry("DELETE", NONE), Map.entry("RENAME", NONE),
            Map.entry("SUBSCRIBE", NONE), Map.entry("UNSUBSCRIBE", NONE),
            Map.entry("LIST", Set.of("LIST")), Map.entry("LSUB", Set.of("LSUB")),
            Map.entry("STATUS", Set.of("STATUS")), Map.entry("NOTIFY", Set.of("STATUS")),
            Map.entry("NAMESPACE", Set.of("NAMESPACE")),
            Map.entry("APPEND", NONE),
            Map.entry("FETCH", FETCH_ONLY), Map.entry("UID FETCH", FETCH_ONLY), Map.entry("PARTIAL", FETCH_ONLY),
            Map.entry("STORE", FETCH_ONLY), Map.entry("UID STORE", FETCH_ONLY),
            Map.entry("COPY", NONE), Map.entry("UID COPY", FETCH_ONLY),
            Map.entry("MOVE", Set.of("EXPUNGE")), Map.entry("UID MOVE", Set.of("EXPUNGE", "FETCH")),
            Map.entry("SEARCH", Set.of("SEARCH", "ESEARCH")), Map.entry("UID SEARCH", Set.of("SEARCH", "ESEARCH")),
            Map.entry("SORT", Set.of("SORT", "ESEARCH")), Map.entry("UID SORT", Set.of("SORT", "ESEARCH")),
            Map.entry("THREAD", Set.of("THREAD")), Map.entry("UID THREAD", Set.of("THREAD")),
            Map.entry("GETACL", Set.of("ACL")), Map.entry("SETACL", NONE), Map.entry("DELETEACL", NONE),
            Map.entry("MYRIGHTS", Set.of("MYRIGHTS")), Map.entry("LISTRIGHTS", Set.of("LISTRIGHTS")),
            Map.entry("GETQUOTA", Set.of("QUOTA")), Map.entry("SETQUOTA", Set.of("QUOTA")),
            Map.entry("GETQUOTAROOT", Set.of("QUOTAROOT", "QUOTA")),
            Map.entry("GETANNOTATION", Set.of("ANNOTATION")), Map.entry("SETANNOTATION", Set.of("ANNOTATION")),
            Map.entry("GETMETADATA", Set.of("METADATA")), Map.entry("SETMETADATA", NONE),
            Map.entry("IDLE", NONE),
            Map.entry("REPLACE", Set.of("APPENDUID")), Map.entry("UID REPLACE", Set.of("APPENDUID")),
            Map.entry("ESEARCH", Set.of("ESEARCH")));

    private Gathered() {
    }

    /** The types command {@code name} keeps whole. */
    static Set<String> whole(String name) {
        return WHOLE.getOrDefault(name, NONE);
    }

    /** Whether {@code name} has an entry (for the test that every command sent has one). */
    static boolean known(String name) {
        return WHOLE.containsKey(name);
    }

    /** Adds {@code u} to {@code byType}, keeping the types in {@code whole} whole and the rest bounded. */
    static void add(Map<String, List<Untagged>> byType, Set<String> whole, Untagged u) {
        String type = u.type();
        List<Untagged> list = byType.get(type);
        if (whole.contains(type)) {
            if (list == null) {
                byType.put(type, list = new ArrayList<>(4));
            }
            list.add(u);
            return;
        }
        if (list == null) {
            if (byType.size() >= MAX_TYPES) {
                return;
            }
            byType.put(type, list = new ArrayList<>(LAST_KEPT));
        } else if (list.size() >= LAST_KEPT) {
            list.remove(0);
        }
        list.add(u);
    }
}
