package dev.imap4lib.provider;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes a base64 content transfer encoding (RFC 2045 6.8) as it streams past. Written for
 * large attachments: whole 4-character groups are decoded straight into the caller's array with
 * one table look-up per character, and only line breaks and other characters outside the
 * alphabet take the slow path (they are skipped, as RFC 2045 asks). Decoding stops at the first
 * {@code =}. A final group of 2 or 3 characters without padding still gives its 1 or 2 bytes; a
 * lone final character is an error unless {@code mail.mime.base64.ignoreerrors} is set (the same
 * system property Jakarta Mail's decoder reads).
 */
final class Base64InputStream extends InputStream {
    private static final byte[] VALUE = new byte[256];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUE[alphabet.charAt(i)] = (byte) i;
        }
    }

    private final InputStream in;
    private final boolean ignoreErrors;
    private final byte[] raw = new byte[64 * 1024];
    private int rawPos;
    private int rawEnd;
    /** Bits of an incomplete group carried between buffers and calls. */
    private int group;
    private int groupChars;
    /** Decoded bytes that did not fit the caller's array. */
    private final byte[] spill = new byte[3];
    private int spillPos;
    private int spillEnd;
    private boolean end;

    Base64InputStream(InputStream in) {
        this.in = in;
        this.ignoreErrors = Boolean.getBoolean("mail.mime.base64.ignoreerrors");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) {
            // read(byte[]) returns at least one byte unless at the end
        }
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int o = off;
        int limit = off + len;
        while (spillPos < spillEnd && o < limit) {
            b[o++] = spill[spillPos++];
        }
        if (spillPos == spillEnd) {
            spillPos = 0;
            spillEnd = 0;
        }
        while (o < limit && !end) {
            if (rawPos == rawEnd && !refill()) {
                finish();
                break;
            }
            byte[] r = raw;
            int p = rawPos;
            int e = rawEnd;
            byte[] v = VALUE;
            // Fast path: whole groups of four alphabet characters, three output bytes each.
            if (groupChars == 0) {
                while (p + 4 <= e && o + 3 <= limit) {
                    int x = v[r[p] & 0xff] << 18 | v[r[p + 1] & 0xff] << 12 | v[r[p + 2] & 0xff] << 6
                            | v[r[p + 3] & 0xff];
                    if (x < 0) {
                        break; // a line break, padding or junk among these four
                    }
                    b[o] = (byte) (x >> 16);
                    b[o + 1] = (byte) (x >> 8);
                    b[o + 2] = (byte) x;
                    o += 3;
                    p += 4;
                }
            }
            // Slow path: one character at a time up to the end of a group.
            while (p < e && o < limit) {
                int c = r[p++] & 0xff;
                int d = v[c];
                if (d < 0) {
                    if (c == '=') {
                        rawPos = p;
                        finish();
                        break;
                    }
                    continue; // CR, LF and anything else outside the alphabet
                }
                group = group << 6 | d;
                if (++groupChars == 4) {
                    o = emit(b, o, limit, 3, group);
                    group = 0;
                    groupChars = 0;
                    break; // back to the fast path
                }
            }
            if (!end) {
                rawPos = p;
            }
        }
        while (spillPos < spillEnd && o < limit) {
            b[o++] = spill[spillPos++];
        }
        int n = o - off;
        if (n == 0 && end && spillPos >= spillEnd) {
            return -1;
        }
        return n;
    }

    /** Writes the top {@code count} of the three bytes in {@code bits}; what does not fit waits in {@link #spill}. */
    private int emit(byte[] b, int o, int limit, int count, int bits) {
        for (int i = 0; i < count; i++) {
            byte x = (byte) (bits >> (16 - 8 * i));
            if (o < limit) {
                b[o++] = x;
            } else {
                spill[spillEnd++] = x;
            }
        }
        return o;
    }

    /** The encoded data ended (padding or end of input): flush an incomplete group. */
    private void finish() throws IOException {
        end = true;
        spillPos = 0;
        spillEnd = 0;
        switch (groupChars) {
            case 0 -> {
            }
            case 1 -> {
                if (!ignoreErrors) {
                    throw new IOException("base64 data ends in the middle of a byte (one character of a group)");
                }
            }
            case 2 -> emit(spill, 0, 0, 1, group << 12);
            default -> emit(spill, 0, 0, 2, group << 6);
        }
        groupChars = 0;
    }

    private boolean refill() throws IOException {
        int n;
        do {
            n = in.read(raw, 0, raw.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        rawPos = 0;
        rawEnd = n;
        return true;
    }

    @Override
    public int available() throws IOException {
        return spillEnd - spillPos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
