package dev.imap4lib.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;

/**
 * A fake IMAP server on 127.0.0.1 that plays a {@link Script} against each client connection, for
 * tests that need behaviour no real server produces on demand (malformed responses, drops at an
 * exact byte, stalls, drips, replies for extensions a test server lacks).
 *
 * <p>Each {@link #expect expected} script serves exactly one accepted connection, in order;
 * {@link #start(String)} is the one-connection shortcut. For a client that reconnects, queue one
 * script per connection with {@link #expect(String)} (before or while the client runs). A
 * connection beyond the queued scripts is not accepted (it waits in the listen backlog).
 * Connections are served concurrently, each on its own daemon thread.
 *
 * <p>Every blocking step is bounded by the server's timeout (default 10 s): waiting for a
 * connection, each read from the client, and each write (a write blocked because the client stopped
 * reading fails the script). When a script ends without RESET or EOF the connection stays open,
 * silently recording what the client sends, until the client closes it, the timeout passes with
 * nothing received, or the server is closed. A script that fails closes its connection.
 *
 * <p>Everything read from the clients is recorded ({@link #clientBytes()}), up to 16 MiB per
 * connection; bytes beyond that are read but not kept.
 */
public final class ScriptedImapServer implements AutoCloseable {

    /** How long any single wait may take unless another timeout is given to the constructor. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    static final int RECORD_LIMIT = 16 << 20;
    static final int MAX_LINE = 16 << 20;
    private static final int CHUNK = 64 * 1024;

    private final ServerSocket serverSocket;
    private final Duration timeout;
    private final int timeoutMillis;
    private final LinkedBlockingQueue<Connection> pending = new LinkedBlockingQueue<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor watchdog;
    private final Thread acceptThread;
    private volatile boolean closed;

    /** Binds 127.0.0.1 on an ephemeral port with the default timeout; no script yet. */
    public ScriptedImapServer() {
        this(DEFAULT_TIMEOUT);
    }

    /** Binds 127.0.0.1 on an ephemeral port; {@code timeout} bounds every wait. No script yet. */
    public ScriptedImapServer(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout out of range: " + timeout);
        }
        this.timeout = timeout;
        this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
        try {
            serverSocket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind 127.0.0.1", e);
        }
        watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "scripted-imap-watchdog-" + serverSocket.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
        acceptThread = new Thread(this::acceptLoop, "scripted-imap-accept-" + port());
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    /** A started server that serves one connection with this script. */
    public static ScriptedImapServer start(String script) {
        return start(Script.parse(script));
    }

    /** A started server that serves one connection with this script. */
    public static ScriptedImapServer start(Script script) {
        ScriptedImapServer server = new ScriptedImapServer();
        server.expect(script);
        return server;
    }

    /** Queues a script for the next connection not yet given one; returns this. */
    public ScriptedImapServer expect(String script) {
        return expect(Script.parse(script));
    }

    /** Queues a script for the next connection not yet given one; returns this. */
    public ScriptedImapServer expect(Script script) {
        if (closed) {
            throw new IllegalStateException("server is closed");
        }
        Connection c = new Connection(connections.size() + 1, script);
        connections.add(c);
        pending.add(c);
        return this;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Always "127.0.0.1". */
    public String host() {
        return "127.0.0.1";
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(serverSocket.getInetAddress(), port());
    }

    public Duration timeout() {
        return timeout;
    }

    /** {@link #awaitDone(Duration)} with the server's timeout. */
    public void awaitDone() {
        awaitDone(timeout);
    }

    /**
     * Waits until every script queued so far has run to its end.
     *
     * @throws AssertionError describing the first failure (mismatch, I/O error, timeout), or that a
     *     script had not finished within {@code max}
     */
    public void awaitDone(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (Connection c : connections) {
            long left = deadline - System.nanoTime();
            try {
                c.done.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("connection #" + c.index + ": script not finished after " + max
                        + "; " + c.status + "; client sent so far: " + Escape.preview(c.recorded()));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw new AssertionError(cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the script", e);
            }
        }
    }

    /** Every byte read from all connections so far, in connection order. */
    public byte[] clientBytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Connection c : connections) {
            all.writeBytes(c.recorded());
        }
        return all.toByteArray();
    }

    /** {@link #clientBytes()} decoded as ISO-8859-1 (one char per byte). */
    public String clientText() {
        return new String(clientBytes(), StandardCharsets.ISO_8859_1);
    }

