package dev.imap4lib.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Terminal text helpers: display width (wide East Asian characters count 2), truncation, padding, sizes. */
final class Text {
    private Text() {
    }

    /** Columns a code point takes in a terminal: 0 for combining and format characters, 2 for wide ones. */
    static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || cp == 0x200B) {
            return 0;
        }
        if (cp < 0x1100) {
            return 1;
        }
        boolean wide = cp <= 0x115F
                || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    /** Display width, not counting ANSI colour sequences. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp == 0x1b && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < s.length() && !Character.isLetter(s.charAt(end))) {
                    end++;
                }
                i = end + 1;
                continue;
            }
            w += width(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** Control characters (a subject may hold tabs or newlines) become spaces. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return sb.toString().strip();
    }

    /** At most {@code max} columns; a cut string ends with an ellipsis. */
    static String truncate(String s, int max) {
        if (max <= 0) {
            return "";
        }
        if (width(s) <= max) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int cw = width(cp);
            if (w + cw > max - 1) {
                break;
            }
            sb.appendCodePoint(cp);
            w += cw;
            i += Character.charCount(cp);
        }
        return sb.append('…').toString();
    }

    static String padRight(String s, int cols) {
        int w = width(s);
        return w >= cols ? s : s + " ".repeat(cols - w);
    }

    static String padLeft(String s, int cols) {
        int w = width(s);
        return w >= cols ? s : " ".repeat(cols - w) + s;
    }

    /** 1.2 KB, 3.4 MB (powers of 1024). */
    static String size(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KB", "MB", "GB", "TB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** Splits a line into words, honouring double quotes ({@code subject:"two words"}). */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
