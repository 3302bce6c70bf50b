package dev.imap4lib.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Reading and writing IMAP flag lists such as {@code (\Seen $Forwarded)}.
 *
 * <p>{@link #parse(byte[])} is the counterpart of {@code imaplib.ParseFlags}.
 */
public final class Flags {
    private static final byte[] KEYWORD = "FLAGS".getBytes(StandardCharsets.US_ASCII);

    private Flags() {
    }

    /**
     * Extracts the flags of the first {@code FLAGS (...)} item in a response line, e.g.
     * {@code * 12 FETCH (UID 7 FLAGS (\Seen $Forwarded))} or {@code * FLAGS (\Answered \Deleted)}.
     *
     * <p>Unlike imaplib's regular expression this scanner skips quoted strings and
     * {@code {n}} literals, so an envelope subject containing {@code FLAGS (} cannot be
     * mistaken for the item, and it only matches {@code FLAGS} as a whole atom, so
     * {@code PERMANENTFLAGS} does not count.
     *
     * @param resp a response line (literals, if any, inline after their {@code {n}\r\n})
     * @return the flags in server order; an empty list when there is no FLAGS item or it is
     *         not terminated
     */
    public static List<String> parse(byte[] resp) {
        Objects.requireNonNull(resp, "resp");
        int n = resp.length;
        int i = 0;
        while (i < n) {
            byte c = resp[i];
            if (c == '"') {
                i = skipQuoted(resp, i);
                continue;
            }
            if (c == '{') {
                i = skipLiteral(resp, i);
                continue;
            }
            if ((c & 0xdf) == 'F' && (i == 0 || resp[i - 1] == ' ' || resp[i - 1] == '(') && matchesKeyword(resp, i)) {
                int p = i + KEYWORD.length;
                int spaces = p;
                while (p < n && resp[p] == ' ') {
                    p++;
                }
                if (p > spaces && p < n && resp[p] == '(') {
                    return readList(resp, p + 1);
                }
            }
            i++;
        }
        return List.of();
    }

    /**
     * String variant of {@link #parse(byte[])}; the text is handled as UTF-8.
     *
     * @param resp a response line
     * @return the flags, or an empty list
     */
    public static List<String> parse(String resp) {
        Objects.requireNonNull(resp, "resp");
        return parse(resp.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Builds a parenthesised flag list for STORE, APPEND and similar commands.
     *
     * @param flags system flags such as {@code \Seen} or keywords such as {@code $Forwarded}
     * @return e.g. {@code (\Seen \Flagged)}; {@code ()} for an empty collection
     * @throws IllegalArgumentException if an element is null, empty, or not an IMAP flag (one
     *         optional leading backslash followed by atom characters: no space, parenthesis,
     *         brace, quote, backslash, {@code %}, {@code *}, {@code ]}, control or non-ASCII
     *         character)
     */
    public static String toList(Collection<String> flags) {
        Objects.requireNonNull(flags, "flags");
        StringBuilder b = new StringBuilder(flags.size() * 8 + 2).append('(');
        boolean first = true;
        for (String f : flags) {
            checkFlag(f);
            if (!first) {
                b.append(' ');
            }
            b.append(f);
            first = false;
        }
        return b.append(')').toString();
    }

    /**
     * Tells whether {@code flag} is acceptable to {@link #toList}.
     *
     * @param flag a candidate flag
     * @return {@code true} for a syntactically valid flag
     */
    public static boolean isValidFlag(String flag) {
        if (flag == null || flag.isEmpty()) {
            return false;
        }
        int start = flag.charAt(0) == '\\' ? 1 : 0;
        if (start == flag.length()) {
            return false;
        }
        for (int i = start; i < flag.length(); i++) {
            if (!isAtomChar(flag.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void checkFlag(String f) {
        if (!isValidFlag(f)) {
            throw new IllegalArgumentException("not a valid IMAP flag: " + (f == null ? "null" : Excerpt.quote(f)));
        }
    }

    /** ATOM-CHAR of RFC 3501: any CHAR except atom-specials. */
    static boolean isAtomChar(char c) {
        if (c <= 0x20 || c >= 0x7f) {
            return false;
        }
        switch (c) {
            case '(': case ')': case '{': case '%': case '*': case '"': case '\\': case ']':
                return false;
            default:
                return true;
        }
    }

    private static boolean matchesKeyword(byte[] resp, int i) {
        if (i + KEYWORD.length > resp.length) {
            return false;
        }
        for (int k = 0; k < KEYWORD.length; k++) {
            if ((resp[i + k] & 0xdf) != KEYWORD[k]) {
                return false;
            }
        }
        return true;
    }

    private static List<String> readList(byte[] resp, int p) {
        List<String> out = new ArrayList<>();
        int n = resp.length;
        int tokenStart = -1;
        for (; p < n; p++) {
            byte c = resp[p];
            if (c == ')' || c == ' ') {
                if (tokenStart >= 0) {
                    out.add(new String(resp, tokenStart, p - tokenStart, StandardCharsets.UTF_8));
                    tokenStart = -1;
                }
                if (c == ')') {
                    return Collections.unmodifiableList(out);
                }
            } else if (c == '\r' || c == '\n') {
                break;
            } else if (tokenStart < 0) {
                tokenStart = p;
            }
        }
        return List.of();
    }

    private static int skipQuoted(byte[] resp, int i) {
        int n = resp.length;
        for (int p = i + 1; p < n; p++) {
            if (resp[p] == '\\') {
                p++;
            } else if (resp[p] == '"') {
                return p + 1;
            }
        }
        return n;
    }

    /** Skips {@code {n}} or {@code {n+}} plus CRLF and n bytes; anything else is one byte. */
    private static int skipLiteral(byte[] resp, int i) {
        int n = resp.length;
        int p = i + 1;
        long count = 0;
        int digits = 0;
        while (p < n && resp[p] >= '0' && resp[p] <= '9' && digits < 18) {
            count = count * 10 + (resp[p] - '0');
            p++;
            digits++;
        }
        if (digits == 0) {
            return i + 1;
        }
        if (p < n && resp[p] == '+') {
            p++;
        }
        if (p >= n || resp[p] != '}') {
            return i + 1;
        }
        p++;
        if (p < n && resp[p] == '\r') {
            p++;
        }
        if (p < n && resp[p] == '\n') {
            return (int) Math.min(n, p + 1 + count);
        }
        // "{n}" at the end of a line whose literal was handed over separately.
        return p;
    }
}