    /** Bytes read from the n-th connection (1-based, in script order). */
    public byte[] clientBytes(int connection) {
        return connections.get(connection - 1).recorded();
    }

    /** {@link #clientBytes(int)} decoded as ISO-8859-1. */
    public String clientText(int connection) {
        return new String(clientBytes(connection), StandardCharsets.ISO_8859_1);
    }

    /** How many client connections have been accepted. */
    public int connectionsAccepted() {
        int n = 0;
        for (Connection c : connections) {
            if (c.socket != null) {
                n++;
            }
        }
        return n;
    }

    /** Closes the listener and every connection; unfinished scripts fail. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(serverSocket);
        acceptThread.interrupt();
        for (Connection c : connections) {
            c.fail("server closed before the script finished");
            c.shutdown();
        }
        watchdog.shutdownNow();
        try {
            acceptThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Connection c;
            try {
                c = pending.take();
            } catch (InterruptedException e) {
                return;
            }
            c.status = "waiting for the client to connect";
            Socket s;
            try {
                serverSocket.setSoTimeout(timeoutMillis);
                s = serverSocket.accept();
            } catch (SocketTimeoutException e) {
                c.fail("connection #" + c.index + ": no client connected within " + timeout);
                continue;
            } catch (IOException e) {
                c.fail("connection #" + c.index + ": "
                        + (closed ? "server closed before a client connected" : "accept failed: " + e));
                if (closed) {
                    return;
                }
                continue;
            }
            c.begin(s);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** A script failure with a message meant for the test author. */
    private static final class ScriptFailure extends Exception {
        ScriptFailure(String message) {
            super(message);
        }
    }

    /** One expected connection: its script, socket, recording and outcome. */
    private final class Connection implements Runnable {
        final int index;
        final Script script;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Map<String, String> vars = new HashMap<>();
        final ByteArrayOutputStream record = new ByteArrayOutputStream();
        volatile Socket socket;
        volatile Thread thread;
        volatile String status = "waiting for its turn to accept a connection";
        volatile boolean writeTimedOut;
        long totalRead;
        InputStream in;
        OutputStream out;
        final byte[] buf = new byte[8192];
        int pos;
        int lim;
        boolean fullyClosed;

        Connection(int index, Script script) {
            this.index = index;
            this.script = script;
        }

        void begin(Socket s) {
            socket = s;
            Thread t = new Thread(this, "scripted-imap-conn-" + index + "-" + port());
            t.setDaemon(true);
            thread = t;
            t.start();
            if (closed) {
                shutdown();
            }
        }

        void fail(String message) {
            done.completeExceptionally(new AssertionError(message));
        }

        void shutdown() {
            closeQuietly(socket);
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }

        byte[] recorded() {
            synchronized (record) {
                return record.toByteArray();
            }
        }

        @Override
        public void run() {
            Script.Step step = null;
            try {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(timeoutMillis);
                in = socket.getInputStream();
                out = socket.getOutputStream();
                for (Script.Step s : script.steps()) {
                    step = s;
                    status = "at script line " + s.line + " '" + s.text + "'";
                    execute(s);
                }
                status = "script finished";
                done.complete(null);
            } catch (ScriptFailure f) {
                failAt(step, f.getMessage());
            } catch (InterruptedException e) {
                failAt(step, "interrupted (server closed)");
            } catch (SocketTimeoutException e) {
                failAt(step, "timed out after " + timeout + " waiting for the client");
            } catch (IOException e) {
                failAt(step, closed ? "server closed while the script was running"
                        : "I/O error: " + e + (writeTimedOut ? " (a write blocked for more than " + timeout
                        + ": client stopped reading)" : ""));
            } catch (RuntimeException e) {
                failAt(step, e.toString());
            }
            if (!done.isCompletedExceptionally() && !fullyClosed && !closed) {
                linger();
            }
            closeQuietly(socket);
        }

        private void failAt(Script.Step step, String message) {
            String where = step == null ? "" : ", script line " + step.line + " '" + step.text + "'";
            status = "failed";
            fail("connection #" + index + where + ": " + message);
        }

        /** After the script: keep reading (and recording) until EOF, an idle timeout, or close. */
        private void linger() {
            try {
                socket.setSoTimeout(timeoutMillis);
                while (!closed && fill() >= 0) {
                    pos = lim;
                }
            } catch (IOException ignored) {
                // done lingering
            }
        }

