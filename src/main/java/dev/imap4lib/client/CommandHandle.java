package dev.imap4lib.client;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command on the wire, from its tag to its tagged completion: what the engine in
 * {@link Imap4} routes untagged responses to. Guarded by the command lock of its connection
 * (only the thread holding it reads responses, so only that thread touches a handle).
 */
final class CommandHandle {
    final String tag;
    final byte[] tagBytes;
    /** The command as sent, {@code UID FETCH} style. */
    final String name;
    /** The types kept whole for its result ({@link Gathered}); others are kept bounded. */
    final Set<String> whole;
    /** The types that belong to it for the ambiguity rule ({@link PipelineRules#claims}). */
    final Set<String> claims;
    /**
     * For a command whose responses name what they answer (STATUS: the mailbox), that name: then
     * several such commands may be in flight at once and each gets its own responses.
     */
    final String key;
    /** What it received so far, by type; {@code null} for IDLE, which keeps nothing (it can last hours). */
    final Map<String, List<Untagged>> received;
    /** Its tagged completion once read. */
    Imap4.Completion done;
    /** Set while it waits for a {@code +} before its next literal. */
    boolean awaitingContinuation;
    /** A FETCH sent ahead nobody has claimed yet: a command that may not follow it reads it and drops it. */
    boolean unclaimedAhead;
    /**
     * For a FETCH sent ahead that names one message: its number (UID FETCH: its UID), else -1.
     * Several such FETCHes may be in flight at once; each takes only the FETCH responses of its
     * message ({@link #accepts}).
     */
    long aheadNumber = -1;

    CommandHandle(String tag, String name, Set<String> whole, String key, boolean keeps) {
        this.tag = tag;
        this.tagBytes = tag.getBytes(StandardCharsets.US_ASCII);
        this.name = name;
        this.whole = whole;
        this.claims = PipelineRules.claims(name);
        this.key = key;
        this.received = keeps ? new HashMap<>() : null;
    }

    /**
     * Whether {@code u} may be routed to this command as part of its result: anything but a
     * FETCH response of another message than the one this FETCH sent ahead names.
     */
    boolean accepts(Untagged u) {
        if (aheadNumber < 0) {
            return true;
        }
        if (u.type().equals("UIDFETCH")) {
            return u.number() == aheadNumber; // UIDONLY (RFC 9586): the number is the UID
        }
        if (!u.type().equals("FETCH")) {
            return true;
        }
        if (!name.startsWith("UID")) {
            return u.number() == aheadNumber;
        }
        try {
            Long uid = dev.imap4lib.response.FetchData.parse((int) Math.min(Integer.MAX_VALUE, u.number()),
                    u.tokenizer(), dev.imap4lib.wire.ReaderLimits.DEFAULT.maxDepth()).uid();
            return uid == null || uid == aheadNumber;
        } catch (dev.imap4lib.wire.ResponseFormatException | RuntimeException e) {
            return true; // the command it goes to reports it as malformed
        }
    }

    @Override
    public String toString() {
        return tag + " " + name;
    }
}
