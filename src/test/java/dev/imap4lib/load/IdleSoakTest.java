package dev.imap4lib.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.provider.Imap4libFolder;
import dev.imap4lib.provider.MessageVanishedEvent;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.FaultProxy;
import dev.imap4lib.testing.FaultProxy.Action;
import dev.imap4lib.testing.FaultProxy.Direction;
import dev.imap4lib.testing.Leaks;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageChangedListener;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, IDLE held for a long time, compressed: a private Dovecot that sends its IDLE
 * keepalive every second ({@code imap_idle_notify_interval = 1 secs}), a provider folder in an
 * {@link Imap4libFolder#idle(Duration)} loop of short IDLEs (each one a full IDLE/DONE cycle),
 * and an injector that, at seeded random moments, resets or closes the idling connection through
 * a {@link FaultProxy} or kills the Dovecot {@code imap} process serving it ({@code kill -9}; its
 * process title says IDLE, {@code verbose_proctitle = yes}). Meanwhile another connection appends,
 * flags and expunges on a seeded schedule and records the UIDs.
 *
 * <p>Afterwards every event the folder's listeners got is compared with what the writer did, by
 * UID: a message that stayed is announced added exactly once; one expunged after it was announced
 * is announced removed exactly once (by EXPUNGE, by the resync after a dropped IDLE, or as a
 * {@link MessageVanishedEvent} of a re-open); one flagged after it was announced gets exactly one
 * flag change; none is announced twice. The folder's final view (UIDs and flags) equals the
 * server's. The threads end, no imap4lib thread or socket is left, and heap, threads and file
 * descriptors at the end equal those at the end of the first third.
 *
 * <p>{@code -Dimap4lib.soak.idle.seconds} (60) sets the length, {@code -Dimap4lib.soak.idle.seed}
 * (13) the seed; figures are printed with the prefix {@code [idlesoak]}.
 */
@Timeout(1800)
class IdleSoakTest {
    private static final int SECONDS = Integer.getInteger("imap4lib.soak.idle.seconds", 60);
    private static final long SEED = Long.getLong("imap4lib.soak.idle.seed", 13L);
    private static final String USER = "user1";
    private static final String PASS = "pass1";
    private static final String BOX = "idle-soak";
    private static final String CONFIG = """
            imap_idle_notify_interval = 1 secs
            verbose_proctitle = yes
            """;

    /** What a listener was told, resolved to UIDs by the idling thread. */
    private record Seen(String kind, Message message, boolean flagged, long[] vanished, long at) {
    }

    private final ConcurrentLinkedQueue<Seen> queue = new ConcurrentLinkedQueue<>();
    private final Map<Long, Integer> added = new TreeMap<>();
    private final Map<Long, Long> addedAt = new HashMap<>();
    private final Map<Long, Integer> removed = new TreeMap<>();
    private final Map<Long, Integer> flaggedEvents = new TreeMap<>();
    private final AtomicInteger unresolved = new AtomicInteger();
    private final Map<String, Integer> idleFailures = new ConcurrentHashMap<>();
    private final List<String> anomalies = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void eventsAreNeitherLostNorDuplicatedAcrossIdleTimeoutsAndDroppedConnections() throws Exception {
        if (DovecotServer.unavailableReason().isPresent()) {
            String why = "Dovecot unavailable: " + DovecotServer.unavailableReason().get();
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why + " (" + DovecotServer.INSTALL_HINT + ")");
        }
        try (DovecotServer dovecot = DovecotServer.start(Duration.ofSeconds(30), CONFIG)) {
            Writer writer;
            try (Imap4 setup = direct(dovecot)) {
                setup.create(BOX).check();
            }
            Set<Thread> threadsBefore = Leaks.liveThreads();
            int socketsBefore = Leaks.settledSockets();
            FaultProxy proxy = new FaultProxy(dovecot.host(), dovecot.imapPort(), null);
            Store store = store(proxy.host(), proxy.port());
            Imap4libFolder folder = (Imap4libFolder) store.getFolder(BOX);
            folder.addMessageCountListener(new MessageCountListener() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    for (Message m : e.getMessages()) {
                        queue.add(new Seen("added", m, false, null, System.nanoTime()));
                    }
                }

                @Override
                public void messagesRemoved(MessageCountEvent e) {
                    if (e instanceof MessageVanishedEvent v) {
                        queue.add(new Seen("vanished", null, false, v.getUIDs(), System.nanoTime()));
                    } else {
                        for (Message m : e.getMessages()) {
                            queue.add(new Seen("removed", m, false, null, System.nanoTime()));
                        }
                    }
                }
            });
            folder.addMessageChangedListener(new MessageChangedListener() {
                @Override
                public void messageChanged(MessageChangedEvent e) {
                    if (e.getMessageChangeType() == MessageChangedEvent.FLAGS_CHANGED) {
                        boolean flagged;
                        try {
                            flagged = e.getMessage().isSet(Flags.Flag.FLAGGED);
                        } catch (MessagingException x) {
                            anomalies.add("isSet in a flag event: " + x);
                            return;
                        }
                        queue.add(new Seen("flags", e.getMessage(), flagged, null, System.nanoTime()));
                    }
                }
            });
            folder.open(Folder.READ_WRITE);
            int connectionsAtOpen = proxy.connections();

            AtomicBoolean stopFaults = new AtomicBoolean();
            AtomicBoolean stopIdle = new AtomicBoolean();
            Idler idler = new Idler(folder, new Random(SEED), stopIdle);
            writer = new Writer(direct(dovecot), new Random(SEED + 1), stopFaults);
            Injector injector = new Injector(proxy, dovecot, new Random(SEED + 2), stopFaults);
            Thread ti = daemon(idler, "soak-idler");
            Thread tw = daemon(writer, "soak-writer");
            Thread tj = daemon(injector, "soak-injector");
            long t0 = System.nanoTime();
            ti.start();
            Thread.sleep(500);
            tw.start();
            tj.start();

            Thread.sleep(SECONDS * 1000L / 3);
            Sample first = Sample.take();
            Thread.sleep(SECONDS * 1000L - SECONDS * 1000L / 3);
            Sample last = Sample.take();
            stopFaults.set(true);
            tw.join(30_000);
            tj.join(30_000);
            // quiet: the last changes reach the idler, which then stops
            Thread.sleep(4_000);
            stopIdle.set(true);
            folder.stopIdle();
            ti.join(30_000);
            long ranMs = (System.nanoTime() - t0) / 1_000_000;
            boolean threadsEnded = !ti.isAlive() && !tw.isAlive() && !tj.isAlive();

            // The folder's view against the server's, then everything closed.
            if (!folder.isOpen()) {
                folder.open(Folder.READ_WRITE);
            }
            resolve(folder);
            String viewProblem = compareView(folder, writer);
            int stillHere = proxy.occurrences(Direction.SERVER_TO_CLIENT, "Still here");
            int idleCommands = proxy.occurrences(Direction.CLIENT_TO_SERVER, " IDLE\r\n");
            int connections = proxy.connections();
            folder.close(false);
            store.close();
            proxy.close();
            writer.imap.close();
            String threadLeak = Leaks.awaitNoNewThreads(threadsBefore, "soak-");
            int socketsAfter = Leaks.awaitSockets(socketsBefore);

            Verdict v = verdict(writer);
            System.out.printf(Locale.ROOT, "[idlesoak] seed %d, ran %d ms: idle() calls %d, IDLE commands %d, keepalives (Still here) %d%n",
                    SEED, ranMs, idler.calls.get(), idleCommands, stillHere);
            System.out.printf(Locale.ROOT, "[idlesoak] disconnects %s (total %d); connections %d (at open %d), folder re-opens %d, idle() failures %s%n",
                    injector.done, injector.total(), connections, connectionsAtOpen, idler.reopens.get(), idleFailures);
            System.out.printf(Locale.ROOT, "[idlesoak] writer: appended %d, flagged %d, expunged %d%n",
                    writer.appended.size(), writer.flagged.size(), writer.expunged.size());
            System.out.printf(Locale.ROOT, "[idlesoak] events      expected  seen  duplicated  missing  unexpected%n");
            System.out.printf(Locale.ROOT, "[idlesoak]   added     %8d %5d %11d %8d %11d%n", v.addExpected, v.addSeen, v.addDup, v.addMissing, v.addExtra);
            System.out.printf(Locale.ROOT, "[idlesoak]   removed   %8d %5d %11d %8d %11d%n", v.remExpected, v.remSeen, v.remDup, v.remMissing, v.remExtra);
            System.out.printf(Locale.ROOT, "[idlesoak]   flagged   %8d %5d %11d %8d %11d%n", v.flagExpected, v.flagSeen, v.flagDup, v.flagMissing, v.flagExtra);
            System.out.printf(Locale.ROOT, "[idlesoak] unresolved events %d; final view %s%n", unresolved.get(), viewProblem);
            System.out.printf(Locale.ROOT, "[idlesoak] first third vs end: heap %s / %s, threads %d / %d (imap4lib %d / %d), fds %d / %d%n",
                    mb(first.heap), mb(last.heap), first.threads, last.threads, first.imapThreads, last.imapThreads, first.fds, last.fds);
            System.out.printf(Locale.ROOT, "[idlesoak] threads ended %b, left after close %s, sockets before %d after %d%n",
                    threadsEnded, threadLeak.isEmpty() ? "none" : threadLeak, socketsBefore, socketsAfter);
            v.problems.stream().limit(20).forEach(p -> System.out.println("[idlesoak]   " + p));
            anomalies.stream().limit(10).forEach(p -> System.out.println("[idlesoak]   anomaly: " + p));

            assertTrue(threadsEnded, "idler, writer and injector ended");
            assertEquals(List.of(), v.problems, "events lost, doubled or unexpected");
            assertEquals(List.of(), anomalies);
            assertEquals("same", viewProblem);
            assertEquals(0, unresolved.get(), "events whose message could not be named");
            assertTrue(injector.total() >= SECONDS / 10, "disconnects injected: " + injector.done);
            assertTrue(stillHere >= SECONDS / 6, "server keepalives during IDLE: " + stillHere);
            assertTrue(injector.done.get("kill") > 0, "imap processes killed: " + injector.done);
            assertTrue(v.addSeen > 0 && v.remSeen > 0 && v.flagSeen > 0, "the run saw every kind of event");
            assertEquals(first.imapThreads, last.imapThreads, "imap4lib threads, first third vs end");
            assertTrue(last.threads <= first.threads + 2, "threads, first third vs end: " + first.threads + " / " + last.threads);
            assertTrue(last.fds <= first.fds + 4, "file descriptors, first third vs end: " + first.fds + " / " + last.fds);
            assertTrue(last.heap - first.heap < 16L << 20, "heap after GC, first third vs end: " + mb(first.heap) + " / " + mb(last.heap));
            assertEquals("", threadLeak, "threads left after Store.close()");
            // The count is process-wide: sockets earlier tests dropped may be closed by the GC
            // during the run, so fewer after is no leak; more is.
            assertTrue(socketsAfter <= socketsBefore, "sockets open before vs after Store.close(): "
                    + socketsBefore + " / " + socketsAfter);
        }
    }

    // ------------------------------------------------------------------ the idler

    /** idle() of a few seconds again and again; re-opens the folder when a failure closed it. */
    private final class Idler implements Runnable {
        final Imap4libFolder folder;
        final Random random;
        final AtomicBoolean stop;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger reopens = new AtomicInteger();

        Idler(Imap4libFolder folder, Random random, AtomicBoolean stop) {
            this.folder = folder;
            this.random = random;
            this.stop = stop;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    if (!folder.isOpen()) {
                        folder.open(Folder.READ_WRITE);
                        reopens.incrementAndGet();
                    }
                    calls.incrementAndGet();
                    folder.idle(Duration.ofMillis(1_500 + random.nextInt(3_000)));
                    resolve(folder);
                } catch (MessagingException | RuntimeException e) {
                    idleFailures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    if (e instanceof RuntimeException) {
                        anomalies.add("idle(): " + e);
                    }
                    try {
                        resolve(folder);
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Names the messages of the events queued so far by UID (on the idling thread, between
     * IDLEs: a listener that issued commands would end each IDLE it was told of).
     */
    private void resolve(Imap4libFolder folder) {
        synchronized (added) {
            for (Seen s; (s = queue.peek()) != null; ) {
                if (s.kind.equals("vanished")) {
                    for (long u : s.vanished) {
                        removed.merge(u, 1, Integer::sum);
                    }
                    queue.poll();
                    continue;
                }
                long uid;
                try {
                    uid = folder.getUID(s.message);
                } catch (MessagingException | RuntimeException e) {
                    if (folder.isOpen() && s.message.getFolder() == folder && !s.message.isExpunged()) {
                        return; // try again after the next IDLE
                    }
                    unresolved.incrementAndGet();
                    anomalies.add(s.kind + " event for message " + s.message.getMessageNumber() + " with no UID: " + e);
                    queue.poll();
                    continue;
                }
                queue.poll();
                switch (s.kind) {
                    case "added" -> {
                        added.merge(uid, 1, Integer::sum);
                        // as an application showing the message would: from now on the client knows its flags
                        try {
                            s.message.getFlags();
                            addedAt.putIfAbsent(uid, System.nanoTime());
                        } catch (MessagingException | RuntimeException e) {
                            // gone or connection lost: no flag change is owed for it
                        }
                    }
                    case "removed" -> removed.merge(uid, 1, Integer::sum);
                    default -> {
                        if (s.flagged) {
                            flaggedEvents.merge(uid, 1, Integer::sum);
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ the writer

    /** Appends, flags and expunges on its own connection, straight to Dovecot, every 0.3 to 1.5 s. */
    private static final class Writer implements Runnable {
        final Imap4 imap;
        final Random random;
        final AtomicBoolean stop;
        /** uid -> when appended (nanoTime). */
        final Map<Long, Long> appended = new LinkedHashMap<>();
        /** uid -> when flagged. */
        final Map<Long, Long> flagged = new LinkedHashMap<>();
        final Set<Long> expunged = new TreeSet<>();

        Writer(Imap4 imap, Random random, AtomicBoolean stop) throws IOException {
            this.imap = imap;
            this.random = random;
            this.stop = stop;
            imap.select(BOX).check();
        }

        @Override
        public void run() {
            int n = 0;
            while (!stop.get()) {
                try {
                    long now = System.nanoTime();
                    List<Long> old = new ArrayList<>();
                    for (Map.Entry<Long, Long> e : appended.entrySet()) {
                        if (!expunged.contains(e.getKey()) && now - e.getValue() > 3_000_000_000L) {
                            old.add(e.getKey());
                        }
                    }
                    int r = random.nextInt(100);
                    if (r < 55 || old.isEmpty()) {
                        byte[] m = ("From: soak@example.com\r\nSubject: idle soak " + n + "\r\n\r\nbody " + n + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        long uid = imap.append(BOX, null, (String) null, m).check().value().uids().toArray(Long.MAX_VALUE)[0];
                        synchronized (this) {
                            appended.put(uid, System.nanoTime());
                        }
                        n++;
                    } else if (r < 82) {
                        old.removeAll(flagged.keySet());
                        if (!old.isEmpty()) {
                            long uid = old.get(random.nextInt(old.size()));
                            imap.uidStore(Long.toString(uid), "+FLAGS.SILENT", "(\\Flagged)").check();
                            synchronized (this) {
                                flagged.put(uid, System.nanoTime());
                            }
                        }
                    } else {
                        long uid = old.get(random.nextInt(old.size()));
                        imap.uidStore(Long.toString(uid), "+FLAGS.SILENT", "(\\Deleted)").check();
                        imap.uidExpunge(Long.toString(uid)).check();
                        synchronized (this) {
                            expunged.add(uid);
                        }
                    }
                    // pauses of up to 1.5 s: long enough for the server's keepalive, which any change postpones
                    Thread.sleep(300 + random.nextInt(1_200));
                } catch (IOException e) {
                    throw new AssertionError("the writer's own connection (no faults) failed", e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------ the injector

    /** Every 1.5 to 4.5 s: a reset, a close, or kill -9 of the imap process of the idling connection. */
    private static final class Injector implements Runnable {
        final FaultProxy proxy;
        final DovecotServer dovecot;
        final Random random;
        final AtomicBoolean stop;
        final Map<String, Integer> done = new ConcurrentHashMap<>(Map.of("reset", 0, "close", 0, "kill", 0));

        Injector(FaultProxy proxy, DovecotServer dovecot, Random random, AtomicBoolean stop) {
            this.proxy = proxy;
            this.dovecot = dovecot;
            this.random = random;
            this.stop = stop;
        }

        int total() {
            return done.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    Thread.sleep(1_500 + random.nextInt(3_000));
                } catch (InterruptedException e) {
                    return;
                }
                int what = random.nextInt(3);
                boolean struck = false;
                if (what == 2) {
                    Optional<ProcessHandle> p = idlingImapProcess(dovecot);
                    struck = p.isPresent() && p.get().destroyForcibly();
                } else {
                    int c = idlingConnection(proxy);
                    struck = c > 0 && proxy.strike(c, what == 0 ? Action.RESET : Action.CLOSE);
                }
                if (struck) {
                    done.merge(what == 0 ? "reset" : what == 1 ? "close" : "kill", 1, Integer::sum);
                }
            }
        }
    }

    /** The relayed connection whose client last sent IDLE (and not DONE yet); 0 when none. */
    private static int idlingConnection(FaultProxy proxy) {
        for (int i = proxy.connections(); i >= 1; i--) {
            if (proxy.isOpen(i) && proxy.forwardedText(i, Direction.CLIENT_TO_SERVER).endsWith(" IDLE\r\n")) {
                return i;
            }
        }
        return 0;
    }

    /** The Dovecot imap process whose title ({@code verbose_proctitle}) says it runs IDLE. */
    private static Optional<ProcessHandle> idlingImapProcess(DovecotServer dovecot) {
        return ProcessHandle.of(dovecot.pid()).stream().flatMap(ProcessHandle::descendants).filter(p -> {
            try {
                String cmd = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"), StandardCharsets.ISO_8859_1);
                // "<instance_name>/imap [user1 127.0.0.1 IDLE]", NUL-padded
                return cmd.contains("/imap [") && cmd.contains(" IDLE");
            } catch (IOException e) {
                return false;   // ended meanwhile
            }
        }).findFirst();
    }

    // ------------------------------------------------------------------ the verdict

    private static final class Verdict {
        int addExpected, addSeen, addDup, addMissing, addExtra;
        int remExpected, remSeen, remDup, remMissing, remExtra;
        int flagExpected, flagSeen, flagDup, flagMissing, flagExtra;
        final List<String> problems = new ArrayList<>();
    }

    private Verdict verdict(Writer w) {
        Verdict v = new Verdict();
        synchronized (added) {
            for (long uid : w.appended.keySet()) {
                int a = added.getOrDefault(uid, 0);
                int r = removed.getOrDefault(uid, 0);
                int f = flaggedEvents.getOrDefault(uid, 0);
                boolean gone = w.expunged.contains(uid);
                v.addSeen += a > 0 ? 1 : 0;
                v.remSeen += r > 0 ? 1 : 0;
                v.flagSeen += f > 0 ? 1 : 0;
                if (a > 1) {
                    v.addDup++;
                    v.problems.add("uid " + uid + " announced added " + a + " times");
                }
                if (!gone) {
                    v.addExpected++;
                    if (a == 0) {
                        v.addMissing++;
                        v.problems.add("uid " + uid + " never announced added");
                    }
                    if (r > 0) {
                        v.remExtra++;
                        v.problems.add("uid " + uid + " announced removed but is there");
                    }
                } else if (a > 0) {
                    // expunged after the client was told of it: it must hear of the removal once
                    v.remExpected++;
                    if (r == 0) {
                        v.remMissing++;
                        v.problems.add("uid " + uid + " expunged, never announced removed");
                    } else if (r > 1) {
                        v.remDup++;
                        v.problems.add("uid " + uid + " announced removed " + r + " times");
                    }
                } else if (r > 0) {
                    v.remExtra++;
                    v.problems.add("uid " + uid + " announced removed without being announced added");
                }
                Long flaggedAt = w.flagged.get(uid);
                Long seenAt = addedAt.get(uid);
                if (f > 1) {
                    v.flagDup++;
                    v.problems.add("uid " + uid + " flag change announced " + f + " times");
                }
                if (flaggedAt == null) {
                    if (f > 0) {
                        v.flagExtra++;
                        v.problems.add("uid " + uid + " announced flagged, never flagged");
                    }
                } else if (seenAt != null && seenAt < flaggedAt && !gone) {
                    // the client knew it unflagged, then it was flagged: one change is owed
                    v.flagExpected++;
                    if (f == 0) {
                        v.flagMissing++;
                        v.problems.add("uid " + uid + " flagged after it was announced, no flag change event");
                    }
                }
            }
            for (long uid : added.keySet()) {
                if (!w.appended.containsKey(uid)) {
                    v.addExtra++;
                    v.problems.add("uid " + uid + " announced added, never appended");
                }
            }
        }
        return v;
    }

    /** "same" when the folder's messages (UID, \Flagged) equal the server's; else what differs. */
    private static String compareView(Imap4libFolder folder, Writer w) throws Exception {
        Map<Long, Boolean> client = new TreeMap<>();
        for (Message m : folder.getMessages()) {
            if (!m.isExpunged()) {
                client.put(folder.getUID(m), m.isSet(Flags.Flag.FLAGGED));
            }
        }
        Map<Long, Boolean> server = new TreeMap<>();
        synchronized (w) {
            if (w.imap.select(BOX).check().value().exists() > 0) {
                for (FetchData d : w.imap.fetch("1:*", "(UID FLAGS)").check().value()) {
                    server.put(d.uid(), d.hasFlag("\\Flagged"));
                }
            }
        }
        return client.equals(server) ? "same" : "client " + client + " server " + server;
    }

    // ------------------------------------------------------------------ helpers

    private record Sample(long heap, int threads, int imapThreads, int fds) {
        static Sample take() throws IOException {
            System.gc();
            System.gc();
            Runtime rt = Runtime.getRuntime();
            return new Sample(rt.totalMemory() - rt.freeMemory(), Thread.activeCount(),
                    Leaks.threadsNamed("imap4lib"), Leaks.openFds());
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static Imap4 direct(DovecotServer d) throws IOException {
        Imap4 imap = new Imap4(d.host(), d.imapPort(), ClientOptions.defaults().withTimeout(Duration.ofSeconds(10)));
        imap.login(USER, PASS).check();
        return imap;
    }

    private static Store store(String host, int port) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", host);
        p.put("mail.imap4lib.port", String.valueOf(port));
        p.put("mail.imap4lib.timeout", "4000");
        p.put("mail.imap4lib.connectiontimeout", "4000");
        p.put("mail.imap4lib.starttls.enable", "false");
        Store s = Session.getInstance(p).getStore("imap4lib");
        s.connect(USER, PASS);
        return s;
    }
}
