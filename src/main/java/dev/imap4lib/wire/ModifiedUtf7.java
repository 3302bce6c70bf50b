package dev.imap4lib.wire;

import java.util.Objects;

/**
 * Codec for the modified UTF-7 encoding of mailbox names (RFC 3501 section 5.1.3).
 *
 * <p>Printable US-ASCII characters other than {@code &} stand for themselves, {@code &} is
 * written {@code &-}, and every other run of characters is written as {@code &}, the UTF-16BE
 * form of the run in a base64 variant that uses {@code ,} instead of {@code /} and no padding,
 * and a closing {@code -}. Characters outside the Basic Multilingual Plane travel as their
 * surrogate pair, exactly as the RFC prescribes.
 *
 * <p>This is only needed when the server has not enabled {@code UTF8=ACCEPT} (RFC 6855); with
 * that extension mailbox names are sent as plain UTF-8.
 */
public final class ModifiedUtf7 {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();
    private static final byte[] VALUE = new byte[128];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUE[ALPHABET[i]] = (byte) i;
        }
    }

    private ModifiedUtf7() {
    }

    /**
     * Tells whether {@code name} contains anything that {@link #encode} would change, i.e. a
     * character outside printable US-ASCII or an {@code &}.
     *
     * @param name a mailbox name in its natural (Unicode) form
     * @return {@code true} when the encoded form differs from {@code name}
     */
    public static boolean needsEncoding(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isDirect(c) || c == '&') {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells whether {@code name} can be encoded at all, which is the case unless it contains an
     * unpaired UTF-16 surrogate.
     *
     * @param name a mailbox name in its natural (Unicode) form
     * @return {@code true} when {@link #encode} will accept {@code name}
     */
    public static boolean isEncodable(String name) {
        Objects.requireNonNull(name, "name");
        return firstBadSurrogate(name) < 0;
    }

    /**
     * Encodes a mailbox name into modified UTF-7.
     *
     * @param name a mailbox name in its natural (Unicode) form
     * @return the 7-bit form to put on the wire
     * @throws IllegalArgumentException if {@code name} contains an unpaired surrogate, which has
     *         no UTF-16 representation a server could decode
     */
    public static String encode(String name) {
        Objects.requireNonNull(name, "name");
        if (!needsEncoding(name)) {
            return name;
        }
        int bad = firstBadSurrogate(name);
        if (bad >= 0) {
            throw new IllegalArgumentException("mailbox name has an unpaired UTF-16 surrogate at index " + bad);
        }
        int n = name.length();
        StringBuilder out = new StringBuilder(n + 16);
        int i = 0;
        while (i < n) {
            char c = name.charAt(i);
            if (isDirect(c)) {
                out.append(c);
                if (c == '&') {
                    out.append('-');
                }
                i++;
                continue;
            }
            out.append('&');
            int bits = 0;
            int nbits = 0;
            while (i < n && !isDirect(name.charAt(i))) {
                bits = (bits << 16) | name.charAt(i++);
                nbits += 16;
                while (nbits >= 6) {
                    nbits -= 6;
                    out.append(ALPHABET[(bits >>> nbits) & 0x3f]);
                }
                bits &= (1 << nbits) - 1;
            }
            if (nbits > 0) {
                out.append(ALPHABET[(bits << (6 - nbits)) & 0x3f]);
            }
            out.append('-');
        }
        return out.toString();
    }

    /**
     * Decodes a modified UTF-7 mailbox name as received from a server.
     *
     * <p>Decoding is strict so that garbage is reported instead of silently turned into a
     * different name: besides structural errors it rejects raw non-ASCII or control characters,
     * base64 runs that carry printable ASCII (which the RFC forbids), non-zero or superfluous
     * padding bits, and unpaired surrogates. Callers that must cope with broken servers can fall
     * back to the raw name when this throws.
     *
     * @param encoded the 7-bit wire form
     * @return the mailbox name in its natural (Unicode) form
     * @throws IllegalArgumentException if {@code encoded} is not valid modified UTF-7
     */
    public static String decode(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        int n = encoded.length();
        if (encoded.indexOf('&') < 0) {
            for (int i = 0; i < n; i++) {
                checkRaw(encoded, i);
            }
            return encoded;
        }
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = checkRaw(encoded, i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            if (j < n && encoded.charAt(j) == '-') {
                out.append('&');
                i = j + 1;
                continue;
            }
            int runStart = out.length();
            int bits = 0;
            int nbits = 0;
            while (true) {
                if (j >= n) {
                    throw malformed("unterminated '&' shift sequence starting at index " + i, encoded);
                }
                char d = encoded.charAt(j);
                if (d == '-') {
                    break;
                }
                int v = d < 128 ? VALUE[d] : -1;
                if (v < 0) {
                    throw malformed("invalid character '" + printable(d) + "' in base64 run at index " + j, encoded);
                }
                bits = (bits << 6) | v;
                nbits += 6;
                if (nbits >= 16) {
                    nbits -= 16;
                    out.append((char) ((bits >>> nbits) & 0xffff));
                }
                bits &= (1 << nbits) - 1;
                j++;
            }
            if (nbits >= 6) {
                throw malformed("base64 run at index " + i + " has a superfluous character", encoded);
            }
            if (bits != 0) {
                throw malformed("base64 run at index " + i + " ends with non-zero padding bits", encoded);
            }
            for (int k = runStart; k < out.length(); k++) {
                if (isDirect(out.charAt(k))) {
                    throw malformed("base64 run at index " + i + " encodes printable ASCII", encoded);
                }
            }
            i = j + 1;
        }
        String result = out.toString();
        if (firstBadSurrogate(result) >= 0) {
            throw malformed("decoded name contains an unpaired UTF-16 surrogate", encoded);
        }
        return result;
    }

    private static boolean isDirect(char c) {
        return c >= 0x20 && c <= 0x7e;
    }

    private static char checkRaw(String s, int i) {
        char c = s.charAt(i);
        if (!isDirect(c)) {
            throw malformed(c > 0x7e ? "non-ASCII character at index " + i : "control character at index " + i, s);
        }
        return c;
    }

    private static String printable(char c) {
        return isDirect(c) ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private static int firstBadSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException malformed(String what, String input) {
        return new IllegalArgumentException("malformed modified UTF-7 mailbox name " + Excerpt.quote(input) + ": " + what);
    }
}
