package dev.imap4lib.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * The PLAIN mechanism (RFC 4616): {@code authzid NUL authcid NUL password}, UTF-8 encoded.
 * Only safe over TLS.
 */
public final class Plain extends AbstractMechanism {
    private byte[] message;

    /**
     * Creates a PLAIN exchange.
     *
     * @param authzid identity to act as, or {@code null}/empty to act as {@code authcid}
     * @param authcid the user name to authenticate as
     * @param password the password; copied, so the caller may wipe its array
     * @throws IllegalArgumentException if a value contains NUL or is not valid UTF-16
     */
    public Plain(String authzid, String authcid, char[] password) {
        Objects.requireNonNull(authcid, "authcid");
        Objects.requireNonNull(password, "password");
        requireNoChar(authzid, '\0', "PLAIN authorization identity must not contain NUL");
        requireNoChar(authcid, '\0', "PLAIN user name must not contain NUL");
        requireNoChar(password, '\0', "PLAIN password must not contain NUL");
        byte[] pw = utf8(password, "password");
        message = concat(utf8(authzid), new byte[] {0}, utf8(authcid), new byte[] {0}, pw);
        Arrays.fill(pw, (byte) 0);
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    public byte[] initialResponse() throws SaslException {
        if (complete) {
            throw new SaslException("PLAIN initial response was already sent");
        }
        byte[] out = message;
        message = null;
        complete = true;
        return out;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        if (complete) {
            throw unexpected();
        }
        // The server did not take an initial response and sent an empty challenge instead.
        return initialResponse();
    }
}
