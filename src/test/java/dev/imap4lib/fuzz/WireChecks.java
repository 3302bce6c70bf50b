package dev.imap4lib.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.wire.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks on bytes a client sends: where CR, LF and NUL may stand. */
final class WireChecks {
    private static final Pattern LITERAL = Pattern.compile("~?\\{(\\d{1,10})\\+?}$");

    /** Stands for a literal's bytes in {@link #lines}. */
    static final char LITERAL_DATA = '\0';

    private WireChecks() {
    }

    /**
     * Splits what a client sent into lines, each literal's bytes replaced by {@link #LITERAL_DATA}
     * (a NUL, which cannot stand anywhere else in a line, so a caller's text cannot fake it).
     * Fails when a CR or LF stands anywhere but in a CRLF line end or inside a literal, or a NUL
     * or line end inside a quoted string, or when the bytes do not end with a complete line.
     */
    static List<String> lines(byte[] b) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            if (c == '"') {
                cur.append('"');
                i++;
                while (i < b.length && b[i] != '"') {
                    if (b[i] == '\\' && i + 1 < b.length) {
                        cur.append('\\');
                        i++;
                    }
                    if (b[i] == '\r' || b[i] == '\n') {
                        break; // an unterminated quoted string: the line end still ends the line
                    }
                    if (b[i] == 0) {
                        fail("NUL inside a quoted string at " + i + ": " + Excerpt.escape(b));
                    }
                    cur.append((char) (b[i] & 0xff));
                    i++;
                }
                if (i < b.length && b[i] == '"') {
                    cur.append('"');
                    i++;
                }
                continue;
            }
            if (c == '\r') {
                if (i + 1 >= b.length || b[i + 1] != '\n') {
                    fail("bare CR at " + i + ": " + Excerpt.escape(b));
                }
                i += 2;
                Matcher m = LITERAL.matcher(cur);
                if (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    assertTrue(i + n <= b.length, "literal of " + n + " bytes cut short: " + Excerpt.escape(b));
                    i += (int) n;
                    cur.append(LITERAL_DATA);
                } else {
                    lines.add(cur.toString());
                    cur.setLength(0);
                }
                continue;
            }
            if (c == '\n' || c == 0) {
                fail((c == 0 ? "NUL" : "bare LF") + " outside a literal at " + i + ": " + Excerpt.escape(b));
            }
            cur.append((char) c);
            i++;
        }
        assertTrue(cur.length() == 0, "bytes after the last line end: " + cur);
        return lines;
    }

    /** A client session: every line is a tagged command ({@code A<n> ...}) or IDLE's {@code DONE}. */
    static void assertCommandLines(byte[] sent) {
        for (String line : lines(sent)) {
            assertTrue(line.matches("A\\d+ [A-Z].*") || line.equals("DONE"), "not a command line: " + line);
        }
    }
}
