package dev.imap4lib.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a tag, a command name and its {@link Arg}s into wire bytes, split into the pieces that
 * must wait for a {@code +} continuation (synchronising literals), and a parallel rendering for
 * debug traces in which secrets and literal contents are masked.
 *
 * <p>The literal form is chosen per argument: {@code {n+}} when the server has LITERAL+, or
 * LITERAL- (and IMAP4rev2) for literals up to 4096 bytes; otherwise {@code {n}} and a wait.
 */
public final class CommandEncoder {
    /** How the server lets us send literals and strings. */
    public record Options(boolean literalPlus, boolean literalMinus, boolean utf8Accept) {
        public static final Options BASIC = new Options(false, false, false);
    }

    /** Encoded command: each piece but the last ends with a synchronising literal announcement. */
    public record Encoded(List<byte[]> pieces, String trace) {
    }

    private final Options opts;
    private final List<byte[]> pieces = new ArrayList<>(1);
    /** The current piece so far: its command text in {@link #cur}, literal data by reference. */
    private final List<byte[]> segments = new ArrayList<>(4);
    private final ByteArrayOutputStream cur = new ByteArrayOutputStream(128);
    private final StringBuilder trace = new StringBuilder(128);

    private CommandEncoder(Options opts) {
        this.opts = opts;
    }

    /**
     * Encodes {@code tag SP name [SP arg]... CRLF}.
     *
     * @throws IllegalArgumentException when an argument cannot be sent safely (a raw argument
     *     with CR/LF/NUL, a last raw argument ending in a literal announcement, an invalid atom)
     */
    public static Encoded encode(String tag, String name, List<Arg> args, Options opts) {
        CommandEncoder e = new CommandEncoder(opts);
        e.ascii(tag);
        e.ascii(" ");
        checkRaw(name, "command name");
        e.ascii(name);
        for (Arg a : args) {
            e.ascii(" ");
            e.arg(a);
        }
        if (!args.isEmpty() && args.get(args.size() - 1) instanceof Arg.Raw r && endsInLiteralAnnouncement(r.text())) {
            // followed by our CRLF, the server would take the next bytes (the next command) as a literal
            throw new IllegalArgumentException("argument ends in a literal announcement: \""
                    + Excerpt.escape(r.text().getBytes(StandardCharsets.UTF_8)) + "\"");
        }
        e.ascii("\r\n");
        e.endPiece();
        return new Encoded(List.copyOf(e.pieces), e.trace.toString());
    }

