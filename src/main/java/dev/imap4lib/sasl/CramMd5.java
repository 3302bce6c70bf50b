package dev.imap4lib.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * The CRAM-MD5 mechanism (RFC 2195): the response is the user name, a space and the
 * lower-case hex HMAC-MD5 of the server challenge keyed with the password.
 */
public final class CramMd5 extends AbstractMechanism {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String user;
    private byte[] password;

    /**
     * Creates a CRAM-MD5 exchange.
     *
     * @param user the user name
     * @param password the password; copied, so the caller may wipe its array
     */
    public CramMd5(String user, char[] password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        this.user = user;
        this.password = utf8(password, "password");
    }

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public boolean hasInitialResponse() {
        return false;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        if (complete) {
            throw unexpected();
        }
        Objects.requireNonNull(challenge, "challenge");
        if (challenge.length == 0) {
            throw new SaslException("CRAM-MD5 server sent an empty challenge");
        }
        byte[] digest = hmac("HmacMD5", password).doFinal(challenge);
        Arrays.fill(password, (byte) 0);
        password = null;
        complete = true;
        StringBuilder b = new StringBuilder(user.length() + 33).append(user).append(' ');
        for (byte d : digest) {
            b.append(HEX[(d >> 4) & 0xf]).append(HEX[d & 0xf]);
        }
        return utf8(b.toString());
    }
}
