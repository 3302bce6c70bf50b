package dev.imap4lib.sasl;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * The SCRAM mechanisms (RFC 5802) with SHA-256 (RFC 7677, {@code SCRAM-SHA-256}) or, selected
 * through {@link Algorithm}, SHA-1 ({@code SCRAM-SHA-1}). Channel binding ({@code -PLUS}) is
 * not supported; the GS2 flag sent is {@code n}.
 *
 * <p>The server's final message is verified: if its signature does not match, the server does
 * not know the password (or the exchange was tampered with) and {@link #evaluateChallenge}
 * throws. In IMAP that final message arrives as a {@code +} continuation, to which this
 * mechanism replies with an empty response; {@link #isComplete()} turns true only after a
 * successful verification, so a tagged {@code OK} before that must be treated as a failure.
 *
 * <p>User name and password go through a simplified SASLprep: non-ASCII spaces and ignorable
 * characters are mapped and the result is NFKC-normalised and checked for prohibited
 * characters, but the bidirectional and unassigned code point checks of RFC 4013 are skipped.
 *
 * <p>Iteration counts above {@value #MAX_ITERATIONS} are refused so that a hostile server
 * cannot make the client spin for minutes.
 */
public final class ScramSha256 extends AbstractMechanism {
    /** Highest iteration count accepted from a server. */
    public static final int MAX_ITERATIONS = 10_000_000;

    /** The hash function a SCRAM run uses. */
    public enum Algorithm {
        /** {@code SCRAM-SHA-1} (RFC 5802). */
        SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1"),
        /** {@code SCRAM-SHA-256} (RFC 7677). */
        SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256");

        private final String mechanism;
        private final String digest;
        private final String mac;

        Algorithm(String mechanism, String digest, String mac) {
            this.mechanism = mechanism;
            this.digest = digest;
            this.mac = mac;
        }

        /**
         * Returns the SASL mechanism name.
         *
         * @return e.g. {@code "SCRAM-SHA-256"}
         */
        public String mechanismName() {
            return mechanism;
        }
    }

    private enum State { INITIAL, FIRST_SENT, FINAL_SENT, DONE }

    private final Algorithm algorithm;
    private final String gs2Header;
    private final String clientNonce;
    private final String clientFirstBare;
    private byte[] password;
    private byte[] expectedServerSignature;
    private State state = State.INITIAL;

    /**
     * Creates a SCRAM-SHA-256 exchange.
     *
     * @param authzid identity to act as, or {@code null}/empty for none
     * @param user the user name
     * @param password the password; copied, so the caller may wipe its array
     * @throws IllegalArgumentException if a value contains a character SASLprep prohibits
     */
    public ScramSha256(String authzid, String user, char[] password) {
        this(authzid, user, password, Algorithm.SHA_256);
    }

    /**
     * Creates a SCRAM exchange with the given hash function.
     *
     * @param authzid identity to act as, or {@code null}/empty for none
     * @param user the user name
     * @param password the password; copied, so the caller may wipe its array
     * @param algorithm {@link Algorithm#SHA_256} or {@link Algorithm#SHA_1}
     * @throws IllegalArgumentException if a value contains a character SASLprep prohibits
     */
    public ScramSha256(String authzid, String user, char[] password, Algorithm algorithm) {
        this(authzid, user, password, algorithm, randomNonce());
    }

    /** Fixed nonce, for reproducing published test vectors. */
    ScramSha256(String authzid, String user, char[] password, Algorithm algorithm, String clientNonce) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.clientNonce = Objects.requireNonNull(clientNonce, "clientNonce");
        this.gs2Header = "n," + (authzid == null || authzid.isEmpty()
                ? "" : "a=" + saslName(SaslPrep.prepare(authzid, "authorization identity"))) + ",";
        this.clientFirstBare = "n=" + saslName(SaslPrep.prepare(user, "user name")) + ",r=" + clientNonce;
        this.password = prepPassword(password);
    }

    @Override
    public String name() {
        return algorithm.mechanism;
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    public byte[] initialResponse() throws SaslException {
        if (state != State.INITIAL) {
            throw new SaslException(name() + " initial response was already sent");
        }
        state = State.FIRST_SENT;
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        Objects.requireNonNull(challenge, "challenge");
        switch (state) {
            case INITIAL:
                return initialResponse();
            case FIRST_SENT:
                return clientFinal(new String(challenge, StandardCharsets.UTF_8));
            case FINAL_SENT:
                verifyServerFinal(new String(challenge, StandardCharsets.UTF_8));
                return EMPTY.clone();
            default:
                throw unexpected();
        }
    }

    private byte[] clientFinal(String serverFirst) throws SaslException {
        String nonce = null;
        String salt = null;
        String iterations = null;
        String[] attrs = serverFirst.split(",", -1);
        if (attrs.length > 0 && attrs[0].startsWith("m=")) {
            throw fail("server requires an unsupported SCRAM extension");
        }
        for (String a : attrs) {
            if (a.startsWith("r=")) {
                nonce = a.substring(2);
            } else if (a.startsWith("s=")) {
                salt = a.substring(2);
            } else if (a.startsWith("i=")) {
                iterations = a.substring(2);
            } else if (a.startsWith("e=")) {
                throw fail("server reported error: " + printable(a.substring(2)));
            }
        }
        if (nonce == null || salt == null || iterations == null) {
            throw fail("malformed server-first-message");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length() || !isPrintable(nonce)) {
            throw fail("server nonce does not extend the client nonce");
        }
        byte[] saltBytes;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw fail("salt is not valid base64");
        }
        int count;
        try {
            count = Integer.parseInt(iterations);
        } catch (NumberFormatException e) {
            throw fail("iteration count is not a number");
        }
        if (count < 1 || count > MAX_ITERATIONS) {
            throw fail("iteration count " + count + " is outside 1.." + MAX_ITERATIONS);
        }

        byte[] saltedPassword = hi(password, saltBytes, count);
        Arrays.fill(password, (byte) 0);
        password = null;
        byte[] clientKey = hmac(algorithm.mac, saltedPassword).doFinal(ascii("Client Key"));
        byte[] storedKey = digest(clientKey);
        byte[] serverKey = hmac(algorithm.mac, saltedPassword).doFinal(ascii("Server Key"));
        Arrays.fill(saltedPassword, (byte) 0);

        String withoutProof = "c=" + Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8))
                + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] proof = hmac(algorithm.mac, storedKey).doFinal(authMessage);
        for (int i = 0; i < proof.length; i++) {
            proof[i] ^= clientKey[i];
        }
        Arrays.fill(clientKey, (byte) 0);
        expectedServerSignature = hmac(algorithm.mac, serverKey).doFinal(authMessage);
        state = State.FINAL_SENT;
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    private void verifyServerFinal(String serverFinal) throws SaslException {
        state = State.DONE;
        String first = serverFinal.split(",", 2)[0];
        if (first.startsWith("e=")) {
            throw fail("server reported error: " + printable(first.substring(2)));
        }
        if (!first.startsWith("v=")) {
            throw fail("malformed server-final-message");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(first.substring(2));
        } catch (IllegalArgumentException e) {
            throw fail("server signature is not valid base64");
        }
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw fail("server signature does not match; the server could not prove it knows the password");
        }
        complete = true;
    }

    /** PBKDF2 written out with the mechanism's HMAC, so no dependency on the JDK's PBE key encoding. */
    private byte[] hi(byte[] key, byte[] salt, int iterations) throws SaslException {
        Mac mac = hmac(algorithm.mac, key);
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private byte[] digest(byte[] data) throws SaslException {
        try {
            return MessageDigest.getInstance(algorithm.digest).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new SaslException(algorithm.digest + " is not available", e);
        }
    }

    private SaslException fail(String what) {
        return new SaslException(name() + ": " + what);
    }

    /** GS2/SCRAM saslname: ',' and '=' would end the attribute, so they are escaped. */
    static String saslName(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        return s.replace("=", "=3D").replace(",", "=2C");
    }

    private static byte[] prepPassword(char[] password) {
        boolean ascii = true;
        for (char c : password) {
            if (c < 0x20 || c > 0x7e) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return utf8(password, "password");
        }
        return SaslPrep.prepare(CharBuffer.wrap(password), "password").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Server-supplied text in messages is limited and stripped of control characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String randomNonce() {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        // Base64 output never contains ',', which the nonce must avoid.
        return Base64.getEncoder().withoutPadding().encodeToString(raw);
    }
}
