package dev.imap4lib.sasl;

import java.text.Normalizer;

/**
 * A simplified SASLprep (RFC 4013, the stringprep profile used by SCRAM).
 *
 * <p>Implemented: mapping of non-ASCII spaces to SPACE and of "commonly mapped to nothing"
 * characters to nothing, NFKC normalisation (with the JDK's current Unicode version rather
 * than stringprep's Unicode 3.2), and rejection of the prohibited output classes (controls,
 * private use, non-characters, surrogates, tagging and display-changing characters).
 * Not implemented: the bidirectional text check and the unassigned code point check, which
 * can only matter for passwords in right-to-left scripts or with unassigned characters.
 */
final class SaslPrep {
    private SaslPrep() {
    }

    /**
     * Prepares a string.
     *
     * @param s the text
     * @param what name of the value for the error message (never the value itself)
     * @return the prepared text
     * @throws IllegalArgumentException if the text contains a prohibited character
     */
    static String prepare(CharSequence s, String what) {
        if (isPlainAscii(s)) {
            return s.toString();
        }
        StringBuilder mapped = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = Character.codePointAt(s, i);
            i += Character.charCount(cp);
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            i += Character.charCount(cp);
            if (isProhibited(cp)) {
                throw new IllegalArgumentException(what + " contains a character that SASLprep prohibits");
            }
        }
        return normalized;
    }

    /** Printable ASCII is left unchanged by every step, which spares the usual case the work. */
    private static boolean isPlainAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3454 table C.1.2. */
    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00a0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x202f
                || cp == 0x205f || cp == 0x3000;
    }

    /** RFC 3454 table B.1. */
    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00ad || cp == 0x034f || cp == 0x1806 || (cp >= 0x180b && cp <= 0x180d)
                || (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f)
                || cp == 0xfeff;
    }

    /** RFC 3454 tables C.1.2 and C.2 to C.9, as referenced by RFC 4013 section 2.3. */
    private static boolean isProhibited(int cp) {
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
            return true;
        }
        if (isNonAsciiSpace(cp)) {
            return true;
        }
        if ((cp & 0xfffe) == 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef)) {
            return true;
        }
        return cp == 0x0340 || cp == 0x0341 || cp == 0x06dd || cp == 0x070f || cp == 0x180e
                || cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e)
                || (cp >= 0x2060 && cp <= 0x2063) || (cp >= 0x206a && cp <= 0x206f)
                || (cp >= 0x2ff0 && cp <= 0x2ffb) || (cp >= 0xfff9 && cp <= 0xfffd)
                || (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 || (cp >= 0xe0020 && cp <= 0xe007f);
    }
}
