package dev.imap4lib.sasl;

/**
 * One client side run of a SASL mechanism.
 *
 * <p>The protocol layer drives it as follows: if the server supports {@code SASL-IR} and
 * {@link #hasInitialResponse()} is true, it sends {@link #initialResponse()} with the
 * {@code AUTHENTICATE} command (an empty array is sent as {@code =}); after that, every
 * {@code +} continuation is decoded from base64, passed to {@link #evaluateChallenge}, and the
 * result is sent back base64-encoded. Without SASL-IR, the first (usually empty) challenge is
 * given to {@code evaluateChallenge}, which then produces the initial response itself.
 *
 * <p>Instances are single-use and not thread-safe.
 */
public interface SaslMechanism {
    /**
     * Returns the registered mechanism name as sent in {@code AUTHENTICATE}.
     *
     * @return the name in upper case, e.g. {@code "PLAIN"}
     */
    String name();

    /**
     * Tells whether the client speaks first, so that an initial response can be sent with the
     * command when the server supports SASL-IR (RFC 4959).
     *
     * @return {@code true} when {@link #initialResponse()} may be called
     */
    boolean hasInitialResponse();

    /**
     * Produces the client's first message.
     *
     * @return raw bytes, not base64; possibly an empty array
     * @throws SaslException if the mechanism has no initial response or it was already sent
     */
    byte[] initialResponse() throws SaslException;

    /**
     * Answers a server challenge.
     *
     * @param challenge the decoded challenge; empty for an empty {@code +} line
     * @return the raw response to base64-encode and send; possibly empty
     * @throws SaslException if the challenge is unexpected or invalid, the server could not be
     *         authenticated, or the exchange was cancelled
     */
    byte[] evaluateChallenge(byte[] challenge) throws SaslException;

    /**
     * Tells whether the client side of the exchange is finished. For mechanisms with mutual
     * authentication (SCRAM) this only becomes true after the server proved itself, so a
     * tagged {@code OK} while this is still false must be treated as a failure.
     *
     * @return {@code true} when no further challenge is expected
     */
    boolean isComplete();
}