        private void execute(Script.Step s) throws IOException, ScriptFailure, InterruptedException {
            if (s instanceof Script.Send) {
                Script.Send send = (Script.Send) s;
                byte[] b = render(send.template, send.crlf);
                write(b, 0, b.length);
            } else if (s instanceof Script.SendRaw) {
                byte[] b = render(((Script.SendRaw) s).template, false);
                write(b, 0, b.length);
            } else if (s instanceof Script.Expect) {
                expectLine((Script.Expect) s);
            } else if (s instanceof Script.ExpectLiteral) {
                expectLiteral((Script.ExpectLiteral) s);
            } else if (s instanceof Script.SendRepeated) {
                Script.SendRepeated r = (Script.SendRepeated) s;
                byte[] chunk = new byte[(int) Math.min(CHUNK, r.count)];
                Arrays.fill(chunk, r.value);
                long left = r.count;
                while (left > 0) {
                    int n = (int) Math.min(chunk.length, left);
                    write(chunk, 0, n);
                    left -= n;
                }
            } else if (s instanceof Script.Stall) {
                Thread.sleep(((Script.Stall) s).millis);
            } else if (s instanceof Script.Drip) {
                drip((Script.Drip) s);
            } else if (s instanceof Script.Cut) {
                Script.Cut cut = (Script.Cut) s;
                byte[] b = render(cut.template, cut.crlf);
                if (cut.count > b.length) {
                    throw new ScriptFailure("CUT count " + cut.count + " exceeds the " + b.length + "-byte text");
                }
                write(b, 0, (int) cut.count);
                socket.shutdownOutput();
            } else if (s instanceof Script.Close) {
                socket.shutdownOutput();
            } else if (s instanceof Script.Reset) {
                socket.setSoLinger(true, 0);
                socket.close();
                fullyClosed = true;
            } else if (s instanceof Script.ExpectEof) {
                expectEof();
            } else if (s instanceof Script.Wait) {
                waitAndRecord(((Script.Wait) s).millis);
            } else {
                throw new IllegalStateException("unknown step " + s.getClass());
            }
        }

        private byte[] render(Script.Template t, boolean crlf) throws ScriptFailure {
            try {
                return t.render(vars, crlf);
            } catch (IllegalStateException e) {
                throw new ScriptFailure(e.getMessage());
            }
        }

        private void write(byte[] b, int off, int len) throws IOException {
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                writeTimedOut = true;
                closeQuietly(socket);
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            try {
                out.write(b, off, len);
                out.flush();
            } finally {
                alarm.cancel(false);
            }
        }

        private void drip(Script.Drip d) throws IOException, ScriptFailure, InterruptedException {
            byte[] b = render(d.template, d.crlf);
            for (int i = 0; i < b.length; i++) {
                if (i > 0) {
                    Thread.sleep(d.millis);
                }
                try {
                    write(b, i, 1);
                } catch (IOException e) {
                    if (writeTimedOut || closed) {
                        throw e;
                    }
                    return; // the client went away: stop dripping, let the next directive judge
                }
            }
        }

