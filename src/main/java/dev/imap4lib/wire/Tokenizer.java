package dev.imap4lib.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A single-pass cursor over the bytes of one {@link RawResponse}: atoms, numbers, quoted
 * strings, literals (and literal8), NIL and parentheses. Parsers of typed data pull tokens from
 * it directly, so no intermediate token objects or per-line Strings are created.
 *
 * <p>Every method that fails throws {@link ResponseFormatException} naming what was expected and
 * quoting a short, escaped excerpt of the input where it failed.
 */
public final class Tokenizer {
    private final byte[] buf;
    private final int end;
    private int pos;

    public Tokenizer(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    public byte[] buffer() {
        return buf;
    }

    public int position() {
        return pos;
    }

    public void position(int p) {
        pos = p;
    }

    public int end() {
        return end;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    /** The next byte (0-255), or -1 at the end. */
    public int peek() {
        return pos < end ? buf[pos] & 0xff : -1;
    }

    /** Consumes {@code c} if it is next. */
    public boolean tryByte(char c) {
        if (pos < end && buf[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    public void expect(char c) throws ResponseFormatException {
        if (pos >= end || buf[pos] != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** Skips any number of spaces (servers are not always exact about single spaces). */
    public void skipSpaces() {
        while (pos < end && buf[pos] == ' ') {
            pos++;
        }
    }

    /** Requires at least one space and skips all of them. */
    public void space() throws ResponseFormatException {
        if (pos >= end || buf[pos] != ' ') {
            throw error("expected a space");
        }
        skipSpaces();
    }

    /** Builds an error naming what was wrong at the current position. */
    public ResponseFormatException error(String what) {
        int from = Math.max(0, pos - 30);
        String where = pos >= end ? " at end of response" : "";
        return ResponseFormatException.near(what + where, buf, from, Math.min(end, pos + 50));
    }

    private static boolean isAtomChar(int b, boolean allowBracket) {
        switch (b) {
            case ' ', '(', ')', '{', '"', '\r', '\n':
                return false;
            case '[', ']':
                // '[' is no atom-special, but splitting BODY[...] from its name needs it as a stop
                return allowBracket;
            default:
                return b > 0x20 && b != 0x7f;
        }
    }

    /** Length of the atom at the cursor (0 if none); {@code ]} ends an atom. */
    private int atomLength(boolean allowBracket) {
        int i = pos;
        while (i < end && isAtomChar(buf[i] & 0xff, allowBracket)) {
            i++;
        }
        return i - pos;
    }

    /** Reads an atom (flags like {@code \Seen} included); stops at space, parentheses, brackets, quotes. */
    public String atom() throws ResponseFormatException {
        return atom(false, "expected an atom");
    }

    private String atom(boolean allowBracket, String expected) throws ResponseFormatException {
        int n = atomLength(allowBracket);
        if (n == 0) {
            throw error(expected);
        }
        String s = new String(buf, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /**
     * Reads one flag of a flag list: an atom in which {@code [} and {@code ]} are ordinary
     * characters. {@code [} is an ATOM-CHAR of RFC 3501, so {@code x[y} is a valid keyword;
     * {@code ]} is not, but Gmail stores and sends keywords such as {@code [test]} and imaplib
     * accepts them, so a flag list reads them too instead of failing the whole response.
     * Inside a response code such as {@code [PERMANENTFLAGS (\Seen x[y] \*)]} the code's
     * closing {@code ]} is found by {@link dev.imap4lib.response.ResponseCode#parse} first (a
     * {@code ]} inside the parentheses belongs to a flag), so this only sees the list.
     */
    public String flag() throws ResponseFormatException {
        return atom(true, "expected a flag");
    }

    /**
     * Consumes the atom {@code upper} (ASCII, given in upper case) if it is next, compared
     * case-insensitively and followed by a delimiter; allocation-free.
     */
    public boolean tryAtom(String upper) {
        int n = upper.length();
        if (pos + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = buf[pos + i];
            if (b >= 'a' && b <= 'z') {
                b -= 32;
            }
            if (b != upper.charAt(i)) {
                return false;
            }
        }
        if (pos + n < end && isAtomChar(buf[pos + n] & 0xff, false)) {
            return false;
        }
        pos += n;
        return true;
    }

    /** Whether the next token is the atom NIL (not consumed). */
    public boolean peekNil() {
        int p = pos;
        boolean r = tryAtom("NIL");
        pos = p;
        return r;
    }

    /** Consumes NIL if it is next. */
    public boolean tryNil() {
        return tryAtom("NIL");
    }

    /** Reads a non-negative decimal number of up to 63 bits. */
    public long number() throws ResponseFormatException {
        int start = pos;
        long n = 0;
        while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
            int d = buf[pos] - '0';
            if (n > (Long.MAX_VALUE - d) / 10) {
                throw error("number too large");
            }
            n = n * 10 + d;
            pos++;
        }
        if (pos == start) {
            throw error("expected a number");
        }
        return n;
    }

    /** Reads a number that must fit IMAP's nz-number/number range (32 bits unsigned). */
    public long number32() throws ResponseFormatException {
        int start = pos;
        long n = number();
        if (n > 0xffffffffL) {
            pos = start;
            throw error("number out of 32-bit range");
        }
        return n;
    }

    /** Reads a number that must fit a Java int (message numbers, counts). */
    public int intNumber() throws ResponseFormatException {
        int start = pos;
        long n = number();
        if (n > Integer.MAX_VALUE) {
            pos = start;
            throw error("number out of range");
        }
        return (int) n;
    }

    /** Whether a quoted string, literal or literal8 ({@code ~{n}}) starts at the cursor. */
    public boolean peekString() {
        if (pos >= end) {
            return false;
        }
        byte b = buf[pos];
        return b == '"' || b == '{' || (b == '~' && pos + 1 < end && buf[pos + 1] == '{');
    }

    /** True when the next byte is a digit. */
    public boolean peekDigit() {
        return pos < end && buf[pos] >= '0' && buf[pos] <= '9';
    }

    /**
     * Reads a quoted string or a literal and returns its bounds {@code [start, end)} packed as
     * {@code start << 32 | end} without copying; quoted strings keep their backslash escapes,
     * see {@link #unescapedLength}.
     */
    private long stringBounds() throws ResponseFormatException {
        if (pos >= end) {
            throw error("expected a string");
        }
        byte b = buf[pos];
        if (b == '"') {
            int start = ++pos;
            while (pos < end) {
                byte c = buf[pos];
                if (c == '\\') {
                    pos += 2;
                } else if (c == '"') {
                    long r = ((long) start << 32) | pos;
                    pos++;
                    return r;
                } else if (c == '\r' || c == '\n') {
                    break;
                } else {
                    pos++;
                }
            }
            pos = start - 1;
            throw error("unterminated quoted string");
        }
        if (b == '{' || (b == '~' && pos + 1 < end && buf[pos + 1] == '{')) {
            int open = b == '~' ? pos + 1 : pos;
            int p = open + 1;
            long n = 0;
            int digits = 0;
            while (p < end && buf[p] >= '0' && buf[p] <= '9' && digits < 19) {
                n = n * 10 + (buf[p] - '0');
                p++;
                digits++;
            }
            if (p < end && buf[p] == '+') {
                p++;
            }
            // "}" CR LF must all lie before the end: a response may end in "}" CR
            if (digits == 0 || p + 2 >= end || buf[p] != '}' || buf[p + 1] != '\r' || buf[p + 2] != '\n') {
                throw error("malformed literal");
            }
            int start = p + 3;
            if (n > end - start) {
                throw error("literal longer than the response");
            }
            pos = start + (int) n;
            return ((long) start << 32) | pos;
        }
        throw error("expected a string");
    }

    /** Reads a quoted string or literal as raw bytes (escapes removed). */
    public byte[] stringBytes() throws ResponseFormatException {
        boolean quoted = pos < end && buf[pos] == '"';
        long r = stringBounds();
        int s = (int) (r >>> 32);
        int e = (int) r;
        if (!quoted) {
            byte[] out = new byte[e - s];
            System.arraycopy(buf, s, out, 0, out.length);
            return out;
        }
        byte[] out = new byte[unescapedLength(s, e)];
        int o = 0;
        for (int i = s; i < e; i++) {
            if (buf[i] == '\\' && i + 1 < e) {
                i++;
            }
            out[o++] = buf[i];
        }
        return out;
    }

    private int unescapedLength(int s, int e) {
        int n = 0;
        for (int i = s; i < e; i++) {
            if (buf[i] == '\\' && i + 1 < e) {
                i++;
            }
            n++;
        }
        return n;
    }

    /** Reads a quoted string or literal as text: UTF-8, or Latin-1 when it is not valid UTF-8. */
    public String string() throws ResponseFormatException {
        boolean quoted = pos < end && buf[pos] == '"';
        long r = stringBounds();
        int s = (int) (r >>> 32);
        int e = (int) r;
        boolean plain = true;
        for (int i = s; i < e; i++) {
            byte c = buf[i];
            if (c < 0 || (quoted && c == '\\')) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
        }
        if (!quoted) {
            return decode(buf, s, e - s);
        }
        byte[] b = new byte[unescapedLength(s, e)];
        int o = 0;
        for (int i = s; i < e; i++) {
            if (buf[i] == '\\' && i + 1 < e) {
                i++;
            }
            b[o++] = buf[i];
        }
        return decode(b, 0, b.length);
    }

    /** Decodes bytes as UTF-8, falling back to Latin-1 for bytes that are not UTF-8. */
    public static String decode(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) {
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(b, off, len)).toString();
                } catch (CharacterCodingException e) {
                    return new String(b, off, len, StandardCharsets.ISO_8859_1);
                }
            }
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    /** Reads an nstring: NIL gives {@code null}. */
    public String nstring() throws ResponseFormatException {
        return tryNil() ? null : string();
    }

    /** Reads an nstring as bytes: NIL gives {@code null}. */
    public byte[] nstringBytes() throws ResponseFormatException {
        return tryNil() ? null : stringBytes();
    }

    /**
     * Reads an astring: an atom (which may contain {@code [} and {@code ]}, as in
     * {@code [Gmail]/Sent}), a quoted string or a literal.
     * Servers that send NIL as a bare word get the text "NIL"; callers that allow NIL check first.
     */
    public String astring() throws ResponseFormatException {
        int b = peek();
        if (b == '"' || b == '{' || (b == '~' && pos + 1 < end && buf[pos + 1] == '{')) {
            return string();
        }
        int n = atomLength(true);
        if (n == 0) {
            throw error("expected an atom or string");
        }
        String s = decode(buf, pos, n);
        pos += n;
        return s;
    }

    /**
     * Skips one value of any shape (atom, number, string, literal, NIL, or a parenthesised list of
     * values, however deep) without recursion, so hostile nesting cannot overflow the stack.
     * Bracketed sections such as {@code BODY[HEADER.FIELDS (A B)]} count as part of an atom.
     */
    public void skipValue() throws ResponseFormatException {
        skipValue(Integer.MAX_VALUE);
    }

    /**
     * {@link #skipValue()} that refuses lists nested deeper than {@code maxDepth}, for callers
     * that must bound the work a hostile value can demand.
     *
     * @throws ResponseLimitException when the nesting exceeds {@code maxDepth}
     */
    public void skipValue(int maxDepth) throws ResponseFormatException {
        int depth = 0;
        do {
            skipSpaces();
            int b = peek();
            if (b == '(') {
                if (depth >= maxDepth) {
                    throw tooDeep(maxDepth);
                }
                pos++;
                depth++;
                continue;
            }
            if (b == ')') {
                if (depth == 0) {
                    throw error("unexpected ')'");
                }
                pos++;
                depth--;
                continue;
            }
            if (b == -1) {
                throw error("unbalanced parentheses");
            }
            if (b == '"' || b == '{' || (b == '~' && pos + 1 < end && buf[pos + 1] == '{')) {
                stringBounds();
            } else {
                skipAtomWithSections();
            }
        } while (depth > 0);
    }

    /** Builds the error for nesting beyond {@code maxDepth} at the current position. */
    public ResponseLimitException tooDeep(int maxDepth) {
        int from = Math.max(0, pos - 30);
        return new ResponseLimitException("nesting deeper than " + maxDepth + " levels near \""
                + Excerpt.escape(buf, from, Math.min(end, pos + 50), 80) + "\"");
    }

    /**
     * Reads a decimal number with an optional leading minus sign; IMAP has no negative numbers,
     * but some servers (Exchange) send {@code -1} for sizes they do not know.
     */
    public long signedNumber() throws ResponseFormatException {
        int start = pos;
        boolean neg = tryByte('-');
        if (neg && !peekDigit()) {
            pos = start;
            throw error("expected a number");
        }
        long n = number();
        return neg ? -n : n;
    }

    /**
     * Reads a parenthesised list of flags, {@code (\Seen $Junk \*)}, or the empty list. Items
     * may also be quoted strings (Gmail's labels are); system flags come back in their RFC
     * spelling as shared constants, so the common case allocates no String per flag. Flags may
     * contain {@code [} and {@code ]}, see {@link #flag()}.
     */
    public java.util.List<String> flagList() throws ResponseFormatException {
        expect('(');
        java.util.List<String> out = new java.util.ArrayList<>(4);
        while (true) {
            skipSpaces();
            int b = peek();
            if (b == ')') {
                pos++;
                return out;
            }
            if (peekString()) {
                out.add(string());
            } else if (b == '\\') {
                out.add(systemFlag());
            } else {
                out.add(flag());
            }
        }
    }

    private static final String[] SYSTEM_FLAGS = {
        "\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft", "\\Recent", "\\*"
    };
    private static final String[] SYSTEM_FLAGS_UPPER = {
        "\\SEEN", "\\ANSWERED", "\\FLAGGED", "\\DELETED", "\\DRAFT", "\\RECENT", "\\*"
    };

    private String systemFlag() throws ResponseFormatException {
        int start = pos;
        for (int i = 0; i < SYSTEM_FLAGS.length; i++) {
            if (tryAtom(SYSTEM_FLAGS_UPPER[i])) {
                if (peek() != '[' && peek() != ']') {
                    return SYSTEM_FLAGS[i];
                }
                pos = start; // "\Seen[x" is one (odd) flag, not \Seen
                break;
            }
        }
        return flag();
    }

    /**
     * Reads a bracketed section such as {@code [HEADER.FIELDS (From Subject)]} and returns the
     * text between the brackets with case kept; quoted strings inside may contain {@code ]}.
     */
    public String bracketed() throws ResponseFormatException {
        int open = pos;
        expect('[');
        int start = pos;
        while (pos < end) {
            byte c = buf[pos];
            if (c == ']') {
                String s = decode(buf, start, pos - start);
                pos++;
                return s;
            }
            if (c == '"' || c == '{') {
                stringBounds();
            } else if (c == '\r' || c == '\n') {
                break;
            } else {
                pos++;
            }
        }
        pos = open;
        throw error("unterminated '['");
    }

    /** Skips an atom that may carry {@code [section]} and {@code <partial>} suffixes. */
    public void skipAtomWithSections() throws ResponseFormatException {
        int start = pos;
        while (pos < end) {
            int b = buf[pos] & 0xff;
            if (b == '[') {
                int close = indexOf(']', pos);
                if (close < 0) {
                    throw error("unterminated '['");
                }
                pos = close + 1;
            } else if (isAtomChar(b, true)) {
                pos++;
            } else {
                break;
            }
        }
        if (pos == start) {
            throw error("unexpected character");
        }
    }

    private int indexOf(int c, int from) {
        for (int i = from; i < end; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the rest of the response as text and moves to the end. */
    public String rest() {
        String s = decode(buf, pos, end - pos);
        pos = end;
        return s;
    }

    /** Text from {@code from} to the current position (UTF-8 with Latin-1 fallback). */
    public String text(int from) {
        return decode(buf, from, pos - from);
    }

    /** Reads up to (not including) the next space or end, as ASCII; for tags and words of resp-text. */
    public String word() {
        int s = pos;
        while (pos < end && buf[pos] != ' ') {
            pos++;
        }
        return new String(buf, s, pos - s, StandardCharsets.ISO_8859_1);
    }
}
