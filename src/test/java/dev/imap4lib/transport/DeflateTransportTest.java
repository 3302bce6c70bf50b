package dev.imap4lib.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ReaderLimits;
import dev.imap4lib.wire.ResponseLimitException;
import dev.imap4lib.wire.ResponseReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The COMPRESS=DEFLATE stream wrapper on its own: every way the server's deflate stream can be
 * cut into reads gives the same responses, everything written is on the wire after each flush,
 * and a server inflating without end is stopped by the reader's limits on the inflated bytes.
 */
@Timeout(60)
class DeflateTransportTest {
    private static final String RESPONSES = "* CAPABILITY IMAP4rev1 COMPRESS=DEFLATE\r\n"
            + "* 1 FETCH (UID 7 BODY[] {11}\r\nhello world)\r\n"
            + "* OK [UIDNEXT 8] predicted\r\n"
            + "A1 OK done\r\n";

    /** A transport over fixed input chunks (each read returns at most one chunk), output collected. */
    private static final class Pipe implements Transport {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final InputStream in;
        int flushes;

        Pipe(List<byte[]> chunks) {
            this.in = new InputStream() {
                int i;
                int off;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int o, int len) {
                    while (i < chunks.size() && off == chunks.get(i).length) {
                        i++;
                        off = 0;
                    }
                    if (i == chunks.size()) {
                        return -1;
                    }
                    int n = Math.min(len, chunks.get(i).length - off);
                    System.arraycopy(chunks.get(i), off, b, o, n);
                    off += n;
                    return n;
                }
            };
        }

