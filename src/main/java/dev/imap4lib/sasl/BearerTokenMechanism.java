package dev.imap4lib.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Common flow of XOAUTH2 and OAUTHBEARER: one client message carrying the token; if the token is
 * refused, the server sends a JSON error as a challenge and expects a dummy reply before it
 * sends the tagged {@code NO}.
 */
abstract class BearerTokenMechanism extends AbstractMechanism {
    private byte[] message;
    private boolean sent;
    private String serverError;

    final void setMessage(byte[] message) {
        this.message = message;
    }

    /** The reply to an error challenge, which differs between the two mechanisms. */
    abstract byte[] errorReply();

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    public byte[] initialResponse() throws SaslException {
        if (sent) {
            throw new SaslException(name() + " initial response was already sent");
        }
        sent = true;
        complete = true;
        byte[] out = message;
        message = null;
        return out;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        Objects.requireNonNull(challenge, "challenge");
        if (!sent) {
            return initialResponse();
        }
        if (serverError != null) {
            throw unexpected();
        }
        serverError = new String(challenge, StandardCharsets.UTF_8);
        return errorReply();
    }

    /**
     * Returns the error document the server sent when it refused the token, typically JSON such
     * as {@code {"status":"401","schemes":"bearer","scope":"..."}}; useful to decide whether
     * to refresh the token.
     *
     * @return the decoded error challenge, or {@code null} if the server sent none
     */
    public String serverError() {
        return serverError;
    }

    static void checkNoSoh(String value, String what) {
        if (value != null && value.indexOf('\u0001') >= 0) {
            throw new IllegalArgumentException(what + " must not contain the \\x01 separator");
        }
    }
}
