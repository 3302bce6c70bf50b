package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A LISTRIGHTS response (RFC 4314): the rights that can be granted to an identifier.
 *
 * @param mailbox the mailbox name decoded as in {@link ListEntry#name()}
 * @param identifier the identifier as sent
 * @param required rights always granted (may be empty)
 * @param optional groups of rights that are granted or refused together
 */
public record ListRights(String mailbox, String identifier, String required, List<String> optional) {

    public ListRights {
        optional = List.copyOf(optional);
    }

    /**
     * {@link #parse(Tokenizer, boolean)} for a session without UTF8=ACCEPT: mailbox names are
     * modified UTF-7.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static ListRights parse(Tokenizer t) throws ResponseFormatException {
        return parse(t, false);
    }

    /**
     * Parses LISTRIGHTS data with the tokenizer after {@code LISTRIGHTS }.
     *
     * @param utf8 whether UTF8=ACCEPT is enabled
     * @throws ResponseFormatException when the data is malformed
     */
    public static ListRights parse(Tokenizer t, boolean utf8) throws ResponseFormatException {
        String mailbox = Lenient.mailbox(t.astring(), utf8);
        t.space();
        String id = t.astring();
        t.space();
        String required = t.astring();
        List<String> optional = new ArrayList<>(4);
        while (true) {
            t.skipSpaces();
            if (t.atEnd()) {
                return new ListRights(mailbox, id, required, optional);
            }
            optional.add(t.astring());
        }
    }
}