        Pipe(InputStream in) {
            this.in = in;
        }

        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    sent.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    sent.write(b, off, len);
                }

                @Override
                public void flush() {
                    flushes++;
                }
            };
        }

        @Override
        public void setReadTimeout(int millis) {
        }

        @Override
        public int readTimeout() {
            return 0;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public Socket socket() {
            return null;
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public String describe() {
            return "pipe";
        }

        @Override
        public void close() {
        }
    }

    /** What a server sends: each piece deflated and sync-flushed, as RFC 4978 asks. */
    private static byte[] serverDeflate(String... pieces) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (String p : pieces) {
            d.setInput(p.getBytes(StandardCharsets.ISO_8859_1));
            int n;
            do {
                n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length);
        }
        d.end();
        return out.toByteArray();
    }

    private static List<String> readAll(Transport t) throws IOException {
        ResponseReader r = new ResponseReader(t.input(), ReaderLimits.DEFAULT);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RawResponse resp = r.read();
            got.add(new String(resp.bytes(), 0, resp.length(), StandardCharsets.ISO_8859_1));
        }
        return got;
    }

    @Test
    void theServersStreamCutAtEveryByteGivesTheSameResponses() throws Exception {
        byte[] wire = serverDeflate(RESPONSES.substring(0, 50), RESPONSES.substring(50));
        List<String> whole = readAll(DeflateTransport.wrap(new Pipe(List.of(wire)), new byte[0], -1, 0));
        assertEquals(4, whole.size());
        assertTrue(whole.get(1).contains("hello world"), whole.toString());
        assertEquals("A1 OK done", whole.get(3).strip());
        for (int cut = 1; cut < wire.length; cut++) {
            byte[] a = java.util.Arrays.copyOfRange(wire, 0, cut);
            byte[] b = java.util.Arrays.copyOfRange(wire, cut, wire.length);
            assertEquals(whole, readAll(DeflateTransport.wrap(new Pipe(List.of(a, b)), new byte[0], -1, 0)),
                    "cut at " + cut);
            // The part before the cut may also have been read ahead by the protocol reader.
            assertEquals(whole, readAll(DeflateTransport.wrap(new Pipe(List.of(b)), a, -1, 0)),
                    "read ahead " + cut);
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte x : wire) {
            bytes.add(new byte[] {x});
        }
        assertEquals(whole, readAll(DeflateTransport.wrap(new Pipe(bytes), new byte[0], -1, 0)), "one byte per read");
    }

    @Test
    void everyFlushPutsAllWrittenCommandsOnTheWire() throws Exception {
        Pipe pipe = new Pipe(List.of());
        DeflateTransport t = DeflateTransport.wrap(pipe, new byte[0], 9, Deflater.FILTERED);
        Inflater server = new Inflater(true);
        byte[] out = new byte[1 << 16];
        int seen = 0;
        for (int i = 1; i <= 50; i++) {
            byte[] cmd = ("A" + i + " UID FETCH 1:* (FLAGS)\r\n").getBytes(StandardCharsets.US_ASCII);
            t.output().write(cmd);
            t.output().flush();
            byte[] wire = pipe.sent.toByteArray();
            server.setInput(wire, seen, wire.length - seen);
            seen = wire.length;
            int n = server.inflate(out);
            assertArrayEquals(cmd, java.util.Arrays.copyOf(out, n), "command " + i + " complete after its flush");
        }
        assertEquals(50, pipe.flushes, "each flush reaches the transport below");
        assertTrue(t.compressedBytesOut() < t.bytesOut(), t.compressedBytesOut() + " vs " + t.bytesOut());
        server.end();
        t.close();
        assertThrows(IOException.class, () -> t.output().write(1), "closed means closed");
        assertThrows(IOException.class, () -> t.input().read(new byte[4]), "closed means closed");
    }

    @Test
    void anInflatingServerIsStoppedByTheResponseLimitAfterInflation() throws Exception {
        // A line of 'A's that never ends: a few hundred KB of deflate output becomes gigabytes.
        InputStream bomb = new InputStream() {
            final Deflater d = new Deflater(9, true);
            final byte[] zeros = new byte[1 << 16];
            long fed;
            {
                java.util.Arrays.fill(zeros, (byte) 'A');
                d.setInput("* OK ".getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n;
                while ((n = d.deflate(b, off, len, Deflater.SYNC_FLUSH)) == 0) {
                    d.setInput(zeros);
                    fed += zeros.length;
                }
                return n;
            }
        };
        ReaderLimits limits = new ReaderLimits(1 << 20, 1 << 20, 1 << 20, 64);
        DeflateTransport t = DeflateTransport.wrap(new Pipe(bomb), new byte[0], -1, 0);
        ResponseReader r = new ResponseReader(t.input(), limits);
        assertThrows(ResponseLimitException.class, r::read);
        assertTrue(t.bytesIn() < 4L << 20, "stopped soon after the limit: inflated " + t.bytesIn());
        assertTrue(t.compressedBytesIn() < 64 << 10, "compressed bytes read " + t.compressedBytesIn());
    }

    @Test
    void malformedOrEndedStreamsAreIoErrors() {
        byte[] junk = "this is not deflate data at all".getBytes(StandardCharsets.US_ASCII);
        junk[0] = (byte) 0xff; // reserved block type 11
        DeflateTransport bad = DeflateTransport.wrap(new Pipe(List.of(junk)), new byte[0], -1, 0);
        ZipException e = assertThrows(ZipException.class, () -> bad.input().read(new byte[100]));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());

        Deflater d = new Deflater(-1, true);
        d.setInput(new byte[] {'x'});
        d.finish();
        byte[] buf = new byte[64];
        int n = d.deflate(buf);
        d.end();
        DeflateTransport ended = DeflateTransport.wrap(new Pipe(List.of(java.util.Arrays.copyOf(buf, n))), new byte[0], -1, 0);
        byte[] into = new byte[10];
        assertEquals(1, assertDoesNotThrowRead(ended, into));
        ZipException end = assertThrows(ZipException.class, () -> ended.input().read(into));
        assertTrue(end.getMessage().contains("ended"), end.getMessage());

        assertEquals(-1, assertDoesNotThrowRead(DeflateTransport.wrap(new Pipe(List.of()), new byte[0], -1, 0), into),
                "a closed connection is end of input");
    }

    private static int assertDoesNotThrowRead(DeflateTransport t, byte[] into) {
        try {
            return t.input().read(into);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void levelAndStrategyAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> DeflateTransport.checkSettings(10, 0));
        assertThrows(IllegalArgumentException.class, () -> DeflateTransport.checkSettings(-2, 0));
        assertThrows(IllegalArgumentException.class, () -> DeflateTransport.checkSettings(6, 3));
        DeflateTransport.checkSettings(0, 2);
    }
}
