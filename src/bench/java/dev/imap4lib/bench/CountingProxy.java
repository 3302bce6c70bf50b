package dev.imap4lib.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy between a client and Dovecot that counts, per direction, bytes, and the
 * IMAP "units" in it: the client's command lines (a line plus the literals it announces, so an
 * APPEND with its message counts once; SASL continuation lines count too), and the server's
 * {@code +} continuation requests (each one is an extra round trip for a synchronizing literal).
 * Literal bodies are skipped by their announced length, never scanned.
 */
final class CountingProxy implements Closeable {
    private final ServerSocket server;
    private final int target;
    private final AtomicInteger open = new AtomicInteger();
    final AtomicLong commands = new AtomicLong();
    final AtomicLong continuations = new AtomicLong();
    final AtomicLong bytesUp = new AtomicLong();
    final AtomicLong bytesDown = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    /**
     * When set, gets {@link System#nanoTime()} each time a server line {@code * n EXISTS} has been
     * read, just before it is forwarded: the moment the client could first see it.
     */
    volatile java.util.function.LongConsumer onExists;
    /** Like {@link #onExists}, for server lines {@code * STATUS ...} (NOTIFY's news of a folder not selected). */
    volatile java.util.function.LongConsumer onStatus;

    CountingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        server = new ServerSocket(0, 50, InetAddress.getByName(BenchDovecot.HOST));
        Thread t = new Thread(this::acceptLoop, "bench-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void reset() {
        commands.set(0);
        continuations.set(0);
        bytesUp.set(0);
        bytesDown.set(0);
    }

    /** Waits (up to 5 s) until every proxied connection has closed, so the counts are final. */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (open.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                c.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(BenchDovecot.HOST, target));
                connections.incrementAndGet();
                open.addAndGet(2);
                AtomicInteger pair = new AtomicInteger(2);
                pump(c, s, new Scanner(true), bytesUp, "up", pair);
                pump(s, c, new Scanner(false), bytesDown, "down", pair);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, Scanner scanner, AtomicLong bytes, String dir, AtomicInteger pair) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[1 << 16];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(b)) > 0) {
                    scanner.feed(b, 0, n);
                    bytes.addAndGet(n);
                    out.write(b, 0, n);
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
                if (pair.decrementAndGet() == 0) {
                    closeQuietly(from);
                    closeQuietly(to);
                }
                open.decrementAndGet();
            }
        }, "bench-proxy-" + dir);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // ignore
        }
    }

    private static final byte[] STATUS = "* STATUS ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Frames lines and literals of one direction. */
    private final class Scanner {
        private final boolean client;
        private long literalLeft;
        private boolean lineStart = true;
        private boolean unitStart = true;
        private boolean plusLine;
        private boolean starLine;
        // the last bytes of the current line, enough for "{123456789012+}\r"
        private final byte[] tail = new byte[24];
        private int tailLen;
        private int headLen;

        Scanner(boolean client) {
            this.client = client;
        }

        void feed(byte[] b, int off, int len) {
            int i = off;
            int end = off + len;
            while (i < end) {
                if (literalLeft > 0) {
                    int k = (int) Math.min(literalLeft, end - i);
                    i += k;
                    literalLeft -= k;
                    continue;
                }
                byte c = b[i++];
                if (lineStart) {
                    lineStart = false;
                    if (unitStart) {
                        if (client) {
                            commands.incrementAndGet();
                        }
                        plusLine = c == '+';
                        starLine = c == '*';
                    }
                }
                if (c == '\n') {
                    long lit = literal();
                    if (!client && unitStart && plusLine) {
                        continuations.incrementAndGet();
                    }
                    java.util.function.LongConsumer hook = onExists;
                    if (hook != null && !client && unitStart && starLine && lit < 0 && endsWith("EXISTS")) {
                        hook.accept(System.nanoTime());
                    }
                    java.util.function.LongConsumer status = onStatus;
                    if (status != null && !client && unitStart && headLen == STATUS.length) {
                        status.accept(System.nanoTime());
                    }
                    lineStart = true;
                    tailLen = 0;
                    headLen = 0;
                    if (lit >= 0) {
                        literalLeft = lit;
                        unitStart = false;
                    } else {
                        unitStart = true;
                    }
                } else {
                    // headLen counts how far the line so far matches "* STATUS " (-1: it does not)
                    if (headLen >= 0 && headLen < STATUS.length) {
                        headLen = STATUS[headLen] == c ? headLen + 1 : -1;
                    }
                    if (tailLen == tail.length) {
                        System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                        tailLen--;
                    }
                    tail[tailLen++] = c;
                }
            }
        }

        private boolean endsWith(String word) {
            int e = tailLen;
            if (e > 0 && tail[e - 1] == '\r') {
                e--;
            }
            if (e < word.length()) {
                return false;
            }
            for (int k = 0; k < word.length(); k++) {
                if (tail[e - word.length() + k] != word.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        /** "{n}" or "{n+}" (or "~{n}") at the end of the line just ended, else -1. */
        private long literal() {
            int e = tailLen;
            if (e > 0 && tail[e - 1] == '\r') {
                e--;
            }
            if (e < 3 || tail[e - 1] != '}') {
                return -1;
            }
            int i = e - 2;
            if (tail[i] == '+' || tail[i] == '-') {
                i--;
            }
            long v = 0;
            long mul = 1;
            while (i >= 0 && tail[i] >= '0' && tail[i] <= '9') {
                v += (tail[i] - '0') * mul;
                mul *= 10;
                i--;
            }
            return i >= 0 && tail[i] == '{' && mul > 1 ? v : -1;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
