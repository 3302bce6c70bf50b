package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.List;

/**
 * An ENABLED response (RFC 5161): the capabilities the ENABLE command turned on.
 *
 * @param capabilities as sent; empty when none was enabled
 */
public record Enabled(List<String> capabilities) {

    public Enabled {
        capabilities = List.copyOf(capabilities);
    }

    /** Whether {@code capability} was enabled, compared without regard to case. */
    public boolean contains(String capability) {
        for (String c : capabilities) {
            if (c.equalsIgnoreCase(capability)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses ENABLED data with the tokenizer after {@code ENABLED} (with or without the space).
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static Enabled parse(Tokenizer t) throws ResponseFormatException {
        List<String> caps = Capability.parseCapabilities(t);
        Lenient.end(t);
        return new Enabled(caps);
    }
}
