package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A METADATA response (RFC 5464 §4.4): entry values of a mailbox, or of the server when the
 * mailbox is {@code ""}. The unsolicited form, which only names entries that changed, fills
 * {@link #changed()} instead of {@link #entries()}.
 *
 * @param mailbox the mailbox name decoded as in {@link ListEntry#name()}; {@code ""} for the server
 * @param entries entry name → value bytes ({@code null} for NIL), in order; arrays are not copied
 * @param changed entry names of the unsolicited form
 */
public record Metadata(String mailbox, Map<String, byte[]> entries, List<String> changed) {

    public Metadata {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        changed = List.copyOf(changed);
    }

    /** The value of {@code entry} decoded as UTF-8 (Latin-1 when not UTF-8), or null. */
    public String value(String entry) {
        byte[] b = entries.get(entry);
        return b == null ? null : Tokenizer.decode(b, 0, b.length);
    }

    /**
     * {@link #parse(Tokenizer, boolean)} for a session without UTF8=ACCEPT: mailbox names are
     * modified UTF-7.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static Metadata parse(Tokenizer t) throws ResponseFormatException {
        return parse(t, false);
    }

    /**
     * Parses METADATA data with the tokenizer after {@code METADATA }.
     *
     * @param utf8 whether UTF8=ACCEPT is enabled
     * @throws ResponseFormatException when the data is malformed
     */
    public static Metadata parse(Tokenizer t, boolean utf8) throws ResponseFormatException {
        String raw = t.astring();
        String mailbox = raw.isEmpty() ? "" : Lenient.mailbox(raw, utf8);
        t.skipSpaces();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>(0);
        if (t.tryByte('(')) {
            while (Lenient.more(t)) {
                String entry = t.astring();
                t.space();
                entries.put(entry, t.nstringBytes());
            }
            t.expect(')');
            Lenient.end(t);
        } else {
            while (true) {
                t.skipSpaces();
                if (t.atEnd()) {
                    break;
                }
                changed.add(t.astring());
            }
            if (changed.isEmpty()) {
                throw t.error("expected METADATA entries");
            }
        }
        return new Metadata(mailbox, entries, changed);
    }
}
