package dev.imap4lib.client;

import dev.imap4lib.wire.CommandEncoder;
import dev.imap4lib.wire.Excerpt;
import dev.imap4lib.wire.RawResponse;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One open IDLE (RFC 2177) of a connection, behind the public {@link Imap4.Idler}: it sends
 * IDLE, waits for input up to the IDLE's deadline, hands out the untagged responses the
 * {@link ResponseRouter} queues meanwhile, re-issues IDLE before the server's 30-minute limit,
 * and sends DONE when asked to, at the deadline, or on close.
 *
 * <p><b>Concurrency.</b> The thread that opened the IDLE holds the {@link CommandEngine}'s
 * command lock from {@link Imap4#idle} until {@link #close()}: it alone reads, so {@link #next}
 * and {@link #burst} are for that thread, and a command from it (or from a listener, which runs
 * on it while {@link #next} reads) throws. {@link #done()} may come from any other thread: it
 * takes only the engine's write lock, to send DONE between whole writes, and the volatile flags
 * tell the reading thread that IDLE is ending.
 */
final class IdleSession {
    private final CommandEngine engine;
    private final ResponseRouter router;
    private final Duration reissue;
    private final long deadline;
    private CommandHandle handle;
    private byte[] tag;
    private volatile boolean idling;
    private volatile boolean doneSent;
    private volatile boolean stopRequested;
    private long reissueAt;
    private boolean finished;

    IdleSession(CommandEngine engine, Duration duration, Duration reissue) {
        this.engine = engine;
        this.router = engine.router;
        this.reissue = reissue;
        long now = System.nanoTime();
        deadline = duration == null ? Long.MAX_VALUE : now + Math.max(0, duration.toNanos());
    }

    void begin() throws IOException {
        engine.ensureUsable("IDLE");
        engine.admit("IDLE", null);
        if (router.idleQueue == null) {
            router.idleQueue = new ArrayDeque<>();
        }
        String t = engine.tags.next();
        // IDLE can last for hours: its handle keeps nothing
        handle = new CommandHandle(t, "IDLE", Gathered.NONE, null, false);
        tag = handle.tagBytes;
        engine.trace.sent(t + " IDLE");
        engine.flight.addLast(handle);
        engine.write((t + " IDLE\r\n").getBytes(StandardCharsets.US_ASCII));
        Imap4.Completion c = engine.readUntil(handle, null, r -> true);
        if (c != null) {
            // The server refused IDLE (or ended it at once).
            router.dropIdleQueue();
            engine.finish("IDLE", c);
            throw new Imap4Exception("IDLE failed: " + Imap4Exception.answer(c.status(), c.code(), c.text()), c.status(), c.code(), null);
        }
        idling = true;
        doneSent = false;
        reissueAt = System.nanoTime() + reissue.toNanos();
    }

    Untagged next(Duration maxWait) throws IOException {
        long waitEnd = maxWait == null ? Long.MAX_VALUE : System.nanoTime() + maxWait.toNanos();
        while (true) {
            if (router.idleQueue == null) {
                return null; // a re-issued IDLE was refused
            }
            if (!router.idleQueue.isEmpty()) {
                return router.idleQueue.poll();
            }
            if (!idling || finished) {
                return null;
            }
            long now = System.nanoTime();
            if (stopRequested || now >= deadline) {
                end();
                continue;
            }
            if (now >= reissueAt) {
                // Leave and re-enter IDLE before the server's 30-minute limit; responses
                // that arrive meanwhile stay queued.
                end();
                begin();
                continue;
            }
            if (now >= waitEnd) {
                return null;
            }
            long until = Math.min(Math.min(deadline, reissueAt), waitEnd);
            long ms = Math.max(1, (until - now) / 1_000_000);
            if (!waitForInput(ms)) {
                continue;
            }
            RawResponse r = readBeforeDeadline();
            switch (r.kind()) {
                case UNTAGGED -> router.handleUntagged(r);
                case CONTINUATION -> {
                    // a second '+' is harmless here
                }
                default -> {
                    if (!r.hasTag(tag)) {
                        throw engine.abort("unexpected tagged response in IDLE: " + Excerpt.escape(r.bytes()), null);
                    }
                    idling = false; // the server ended IDLE itself
                    engine.complete(r);
                    engine.finish("IDLE", handle.done);
                }
            }
        }
    }

    /**
     * Reads the response whose first bytes have arrived. When the IDLE deadline (or the time
     * to re-issue IDLE) passes while the rest of it is on its way, DONE goes out then, and
     * the response is still read to its end (within the normal read timeout) and delivered:
     * a slow line neither holds IDLE open past its deadline nor loses its bytes.
     */
    private RawResponse readBeforeDeadline() throws IOException {
        int normal = engine.transport.readTimeout();
        long now = System.nanoTime();
        long due = Math.min(deadline, reissueAt);
        if (doneSent || (normal > 0 && due - now >= normal * 1_000_000L)) {
            return engine.readResponse(); // the normal read timeout ends first anyway
        }
        try {
            engine.transport.setReadTimeout((int) Math.max(1, (due - now) / 1_000_000));
            engine.reader.setStallHandler(() -> {
                long left = due - System.nanoTime();
                if (left > 0 && !doneSent) {
                    engine.transport.setReadTimeout((int) Math.max(1, left / 1_000_000));
                    return true;
                }
                if (doneSent && engine.transport.readTimeout() == normal) {
                    return false; // a whole read timeout without a byte: the normal failure
                }
                sendDone();
                engine.transport.setReadTimeout(normal);
                return true;
            });
            return engine.readResponse();
        } finally {
            engine.reader.setStallHandler(null);
            try {
                engine.transport.setReadTimeout(normal);
            } catch (IOException ignored) {
                // the next read reports a broken connection
            }
        }
    }

    private boolean waitForInput(long ms) throws IOException {
        int old = engine.transport.readTimeout();
        try {
            engine.transport.setReadTimeout((int) Math.min(Integer.MAX_VALUE, ms));
            engine.reader.setProgressTimeout(0); // waiting in IDLE is no slow response
            return engine.reader.awaitInput();
        } catch (EOFException e) {
            throw engine.abort(router.byeText != null ? "server said BYE: " + router.byeText : "connection closed by server during IDLE", e);
        } catch (IOException e) {
            throw engine.abort("connection failed during IDLE: " + e.getMessage(), e);
        } finally {
            try {
                engine.transport.setReadTimeout(old);
            } catch (IOException ignored) {
                // the next read reports a broken connection
            }
        }
    }

    List<Untagged> burst(Duration interval) throws IOException {
        List<Untagged> out = new ArrayList<>();
        Untagged first = next(null);
        if (first == null) {
            return out;
        }
        out.add(first);
        Untagged u;
        while ((u = next(interval)) != null) {
            out.add(u);
        }
        return out;
    }

    void done() throws IOException {
        stopRequested = true;
        sendDone();
    }

    private void sendDone() throws IOException {
        synchronized (engine.writeLock) {
            if (doneSent || !idling) {
                return;
            }
            doneSent = true;
        }
        engine.trace.sent("DONE");
        engine.write(CommandEncoder.line("DONE"));
    }

    /** Sends DONE and reads to the IDLE's completion. */
    private void end() throws IOException {
        if (!idling) {
            return;
        }
        sendDone();
        Imap4.Completion c = engine.readUntil(handle, null, r -> false);
        idling = false;
        engine.finish("IDLE", c);
    }

    boolean isIdling() {
        return idling;
    }

    void close() throws IOException {
        if (finished) {
            return;
        }
        try {
            if (engine.abortReason == null) {
                end();
            }
        } finally {
            finished = true;
            router.dropIdleQueue();
            engine.release();
        }
    }
}
