package dev.imap4lib.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed transcript for {@link ScriptedImapServer}: one directive per line.
 *
 * <pre>
 * S: &lt;text&gt;          send text + CRLF (no CRLF when the text ends with \c)
 * C: &lt;pattern&gt;       read one client line (up to CRLF) and match it
 * CL: &lt;n&gt; [text]     read exactly n raw bytes (a client literal), optionally compare
 * SB: &lt;text&gt;         send raw bytes, no CRLF; "SB: 0x2a204f4b" sends hex bytes (whitespace ignored)
 * SLIT: &lt;n&gt; &lt;byte&gt;  stream n copies of one byte (literal body; nothing n-sized is allocated)
 * SBIG: &lt;n&gt; &lt;byte&gt;  same, meant for an over-long line without CRLF
 * STALL: &lt;ms&gt;        sleep
 * DRIP: &lt;ms&gt; &lt;text&gt; send text (+ CRLF unless \c) one byte at a time, ms between bytes
 * CLOSE              half-close (FIN); reading directives (C:, CL:, EOF, WAIT) may still follow
 * RESET              abortive close (SO_LINGER 0, RST); must be last
 * CUT: &lt;n&gt; &lt;text&gt;   send the first n bytes of text (+ CRLF unless \c), then CLOSE
 * EOF                expect the client to close within the timeout; must be last
 * WAIT: &lt;ms&gt;         read and record whatever the client sends for ms, without matching
 * # comment, blank lines: ignored
 * </pre>
 *
 * <p>Text escapes (S:, SB:, CUT:, DRIP:, CL: text and C: pattern words): {@code \r \n \0 \xHH \\ \$},
 * and {@code \c} as the last two characters of S:/CUT:/DRIP: text (no CRLF). Any other backslash is
 * kept literally, so IMAP flags such as {@code \Seen} or {@code (\*)} need no escaping (but lowercase
 * flag spellings like {@code \noselect} collide with {@code \n}: write {@code \\noselect}). Characters
 * that are not escapes are encoded as UTF-8.
 *
 * <p>Variables: in S:/SB:/CUT:/DRIP: text, {@code $tag}, {@code $tag1}, {@code $tag2}, ... are
 * replaced by the values captured by C: patterns ({@code \$} sends a literal dollar). Other
 * {@code $words} (e.g. {@code $Forwarded}) are plain text.
 *
 * <p>C: patterns are space-separated words matched against the client line: {@code *} matches any
 * one non-empty word, {@code ...} as the last word matches the rest of the line (possibly nothing),
 * {@code $tag}/{@code $tagN} matches any word and captures it (a capture also sets {@code $tag});
 * every other word must match exactly (byte for byte, after escapes). Use {@code \x2a} for a literal
 * {@code *} word.
 */
public final class Script {

    private final List<Step> steps;
    private final String source;

    private Script(List<Step> steps, String source) {
        this.steps = Collections.unmodifiableList(steps);
        this.source = source;
    }

    List<Step> steps() {
        return steps;
    }

    /** The text this script was parsed from. */
    @Override
    public String toString() {
        return source;
    }

