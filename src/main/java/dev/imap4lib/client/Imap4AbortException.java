package dev.imap4lib.client;

/**
 * imaplib's {@code abort}: the connection is unusable (closed, timed out, the server said BYE,
 * or it sent something that cannot be parsed). The client instance is dead; open a new one.
 */
public class Imap4AbortException extends Imap4Exception {
    private static final long serialVersionUID = 1L;

    public Imap4AbortException(String message, Throwable cause) {
        super(message, null, null, cause);
    }

    public Imap4AbortException(String message) {
        this(message, null);
    }
}
