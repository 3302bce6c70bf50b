package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ID response (RFC 2971): what the server says about itself.
 *
 * @param fields field name as sent → value (null for NIL), in order; empty for {@code ID NIL}
 */
public record IdResponse(Map<String, String> fields) {

    public IdResponse {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The value of a field looked up without regard to case, e.g. {@code get("name")}. */
    public String get(String field) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().equalsIgnoreCase(field)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Parses ID data with the tokenizer after {@code ID }.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static IdResponse parse(Tokenizer t) throws ResponseFormatException {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!t.tryNil()) {
            t.expect('(');
            while (Lenient.more(t)) {
                String name = t.string();
                t.space();
                fields.put(name, t.nstring());
            }
            t.expect(')');
        }
        Lenient.end(t);
        return new IdResponse(fields);
    }
}
