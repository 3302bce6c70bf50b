package dev.imap4lib.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.zip.CRC32;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The floor: a raw-socket IMAP client that writes command bytes and drains the replies with the
 * least work that still frames them (lines, and literals skipped by their announced length).
 * It counts untagged {@code FETCH} responses, sums {@code RFC822.SIZE}, CRC-32s literal bytes
 * and counts SEARCH hits so that its results can be verified like the libraries'.
 */
final class RawImap implements Closeable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private byte[] line = new byte[1024];
    private int lineLen;
    private int tag;

    // per-command results
    int fetches;
    long sizeSum;
    long literalBytes;
    final CRC32 crc = new CRC32();
    int searchHits;
    String lastTagged;
    int exists = -1;
    /** When set, every untagged response line (first line only) is added here. */
    List<String> untagged;

    RawImap(String host, int port) throws IOException {
        this(plainSocket(host, port));
    }

    /** Over a connected socket (plain or TLS): reads the greeting. */
    private RawImap(Socket s) throws IOException {
        use(s);
        readLine();   // greeting
        if (!startsWith("* OK")) {
            throw new IOException("greeting: " + lineString());
        }
    }

    private static Socket plainSocket(String host, int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 10_000);
        return s;
    }

    private void use(Socket s) throws IOException {
        socket = s;
        socket.setSoTimeout(120_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Implicit TLS: handshake (host name verified) and greeting. */
    static RawImap tls(SSLSocketFactory f, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) f.createSocket();
        s.setTcpNoDelay(true);
        verifyHost(s);
        s.connect(new InetSocketAddress(host, port), 10_000);
        s.startHandshake();
        return new RawImap(s);
    }

    /** STARTTLS, then the handshake (host name verified) over the same connection. */
    void starttls(SSLSocketFactory f, String host, int port) throws IOException {
        ok("STARTTLS");
        if (pos != lim) {
            throw new IOException("plain-text bytes after the STARTTLS reply");
        }
        SSLSocket s = (SSLSocket) f.createSocket(socket, host, port, true);
        verifyHost(s);
        s.startHandshake();
        use(s);
    }

    private static void verifyHost(SSLSocket s) {
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
    }

    /** The negotiated protocol and cipher suite, or "plain". */
    String tlsSession() {
        return socket instanceof SSLSocket s ? s.getSession().getProtocol() + " " + s.getSession().getCipherSuite() : "plain";
    }

    static RawImap login(String host, int port, String user, String pass) throws IOException {
        RawImap c = new RawImap(host, port);
        c.ok("LOGIN " + user + " " + pass);
        return c;
    }

    void reset() {
        fetches = 0;
        sizeSum = 0;
        literalBytes = 0;
        crc.reset();
        searchHits = 0;
    }

    /** Sends one command and reads through its tagged reply, which must be OK. */
    void ok(String command) throws IOException {
        String t = send(command, null);
        readUntil(t);
        if (!lastTagged.startsWith(t + " OK")) {
            throw new IOException(command + " -> " + lastTagged);
        }
    }

    /** Deletes every message of {@code mailbox} (leaving it selected): puts a workload's folder back as it was. */
    void empty(String mailbox) throws IOException {
        ok("SELECT " + mailbox);
        if (exists > 0) {
            ok("STORE 1:* +FLAGS.SILENT (\\Deleted)");
            ok("EXPUNGE");
        }
    }

    /** APPEND with a LITERAL+ literal (Dovecot has LITERAL+): one round trip. */
    void append(String mailbox, byte[] message) throws IOException {
        String t = send("APPEND " + mailbox + " {" + message.length + "+}", message);
        readUntil(t);
        if (!lastTagged.startsWith(t + " OK")) {
            throw new IOException("APPEND -> " + lastTagged);
        }
    }

    /** MULTIAPPEND (RFC 3502) of all {@code messages} as one command, every literal LITERAL+: one round trip. */
    void multiAppend(String mailbox, List<byte[]> messages) throws IOException {
        String t = "r" + (++tag);
        out.write((t + " APPEND " + mailbox).getBytes(StandardCharsets.US_ASCII));
        for (byte[] m : messages) {
            out.write((" {" + m.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(m);
        }
        out.write('\r');
        out.write('\n');
        out.flush();
        readUntil(t);
        if (!lastTagged.startsWith(t + " OK")) {
            throw new IOException("MULTIAPPEND -> " + lastTagged);
        }
    }

    /**
     * Sends IDLE, waits for the continuation, then reads (in the calling thread) until the IDLE's
     * tagged reply, handing each {@code * n EXISTS} to {@code onExists}; {@link #done()} (from
     * another thread) ends it.
     */
    void idle(Runnable started, IntConsumer onExists) throws IOException {
        idleLoop(started, () -> {
            exists = -1;
            scanUntagged();
            if (exists >= 0) {
                onExists.accept(exists);
            }
        });
    }

    /**
     * Like {@link #idle}, but hands every untagged line (first line only) to {@code onUntagged}
     * together with the {@link System#nanoTime()} just after it was read: NOTIFY's
     * {@code * STATUS} lines, which {@link #idle} ignores.
     */
    void idleUntagged(Runnable started, java.util.function.BiConsumer<Long, String> onUntagged) throws IOException {
        idleLoop(started, () -> {
            if (lineLen > 0 && line[0] == '*') {
                onUntagged.accept(lineRead, lineString());
            }
        });
    }

    /** When {@link #idleLoop} read the current line. */
    private long lineRead;

    /** IDLE until its tagged reply; {@code onLine} sees every other line after the continuation, in {@link #line}. */
    private void idleLoop(Runnable started, Runnable onLine) throws IOException {
        String t = send("IDLE", null);
        byte[] tb = t.getBytes(StandardCharsets.US_ASCII);
        boolean going = false;
        while (true) {
            readLine();
            lineRead = System.nanoTime();
            if (!going && lineLen > 0 && line[0] == '+') {
                going = true;
                started.run();
            } else if (lineLen > tb.length && line[tb.length] == ' ' && startsWith(tb)) {
                lastTagged = lineString();
                if (!lastTagged.startsWith(t + " OK")) {
                    throw new IOException("IDLE -> " + lastTagged);
                }
                return;
            } else {
                onLine.run();
            }
        }
    }

    /** Ends an IDLE running in another thread. */
    void done() throws IOException {
        synchronized (this) {
            out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    private String send(String command, byte[] literal) throws IOException {
        String t = "r" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (literal != null) {
            out.write(literal);
            out.write('\r');
            out.write('\n');
        }
        out.flush();
        return t;
    }

    private void readUntil(String t) throws IOException {
        byte[] tb = t.getBytes(StandardCharsets.US_ASCII);
        while (true) {
            readLine();
            boolean tagged = lineLen > tb.length && line[tb.length] == ' ' && startsWith(tb);
            // a response may continue after literals: {n}CRLF <n bytes> rest-of-line
            boolean first = true;
            while (true) {
                if (first) {
                    scanUntagged();
                    first = false;
                }
                long lit = literalAtEnd();
                if (lit < 0) {
                    break;
                }
                drain(lit);
                readLine();
                scanSizes(0);
            }
            if (tagged) {
                lastTagged = lineString();
                return;
            }
        }
    }

    /** At the start of an untagged response: count FETCH, RFC822.SIZE, SEARCH hits, EXISTS. */
    private void scanUntagged() {
        if (lineLen < 4 || line[0] != '*') {
            return;
        }
        if (untagged != null) {
            untagged.add(new String(line, 0, lineLen, StandardCharsets.UTF_8));
        }
        int i = 2;
        int n = 0;
        while (i < lineLen && line[i] >= '0' && line[i] <= '9') {
            n = n * 10 + (line[i++] - '0');
        }
        if (i > 2 && i + 6 <= lineLen && line[i + 1] == 'F' && line[i + 2] == 'E' && line[i + 5] == 'H') {
            fetches++;
            scanSizes(i);
        } else if (i > 2 && i + 7 <= lineLen && line[i + 1] == 'E' && line[i + 2] == 'X' && line[i + 3] == 'I') {
            exists = n;
        } else if (startsWith("* SEARCH")) {
            for (int k = 8; k < lineLen; k++) {
                if (line[k] == ' ') {
                    searchHits++;
                }
            }
        }
    }

    private static final byte[] SIZE = "RFC822.SIZE ".getBytes(StandardCharsets.US_ASCII);

    private void scanSizes(int from) {
        outer:
        for (int i = from; i + SIZE.length < lineLen; i++) {
            for (int k = 0; k < SIZE.length; k++) {
                if (line[i + k] != SIZE[k]) {
                    continue outer;
                }
            }
            long v = 0;
            for (int j = i + SIZE.length; j < lineLen && line[j] >= '0' && line[j] <= '9'; j++) {
                v = v * 10 + (line[j] - '0');
            }
            sizeSum += v;
            return;
        }
    }

    private long literalAtEnd() {
        if (lineLen < 3 || line[lineLen - 1] != '}') {
            return -1;
        }
        int i = lineLen - 2;
        long v = 0;
        long mul = 1;
        while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
            v += (line[i] - '0') * mul;
            mul *= 10;
            i--;
        }
        return i >= 0 && line[i] == '{' && mul > 1 ? v : -1;
    }

    private void drain(long n) throws IOException {
        literalBytes += n;
        while (n > 0) {
            if (pos == lim) {
                fill();
            }
            int k = (int) Math.min(n, lim - pos);
            crc.update(buf, pos, k);
            pos += k;
            n -= k;
        }
    }

    private void fill() throws IOException {
        lim = in.read(buf, 0, buf.length);
        pos = 0;
        if (lim <= 0) {
            lim = 0;
            throw new IOException("connection closed by server");
        }
    }

    /** Reads one line (without CRLF) into {@link #line}. */
    private void readLine() throws IOException {
        lineLen = 0;
        while (true) {
            if (pos == lim) {
                fill();
            }
            int start = pos;
            while (pos < lim && buf[pos] != '\n') {
                pos++;
            }
            int k = pos - start;
            if (lineLen + k > line.length) {
                byte[] n = new byte[Math.max(line.length * 2, lineLen + k)];
                System.arraycopy(line, 0, n, 0, lineLen);
                line = n;
            }
            System.arraycopy(buf, start, line, lineLen, k);
            lineLen += k;
            if (pos < lim) {   // at '\n'
                pos++;
                if (lineLen > 0 && line[lineLen - 1] == '\r') {
                    lineLen--;
                }
                return;
            }
        }
    }

    private boolean startsWith(String s) {
        return startsWith(s.getBytes(StandardCharsets.US_ASCII));
    }

    private boolean startsWith(byte[] p) {
        if (lineLen < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (line[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private String lineString() {
        return new String(line, 0, Math.min(lineLen, 300), StandardCharsets.UTF_8);
    }

    /** LOGOUT (reply read) and close. */
    void logout() throws IOException {
        try {
            String t = send("LOGOUT", null);
            readUntil(t);
        } finally {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
