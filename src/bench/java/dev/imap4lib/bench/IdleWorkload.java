package dev.imap4lib.bench;

import dev.imap4lib.bench.ProviderBenchmark.Client;
import dev.imap4lib.bench.ProviderBenchmark.Ctx;
import dev.imap4lib.bench.ProviderBenchmark.Run;
import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Workload 7: how soon a client idling on a folder learns of a message another connection
 * appends. The client opens {@value #BOX} and waits in IDLE on its own thread (Angus:
 * {@code IMAPFolder.idle()}; imap4lib: {@code Imap4libFolder.idle(null)}; RAW: {@code IDLE} on a
 * raw socket). A second connection, a raw socket shared by all clients, appends
 * {@value #APPENDS} messages one at a time. Each latency runs from just before the APPEND is
 * written to the moment the client's {@code messagesAdded} listener runs (RAW: the moment the
 * {@code * n EXISTS} line is read), so the server's own notification delay (500 ms in Dovecot 2.3)
 * is part of every client's figure. To show what the client itself adds, every client talks to
 * the server through a relay ({@link CountingProxy}) that stamps the moment each
 * {@code * n EXISTS} line is forwarded; "client part" runs from that stamp to the event.
 *
 * <p>One unmeasured APPEND first proves the IDLE is running (its event has arrived); the
 * measured ones follow, each after the previous event, with a short pause so that each
 * notification is handled on its own.
 */
final class IdleWorkload {
    static final int APPENDS = 20;
    static final String BOX = "Idle";
    static final String CLIENT_PART = "client part";
    static final String APPEND_OK = "APPEND OK";
    static final long WAIT_SECONDS = 15;
    private static final long PAUSE_MILLIS = 5;

    private IdleWorkload() {
    }

    static Run open(Client c, Ctx x) throws Exception {
        byte[] message = BenchData.crlf(BenchData.small(BenchData.SMALL + 7_777, "bench@localhost").text
                .getBytes(StandardCharsets.UTF_8));
        RawImap appender = RawImap.login(BenchDovecot.HOST, x.directPort, BenchDovecot.USER, BenchDovecot.PASS);
        CountingProxy relay = new CountingProxy(x.port);
        BlockingQueue<Long> forwarded = new LinkedBlockingQueue<>();
        Waiter waiter = c == Client.RAW ? new RawWaiter(relay.port()) : new FolderWaiter(c, x, relay.port());
        return new Run() {
            @Override
            String body() throws Exception {
                relay.onExists = forwarded::add;
                BlockingQueue<long[]> events = waiter.start();
                appender.append(BOX, message);
                long[] first = next(events, "the unmeasured first APPEND");
                int seen = (int) first[1];
                forwarded.clear();
                for (int i = 0; i < APPENDS; i++) {
                    Thread.sleep(PAUSE_MILLIS);
                    long t0 = System.nanoTime();
                    appender.append(BOX, message);
                    long ok = System.nanoTime();
                    long[] e = next(events, "APPEND " + (i + 1));
                    Long relayed = forwarded.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                    ProviderBenchmark.check(relayed != null && forwarded.isEmpty(), "one EXISTS relayed per APPEND");
                    x.samples.add(e[0] - t0);
                    x.sample(APPEND_OK, ok - t0);
                    x.sample(CLIENT_PART, e[0] - relayed);
                    seen += (int) e[1];
                    ProviderBenchmark.check(seen == i + 2, seen + " messages announced after " + (i + 2) + " APPENDs");
                }
                x.mark();
                int total = waiter.stop();
                ProviderBenchmark.check(total == APPENDS + 1, "the folder holds " + total + " messages, expected "
                        + (APPENDS + 1));
                return (APPENDS + 1) + " APPENDs, " + APPENDS + " timed, each announced once";
            }

            @Override
            public void close() throws Exception {
                try (relay) {
                    waiter.close();
                } finally {
                    try {
                        appender.empty(BOX);   // untimed
                    } finally {
                        appender.logout();
                    }
                }
            }
        };
    }