    /** A builder that produces the same directives as the text form; arguments use the text escapes. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ parsing

    private static final Pattern DIRECTIVE = Pattern.compile("([A-Z]+)(?::(?: (.*)|)|)");
    private static final Pattern VAR_WORD = Pattern.compile("\\$(tag[0-9]*)");
    private static final Pattern NUMBER_THEN_REST = Pattern.compile("([0-9]+)(?: (.*))?");

    /**
     * Parses a transcript.
     *
     * @throws IllegalArgumentException naming the line, for an unknown directive or bad argument
     */
    public static Script parse(String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean outputClosed = false;
        boolean finished = false;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            line = stripLeading(line);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (finished) {
                throw error(lineNo, line, "nothing may follow RESET or EOF");
            }
            Matcher m = DIRECTIVE.matcher(line);
            if (!m.matches()) {
                throw error(lineNo, line, "expected a directive such as 'S: text', 'C: pattern' or 'CLOSE'");
            }
            String kw = m.group(1);
            boolean hasColon = line.length() > kw.length() && line.charAt(kw.length()) == ':';
            String arg = m.group(2) == null ? "" : m.group(2);
            Step step;
            try {
                step = parseDirective(lineNo, line, kw, hasColon, arg);
            } catch (IllegalArgumentException e) {
                throw error(lineNo, line, e.getMessage());
            }
            if (outputClosed && step.sends()) {
                throw error(lineNo, line, "cannot send after CLOSE or CUT");
            }
            if (step instanceof Close || step instanceof Cut) {
                outputClosed = true;
            }
            if (step instanceof Reset || step instanceof ExpectEof) {
                finished = true;
            }
            steps.add(step);
        }
        return new Script(steps, text);
    }

    private static Step parseDirective(int lineNo, String line, String kw, boolean hasColon, String arg) {
        switch (kw) {
            case "CLOSE":
            case "RESET":
            case "EOF":
                if (hasColon && !arg.isEmpty()) {
                    throw new IllegalArgumentException(kw + " takes no argument");
                }
                return kw.equals("CLOSE") ? new Close(lineNo, line)
                        : kw.equals("RESET") ? new Reset(lineNo, line) : new ExpectEof(lineNo, line);
            default:
                break;
        }
        if (!hasColon) {
            throw new IllegalArgumentException("unknown directive (or missing ':')");
        }
        switch (kw) {
            case "S": {
                Text t = parseText(arg, true, true);
                return new Send(lineNo, line, t.template, !t.noCrlf);
            }
            case "C":
                return parsePattern(lineNo, line, arg);
            case "CL": {
                Matcher m = numberThenRest(arg, "CL: <n> [expected text]");
                long n = Long.parseLong(m.group(1));
                byte[] expected = null;
                if (m.group(2) != null) {
                    expected = parseText(m.group(2), false, false).template.literalBytes();
                    if (expected.length != n) {
                        throw new IllegalArgumentException("expected text has " + expected.length
                                + " bytes but the literal length is " + n);
                    }
                }
                return new ExpectLiteral(lineNo, line, n, expected);
            }
            case "SB": {
                if (arg.startsWith("0x")) {
                    String hex = arg.substring(2).replaceAll("\\s+", "");
                    try {
                        return new SendRaw(lineNo, line, Template.of(HexFormat.of().parseHex(hex)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("bad hex after 0x: " + e.getMessage());
                    }
                }
                return new SendRaw(lineNo, line, parseText(arg, false, true).template);
            }
            case "SLIT":
            case "SBIG": {
                String[] parts = arg.split(" ", -1);
                if (parts.length != 2) {
                    throw new IllegalArgumentException(kw + ": <count> <byte>");
                }
                long n = parseCount(parts[0]);
                return new SendRepeated(lineNo, line, n, parseByte(parts[1]));
            }
            case "STALL":
                return new Stall(lineNo, line, parseCount(arg));
            case "WAIT":
                return new Wait(lineNo, line, parseCount(arg));
            case "DRIP": {
                Matcher m = numberThenRest(arg, "DRIP: <millis> <text>");
                Text t = parseText(m.group(2) == null ? "" : m.group(2), true, true);
                return new Drip(lineNo, line, Long.parseLong(m.group(1)), t.template, !t.noCrlf);
            }
            case "CUT": {
                Matcher m = numberThenRest(arg, "CUT: <n> <text>");
                Text t = parseText(m.group(2) == null ? "" : m.group(2), true, true);
                return new Cut(lineNo, line, Long.parseLong(m.group(1)), t.template, !t.noCrlf);
            }
            default:
                throw new IllegalArgumentException("unknown directive " + kw);
        }
    }

    private static Matcher numberThenRest(String arg, String usage) {
        Matcher m = NUMBER_THEN_REST.matcher(arg);
        if (!m.matches()) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return m;
    }

    private static long parseCount(String s) {
        try {
            long n = Long.parseLong(s.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a non-negative number: '" + s + "'");
        }
    }

    private static byte parseByte(String s) {
        if (s.length() == 4 && s.startsWith("0x")) {
            return (byte) HexFormat.fromHexDigits(s.substring(2));
        }
        byte[] b = parseText(s, false, false).template.literalBytes();
        if (b.length != 1) {
            throw new IllegalArgumentException("'" + s + "' is not one byte (use a character, 0xHH or \\xHH)");
        }
        return b[0];
    }

    private static Expect parsePattern(int lineNo, String line, String pattern) {
        String[] words = pattern.split(" ", -1);
        StringBuilder regex = new StringBuilder();
        List<String> captures = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            boolean last = i == words.length - 1;
            if (last && w.equals("...")) {
                regex.append(i == 0 ? ".*" : "(?: .*)?");
                break;
            }
            if (i > 0) {
                regex.append(' ');
            }
            Matcher var = VAR_WORD.matcher(w);
            if (w.equals("*")) {
                regex.append("[^ ]+");
            } else if (var.matches()) {
                regex.append("([^ ]+)");
                captures.add(var.group(1));
            } else {
                byte[] bytes = parseText(w, false, false).template.literalBytes();
                regex.append(Pattern.quote(new String(bytes, StandardCharsets.ISO_8859_1)));
            }
        }
        return new Expect(lineNo, line, pattern, Pattern.compile(regex.toString(), Pattern.DOTALL), captures);
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return s.substring(i);
    }

    private static IllegalArgumentException error(int lineNo, String line, String why) {
        return new IllegalArgumentException("script line " + lineNo + " '" + line + "': " + why);
    }

    private static final class Text {
        final Template template;
        final boolean noCrlf;

        Text(Template template, boolean noCrlf) {
            this.template = template;
            this.noCrlf = noCrlf;
        }
    }

    /** Applies the escapes; collects $tag variables when {@code vars}; honours a final \c when {@code cont}. */
    private static Text parseText(String s, boolean cont, boolean vars) {
        List<Object> parts = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        boolean noCrlf = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(i + 1);
                switch (d) {
                    case 'r':
                        cur.write('\r');
                        i += 2;
                        continue;
                    case 'n':
                        cur.write('\n');
                        i += 2;
                        continue;
                    case '0':
                        cur.write(0);
                        i += 2;
                        continue;
                    case '\\':
                    case '$':
                        cur.write(d);
                        i += 2;
                        continue;
                    case 'x':
                        if (i + 4 > s.length() || !isHex(s.charAt(i + 2)) || !isHex(s.charAt(i + 3))) {
                            throw new IllegalArgumentException("\\x needs two hex digits");
                        }
                        cur.write(HexFormat.fromHexDigits(s, i + 2, i + 4));
                        i += 4;
                        continue;
                    case 'c':
                        if (cont && i + 2 == s.length()) {
                            noCrlf = true;
                            i += 2;
                            continue;
                        }
                        break;
                    default:
                        break;
                }
                cur.write('\\');
                i++;
                continue;
            }
            if (vars && c == '$') {
                int j = varEnd(s, i);
                if (j > 0) {
                    flush(cur, parts);
                    parts.add(new Var(s.substring(i + 1, j)));
                    i = j;
                    continue;
                }
            }
            int cp = s.codePointAt(i);
            cur.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
            i += Character.charCount(cp);
        }
        flush(cur, parts);
        return new Text(new Template(parts), noCrlf);
    }

    /** If s has "$tag" + digits at i, not followed by a word character, returns the end index; else -1. */
    private static int varEnd(String s, int i) {
        if (!s.startsWith("$tag", i)) {
            return -1;
        }
        int j = i + 4;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
            j++;
        }
        if (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            return -1;
        }
        return j;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static void flush(ByteArrayOutputStream cur, List<Object> parts) {
        if (cur.size() > 0) {
            parts.add(cur.toByteArray());
            cur.reset();
        }
    }

    // ------------------------------------------------------------------ model

    private static final class Var {
        final String name;

        Var(String name) {
            this.name = name;
        }
    }

    /** Bytes with $tag variables still to fill in. */
    static final class Template {
        private final List<Object> parts;

        Template(List<Object> parts) {
            this.parts = parts;
        }

        static Template of(byte[] bytes) {
            List<Object> parts = new ArrayList<>();
            parts.add(bytes);
            return new Template(parts);
        }

        byte[] literalBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object p : parts) {
                out.writeBytes((byte[]) p);
            }
            return out.toByteArray();
        }

        /** @throws IllegalStateException for a variable that was never captured */
        byte[] render(Map<String, String> vars, boolean crlf) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object p : parts) {
                if (p instanceof Var) {
                    String name = ((Var) p).name;
                    String value = vars.get(name);
                    if (value == null) {
                        throw new IllegalStateException("$" + name + " was never captured by a C: line");
                    }
                    out.writeBytes(value.getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    out.writeBytes((byte[]) p);
                }
            }
            if (crlf) {
                out.write('\r');
                out.write('\n');
            }
            return out.toByteArray();
        }
    }

    /** One directive; {@code line} is its 1-based line in the source, {@code text} its source text. */
    abstract static class Step {
        final int line;
        final String text;

        Step(int line, String text) {
            this.line = line;
            this.text = text;
        }

        boolean sends() {
            return false;
        }
    }

    abstract static class Sending extends Step {
        Sending(int line, String text) {
            super(line, text);
        }

        @Override
        boolean sends() {
            return true;
        }
    }

    static final class Send extends Sending {
        final Template template;
        final boolean crlf;

        Send(int line, String text, Template template, boolean crlf) {
            super(line, text);
            this.template = template;
            this.crlf = crlf;
        }
    }

    static final class SendRaw extends Sending {
        final Template template;

        SendRaw(int line, String text, Template template) {
            super(line, text);
            this.template = template;
        }
    }

    static final class SendRepeated extends Sending {
        final long count;
        final byte value;

        SendRepeated(int line, String text, long count, byte value) {
            super(line, text);
            this.count = count;
            this.value = value;
        }
    }

    static final class Drip extends Sending {
        final long millis;
        final Template template;
        final boolean crlf;

        Drip(int line, String text, long millis, Template template, boolean crlf) {
            super(line, text);
            this.millis = millis;
            this.template = template;
            this.crlf = crlf;
        }
    }

    static final class Cut extends Sending {
        final long count;
        final Template template;
        final boolean crlf;

        Cut(int line, String text, long count, Template template, boolean crlf) {
            super(line, text);
            this.count = count;
            this.template = template;
            this.crlf = crlf;
        }
    }

    static final class Expect extends Step {
        final String pattern;
        final Pattern regex;
        final List<String> captures;

        Expect(int line, String text, String pattern, Pattern regex, List<String> captures) {
            super(line, text);
            this.pattern = pattern;
            this.regex = regex;
            this.captures = captures;
        }
    }

    static final class ExpectLiteral extends Step {
        final long count;
        final byte[] expected; // null: just read

        ExpectLiteral(int line, String text, long count, byte[] expected) {
            super(line, text);
            this.count = count;
            this.expected = expected;
        }
    }

    static final class Stall extends Step {
        final long millis;

        Stall(int line, String text, long millis) {
            super(line, text);
            this.millis = millis;
        }
    }

    static final class Wait extends Step {
        final long millis;

        Wait(int line, String text, long millis) {
            super(line, text);
            this.millis = millis;
        }
    }

    static final class Close extends Step {
        Close(int line, String text) {
            super(line, text);
        }
    }

    static final class Reset extends Step {
        Reset(int line, String text) {
            super(line, text);
        }
    }

    static final class ExpectEof extends Step {
        ExpectEof(int line, String text) {
            super(line, text);
        }
    }

    // ------------------------------------------------------------------ builder

    /** Builds the same directives as the text form; each argument uses the text escapes. */
    public static final class Builder {
        private final StringBuilder text = new StringBuilder();

        private Builder() {
        }

        /** Appends one raw directive line, e.g. {@code "S: * OK hi"}. */
        public Builder directive(String line) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a directive is one line; use \\r / \\n escapes");
            }
            text.append(line).append('\n');
            return this;
        }

        /** {@code S: text}. */
        public Builder send(String line) {
            return directive("S: " + line);
        }

        /** {@code C: pattern}. */
        public Builder expect(String pattern) {
            return directive("C: " + pattern);
        }

        /** {@code CL: n}. */
        public Builder expectLiteral(long n) {
            return directive("CL: " + n);
        }

        /** {@code CL: n text}; n is the byte length of the escaped text. */
        public Builder expectLiteral(String text) {
            return directive("CL: " + parseText(text, false, false).template.literalBytes().length + " " + text);
        }

        /** {@code SB: 0x...}: these exact bytes. */
        public Builder sendBytes(byte[] bytes) {
            return directive("SB: 0x" + HexFormat.of().formatHex(bytes));
        }

        /** {@code SB: text}: escaped text, no CRLF. */
        public Builder sendRaw(String text) {
            return directive("SB: " + text);
        }

        /** {@code SLIT: n 0xHH}. */
        public Builder sendLiteralBody(long n, byte b) {
            return directive("SLIT: " + n + " 0x" + HexFormat.of().toHexDigits(b));
        }

        /** {@code SBIG: n 0xHH}. */
        public Builder sendLongLine(long n, byte b) {
            return directive("SBIG: " + n + " 0x" + HexFormat.of().toHexDigits(b));
        }

        /** {@code STALL: millis}. */
        public Builder stall(long millis) {
            return directive("STALL: " + millis);
        }

        /** {@code DRIP: millis text}. */
        public Builder drip(long millis, String line) {
            return directive("DRIP: " + millis + " " + line);
        }

        /** {@code CUT: n text}. */
        public Builder cut(long n, String line) {
            return directive("CUT: " + n + " " + line);
        }

        /** {@code WAIT: millis}. */
        public Builder waitFor(long millis) {
            return directive("WAIT: " + millis);
        }

        /** {@code CLOSE}. */
        public Builder close() {
            return directive("CLOSE");
        }

        /** {@code RESET}. */
        public Builder reset() {
            return directive("RESET");
        }

        /** {@code EOF}. */
        public Builder expectEof() {
            return directive("EOF");
        }

        public Script build() {
            return parse(text.toString());
        }
    }
}
