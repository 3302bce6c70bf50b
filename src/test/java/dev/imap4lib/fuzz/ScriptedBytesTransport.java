package dev.imap4lib.fuzz;

import dev.imap4lib.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A {@link Transport} whose server side is a fixed byte string (the fuzz input). So that the
 * fuzzer need not guess tags, a line that starts with {@code .} gets the tag of the command the
 * client sent last in place of the dot; lines are handed out one read at a time, so the tag is
 * the one in force when the client reads the line. What the client sends is kept.
 */
final class ScriptedBytesTransport implements Transport {
    private final byte[] server;
    private int pos;
    private boolean lineStart = true;
    private byte[] pending = new byte[0];
    private int pendingPos;
    private String lastTag = "*";
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private boolean closed;
    private int readTimeout;

    ScriptedBytesTransport(byte[] server) {
        this.server = server;
    }

    /** Everything the client wrote. */
    byte[] sent() {
        return sent.toByteArray();
    }

    boolean isClosed() {
        return closed;
    }

    private final InputStream in = new InputStream() {
        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pendingPos < pending.length) {
                int n = Math.min(len, pending.length - pendingPos);
                System.arraycopy(pending, pendingPos, b, off, n);
                pendingPos += n;
                return n;
            }
            if (closed || pos >= server.length) {
                return -1;
            }
            if (lineStart && server[pos] == '.') {
                pos++;
                pending = lastTag.getBytes(StandardCharsets.US_ASCII);
                pendingPos = 0;
                lineStart = false;
                return read(b, off, len);
            }
            int n = 0;
            while (n < len && pos < server.length) {
                byte c = server[pos++];
                b[off + n++] = c;
                if (c == '\n') {
                    lineStart = true;
                    return n;
                }
                lineStart = false;
            }
            return n;
        }
    };

    private final OutputStream out = new OutputStream() {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sent.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                if (line.size() < 64) {
                    line.write(b[i]);
                }
                if (b[i] == '\n') {
                    noteTag(line.toString(StandardCharsets.ISO_8859_1));
                    line.reset();
                }
            }
        }
    };

    private void noteTag(String commandLine) {
        int sp = commandLine.indexOf(' ');
        if (sp > 0 && commandLine.charAt(0) != '+') {
            lastTag = commandLine.substring(0, sp);
        }
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
    public void setReadTimeout(int millis) {
        readTimeout = millis;
    }

    @Override
    public int readTimeout() {
        return readTimeout;
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
        return "fuzz input";
    }

    @Override
    public void close() {
        closed = true;
    }
}
