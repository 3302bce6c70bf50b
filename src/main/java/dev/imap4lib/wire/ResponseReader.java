package dev.imap4lib.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits the server's byte stream into {@link RawResponse}s: reads a line, and when the line ends
 * in a literal announcement ({@code {n}}, {@code {n+}} or {@code ~{n}}) reads the literal's bytes
 * and the line that follows, until a line ends without one.
 *
 * <p>A line ends at LF, with or without the CR before it, where imaplib aborts the connection on
 * a bare LF. RFC 3501 allows neither CR nor LF inside a line (only inside a literal, whose bytes
 * are counted, not scanned), so a bare LF can only be a line end from a server or pipe that
 * drops the CR (seen through {@code Imap4Stream} commands and some proxies); taking it as one
 * keeps the session in step instead of killing it.
 *
 * <p>Memory is bounded by {@link ReaderLimits}: a line longer than the limit or a literal larger
 * than the limit is refused before its bytes are stored, so an announced 10 GB literal allocates
 * nothing. Literals may instead be streamed to a {@link LiteralSink}.
 *
 * <p>Not thread-safe: one thread reads at a time.
 */
public final class ResponseReader {
    private static final int CHUNK = 64 * 1024;

    private InputStream in;
    private final ReaderLimits limits;
    private final byte[] rbuf = new byte[CHUNK];
    private int pos;
    private int lim;

    private byte[] acc = new byte[8192];
    /** Progress deadline (System.nanoTime based), 0 until the first bytes; see {@link #setProgressTimeout}. */
    private long deadline;
    private long timeoutNanos;
    private long progress;
    private static final int PROGRESS_BYTES = 64 * 1024;
    private int accLen;
    private LiteralSink sink;
    private StallHandler stallHandler;

    /**
     * Told when a read from the stream times out, so a caller with a deadline of its own can act
     * on it in the middle of a response without the bytes read so far being lost.
     */
    @FunctionalInterface
    public interface StallHandler {
        /**
         * Called when the stream's read timed out.
         *
         * @return true to read on (the handler has set the timeout for the next read), false to
         *     let the {@link java.net.SocketTimeoutException} end the read
         */
        boolean onStall() throws IOException;
    }

