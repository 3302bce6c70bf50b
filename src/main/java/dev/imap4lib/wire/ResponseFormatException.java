package dev.imap4lib.wire;

import java.io.IOException;

/**
 * The server sent bytes that are not a valid IMAP response, or that break a configured limit.
 * The message names what was wrong and carries a short escaped excerpt of the offending input;
 * the connection that produced it cannot be trusted any more.
 */
public class ResponseFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ResponseFormatException(String message) {
        super(message);
    }

    /** Builds a message of the form {@code what: near "excerpt"}. */
    public static ResponseFormatException near(String what, byte[] buf, int from, int to) {
        return new ResponseFormatException(what + " near \"" + Excerpt.escape(buf, from, to, 80) + "\"");
    }
}
