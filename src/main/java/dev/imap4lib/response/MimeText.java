package dev.imap4lib.response;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;

/** RFC 2047 encoded-words and RFC 2231 extended parameter values, decoded with java.nio charsets. */
final class MimeText {
    private MimeText() {
    }

    /**
     * Decodes the encoded-words in {@code s}. Words with an unknown charset or broken encoding stay
     * as they are; whitespace between two encoded-words is dropped (RFC 2047 §6.2), and adjacent
     * words in the same charset are decoded together because mailers split multi-byte
     * characters across words.
     */
    static String decodeWords(String s) {
        if (s == null || s.indexOf("=?") < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        Charset pendingCs = null;
        int i = 0;
        int n = s.length();
        boolean lastWasWord = false;
        while (i < n) {
            Word w = s.startsWith("=?", i) ? word(s, i) : null;
            if (w != null) {
                if (pendingCs != null && !pendingCs.equals(w.charset)) {
                    out.append(decode(pending.toByteArray(), pendingCs));
                    pending.reset();
                }
                pendingCs = w.charset;
                pending.writeBytes(w.bytes);
                i = w.end;
                lastWasWord = true;
                continue;
            }
            if (lastWasWord) {
                int j = i;
                while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t' || s.charAt(j) == '\r' || s.charAt(j) == '\n')) {
                    j++;
                }
                if (j > i && j < n && s.startsWith("=?", j) && word(s, j) != null) {
                    i = j;
                    continue;
                }
            }
            if (pendingCs != null) {
                out.append(decode(pending.toByteArray(), pendingCs));
                pending.reset();
                pendingCs = null;
            }
            lastWasWord = false;
            out.append(s.charAt(i++));
        }
        if (pendingCs != null) {
            out.append(decode(pending.toByteArray(), pendingCs));
        }
        return out.toString();
    }

    private record Word(Charset charset, byte[] bytes, int end) {
    }

    /** Parses one {@code =?charset?B|Q?text?=} at {@code at}, or returns null if it is not a usable word. */
    private static Word word(String s, int at) {
        int q1 = s.indexOf('?', at + 2);
        if (q1 < 0 || q1 + 2 >= s.length() || s.charAt(q1 + 2) != '?') {
            return null;
        }
        char enc = Character.toUpperCase(s.charAt(q1 + 1));
        int q3 = s.indexOf("?=", q1 + 3);
        if (q3 < 0) {
            return null;
        }
        String text = s.substring(q1 + 3, q3);
        if (text.indexOf(' ') >= 0) {
            return null;
        }
        String csName = s.substring(at + 2, q1);
        int star = csName.indexOf('*');
        if (star >= 0) {
            csName = csName.substring(0, star);
        }
        Charset cs = charset(csName);
        if (cs == null) {
            return null;
        }
        byte[] bytes;
        if (enc == 'B') {
            try {
                bytes = Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        } else if (enc == 'Q') {
            bytes = unhex(text, true);
            if (bytes == null) {
                return null;
            }
        } else {
            return null;
        }
        return new Word(cs, bytes, q3 + 2);
    }

    static Charset charset(String name) {
        try {
            return name.isEmpty() ? null : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    /** Q-encoding ({@code underscore} true) or RFC 2231 percent-encoding; null if malformed. */
    private static byte[] unhex(String text, boolean underscore) {
        char esc = underscore ? '=' : '%';
        ByteArrayOutputStream b = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == esc) {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                b.write(hi << 4 | lo);
                i += 2;
            } else if (underscore && c == '_') {
                b.write(' ');
            } else if (c > 0xff) {
                return null;
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    /** Decodes leniently: bytes the charset cannot map become U+FFFD rather than failing. */
    private static String decode(byte[] b, Charset cs) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, cs);
        }
    }

    /**
     * Decodes an RFC 2231 extended value {@code charset'language'%XX...}; returns null when the
     * charset is unknown or the encoding is broken, so the caller can fall back to the raw text.
     */
    static String decodeExtended(String v) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 < 0) {
            return null;
        }
        Charset cs = q1 == 0 ? java.nio.charset.StandardCharsets.US_ASCII : charset(v.substring(0, q1));
        if (cs == null) {
            return null;
        }
        return percent(v.substring(q2 + 1), cs);
    }

    /** Percent-decodes {@code v} in {@code cs}; null when malformed. */
    static String percent(String v, Charset cs) {
        byte[] b = unhex(v, false);
        return b == null ? null : decode(b, cs);
    }
}
