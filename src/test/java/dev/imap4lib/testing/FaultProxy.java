package dev.imap4lib.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A loopback TCP relay that injects one fault, chosen by the test, into the traffic between an
 * IMAP client and a server: at a byte offset of one connection, at a line holding a byte
 * pattern, or at the tagged reply to a command. The fault {@linkplain Action resets}, closes
 * or stalls the connection it hits; every other connection, before and after, is relayed
 * untouched. Everything forwarded is recorded per connection and direction, so a test can say
 * exactly what reached the server.
 *
 * <p>The relay forwards whole lines (at most {@value #MAX_CHUNK} bytes at a time when a line is
 * longer), which lets it cut a line at its first byte even when the peer wrote it in pieces. That
 * suits IMAP, where neither side waits for an answer in the middle of a line. Bytes before the
 * cut are forwarded exactly; nothing at or after it is.
 *
 * <pre>{@code
 * try (FaultProxy proxy = new FaultProxy("127.0.0.1", port,
 *         FaultProxy.Fault.of(FaultProxy.Trigger.beforeReplyTo(" COPY ", 1), FaultProxy.Action.RESET))) {
 *     ... connect the client to proxy.port() ...
 * }
 * }</pre>
 *
 * <p>Threads are daemons; {@link #close()} resets every connection, stalled ones included.
 */
public final class FaultProxy implements AutoCloseable {
    /** Longest piece forwarded at once when no line end arrives. */
    public static final int MAX_CHUNK = 64 * 1024;

    /** Which way bytes travel. */
    public enum Direction {
        CLIENT_TO_SERVER, SERVER_TO_CLIENT
    }

    /** What happens at the cut. */
    public enum Action {
        /** Both sockets are closed with SO_LINGER 0: each peer gets a TCP RST. */
        RESET,
        /** Both sockets are closed normally: each peer reads end of stream (FIN). */
        CLOSE,
        /** Nothing more is forwarded either way, but both sockets stay open (a dead network). */
        STALL
    }

    /** Where a line is cut relative to the line that matched. */
    public enum Anchor {
        /** At the line's first byte (the delta is relative to it). */
        LINE_START,
        /** At the pattern's first byte. */
        PATTERN_START,
        /** Just after the line's last byte (its LF); a positive delta reaches into what follows. */
        LINE_END
    }

    /** Where the fault strikes. */
    public sealed interface Trigger permits AtOffset, AtPattern, AtReply {
        /** Byte {@code offset} (0-based; the bytes before it are forwarded) of the given direction of the {@code connection}-th connection (1-based). */
        static Trigger atOffset(Direction direction, int connection, long offset) {
            return new AtOffset(direction, connection, offset);
        }

        /** {@code delta} bytes after the first byte of the {@code occurrence}-th occurrence (over all connections, one per line) of {@code pattern}. */
        static Trigger atPattern(Direction direction, String pattern, int occurrence, long delta) {
            return new AtPattern(direction, ascii(pattern), occurrence, Anchor.PATTERN_START, delta);
        }

        /** The first byte of the {@code occurrence}-th line (over all connections) that contains {@code pattern}. */
        static Trigger atLineWith(Direction direction, String pattern, int occurrence) {
            return new AtPattern(direction, ascii(pattern), occurrence, Anchor.LINE_START, 0);
        }

        /** {@code delta} bytes after the end of the {@code occurrence}-th line that contains {@code pattern} (e.g. inside the literal it announces). */
        static Trigger afterLineWith(Direction direction, String pattern, int occurrence, long delta) {
            return new AtPattern(direction, ascii(pattern), occurrence, Anchor.LINE_END, delta);
        }

        /** Server to client, just before the tagged reply to the {@code occurrence}-th command line holding {@code commandPattern}. */
        static Trigger beforeReplyTo(String commandPattern, int occurrence) {
            return new AtReply(ascii(commandPattern), occurrence, false);
        }

        /** Server to client, just after the tagged reply (its CRLF) to the {@code occurrence}-th command line holding {@code commandPattern}. */
        static Trigger afterReplyTo(String commandPattern, int occurrence) {
            return new AtReply(ascii(commandPattern), occurrence, true);
        }
    }

    /** An absolute offset in one direction of one connection. */
    public record AtOffset(Direction direction, int connection, long offset) implements Trigger {
        public AtOffset {
            Objects.requireNonNull(direction);
            if (connection < 1 || offset < 0) {
                throw new IllegalArgumentException("connection counts from 1, offsets from 0");
            }
        }
    }

    /**
     * The {@code occurrence}-th line in {@code direction} (counted over all connections) that
     * contains {@code pattern}; the cut is at {@code anchor} plus {@code delta} bytes (a cut that
     * would fall before bytes already forwarded happens at once instead).
     */
    public record AtPattern(Direction direction, byte[] pattern, int occurrence, Anchor anchor, long delta)
            implements Trigger {
        public AtPattern {
            Objects.requireNonNull(direction);
            Objects.requireNonNull(anchor);
            if (pattern.length == 0 || occurrence < 1) {
                throw new IllegalArgumentException("empty pattern or occurrence below 1");
            }
            pattern = pattern.clone();
        }

        @Override
        public byte[] pattern() {
            return pattern.clone();
        }

        @Override
        public String toString() {
            return "AtPattern[" + direction + " \"" + new String(pattern, StandardCharsets.ISO_8859_1).strip() + "\" #"
                    + occurrence + " " + anchor + (delta == 0 ? "" : (delta > 0 ? "+" : "") + delta) + "]";
        }
    }

    /**
     * The tagged reply (same tag, same connection) to the {@code occurrence}-th client line that
     * contains {@code commandPattern}: the cut is before its first byte, or after its last.
     */
    public record AtReply(byte[] commandPattern, int occurrence, boolean after) implements Trigger {
        public AtReply {
            if (commandPattern.length == 0 || occurrence < 1) {
                throw new IllegalArgumentException("empty pattern or occurrence below 1");
            }
            commandPattern = commandPattern.clone();
        }

        @Override
        public byte[] commandPattern() {
            return commandPattern.clone();
        }

        @Override
        public String toString() {
            return "AtReply[" + (after ? "after" : "before") + " reply to \""
                    + new String(commandPattern, StandardCharsets.ISO_8859_1).strip() + "\" #" + occurrence + "]";
        }
    }

    /** One fault: where, and what. */
    public record Fault(Trigger trigger, Action action) {
        public Fault {
            Objects.requireNonNull(trigger);
            Objects.requireNonNull(action);
        }

        public static Fault of(Trigger trigger, Action action) {
            return new Fault(trigger, action);
        }
    }

    /** The cut that happened: on which connection, which way, after how many forwarded bytes. */
    public record Cut(int connection, Direction direction, long offset, Action action) {
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Fault fault;
    private final UnaryOperator<byte[]> serverLines;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger matches = new AtomicInteger();
    private final AtomicBoolean fired = new AtomicBoolean();
    private final CountDownLatch firedLatch = new CountDownLatch(1);
    private volatile Cut cut;
    private volatile boolean closed;

    /** A relay to {@code host:port} that injects {@code fault} (null: none, a plain recording relay). */
    public FaultProxy(String host, int port, Fault fault) throws IOException {
        this(host, port, fault, UnaryOperator.identity());
    }

    /**
     * As {@link FaultProxy#FaultProxy(String, int, Fault)}, with each line from the server first
     * passed through {@code serverLines} (see {@link #hideCapability}); offsets and recordings
     * are of the rewritten bytes, as the client sees them.
     */
    public FaultProxy(String host, int port, Fault fault, UnaryOperator<byte[]> serverLines) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.fault = fault;
        this.serverLines = Objects.requireNonNull(serverLines);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fault-proxy-accept-" + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /**
     * A rewrite for server lines that drops {@code capability} from CAPABILITY lists (untagged
     * or in a response code), so a client believes the server lacks it.
     */
    public static UnaryOperator<byte[]> hideCapability(String capability) {
        Pattern word = Pattern.compile(" " + Pattern.quote(capability) + "(?=[ \\]\\r\\n])", Pattern.CASE_INSENSITIVE);
        return line -> {
            String s = new String(line, StandardCharsets.ISO_8859_1);
            if (!s.toUpperCase(java.util.Locale.ROOT).contains("CAPABILITY")) {
                return line;
            }
            return word.matcher(s).replaceAll("").getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    /** The address to connect to instead of the server's (loopback). */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** The port to connect to instead of the server's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return links.size();
    }

    /** What was forwarded on the {@code connection}-th connection (1-based) in {@code direction}. */
    public byte[] forwarded(int connection, Direction direction) {
        return links.get(connection - 1).recorded(direction);
    }

    /** {@link #forwarded} as ISO-8859-1 text. */
    public String forwardedText(int connection, Direction direction) {
        return new String(forwarded(connection, direction), StandardCharsets.ISO_8859_1);
    }

    /** How often {@code pattern} occurs in what was forwarded in {@code direction}, over all connections. */
    public int occurrences(Direction direction, String pattern) {
        byte[] p = ascii(pattern);
        int n = 0;
        for (Link l : links) {
            byte[] b = l.recorded(direction);
            for (int i = indexOf(b, b.length, p, 0); i >= 0; i = indexOf(b, b.length, p, i + 1)) {
                n++;
            }
        }
        return n;
    }

    /** The cut, once it happened. */
    public Optional<Cut> cut() {
        return Optional.ofNullable(cut);
    }

    /** Waits until the fault has struck; false if it has not within {@code timeout}. */
    public boolean awaitCut(Duration timeout) throws InterruptedException {
        return firedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Strikes the {@code connection}-th connection (1-based) now with {@code action}, whatever its
     * fault (for an injector choosing its own moments, as a chaos test does); false when that
     * connection was already cut or closed. Other connections are not touched.
     */
    public boolean strike(int connection, Action action) {
        return links.get(connection - 1).strike(action);
    }

    /** Whether the {@code connection}-th connection (1-based) is still relayed (not cut, not closed). */
    public boolean isOpen(int connection) {
        Link l = links.get(connection - 1);
        return !l.frozen && !l.client.isClosed() && !l.server.isClosed();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            Socket server = new Socket();
            try {
                client.setTcpNoDelay(true);
                server.connect(target, 5000);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client, true);
                closeQuietly(server, true);
                continue;
            }
            Link link = new Link(links.size() + 1, client, server);
            links.add(link);
            if (closed) {
                link.kill(true);
                return;
            }
            link.start();
        }
    }

    /** One relayed connection. */
    private final class Link {
        final int index;
        final Socket client;
        final Socket server;
        final ByteArrayOutputStream[] recorded = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        final long[] offsets = new long[2];
        /** An absolute offset, per direction, where a LINE_END+delta cut falls (-1: none). */
        final long[] armedAt = {-1, -1};
        /** Tag of the command whose tagged reply is the cut (AtReply). */
        volatile String armedTag;
        /**
         * Set when the fault strikes, before the last bytes ahead of the cut are written: the
         * peer may answer them at once, and the other direction must not forward that answer.
         */
        volatile boolean frozen;

        Link(int index, Socket client, Socket server) {
            this.index = index;
            this.client = client;
            this.server = server;
        }

        byte[] recorded(Direction d) {
            ByteArrayOutputStream b = recorded[d.ordinal()];
            synchronized (b) {
                return b.toByteArray();
            }
        }

        void start() {
            pump(Direction.CLIENT_TO_SERVER, client, server);
            pump(Direction.SERVER_TO_CLIENT, server, client);
        }

        private void pump(Direction d, Socket from, Socket to) {
            Thread t = new Thread(() -> run(d, from, to), "fault-proxy-" + index + "-" + d);
            t.setDaemon(true);
            t.start();
        }

        private void run(Direction d, Socket from, Socket to) {
            byte[] buf = new byte[16 * 1024];
            byte[] pending = new byte[4096];
            int len = 0;
            boolean keepOpen = false;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while (!frozen && (n = in.read(buf)) >= 0) {
                    if (frozen) {
                        break;
                    }
                    if (len + n > pending.length) {
                        pending = Arrays.copyOf(pending, Math.max(pending.length * 2, len + n));
                    }
                    System.arraycopy(buf, 0, pending, len, n);
                    len += n;
                    int start = 0;
                    while (start < len) {
                        int lf = indexOfByte(pending, start, len, (byte) '\n');
                        int end;
                        if (lf >= 0) {
                            end = lf + 1;
                        } else if (len - start >= MAX_CHUNK) {
                            end = len;
                        } else {
                            break;
                        }
                        byte[] line = Arrays.copyOfRange(pending, start, end);
                        start = end;
                        if (d == Direction.SERVER_TO_CLIENT) {
                            line = serverLines.apply(line);
                        }
                        if (!forward(d, line, out)) {
                            keepOpen = true; // the fault decides what becomes of the sockets
                            return;
                        }
                    }
                    System.arraycopy(pending, start, pending, 0, len - start);
                    len -= start;
                }
                keepOpen = frozen;
            } catch (IOException e) {
                keepOpen = frozen;
            } finally {
                if (!keepOpen) {
                    closeQuietly(from, false);
                    closeQuietly(to, false);
                }
            }
        }

        /** Forwards one line, or the part before the cut; false when the fault struck (here or the other way). */
        private boolean forward(Direction d, byte[] line, OutputStream out) throws IOException {
            if (frozen) {
                return false;
            }
            int cutAt = fired.get() || fault == null ? -1 : cutPosition(d, line);
            if (cutAt < 0 || !fired.compareAndSet(false, true)) {
                // no cut here, or another connection's fault struck first: the line goes on as usual
                write(d, line, line.length, out);
                return true;
            }
            frozen = true;
            write(d, line, cutAt, out);
            cut = new Cut(index, d, offsets[d.ordinal()], fault.action());
            switch (fault.action()) {
                case RESET -> kill(true);
                case CLOSE -> kill(false);
                case STALL -> {
                    // both sockets stay open; neither pump forwards any more
                }
            }
            firedLatch.countDown();
            return false;
        }

        private void write(Direction d, byte[] line, int len, OutputStream out) throws IOException {
            if (len > 0) {
                out.write(line, 0, len);
                out.flush();
                ByteArrayOutputStream rec = recorded[d.ordinal()];
                synchronized (rec) {
                    rec.write(line, 0, len);
                }
            }
            offsets[d.ordinal()] += len;
        }

        /** Where in {@code line} the fault strikes (0..length), or -1 when not in this line. */
        private int cutPosition(Direction d, byte[] line) {
            long here = offsets[d.ordinal()];
            Trigger t = fault.trigger();
            if (t instanceof AtOffset a) {
                if (a.direction() == d && a.connection() == index && a.offset() <= here + line.length) {
                    return (int) Math.max(0, a.offset() - here);
                }
                return -1;
            }
            if (t instanceof AtPattern p) {
                if (p.direction() != d) {
                    return -1;
                }
                long armed = armedAt[d.ordinal()];
                if (armed >= 0) {
                    return armed <= here + line.length ? (int) Math.max(0, armed - here) : -1;
                }
                int at = indexOf(line, line.length, p.pattern, 0);
                if (at < 0 || matches.incrementAndGet() != p.occurrence()) {
                    return -1;
                }
                long base = switch (p.anchor()) {
                    case LINE_START -> 0;
                    case PATTERN_START -> at;
                    case LINE_END -> line.length;
                };
                long pos = base + p.delta();
                if (pos <= line.length) {
                    return (int) Math.max(0, pos);
                }
                armedAt[d.ordinal()] = here + pos;
                return -1;
            }
            AtReply r = (AtReply) t;
            if (d == Direction.CLIENT_TO_SERVER) {
                // armed before the command goes on, so the reply cannot overtake it
                if (armedTag == null && indexOf(line, line.length, r.commandPattern, 0) >= 0
                        && matches.incrementAndGet() == r.occurrence()) {
                    int sp = indexOfByte(line, 0, line.length, (byte) ' ');
                    armedTag = new String(line, 0, Math.max(0, sp), StandardCharsets.ISO_8859_1);
                }
                return -1;
            }
            String tag = armedTag;
            if (tag == null || !startsWith(line, tag + " ")) {
                return -1;
            }
            return r.after() ? line.length : 0;
        }

        boolean strike(Action action) {
            synchronized (this) {
                if (frozen || client.isClosed() || server.isClosed()) {
                    return false;
                }
                frozen = true;   // neither pump forwards any more
            }
            switch (action) {
                case RESET -> kill(true);
                case CLOSE -> kill(false);
                case STALL -> {
                    // both sockets stay open until close()
                }
            }
            return true;
        }

        void kill(boolean reset) {
            closeQuietly(client, reset);
            closeQuietly(server, reset);
        }
    }

    private static boolean startsWith(byte[] line, String prefix) {
        byte[] p = ascii(prefix);
        if (line.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (line[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfByte(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, int len, byte[] p, int from) {
        outer:
        for (int i = from; i <= len - p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (b[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Socket s, boolean reset) {
        try {
            if (reset && !s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Stops accepting and resets every connection, stalled ones included. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Link l : links) {
            l.kill(true);
        }
    }
}