    /** Encodes one continuation line of raw bytes (AUTHENTICATE responses, DONE). */
    public static byte[] line(String text) {
        checkRaw(text, "line");
        return (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        cur.write(b, 0, b.length);
        trace.append(s);
    }

    private void arg(Arg a) {
        if (a instanceof Arg.Raw r) {
            raw(r.text());
        } else if (a instanceof Arg.AString s) {
            astring(s.value(), false, false);
        } else if (a instanceof Arg.Str s) {
            astring(s.value(), true, false);
        } else if (a instanceof Arg.Secret s) {
            astring(s.value(), false, true);
        } else if (a instanceof Arg.Mailbox m) {
            mailbox(m.name());
        } else if (a instanceof Arg.Literal l) {
            literal(l.data(), l.binary(), false);
        } else if (a instanceof Arg.Nil) {
            ascii("NIL");
        } else if (a instanceof Arg.ListOf l) {
            ascii("(");
            boolean first = true;
            for (Arg item : l.items()) {
                if (!first) {
                    ascii(" ");
                }
                first = false;
                arg(item);
            }
            ascii(")");
        }
    }

    /** Whether {@code s} ends in {@code {n}} or {@code {n+}}. */
    private static boolean endsInLiteralAnnouncement(String s) {
        int i = s.length() - 1;
        if (i < 0 || s.charAt(i) != '}') {
            return false;
        }
        i--;
        if (i >= 0 && s.charAt(i) == '+') {
            i--;
        }
        int digitsEnd = i;
        while (i >= 0 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i--;
        }
        return i >= 0 && i < digitsEnd && s.charAt(i) == '{';
    }

    /** Raw text must stay on the command line: no CR, LF or NUL. */
    static void checkRaw(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException(what + " contains CR, LF or NUL: \""
                        + Excerpt.escape(s.getBytes(StandardCharsets.UTF_8)) + "\"");
            }
        }
    }

    /**
     * Raw text is copied, except that a string holding 8-bit characters (a quoted string such as
     * {@code SUBJECT "Grüße"}, or a bare word such as {@code Köln}) is turned into a literal,
     * since quoted strings and atoms are 7-bit unless UTF8=ACCEPT is enabled.
     */
    private void raw(String s) {
        checkRaw(s, "argument");
        int n = s.length();
        int plainFrom = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"') {
                int j = i + 1;
                boolean eight = false;
                StringBuilder val = new StringBuilder();
                while (j < n && s.charAt(j) != '"') {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        d = s.charAt(++j);
                    }
                    eight |= d > 0x7e;
                    val.append(d);
                    j++;
                }
                if (eight && j < n && !opts.utf8Accept()) {
                    rawChunk(s.substring(plainFrom, i));
                    literal(val.toString().getBytes(StandardCharsets.UTF_8), false, false);
                    plainFrom = j + 1;
                }
                i = j + 1;
            } else if (c != ' ' && c != '(' && c != ')') {
                int j = i;
                boolean eight = false;
                while (j < n && " ()\"".indexOf(s.charAt(j)) < 0) {
                    eight |= s.charAt(j) > 0x7e;
                    j++;
                }
                if (eight && !opts.utf8Accept()) {
                    rawChunk(s.substring(plainFrom, i));
                    literal(s.substring(i, j).getBytes(StandardCharsets.UTF_8), false, false);
                    plainFrom = j;
                }
                i = j;
            } else {
                i++;
            }
        }
        rawChunk(s.substring(plainFrom));
    }

    private void rawChunk(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        cur.write(b, 0, b.length);
        trace.append(s);
    }

    private void mailbox(String name) {
        String wire;
        if (name.equalsIgnoreCase("INBOX")) {
            wire = "INBOX";
        } else if (opts.utf8Accept()) {
            wire = name;
        } else {
            wire = ModifiedUtf7.encode(name);
        }
        astring(wire, false, false);
    }

    private void astring(String v, boolean noAtom, boolean secret) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        boolean needLiteral = false;
        boolean atomOk = !noAtom && b.length > 0 && !v.equalsIgnoreCase("NIL");
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\r' || c == '\n' || c == 0 || (c > 0x7e && !opts.utf8Accept())) {
                needLiteral = true;
                atomOk = false;
                break;
            }
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                atomOk = false;
            }
        }
        if (needLiteral) {
            literal(b, false, secret);
            return;
        }
        if (atomOk) {
            cur.write(b, 0, b.length);
            trace.append(secret ? "***" : v);
            return;
        }
        cur.write('"');
        for (byte x : b) {
            if (x == '"' || x == '\\') {
                cur.write('\\');
            }
            cur.write(x);
        }
        cur.write('"');
        trace.append(secret ? "\"***\"" : '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }

    private void endSegment() {
        if (cur.size() > 0) {
            segments.add(cur.toByteArray());
            cur.reset();
        }
    }

    /** Closes the current piece: its segments joined into one array of exactly its size. */
    private void endPiece() {
        endSegment();
        if (segments.size() == 1) {
            pieces.add(segments.get(0)); // command text only: already its own array
        } else {
            int n = 0;
            for (byte[] b : segments) {
                n += b.length;
            }
            byte[] piece = new byte[n];
            int o = 0;
            for (byte[] b : segments) {
                System.arraycopy(b, 0, piece, o, b.length);
                o += b.length;
            }
            pieces.add(piece);
        }
        segments.clear();
    }

    private void literal(byte[] data, boolean binary, boolean secret) {
        boolean nonSync = opts.literalPlus() || (opts.literalMinus() && data.length <= 4096);
        String head = (binary ? "~{" : "{") + data.length + (nonSync ? "+}" : "}") + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        cur.write(h, 0, h.length);
        trace.append(head, 0, head.length() - 2);
        if (!nonSync) {
            endPiece();
        }
        // The data goes into the piece once, at its end, rather than through the growing
        // command buffer (for a 25 MB APPEND that saved several copies of the message).
        endSegment();
        segments.add(data);
        trace.append(secret ? "<***>" : "<" + data.length + " bytes>");
    }
}
