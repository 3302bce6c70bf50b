package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A QUOTAROOT response (RFC 2087, RFC 9208): the quota roots of a mailbox.
 *
 * @param mailbox the mailbox name decoded as in {@link ListEntry#name()}
 * @param roots the quota root names as sent; empty when the mailbox has none
 */
public record QuotaRoot(String mailbox, List<String> roots) {

    public QuotaRoot {
        roots = List.copyOf(roots);
    }

    /**
     * {@link #parse(Tokenizer, boolean)} for a session without UTF8=ACCEPT: mailbox names are
     * modified UTF-7.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static QuotaRoot parse(Tokenizer t) throws ResponseFormatException {
        return parse(t, false);
    }

    /**
     * Parses QUOTAROOT data with the tokenizer after {@code QUOTAROOT }.
     *
     * @param utf8 whether UTF8=ACCEPT is enabled
     * @throws ResponseFormatException when the data is malformed
     */
    public static QuotaRoot parse(Tokenizer t, boolean utf8) throws ResponseFormatException {
        String mailbox = Lenient.mailbox(t.astring(), utf8);
        List<String> roots = new ArrayList<>(2);
        while (true) {
            t.skipSpaces();
            if (t.atEnd()) {
                return new QuotaRoot(mailbox, roots);
            }
            roots.add(t.astring());
        }
    }
}
