package dev.imap4lib.wire;

/** Short, printable renderings of protocol bytes for error messages and debug traces. */
public final class Excerpt {
    private Excerpt() {
    }

    /**
     * Escapes {@code buf[from, to)} to printable ASCII, keeping at most {@code max} input bytes
     * (an ellipsis marks the cut). Control and 8-bit bytes become {@code \xHH}, CR/LF {@code \r}/{@code \n}.
     */
    public static String escape(byte[] buf, int from, int to, int max) {
        from = Math.max(0, from);
        to = Math.min(buf.length, to);
        StringBuilder sb = new StringBuilder(Math.min(to - from, max) + 8);
        int end = Math.min(to, from + max);
        for (int i = from; i < end; i++) {
            int b = buf[i] & 0xff;
            switch (b) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (b < 0x20 || b >= 0x7f) {
                        sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
                    } else {
                        sb.append((char) b);
                    }
                }
            }
        }
        if (end < to) {
            sb.append("...");
        }
        return sb.toString();
    }

    public static String escape(byte[] buf) {
        return escape(buf, 0, buf.length, 120);
    }

    /** {@code buf[off, off+len)} escaped and wrapped in double quotes, cut at 60 bytes. */
    public static String quote(byte[] buf, int off, int len) {
        return '"' + escape(buf, off, off + len, 60) + '"';
    }

    /**
     * Text (e.g. a caller's argument) escaped and wrapped in double quotes, cut at 60
     * characters; characters outside printable ASCII become a backslash-u escape.
     */
    public static String quote(CharSequence s) {
        int n = Math.min(s.length(), 60);
        StringBuilder b = new StringBuilder(n + 8).append('"');
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > n) {
            b.append("...");
        }
        return b.append('"').toString();
    }
}
