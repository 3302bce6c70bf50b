package dev.imap4lib.sasl;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shared plumbing; deliberately keeps credentials out of {@link #toString()}. */
abstract class AbstractMechanism implements SaslMechanism {
    static final byte[] EMPTY = new byte[0];

    boolean complete;

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public byte[] initialResponse() throws SaslException {
        throw new SaslException(name() + " has no initial response");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + (complete ? ", complete" : "") + "]";
    }

    SaslException unexpected() {
        return new SaslException("unexpected challenge: " + name() + " exchange is already finished");
    }

    /**
     * Encodes without going through a String so the caller can wipe both arrays; refuses
     * unpaired surrogates rather than silently sending '?'.
     */
    static byte[] utf8(char[] chars, String what) {
        try {
            ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(chars));
            byte[] out = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
            Arrays.fill(bb.array(), (byte) 0);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid UTF-16 text");
        }
    }

    static byte[] utf8(String s) {
        return s == null ? EMPTY : s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    static Mac hmac(String algorithm, byte[] key) throws SaslException {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // SecretKeySpec refuses empty keys; HMAC zero-pads keys, so one zero byte is equivalent.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new SaslException(algorithm + " is not available", e);
        }
    }

    static void requireNoChar(char[] value, char forbidden, String message) {
        if (value == null) {
            return;
        }
        for (char c : value) {
            if (c == forbidden) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    static void requireNoChar(String value, char forbidden, String message) {
        if (value != null && value.indexOf(forbidden) >= 0) {
            throw new IllegalArgumentException(message);
        }
    }
}
