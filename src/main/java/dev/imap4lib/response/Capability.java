package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reader for capability lists, in CAPABILITY responses and {@code [CAPABILITY ...]} codes. */
public final class Capability {
    private Capability() {
    }

    /**
     * Reads capability atoms (as sent, e.g. {@code IMAP4rev1}, {@code AUTH=PLAIN}) until the end
     * of the response or a {@code ]}, which is left unconsumed.
     *
     * @throws ResponseFormatException when something other than an atom appears
     */
    public static List<String> parseCapabilities(Tokenizer t) throws ResponseFormatException {
        List<String> out = new ArrayList<>(16);
        while (true) {
            t.skipSpaces();
            if (t.atEnd() || t.peek() == ']') {
                return Collections.unmodifiableList(out);
            }
            out.add(t.atom());
        }
    }
}
