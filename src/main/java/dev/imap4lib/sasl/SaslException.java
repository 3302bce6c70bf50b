package dev.imap4lib.sasl;

/**
 * Failure of a SASL exchange on the client side. Messages never contain credentials.
 */
public class SaslException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, without credentials
     */
    public SaslException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what went wrong, without credentials
     * @param cause the underlying failure
     */
    public SaslException(String message, Throwable cause) {
        super(message, cause);
    }
}
