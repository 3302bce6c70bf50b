package dev.imap4lib.wire;

/** A server response exceeded a configured bound (line length, literal size, nesting depth). */
public class ResponseLimitException extends ResponseFormatException {
    private static final long serialVersionUID = 1L;

    public ResponseLimitException(String message) {
        super(message);
    }
}
