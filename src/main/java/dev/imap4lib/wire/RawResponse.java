package dev.imap4lib.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One complete server response exactly as it crossed the wire: its lines and the literals
 * between them, without the final CRLF. A literal stays in wire form ({@code {n}\r\n} followed by
 * its n bytes), so one {@link Tokenizer} pass parses everything; a literal that went to a
 * {@link LiteralSink} appears as {@code {0}}.
 *
 * <p>Instances are immutable once read.
 */
public final class RawResponse {
    /** The three shapes a server response takes. */
    public enum Kind {
        /** {@code * ...}: data or status not tied to a command. */
        UNTAGGED,
        /** {@code tag OK|NO|BAD ...}: completion of one command. */
        TAGGED,
        /** {@code + ...}: the server waits for more of the command. */
        CONTINUATION
    }

    private final byte[] buf;
    private final Kind kind;
    private final int literals;

    RawResponse(byte[] buf, int literals) {
        this.buf = buf;
        this.literals = literals;
        if (buf.length > 0 && buf[0] == '*') {
            kind = Kind.UNTAGGED;
        } else if (buf.length > 0 && buf[0] == '+') {
            kind = Kind.CONTINUATION;
        } else {
            kind = Kind.TAGGED;
        }
    }

    /** Wraps bytes that already form one response (tests, fixtures); literals must be in wire form. */
    public static RawResponse of(byte[] wire) {
        int lits = 0;
        for (int i = 0; i + 1 < wire.length; i++) {
            if (wire[i] == '}' && wire[i + 1] == '\r') {
                lits++;
            }
        }
        return new RawResponse(wire.clone(), lits);
    }

    /** {@link #of(byte[])} of the UTF-8 bytes of {@code s}. */
    public static RawResponse of(String s) {
        return of(s.getBytes(StandardCharsets.UTF_8));
    }

    public Kind kind() {
        return kind;
    }

    /** The bytes of the response (do not modify). */
    public byte[] bytes() {
        return buf;
    }

    public int length() {
        return buf.length;
    }

    /** Whether the response carried at least one literal. */
    public boolean hasLiterals() {
        return literals > 0;
    }

    /** A tokenizer positioned at the first byte. */
    public Tokenizer tokenizer() {
        return new Tokenizer(buf, 0, buf.length);
    }

    /** True when this is a tagged response whose tag equals {@code tag} byte for byte. */
    public boolean hasTag(byte[] tag) {
        if (kind != Kind.TAGGED || buf.length <= tag.length || buf[tag.length] != ' ') {
            return false;
        }
        for (int i = 0; i < tag.length; i++) {
            if (buf[i] != tag[i]) {
                return false;
            }
        }
        return true;
    }

    /** The tag of a tagged response, otherwise {@code "*"} or {@code "+"}. */
    public String tag() {
        int sp = indexOf(' ', 0);
        return new String(buf, 0, sp < 0 ? buf.length : sp, StandardCharsets.ISO_8859_1);
    }

    int indexOf(int b, int from) {
        for (int i = from; i < buf.length; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The imaplib view of the response data starting at {@code from}: a list whose items are
     * {@code byte[]} line segments and {@link LiteralPair}s (the segment up to and including a
     * literal's {@code {n}}, with the literal's bytes), always ending with the segment after the
     * last literal, as imaplib's {@code untagged_responses} holds them.
     */
    public List<Object> imaplibData(int from) {
        List<Object> out = new ArrayList<>(1 + 2 * literals);
        int seg = from;
        int i = from;
        while (literals > 0 && i < buf.length) {
            byte b = buf[i];
            if (b == '"') {
                i = skipQuoted(i);
                continue;
            }
            if (b == '{') {
                int close = indexOf('}', i);
                // a literal is announced by "}" CR LF; a response may end in "}" CR (from "}" CR CR LF)
                if (close > 0 && close + 2 < buf.length && buf[close + 1] == '\r' && buf[close + 2] == '\n') {
                    long n = parseDigits(i + 1, close);
                    if (n >= 0) {
                        int litStart = close + 3;
                        int litEnd = (int) Math.min(buf.length, litStart + n);
                        out.add(new LiteralPair(copy(seg, close + 1), copy(litStart, litEnd)));
                        seg = litEnd;
                        i = litEnd;
                        continue;
                    }
                }
            }
            i++;
        }
        out.add(copy(seg, buf.length));
        return out;
    }

    private int skipQuoted(int i) {
        for (int j = i + 1; j < buf.length; j++) {
            if (buf[j] == '\\') {
                j++;
            } else if (buf[j] == '"') {
                return j + 1;
            }
        }
        return buf.length;
    }

    private long parseDigits(int from, int to) {
        if (from < to && buf[to - 1] == '+') {
            to--;
        }
        if (from >= to || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int k = from; k < to; k++) {
            int d = buf[k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    private byte[] copy(int from, int to) {
        byte[] b = new byte[Math.max(0, to - from)];
        System.arraycopy(buf, from, b, 0, b.length);
        return b;
    }

    /** The response as text, for debugging (literal bytes decoded as Latin-1). */
    @Override
    public String toString() {
        return new String(buf, StandardCharsets.ISO_8859_1);
    }

    /**
     * A line segment that announced a literal, with the literal's bytes: imaplib's
     * {@code (header, literal)} tuple.
     */
    public record LiteralPair(byte[] header, byte[] literal) {
        @Override
        public String toString() {
            return "(" + Excerpt.escape(header) + ", " + literal.length + " bytes)";
        }
    }
}
