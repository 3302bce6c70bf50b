package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;

/**
 * A MYRIGHTS response (RFC 4314): the rights the user has on a mailbox.
 *
 * @param mailbox the mailbox name decoded as in {@link ListEntry#name()}
 * @param rights the rights letters as sent
 */
public record MyRights(String mailbox, String rights) {

    /** Whether {@code right} (one letter, e.g. {@code 'w'}) is granted. */
    public boolean has(char right) {
        return rights.indexOf(right) >= 0;
    }

    /**
     * {@link #parse(Tokenizer, boolean)} for a session without UTF8=ACCEPT: mailbox names are
     * modified UTF-7.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static MyRights parse(Tokenizer t) throws ResponseFormatException {
        return parse(t, false);
    }

    /**
     * Parses MYRIGHTS data with the tokenizer after {@code MYRIGHTS }.
     *
     * @param utf8 whether UTF8=ACCEPT is enabled
     * @throws ResponseFormatException when the data is malformed
     */
    public static MyRights parse(Tokenizer t, boolean utf8) throws ResponseFormatException {
        String mailbox = Lenient.mailbox(t.astring(), utf8);
        t.space();
        String rights = t.astring();
        Lenient.end(t);
        return new MyRights(mailbox, rights);
    }
}
