package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NAMESPACE response (RFC 2342, RFC 9051 §7.3.5): the personal, other users' and shared
 * namespaces, each empty when the server sent NIL.
 */
public record Namespaces(List<Namespace> personal, List<Namespace> otherUsers, List<Namespace> shared) {

    public Namespaces {
        personal = List.copyOf(personal);
        otherUsers = List.copyOf(otherUsers);
        shared = List.copyOf(shared);
    }

    /**
     * One namespace.
     *
     * @param prefix the prefix as sent (modified UTF-7 unless UTF8=ACCEPT is on)
     * @param delimiter hierarchy delimiter, or {@code null} for NIL
     * @param extensions namespace response extensions: name → values, in order
     */
    public record Namespace(String prefix, Character delimiter, Map<String, List<String>> extensions) {
        public Namespace {
            extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        }
    }

    /**
     * Parses NAMESPACE data with the tokenizer after {@code NAMESPACE }.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static Namespaces parse(Tokenizer t) throws ResponseFormatException {
        List<Namespace> personal = list(t);
        t.skipSpaces();
        List<Namespace> other = list(t);
        t.skipSpaces();
        List<Namespace> shared = list(t);
        Lenient.end(t);
        return new Namespaces(personal, other, shared);
    }

    private static List<Namespace> list(Tokenizer t) throws ResponseFormatException {
        if (t.tryNil()) {
            return List.of();
        }
        t.expect('(');
        List<Namespace> out = new ArrayList<>(2);
        while (Lenient.more(t)) {
            out.add(namespace(t));
        }
        t.expect(')');
        return out;
    }

    private static Namespace namespace(Tokenizer t) throws ResponseFormatException {
        t.expect('(');
        t.skipSpaces();
        String prefix = t.string();
        t.skipSpaces();
        Character delim = ListEntry.delimiter(t);
        Map<String, List<String>> ext = Map.of();
        while (Lenient.more(t)) {
            String name = t.string();
            t.skipSpaces();
            t.expect('(');
            List<String> values = new ArrayList<>(2);
            while (Lenient.more(t)) {
                values.add(t.string());
            }
            t.expect(')');
            if (ext.isEmpty()) {
                ext = new LinkedHashMap<>(2);
            }
            ext.put(name, List.copyOf(values));
        }
        t.expect(')');
        return new Namespace(prefix, delim, ext);
    }
}