    private static long[] next(BlockingQueue<long[]> events, String what) throws Exception {
        long[] e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (e == null) {
            throw new IOException("no new-message event within " + WAIT_SECONDS + " s after " + what);
        }
        if (e.length == 0) {
            throw new IOException("the IDLE ended before " + what);
        }
        return e;
    }

    /**
     * One client waiting for new-message events on its own threads (one here; {@link WatchWorkload}'s
     * Angus client starts one per folder): events are {arrival nanoTime, messages announced, ...};
     * an empty array means a thread ended.
     */
    abstract static class Waiter implements AutoCloseable {
        final BlockingQueue<long[]> events = new LinkedBlockingQueue<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();

        abstract BlockingQueue<long[]> start() throws Exception;

        /** Ends the IDLE; returns the number of messages the client now counts in the folder. */
        abstract int stop() throws Exception;

        void spawn(String name, ThrowingRunnable r) {
            Thread thread = new Thread(() -> {
                try {
                    r.run();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    events.add(new long[0]);
                }
            }, name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }

        /** Waits (up to {@value IdleWorkload#WAIT_SECONDS} s in all) until every spawned thread has ended; throws its failure. */
        void join() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (thread.isAlive()) {
                    throw new IOException(thread.getName() + " did not end within " + WAIT_SECONDS + " s");
                }
            }
            Throwable t = failure.get();
            if (t != null) {
                throw new IOException("IDLE failed: " + t, t);
            }
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** RAW: IDLE on a socket; an event is a {@code * n EXISTS} line. */
    private static final class RawWaiter extends Waiter {
        private final RawImap r;
        private int exists;
        private int announced;

        RawWaiter(int port) throws IOException {
            r = RawImap.login(BenchDovecot.HOST, port, BenchDovecot.USER, BenchDovecot.PASS);
            r.ok("SELECT " + BOX);
            exists = r.exists;
            announced = exists;
        }

        @Override
        BlockingQueue<long[]> start() throws Exception {
            CountDownLatch going = new CountDownLatch(1);
            spawn("bench-raw-idle", () -> r.idle(going::countDown, n -> {
                long now = System.nanoTime();
                events.add(new long[] {now, n - announced});
                announced = n;
            }));
            if (!going.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("no IDLE continuation within " + WAIT_SECONDS + " s");
            }
            return events;
        }

        @Override
        int stop() throws Exception {
            r.done();
            join();
            return announced - exists;
        }

        @Override
        public void close() throws IOException {
            r.logout();
        }
    }

    /** Angus or imap4lib: the folder's MessageCountListener, IDLE on its own thread. */
    private static final class FolderWaiter extends Waiter {
        private final Client client;
        private final Store store;
        private final Folder folder;
        private final int before;

        FolderWaiter(Client c, Ctx x, int port) throws Exception {
            client = c;
            store = ProviderBenchmark.session(c, x).getStore(c.protocol);
            store.connect(BenchDovecot.HOST, port, BenchDovecot.USER, BenchDovecot.PASS);
            folder = store.getFolder(BOX);
            folder.open(Folder.READ_WRITE);
            before = folder.getMessageCount();
            folder.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    events.add(new long[] {System.nanoTime(), e.getMessages().length});
                }
            });
        }

        @Override
        BlockingQueue<long[]> start() {
            if (client == Client.ANGUS) {
                spawn("bench-angus-idle", ((IMAPFolder) folder)::idle);
            } else {
                spawn("bench-imap4lib-idle", () -> ((Imap4libFolder) folder).idle(null));
            }
            return events;
        }

        @Override
        int stop() throws Exception {
            // the client's own count (either library may end the IDLE for it, to send a NOOP)
            int now = folder.getMessageCount();
            if (client == Client.ANGUS) {
                // Angus's way to end an IDLE: another thread needs the folder's connection
                folder.close(false);
            } else {
                ((Imap4libFolder) folder).stopIdle();
            }
            join();
            return now - before;
        }

        @Override
        public void close() throws Exception {
            try {
                if (folder.isOpen()) {
                    folder.close(false);
                }
            } finally {
                store.close();
            }
        }
    }
}