    public ResponseReader(InputStream in, ReaderLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    public ReaderLimits limits() {
        return limits;
    }

    /**
     * Bounds how slowly a server may send: from now on, a response must complete within
     * {@code millis}, except that every {@value #PROGRESS_BYTES} bytes received start the period
     * again. A server that drips a byte now and then (each read well inside the socket's read
     * timeout) is cut off instead of holding a command open for ever, while a large literal on a
     * slow but working link keeps going. 0 turns the bound off (e.g. while idling).
     */
    public void setProgressTimeout(int millis) {
        timeoutNanos = millis <= 0 ? 0 : millis * 1_000_000L;
        // The period starts with the first bytes: waiting for a slow command to answer at all
        // is bounded by the socket's read timeout instead.
        deadline = 0;
        progress = 0;
    }

    /** Replaces the underlying stream (after a TLS or compression upgrade); buffered bytes are kept. */
    public void setInput(InputStream in) {
        this.in = in;
    }

    /**
     * Installs {@code h} (or removes it when {@code null}): a read timeout inside {@link #read()}
     * or {@link #awaitInput()} asks it whether to go on. The reader's state is untouched by a
     * timeout, so a response that was partly received is completed by the next read.
     */
    public void setStallHandler(StallHandler h) {
        this.stallHandler = h;
    }

    /** Streams literals to {@code sink} (or buffers them again when {@code null}). */
    public void setLiteralSink(LiteralSink sink) {
        this.sink = sink;
    }

    /** Number of bytes read from the stream but not yet consumed. */
    public int buffered() {
        return lim - pos;
    }

    /**
     * Drops every byte read ahead from the server. Called right after a STARTTLS OK: anything the
     * server (or an attacker in the path) sent in plain text beyond that line must not be taken
     * as protected data.
     *
     * @return how many bytes were dropped
     */
    public int discardBuffered() {
        int n = lim - pos;
        pos = lim = 0;
        return n;
    }

    /**
     * Hands over every byte read ahead from the server and forgets them. Called right after a
     * COMPRESS OK: what follows that line is already compressed and belongs to the inflater.
     */
    public byte[] takeBuffered() {
        byte[] b = Arrays.copyOfRange(rbuf, pos, lim);
        pos = lim = 0;
        return b;
    }

    /**
     * Waits for the server to send something, up to the read timeout the caller set on the
     * stream, without consuming it; used to wait in IDLE without tearing a response apart.
     *
     * @return false when the wait timed out
     * @throws EOFException when the server closed the connection
     */
    public boolean awaitInput() throws IOException {
        if (pos < lim) {
            return true;
        }
        try {
            if (!fill()) {
                throw new EOFException("connection closed by server");
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * Reads one raw line (through CRLF, which is not returned), for imaplib's {@code readline()}.
     */
    public byte[] readLine() throws IOException {
        accLen = 0;
        readLineInto();
        return Arrays.copyOf(acc, stripEol());
    }

    /** Reads exactly {@code n} raw bytes, for imaplib's {@code read(size)}. */
    public byte[] readBytes(int n) throws IOException {
        if (n < 0 || n > limits.maxLiteralSize()) {
            throw new ResponseLimitException("read of " + n + " bytes exceeds the literal limit");
        }
        byte[] out = new byte[n];
        int off = 0;
        while (off < n) {
            if (pos == lim && !fill()) {
                throw new EOFException("connection closed by server after " + off + " of " + n + " bytes");
            }
            int k = Math.min(n - off, lim - pos);
            System.arraycopy(rbuf, pos, out, off, k);
            pos += k;
            off += k;
        }
        return out;
    }

    /**
     * Reads the next complete response.
     *
     * @throws EOFException when the server closed the connection (also in the middle of a response)
     * @throws ResponseLimitException when a limit is exceeded; the stream is then out of step
     */
    public RawResponse read() throws IOException {
        accLen = 0;
        int literals = 0;
        while (true) {
            int lineStart = accLen;
            readLineInto();
            int end = stripEol();
            // A literal announcement is the last thing on its line.
            if (end - lineStart >= 3 && acc[end - 1] == '}') {
                int open = end - 2;
                while (open > lineStart && acc[open] != '{') {
                    open--;
                }
                long size = acc[open] == '{' ? literalSize(open + 1, end - 1) : -1;
                if (size >= 0) {
                    boolean binary = open > lineStart && acc[open - 1] == '~';
                    literals++;
                    readLiteral(open, end, size, binary);
                    continue;
                }
            }
            accLen = end;
            if (accLen > limits.maxResponseSize()) {
                // the buffer's slack for line ends (and literal CRLFs) is not the caller's to get
                throw new ResponseLimitException("response larger than " + limits.maxResponseSize() + " bytes");
            }
            RawResponse r = new RawResponse(Arrays.copyOf(acc, accLen), literals);
            if (acc.length > 1 << 20) {
                acc = new byte[8192]; // do not keep a large response's buffer pinned
            }
            return r;
        }
    }

    private long literalSize(int from, int to) throws ResponseLimitException {
        if (to > from && acc[to - 1] == '+') {
            to--;
        }
        if (from >= to) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int d = acc[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            if (n > (Long.MAX_VALUE - d) / 10) {
                throw new ResponseLimitException("literal size " + Excerpt.escape(acc, from, to, 40) + " overflows");
            }
            n = n * 10 + d;
        }
        return n;
    }

    /** Reads bytes through the next LF into acc, refusing lines over the limit. */
    private void readLineInto() throws IOException {
        int lineStart = accLen;
        while (true) {
            if (pos == lim && !fill()) {
                throw new EOFException(accLen == 0
                        ? "connection closed by server"
                        : "connection closed by server in the middle of a response: \""
                                + Excerpt.escape(acc, Math.max(0, accLen - 60), accLen, 60) + "\"");
            }
            int i = pos;
            while (i < lim && rbuf[i] != '\n') {
                i++;
            }
            boolean found = i < lim;
            int take = (found ? i + 1 : i) - pos;
            if (accLen - lineStart + take > limits.maxLineLength() + 2) {
                throw new ResponseLimitException("response line longer than " + limits.maxLineLength()
                        + " bytes: \"" + Excerpt.escape(acc, lineStart, Math.min(accLen, lineStart + 60), 60) + "\"");
            }
            append(rbuf, pos, take);
            pos += take;
            if (found) {
                return;
            }
        }
    }

    /** Position after dropping the trailing LF and an optional CR; the terminator stays in acc. */
    private int stripEol() {
        int end = accLen;
        if (end > 0 && acc[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && acc[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    private void readLiteral(int open, int end, long size, boolean binary) throws IOException {
        OutputStream out = sink == null ? null : sink.open(context(open, binary, size));
        if (out != null) {
            // Record it as an empty literal; its bytes go to the sink.
            accLen = open + 1;
            append(new byte[] {'0', '}', '\r', '\n'}, 0, 4);
            try (out) {
                long left = size;
                while (left > 0) {
                    if (pos == lim && !fill()) {
                        throw new EOFException("connection closed by server inside a literal (" + left
                                + " of " + size + " bytes missing)");
                    }
                    int k = (int) Math.min(left, lim - pos);
                    out.write(rbuf, pos, k);
                    pos += k;
                    left -= k;
                }
            }
            return;
        }
        if (size > limits.maxLiteralSize()) {
            throw new ResponseLimitException("server announced a literal of " + size
                    + " bytes, above the in-memory limit of " + limits.maxLiteralSize() + " bytes");
        }
        // Normalise the line end to CRLF so a tokenizer can rely on it.
        accLen = end;
        append(new byte[] {'\r', '\n'}, 0, 2);
        int n = (int) size;
        ensure(n);
        int k = Math.min(n, lim - pos);
        System.arraycopy(rbuf, pos, acc, accLen, k);
        pos += k;
        accLen += k;
        int left = n - k;
        while (left > 0) {
            int r = readIn(acc, accLen, left);
            if (r < 0) {
                throw new EOFException("connection closed by server inside a literal (" + left
                        + " of " + n + " bytes missing)");
            }
            accLen += r;
            left -= r;
        }
    }

    private LiteralSink.LiteralContext context(int open, boolean binary, long size) {
        long msg = -1;
        if (accLen > 2 && acc[0] == '*' && acc[1] == ' ') {
            long n = 0;
            int i = 2;
            while (i < accLen && acc[i] >= '0' && acc[i] <= '9' && i < 20) {
                n = n * 10 + (acc[i] - '0');
                i++;
            }
            if (i > 2 && i + 6 < accLen && acc[i] == ' ' && (acc[i + 1] | 0x20) == 'f') {
                msg = n;
            }
        }
        int q = binary ? open - 2 : open - 1;
        while (q >= 0 && acc[q] == ' ') {
            q--;
        }
        int itemEnd = q + 1;
        if (q >= 0 && acc[q] == '>') {
            while (q >= 0 && acc[q] != '<') {
                q--;
            }
            q--;
        }
        if (q >= 0 && acc[q] == ']') {
            while (q >= 0 && acc[q] != '[') {
                q--;
            }
            q--;
        }
        while (q >= 0 && acc[q] != ' ' && acc[q] != '(') {
            q--;
        }
        // q is -2 when a '>' or ']' has no opening partner on the line
        int itemStart = Math.max(0, q + 1);
        String item = itemEnd > itemStart ? new String(acc, itemStart, itemEnd - itemStart, StandardCharsets.US_ASCII) : "";
        return new LiteralSink.LiteralContext(msg, item, size, binary);
    }

    private void append(byte[] src, int off, int n) throws ResponseLimitException {
        ensure(n);
        System.arraycopy(src, off, acc, accLen, n);
        accLen += n;
    }

    private void ensure(int n) throws ResponseLimitException {
        long need = (long) accLen + n;
        if (need > limits.maxResponseSize() + 4L) {
            throw new ResponseLimitException("response larger than " + limits.maxResponseSize() + " bytes");
        }
        if (need > acc.length) {
            long cap = Math.max(need, Math.min((long) acc.length * 2, limits.maxResponseSize() + 4L));
            acc = Arrays.copyOf(acc, (int) cap);
        }
    }

    private boolean fill() throws IOException {
        int r = readIn(rbuf, 0, rbuf.length);
        if (r <= 0) {
            if (r == 0) {
                throw new IOException("input stream returned no bytes");
            }
            return false;
        }
        pos = 0;
        lim = r;
        return true;
    }

    /** Every read from the stream goes through here, so the progress bound sees all of them. */
    private int readIn(byte[] b, int off, int len) throws IOException {
        if (deadline != 0 && System.nanoTime() - deadline > 0) {
            throw new java.net.SocketTimeoutException("the server sent less than " + PROGRESS_BYTES / 1024
                    + " KB within " + timeoutNanos / 1_000_000 + " ms in the middle of a response");
        }
        int r;
        while (true) {
            try {
                r = in.read(b, off, len);
                break;
            } catch (java.net.SocketTimeoutException e) {
                if (stallHandler == null || !stallHandler.onStall()) {
                    throw e;
                }
            }
        }
        if (timeoutNanos != 0 && r > 0) {
            progress += r;
            if (deadline == 0 || progress >= PROGRESS_BYTES) {
                progress = deadline == 0 ? progress : 0;
                deadline = System.nanoTime() + timeoutNanos;
            }
        }
        return r;
    }
}
