package dev.imap4lib.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * COMPRESS=DEFLATE (RFC 4978) over another transport: raw deflate (RFC 1951, no zlib header)
 * in both directions. Each {@link OutputStream#flush()} of {@link #output()} ends in a deflate
 * SYNC_FLUSH, so a command never waits inside the compressor; reads inflate at most the
 * caller's buffer at a time, so the memory bounds of the protocol reader apply to the inflated
 * bytes and a small compressed message cannot expand anywhere but into them.
 */
public final class DeflateTransport implements Transport {
    private static final int BUFFER = 8 * 1024;

    private final Transport inner;
    private final Inflating in;
    private final Deflating out;

    private DeflateTransport(Transport inner, byte[] readAhead, int level, int strategy) {
        this.inner = inner;
        this.in = new Inflating(inner.input(), readAhead);
        this.out = new Deflating(inner.output(), level, strategy);
    }

    /**
     * Starts compressing {@code inner}.
     *
     * @param readAhead bytes already read from {@code inner} past the COMPRESS completion (they
     *     are compressed already), or an empty array
     * @param level {@link Deflater} level, -1 (default) to 9
     * @param strategy {@link Deflater} strategy: 0 default, 1 filtered, 2 Huffman only
     * @throws IllegalArgumentException for a level or strategy out of range
     */
    public static DeflateTransport wrap(Transport inner, byte[] readAhead, int level, int strategy) {
        checkSettings(level, strategy);
        return new DeflateTransport(inner, readAhead, level, strategy);
    }

    /** Throws {@link IllegalArgumentException} unless {@code level} and {@code strategy} are valid for {@link Deflater}. */
    public static void checkSettings(int level, int strategy) {
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("compression level " + level + " is outside -1..9");
        }
        if (strategy < Deflater.DEFAULT_STRATEGY || strategy > Deflater.HUFFMAN_ONLY) {
            throw new IllegalArgumentException("compression strategy " + strategy + " is outside 0..2");
        }
    }

    /** The transport underneath (socket, TLS socket or process pipes). */
    public Transport inner() {
        return inner;
    }

    /** Compressed bytes received so far (as they came off the wire). */
    public long compressedBytesIn() {
        return in.wireBytes();
    }

    /** Bytes received after inflation. */
    public long bytesIn() {
        return in.plainBytes();
    }

    /** Compressed bytes sent so far. */
    public long compressedBytesOut() {
        return out.wireBytes();
    }

    /** Bytes sent before deflation. */
    public long bytesOut() {
        return out.plainBytes();
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void setReadTimeout(int millis) throws IOException {
        inner.setReadTimeout(millis);
    }

    @Override
    public int readTimeout() {
        return inner.readTimeout();
    }

    @Override
    public boolean isSecure() {
        return inner.isSecure();
    }

    @Override
    public Socket socket() {
        return inner.socket();
    }

    @Override
    public void shutdownOutput() throws IOException {
        out.flush();
        inner.shutdownOutput();
    }

    @Override
    public String describe() {
        return inner.describe() + " (COMPRESS=DEFLATE)";
    }

    /**
     * Closes the connection first, which unblocks a reader or writer in another thread, then
     * frees the native zlib state once they have let go of it.
     */
    @Override
    public void close() throws IOException {
        try {
            inner.close();
        } finally {
            in.end();
            out.end();
        }
    }

    /** Inflates the server's stream; one lock guards the inflater against {@link #end()}. */
    private static final class Inflating extends InputStream {
        private final InputStream src;
        private final Inflater inflater = new Inflater(true);
        private final byte[] buf = new byte[BUFFER];
        private final byte[] one = new byte[1];
        private boolean ended;

        Inflating(InputStream src, byte[] readAhead) {
            this.src = src;
            if (readAhead != null && readAhead.length > 0) {
                inflater.setInput(readAhead.clone());
            }
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (ended) {
                    throw new IOException("the compressed connection is closed");
                }
                int n;
                try {
                    n = inflater.inflate(b, off, len);
                } catch (DataFormatException e) {
                    throw new ZipException("the server sent malformed compressed data: " + e.getMessage());
                }
                if (n > 0) {
                    return n;
                }
                if (inflater.finished()) {
                    // RFC 4978 never ends the stream while the connection lives.
                    throw new ZipException("the server ended its compressed stream");
                }
                if (inflater.needsDictionary()) {
                    throw new ZipException("the server's compressed stream asks for a preset dictionary");
                }
                if (!inflater.needsInput()) {
                    throw new ZipException("the inflater made no progress");
                }
                int r = src.read(buf, 0, buf.length);
                if (r < 0) {
                    return -1;
                }
                if (r == 0) {
                    throw new IOException("input stream returned no bytes");
                }
                inflater.setInput(buf, 0, r);
            }
        }

        @Override
        public synchronized int available() {
            return 0;
        }

        synchronized long wireBytes() {
            return ended ? 0 : inflater.getBytesRead();
        }

        synchronized long plainBytes() {
            return ended ? 0 : inflater.getBytesWritten();
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                inflater.end();
            }
        }
    }

    /** Deflates our stream; {@link #flush()} is a SYNC_FLUSH followed by a flush underneath. */
    private static final class Deflating extends OutputStream {
        private final OutputStream dst;
        private final Deflater deflater;
        private final byte[] buf = new byte[BUFFER];
        private boolean ended;

        Deflating(OutputStream dst, int level, int strategy) {
            this.dst = dst;
            this.deflater = new Deflater(level, true);
            deflater.setStrategy(strategy);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            open();
            if (len == 0) {
                return;
            }
            deflater.setInput(b, off, len);
            while (!deflater.needsInput()) {
                int n = deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
                if (n > 0) {
                    dst.write(buf, 0, n);
                }
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            open();
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                if (n > 0) {
                    dst.write(buf, 0, n);
                }
            } while (n == buf.length);
            dst.flush();
        }

        private void open() throws IOException {
            if (ended) {
                throw new IOException("the compressed connection is closed");
            }
        }

        synchronized long wireBytes() {
            return ended ? 0 : deflater.getBytesWritten();
        }

        synchronized long plainBytes() {
            return ended ? 0 : deflater.getBytesRead();
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                deflater.end();
            }
        }
    }
}
