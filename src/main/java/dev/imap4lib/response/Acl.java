package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ACL response (RFC 4314): the access control list of a mailbox.
 *
 * @param mailbox the mailbox name decoded as in {@link ListEntry#name()}
 * @param rights identifier (a leading {@code -} marks negative rights) → rights, in the order sent
 */
public record Acl(String mailbox, Map<String, String> rights) {

    public Acl {
        rights = Collections.unmodifiableMap(new LinkedHashMap<>(rights));
    }

    /**
     * {@link #parse(Tokenizer, boolean)} for a session without UTF8=ACCEPT: mailbox names are
     * modified UTF-7.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static Acl parse(Tokenizer t) throws ResponseFormatException {
        return parse(t, false);
    }

    /**
     * Parses ACL data with the tokenizer after {@code ACL }.
     *
     * @param utf8 whether UTF8=ACCEPT is enabled
     * @throws ResponseFormatException when the data is malformed or an identifier has no rights
     */
    public static Acl parse(Tokenizer t, boolean utf8) throws ResponseFormatException {
        String mailbox = Lenient.mailbox(t.astring(), utf8);
        Map<String, String> rights = new LinkedHashMap<>();
        while (true) {
            t.skipSpaces();
            if (t.atEnd()) {
                return new Acl(mailbox, rights);
            }
            String id = t.astring();
            t.space();
            rights.put(id, t.astring());
        }
    }
}