        /** Reads more from the socket into buf (recording it); -1 at EOF. Only when pos == lim. */
        private int fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n > 0) {
                pos = 0;
                lim = n;
                synchronized (record) {
                    int keep = (int) Math.max(0, Math.min(n, RECORD_LIMIT - totalRead));
                    record.write(buf, 0, keep);
                }
                totalRead += n;
            }
            return n;
        }

        private byte[] readLine() throws IOException, ScriptFailure {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                if (pos == lim) {
                    int n;
                    try {
                        n = fill();
                    } catch (SocketTimeoutException e) {
                        throw new ScriptFailure("timed out after " + timeout + " waiting for a client line"
                                + (line.size() > 0 ? "; partial line: " + Escape.preview(line.toByteArray())
                                : " (client sent nothing)"));
                    }
                    if (n < 0) {
                        throw new ScriptFailure("client closed the connection (EOF) "
                                + (line.size() > 0 ? "in the middle of a line: " + Escape.preview(line.toByteArray())
                                : "instead of sending a line"));
                    }
                }
                int start = pos;
                while (pos < lim && buf[pos] != '\n') {
                    pos++;
                }
                boolean found = pos < lim;
                line.write(buf, start, pos - start);
                if (line.size() > MAX_LINE) {
                    throw new ScriptFailure("client line longer than " + MAX_LINE + " bytes");
                }
                if (found) {
                    pos++;
                    byte[] b = line.toByteArray();
                    if (b.length == 0 || b[b.length - 1] != '\r') {
                        throw new ScriptFailure("client line ended with a bare LF (no CR): "
                                + Escape.preview(b) + "\\n");
                    }
                    return Arrays.copyOf(b, b.length - 1);
                }
            }
        }

        private void expectLine(Script.Expect e) throws IOException, ScriptFailure {
            byte[] line = readLine();
            String actual = new String(line, StandardCharsets.ISO_8859_1);
            Matcher m = e.regex.matcher(actual);
            if (!m.matches()) {
                throw new ScriptFailure("client line does not match\n  expected: " + e.pattern
                        + "\n  actual:   " + Escape.preview(line));
            }
            for (int i = 0; i < e.captures.size(); i++) {
                vars.put(e.captures.get(i), m.group(i + 1));
                vars.put("tag", m.group(i + 1));
            }
        }

        private void expectLiteral(Script.ExpectLiteral l) throws IOException, ScriptFailure {
            ByteArrayOutputStream head = new ByteArrayOutputStream(); // first bytes, for messages
            long mismatchAt = -1;
            long got = 0;
            while (got < l.count) {
                if (pos == lim) {
                    int n;
                    try {
                        n = fill();
                    } catch (SocketTimeoutException e) {
                        throw new ScriptFailure("timed out after " + timeout + " reading a " + l.count
                                + "-byte literal; got " + got + " bytes: " + Escape.preview(head.toByteArray()));
                    }
                    if (n < 0) {
                        throw new ScriptFailure("client closed the connection (EOF) after " + got + " of "
                                + l.count + " literal bytes: " + Escape.preview(head.toByteArray()));
                    }
                }
                int take = (int) Math.min(lim - pos, l.count - got);
                if (head.size() < 4096) {
                    head.write(buf, pos, Math.min(take, 4096 - head.size()));
                }
                if (l.expected != null && mismatchAt < 0) {
                    for (int i = 0; i < take; i++) {
                        if (buf[pos + i] != l.expected[(int) got + i]) {
                            mismatchAt = got + i;
                            break;
                        }
                    }
                }
                pos += take;
                got += take;
            }
            if (mismatchAt >= 0) {
                throw new ScriptFailure("client literal differs at byte " + mismatchAt + "\n  expected: "
                        + Escape.preview(l.expected) + "\n  actual:   " + Escape.preview(head.toByteArray()));
            }
        }

        private void expectEof() throws IOException, ScriptFailure {
            if (pos < lim) {
                throw new ScriptFailure("expected the client to close, but it sent: "
                        + Escape.preview(Arrays.copyOfRange(buf, pos, lim)));
            }
            int n;
            try {
                n = fill();
            } catch (SocketTimeoutException e) {
                throw new ScriptFailure("client did not close the connection within " + timeout);
            } catch (SocketException e) {
                n = -1; // reset by the client: it closed, abortively
            }
            if (n >= 0) {
                throw new ScriptFailure("expected the client to close, but it sent: "
                        + Escape.preview(Arrays.copyOfRange(buf, pos, lim)));
            }
            socket.close();
            fullyClosed = true;
        }

        private void waitAndRecord(long millis) throws IOException {
            pos = lim;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            try {
                while (true) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                    try {
                        if (fill() < 0) {
                            break;
                        }
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    pos = lim;
                }
            } finally {
                socket.setSoTimeout(timeoutMillis);
            }
        }
    }

    /**
     * Renders bytes for messages in script escape syntax: printable ASCII as is, {@code \r \n \xHH},
     * and a backslash doubled only where it would otherwise read as an escape ({@code \Seen} stays).
     */
    static final class Escape {
        private Escape() {
        }

        static String preview(byte[] b) {
            return escape(b, 400);
        }

        static String escape(byte[] b, int maxChars) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < b.length; i++) {
                if (sb.length() >= maxChars) {
                    sb.append("...(").append(b.length).append(" bytes)");
                    break;
                }
                int c = b[i] & 0xff;
                if (c == '\r') {
                    sb.append("\\r");
                } else if (c == '\n') {
                    sb.append("\\n");
                } else if (c == '\\') {
                    // as in scripts: a backslash stays bare unless it would read as an escape
                    int next = i + 1 < b.length ? b[i + 1] & 0xff : -1;
                    sb.append("rn0x\\$c".indexOf(next) >= 0 || next < 0 ? "\\\\" : "\\");
                } else if (c >= 0x20 && c < 0x7f) {
                    sb.append((char) c);
                } else {
                    sb.append(String.format("\\x%02x", c));
                }
            }
            return "\"" + sb + "\"";
        }
    }
}
