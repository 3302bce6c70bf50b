package dev.imap4lib.wire;

/** Renders untrusted input safely inside exception messages. */
final class Escape {
    /** Long inputs are cut so that a hostile server cannot blow up log lines. */
    static final int MAX_SHOWN = 60;

    private Escape() {
    }

    static String quote(CharSequence s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_SHOWN) + 8).append('"');
        int n = Math.min(s.length(), MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            appendChar(b, s.charAt(i));
        }
        if (s.length() > MAX_SHOWN) {
            b.append("...");
        }
        return b.append('"').toString();
    }

    static String quote(byte[] buf, int off, int len) {
        StringBuilder b = new StringBuilder(Math.min(len, MAX_SHOWN) + 8).append('"');
        int n = Math.min(len, MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            appendChar(b, (char) (buf[off + i] & 0xff));
        }
        if (len > MAX_SHOWN) {
            b.append("...");
        }
        return b.append('"').toString();
    }

    private static void appendChar(StringBuilder b, char c) {
        if (c == '"' || c == '\\') {
            b.append('\\').append(c);
        } else if (c >= 0x20 && c < 0x7f) {
            b.append(c);
        } else {
            b.append(String.format("\\u%04x", (int) c));
        }
    }
}
