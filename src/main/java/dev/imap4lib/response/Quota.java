package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A QUOTA response (RFC 2087, RFC 9208): the usage and limits of one quota root.
 *
 * @param root the quota root name as sent (often {@code ""})
 * @param resources in the order sent
 */
public record Quota(String root, List<Resource> resources) {

    /**
     * One resource of a quota root, e.g. {@code STORAGE} in units of 1024 octets or {@code MESSAGE}.
     *
     * @param name resource name in upper case
     */
    public record Resource(String name, long usage, long limit) {
    }

    public Quota {
        resources = List.copyOf(resources);
    }

    /**
     * Parses QUOTA data with the tokenizer after {@code QUOTA }.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static Quota parse(Tokenizer t) throws ResponseFormatException {
        String root = t.astring();
        t.skipSpaces();
        t.expect('(');
        List<Resource> out = new ArrayList<>(2);
        while (Lenient.more(t)) {
            String name = Lenient.upper(t.atom());
            t.space();
            long usage = t.number();
            t.space();
            long limit = t.number();
            out.add(new Resource(name, usage, limit));
        }
        t.expect(')');
        Lenient.end(t);
        return new Quota(root, out);
    }
}
