package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A STATUS response (RFC 3501 §7.2.4, RFC 9051 §7.2.4, with CONDSTORE, QUOTA's DELETED and
 * SIZE, and APPENDLIMIT). Items the server did not send are {@code null}.
 *
 * @param rawName the mailbox name as sent
 * @param name the mailbox name decoded as in {@link ListEntry#name()}
 * @param other items this class does not know: upper-case name → raw protocol text of the value
 */
public record MailboxStatus(String rawName, String name, Long messages, Long recent, Long uidNext,
        Long uidValidity, Long unseen, Long deleted, Long size, Long highestModSeq, Long appendLimit,
        Map<String, String> other) {

    public MailboxStatus {
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    /**
     * {@link #parse(Tokenizer, boolean)} for a session without UTF8=ACCEPT: mailbox names are
     * modified UTF-7.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static MailboxStatus parse(Tokenizer t) throws ResponseFormatException {
        return parse(t, false);
    }

    /**
     * Parses STATUS data with the tokenizer after {@code STATUS }.
     *
     * @param utf8 whether UTF8=ACCEPT is enabled
     * @throws ResponseFormatException when the response is malformed
     */
    public static MailboxStatus parse(Tokenizer t, boolean utf8) throws ResponseFormatException {
        String raw = t.astring();
        t.skipSpaces();
        t.expect('(');
        Long messages = null;
        Long recent = null;
        Long uidNext = null;
        Long uidValidity = null;
        Long unseen = null;
        Long deleted = null;
        Long size = null;
        Long modseq = null;
        Long appendLimit = null;
        Map<String, String> other = Map.of();
        while (Lenient.more(t)) {
            if (t.tryAtom("MESSAGES")) {
                messages = value(t);
            } else if (t.tryAtom("RECENT")) {
                recent = value(t);
            } else if (t.tryAtom("UIDNEXT")) {
                uidNext = value(t);
            } else if (t.tryAtom("UIDVALIDITY")) {
                uidValidity = value(t);
            } else if (t.tryAtom("UNSEEN")) {
                unseen = value(t);
            } else if (t.tryAtom("DELETED")) {
                deleted = value(t);
            } else if (t.tryAtom("SIZE")) {
                size = value(t);
            } else if (t.tryAtom("HIGHESTMODSEQ")) {
                modseq = value(t);
            } else if (t.tryAtom("MAILBOXID")) {
                // kept raw; Cyrus 3.10 may send binary garbage inside the parentheses, which
                // must not cost the other items: skip to the ")", mailboxId() then says null
                t.space();
                int from = t.position();
                byte[] b = t.buffer();
                int limit = t.end();
                int end = from;
                if (end < limit && b[end] == '(') {
                    while (end < limit && b[end] != ')' && b[end] != '\r' && b[end] != '\n') {
                        end++;
                    }
                }
                if (end >= limit || b[end] != ')') {
                    throw t.error("bad MAILBOXID");
                }
                t.position(end + 1);
                Map<String, String> m = new LinkedHashMap<>(other);
                m.put("MAILBOXID", new String(b, from, end + 1 - from, java.nio.charset.StandardCharsets.ISO_8859_1));
                other = m;
            } else if (t.tryAtom("APPENDLIMIT")) {
                // NIL: no limit for this mailbox
                t.space();
                appendLimit = t.tryNil() ? null : t.number();
            } else {
                other = Lenient.unknownItem(t, other);
            }
        }
        t.expect(')');
        Lenient.end(t);
        return new MailboxStatus(raw, Lenient.mailbox(raw, utf8), messages, recent, uidNext, uidValidity,
                unseen, deleted, size, modseq, appendLimit, other);
    }

    /** MAILBOXID (OBJECTID, RFC 8474), from {@link #other()}; null when absent or malformed. */
    public String mailboxId() {
        return ResponseCode.objectId(other.get("MAILBOXID"));
    }

    private static long value(Tokenizer t) throws ResponseFormatException {
        t.space();
        return t.number();
    }
}
