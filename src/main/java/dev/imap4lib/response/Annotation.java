package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ANNOTATION response of the ANNOTATEMORE draft, which Cyrus and others still send:
 * {@code * ANNOTATION mailbox entry (attribute value ...)}. (RFC 5257's per-message
 * annotations arrive inside FETCH and are kept raw in {@link FetchData#extras()}.)
 *
 * @param mailbox the mailbox name decoded as in {@link ListEntry#name()}; {@code ""} for the server
 * @param entry the entry name, e.g. {@code /comment}
 * @param attributes attribute name (e.g. {@code value.shared}) → value, null for NIL, in order
 */
public record Annotation(String mailbox, String entry, Map<String, String> attributes) {

    public Annotation {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * {@link #parse(Tokenizer, boolean)} for a session without UTF8=ACCEPT: mailbox names are
     * modified UTF-7.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static Annotation parse(Tokenizer t) throws ResponseFormatException {
        return parse(t, false);
    }

    /**
     * Parses ANNOTATION data with the tokenizer after {@code ANNOTATION }.
     *
     * @param utf8 whether UTF8=ACCEPT is enabled
     * @throws ResponseFormatException when the data is malformed
     */
    public static Annotation parse(Tokenizer t, boolean utf8) throws ResponseFormatException {
        String raw = t.astring();
        String mailbox = raw.isEmpty() ? "" : Lenient.mailbox(raw, utf8);
        t.space();
        String entry = t.astring();
        t.skipSpaces();
        t.expect('(');
        Map<String, String> attrs = new LinkedHashMap<>();
        while (Lenient.more(t)) {
            String name = t.astring();
            t.space();
            attrs.put(name, t.nstring());
        }
        t.expect(')');
        Lenient.end(t);
        return new Annotation(mailbox, entry, attrs);
    }
}
