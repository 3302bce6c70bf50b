package dev.imap4lib.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.provider.Imap4libFolder;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.FaultProxy;
import dev.imap4lib.testing.Leaks;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, chaos against a real Dovecot: eight threads share one provider Store and mix append
 * (single and multi-message), copy, move, flag, expunge, header and body fetch, search and IDLE
 * over four folders, while an injector resets, closes and stalls connections at random through a
 * {@link FaultProxy} and the Dovecot master is killed with SIGKILL and restarted twice (same port,
 * same mail directory). Afterwards a fresh connection straight to Dovecot checks, message by
 * message (each carries a unique {@code X-Chaos-Id} header), that nothing reported done was lost
 * or doubled, and the figures are printed as a table.
 *
 * <p>Each thread works only on the messages it appended, and only on those whose place it knows
 * for sure, so that its own ledger says exactly what the server must hold: a message whose append,
 * copy or move succeeded is there exactly once; one whose operation failed is there at most once
 * (and a failed move leaves it in one of the two folders at least); a flag reported set is set.
 *
 * <p>Fixed seed ({@code imap4lib.chaos.seed}); the work runs for {@code imap4lib.chaos.seconds}
 * (default 60). Dovecot missing fails the test under {@code CI=true} and skips it otherwise.
 */
@Timeout(900)
class ChaosTest {
    private static final long SEED = Long.getLong("imap4lib.chaos.seed", 13L);
    private static final int SECONDS = Integer.getInteger("imap4lib.chaos.seconds", 60);
    private static final int THREADS = 8;
    private static final String USER = "user1";
    private static final String PASS = "pass1";
    private static final List<String> FOLDERS = List.of("chaos-a", "chaos-b", "chaos-c", "chaos-d");
    private static final String ID = "X-Chaos-Id";
    /** After the stop signal, how long a thread may take to finish its operation. */
    private static final Duration THREAD_GRACE = Duration.ofSeconds(90);

    enum Op { APPEND, APPEND_MULTI, COPY, MOVE, FLAG, EXPUNGE, FETCH, SEARCH, IDLE }

    /** Where one message is, as far as its owner knows. */
    enum Place { ABSENT, PRESENT, MAYBE }

    private static final Op[] WEIGHTED = weighted();

    private static Op[] weighted() {
        Map<Op, Integer> w = Map.of(Op.APPEND, 16, Op.APPEND_MULTI, 8, Op.COPY, 9, Op.MOVE, 10, Op.FLAG, 10,
                Op.EXPUNGE, 7, Op.FETCH, 16, Op.SEARCH, 12, Op.IDLE, 6);
        List<Op> l = new ArrayList<>();
        for (Op o : Op.values()) {
            for (int i = 0; i < w.get(o); i++) {
                l.add(o);
            }
        }
        return l.toArray(new Op[0]);
    }

    private final Map<Op, LongAdder> tried = new ConcurrentHashMap<>();
    private final Map<Op, LongAdder> succeeded = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final List<String> anomalies = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger reconnects = new AtomicInteger();
    private final Object reconnectLock = new Object();
    private static final java.util.regex.Pattern CUT_APPEND = java.util.regex.Pattern.compile("APPEND of message (\\d+) of \\d+ ");
    /** Failed appends whose exception said which messages were stored. */
    private final AtomicInteger takenAtItsWord = new AtomicInteger();
    private final Map<String, String> samples = new ConcurrentHashMap<>();

    @Test
    void nothingReportedDoneIsLostUnderFaultsAndServerKills() throws Exception {
        if (DovecotServer.unavailableReason().isPresent()) {
            String why = "Dovecot unavailable: " + DovecotServer.unavailableReason().get();
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why + " (" + DovecotServer.INSTALL_HINT + ")");
        }
        for (Op o : Op.values()) {
            tried.put(o, new LongAdder());
            succeeded.put(o, new LongAdder());
        }
        try (DovecotServer dovecot = DovecotServer.start()) {
            try (Store setup = store(dovecot.host(), dovecot.imapPort())) {
                for (String f : FOLDERS) {
                    Folder folder = setup.getFolder(f);
                    if (!folder.exists()) {
                        folder.create(Folder.HOLDS_MESSAGES);
                    }
                }
            }
            Set<Thread> threadsBefore = liveThreads();
            int socketsBefore = Leaks.settledSockets();
            FaultProxy proxy = new FaultProxy(dovecot.host(), dovecot.imapPort(), null);
            Store store = store(proxy.host(), proxy.port());
            Worker[] workers = new Worker[THREADS];
            Thread[] threads = new Thread[THREADS];
            AtomicBoolean stop = new AtomicBoolean();
            for (int i = 0; i < THREADS; i++) {
                workers[i] = new Worker(i, store, new Random(SEED * 1_000 + i), stop);
                threads[i] = new Thread(workers[i], "chaos-worker-" + i);
                threads[i].setDaemon(true);
            }
            Injector injector = new Injector(proxy, dovecot, new Random(SEED), stop);
            Thread injectorThread = new Thread(injector, "chaos-injector");
            injectorThread.setDaemon(true);
            long t0 = System.nanoTime();
            for (Thread t : threads) {
                t.start();
            }
            injectorThread.start();
            Thread.sleep(SECONDS * 1000L);
            stop.set(true);
            long deadline = System.nanoTime() + THREAD_GRACE.toNanos();
            int endedInTime = 0;
            injectorThread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            for (Thread t : threads) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                endedInTime += t.isAlive() ? 0 : 1;
            }
            long ranMs = (System.nanoTime() - t0) / 1_000_000;

            // The store again, now that faults have stopped: usable, or closed with a clear exception.
            String usable = usableAgain(store);
            store.close();
            proxy.close();
            String threadLeak = awaitNoNewThreads(threadsBefore);
            int socketsAfter = Leaks.awaitSockets(socketsBefore);

            // What the server holds, on a fresh connection straight to Dovecot.
            Map<String, Map<String, List<Boolean>>> held = new HashMap<>();
            try (Store check = store(dovecot.host(), dovecot.imapPort())) {
                for (String f : FOLDERS) {
                    held.put(f, inventory(check, f));
                }
            }
            Verdict v = new Verdict();
            for (Worker w : workers) {
                v.add(w, held);
            }
            print(ranMs, injector, endedInTime, usable, socketsBefore, socketsAfter, threadLeak, v);

            assertEquals(THREADS, endedInTime, "threads ended within " + THREAD_GRACE + " of the stop");
            assertTrue(injector.restarts.get() == 2, "Dovecot killed and restarted twice: " + injector.restarts);
            assertTrue(injector.strikes.get() > 0, "faults injected");
            assertEquals("none", first(v.problems), "lost, doubled or unflagged messages");
            assertEquals("none", first(anomalies), "wrong data or raw exceptions seen during the run");
            assertTrue(usable.startsWith("usable") || usable.startsWith("StoreClosedException"), usable);
            // The count is process-wide: sockets earlier tests dropped may be closed by the GC
            // during the run, so fewer after is no leak; more is.
            assertTrue(socketsAfter <= socketsBefore, "sockets open before vs after Store.close(): "
                    + socketsBefore + " / " + socketsAfter);
            assertEquals("", threadLeak, "threads left after Store.close()");
            assertTrue(v.present > 0 && succeeded.get(Op.MOVE).sum() > 0 && succeeded.get(Op.COPY).sum() > 0,
                    "the run did work");
        }
    }

    // ------------------------------------------------------------------ the workers

    /** One thread's work and its ledger of where its messages are. */
    private final class Worker implements Runnable {
        final int index;
        final Store store;
        final Random random;
        final AtomicBoolean stop;
        /** id -> folder -> place. */
        final Map<String, Map<String, Place>> ledger = new TreeMap<>();
        /** id@folder of messages reported flagged. */
        final Set<String> flagged = new HashSet<>();
        /** Failed moves: id, from, to (at least one of the two must hold the message). */
        final List<String[]> failedMoves = new ArrayList<>();
        int next;

        Worker(int index, Store store, Random random, AtomicBoolean stop) {
            this.index = index;
            this.store = store;
            this.random = random;
            this.stop = stop;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                Op op = WEIGHTED[random.nextInt(WEIGHTED.length)];
                tried.get(op).increment();
                try {
                    if (perform(op)) {
                        succeeded.get(op).increment();
                    }
                } catch (MessagingException | IOException | RuntimeException e) {
                    // A lost store connection closes the store (as Angus's does); getFolder on a
                    // closed store throws IllegalStateException, as the Jakarta API has it.
                    boolean closed = e instanceof StoreClosedException
                            || e instanceof IllegalStateException && "Not connected".equals(e.getMessage());
                    failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                    samples.putIfAbsent(e.getClass().getSimpleName(), op + ": " + e.getMessage());
                    if (e instanceof RuntimeException && !closed) {
                        anomalies.add(op + ": " + e);   // never a raw RuntimeException from the provider
                    }
                    if (closed) {
                        reconnect();
                    }
                }
            }
        }

        /** What an application does when its store closed: connects it again (one thread does). */
        private void reconnect() {
            // Not the Store's own monitor: Jakarta's Service methods take it, and a folder closing
            // on another thread may need it while isConnected() below force-closes that folder.
            synchronized (reconnectLock) {
                try {
                    if (!store.isConnected()) {
                        store.connect(USER, PASS);
                        reconnects.incrementAndGet();
                    }
                } catch (MessagingException | IllegalStateException e) {
                    failures.computeIfAbsent("reconnect " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                }
            }
        }

        /** Runs {@code op}; false when there was nothing to do it on (counted as tried, not failed). */
        private boolean perform(Op op) throws MessagingException, IOException {
            switch (op) {
                case APPEND -> append(1);
                case APPEND_MULTI -> append(2 + random.nextInt(3));
                case COPY, MOVE -> {
                    return transfer(op == Op.MOVE);
                }
                case FLAG, EXPUNGE, FETCH, SEARCH -> {
                    return onOne(op);
                }
                case IDLE -> idle();
            }
            return true;
        }

        private void append(int n) throws MessagingException {
            String folder = FOLDERS.get(random.nextInt(FOLDERS.size()));
            Message[] msgs = new Message[n];
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = String.format(Locale.ROOT, "chaos-%d-%06d", index, next++);
                msgs[i] = message(ids[i]);
            }
            for (String id : ids) {
                ledger.computeIfAbsent(id, k -> new HashMap<>()).put(folder, Place.MAYBE);
            }
            try {
                store.getFolder(folder).appendMessages(msgs);
            } catch (StoreClosedException e) {
                // "APPEND of message k of n ... was cut off ...; the k-1 before it are stored": the
                // ledger takes the exception at its word, and the check below holds it to it.
                java.util.regex.Matcher cut = CUT_APPEND.matcher(String.valueOf(e.getMessage()));
                if (cut.find()) {
                    int k = Integer.parseInt(cut.group(1));
                    for (int i = 0; i < n; i++) {
                        ledger.get(ids[i]).put(folder, i < k - 1 ? Place.PRESENT : i == k - 1 ? Place.MAYBE : Place.ABSENT);
                    }
                    takenAtItsWord.incrementAndGet();
                }
                throw e;
            }
            for (String id : ids) {
                ledger.get(id).put(folder, Place.PRESENT);
            }
        }

        private boolean transfer(boolean move) throws MessagingException {
            String[] pick = pickPresent();
            if (pick == null) {
                return false;
            }
            String id = pick[0];
            String from = pick[1];
            List<String> targets = new ArrayList<>();
            for (String f : FOLDERS) {
                if (ledger.get(id).getOrDefault(f, Place.ABSENT) == Place.ABSENT) {
                    targets.add(f);
                }
            }
            if (targets.isEmpty()) {
                return false;
            }
            String to = targets.get(random.nextInt(targets.size()));
            Folder src = store.getFolder(from);
            src.open(Folder.READ_WRITE);
            try {
                Message m = findOne(src, id);
                Map<String, Place> where = ledger.get(id);
                where.put(to, Place.MAYBE);
                if (move) {
                    where.put(from, Place.MAYBE);
                    failedMoves.add(new String[] {id, from, to});   // until it succeeds
                    ((Imap4libFolder) src).moveMessages(new Message[] {m}, store.getFolder(to));
                    failedMoves.remove(failedMoves.size() - 1);
                    where.put(from, Place.ABSENT);
                    if (flagged.remove(id + "@" + from)) {
                        flagged.add(id + "@" + to);
                    }
                } else {
                    src.copyMessages(new Message[] {m}, store.getFolder(to));
                    if (flagged.contains(id + "@" + from)) {
                        flagged.add(id + "@" + to);
                    }
                }
                where.put(to, Place.PRESENT);
                return true;
            } finally {
                closeQuietly(src);
            }
        }

        private boolean onOne(Op op) throws MessagingException, IOException {
            String[] pick = pickPresent();
            if (pick == null) {
                return false;
            }
            String id = pick[0];
            String folder = pick[1];
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_WRITE);
            try {
                Message m = findOne(f, id);   // SEARCH: exactly one, as the ledger says
                switch (op) {
                    case FLAG -> {
                        m.setFlag(Flags.Flag.FLAGGED, true);
                        flagged.add(id + "@" + folder);
                    }
                    case EXPUNGE -> {
                        ledger.get(id).put(folder, Place.MAYBE);
                        m.setFlag(Flags.Flag.DELETED, true);
                        ((Imap4libFolder) f).expunge(new Message[] {m});
                        ledger.get(id).put(folder, Place.ABSENT);
                        flagged.remove(id + "@" + folder);
                    }
                    case FETCH -> {
                        String[] h = m.getHeader(ID);
                        Object body = m.getContent();
                        if (h == null || !id.equals(h[0]) || !body(id).equals(String.valueOf(body).trim())) {
                            anomalies.add("fetch of " + id + " in " + folder + ": header " + (h == null ? null : List.of(h))
                                    + ", body " + body);
                        }
                    }
                    default -> {
                    }
                }
                return true;
            } finally {
                closeQuietly(f);
            }
        }

        private void idle() throws MessagingException {
            Folder f = store.getFolder(FOLDERS.get(random.nextInt(FOLDERS.size())));
            f.open(Folder.READ_WRITE);
            try {
                f.addMessageCountListener(new MessageCountAdapter() { });
                ((Imap4libFolder) f).idle(Duration.ofMillis(200 + random.nextInt(800)));
            } finally {
                closeQuietly(f);
            }
        }

        /** A message of ours known to be in one folder, as {id, folder}, or null. */
        private String[] pickPresent() {
            if (ledger.isEmpty()) {
                return null;
            }
            List<String> ids = new ArrayList<>(ledger.keySet());
            for (int attempt = 0; attempt < 8; attempt++) {
                String id = ids.get(random.nextInt(ids.size()));
                for (Map.Entry<String, Place> e : ledger.get(id).entrySet()) {
                    if (e.getValue() == Place.PRESENT) {
                        return new String[] {id, e.getKey()};
                    }
                }
            }
            return null;
        }

        private Message findOne(Folder f, String id) throws MessagingException {
            Message[] found = f.search(new HeaderTerm(ID, id));
            if (found.length != 1) {
                anomalies.add("search for " + id + " in " + f.getFullName() + " found " + found.length + ", the ledger says 1");
                throw new MessagingException("not found exactly once: " + id);
            }
            return found[0];
        }
    }

    /** Resets, closes and stalls connections at random; kills and restarts Dovecot at 1/3 and 2/3. */
    private static final class Injector implements Runnable {
        final FaultProxy proxy;
        final DovecotServer dovecot;
        final Random random;
        final AtomicBoolean stop;
        final AtomicInteger strikes = new AtomicInteger();
        final Map<FaultProxy.Action, AtomicInteger> byAction = new ConcurrentHashMap<>();
        final AtomicInteger restarts = new AtomicInteger();
        final List<Long> restartMs = new ArrayList<>();
        volatile String error;

        Injector(FaultProxy proxy, DovecotServer dovecot, Random random, AtomicBoolean stop) {
            this.proxy = proxy;
            this.dovecot = dovecot;
            this.random = random;
            this.stop = stop;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            long third = SECONDS * 1_000_000_000L / 3;
            try {
                while (!stop.get()) {
                    Thread.sleep(300 + random.nextInt(900));
                    long since = System.nanoTime() - start;
                    if (restarts.get() < 2 && since > third * (restarts.get() + 1)) {
                        long t = System.nanoTime();
                        dovecot.killAndRestart(Duration.ofSeconds(60));
                        restartMs.add((System.nanoTime() - t) / 1_000_000);
                        restarts.incrementAndGet();
                        continue;
                    }
                    List<Integer> open = new ArrayList<>();
                    for (int c = 1; c <= proxy.connections(); c++) {
                        if (proxy.isOpen(c)) {
                            open.add(c);
                        }
                    }
                    if (open.isEmpty()) {
                        continue;
                    }
                    int r = random.nextInt(100);
                    FaultProxy.Action a = r < 45 ? FaultProxy.Action.RESET : r < 80 ? FaultProxy.Action.CLOSE
                            : FaultProxy.Action.STALL;
                    if (proxy.strike(open.get(random.nextInt(open.size())), a)) {
                        strikes.incrementAndGet();
                        byAction.computeIfAbsent(a, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            } catch (InterruptedException | IOException | RuntimeException e) {
                error = e.toString();
            }
        }
    }

    // ------------------------------------------------------------------ the verdict

    /** The ledgers against what the server holds. */
    private final class Verdict {
        int present;
        int presentOk;
        int maybe;
        int maybeThere;
        int absent;
        int absentOk;
        int flags;
        int flagsOk;
        int moves;
        int movesOk;
        final List<String> problems = new ArrayList<>();

        void add(Worker w, Map<String, Map<String, List<Boolean>>> held) {
            for (Map.Entry<String, Map<String, Place>> e : w.ledger.entrySet()) {
                String id = e.getKey();
                for (Map.Entry<String, Place> p : e.getValue().entrySet()) {
                    List<Boolean> copies = held.get(p.getKey()).getOrDefault(id, List.of());
                    int n = copies.size();
                    switch (p.getValue()) {
                        case PRESENT -> {
                            present++;
                            presentOk += n == 1 ? 1 : 0;
                            check(n == 1, id + " in " + p.getKey() + ": reported there, found " + n + " times");
                        }
                        case MAYBE -> {
                            maybe++;
                            maybeThere += n;
                            check(n <= 1, id + " in " + p.getKey() + ": after a failure found " + n + " times");
                        }
                        case ABSENT -> {
                            absent++;
                            absentOk += n == 0 ? 1 : 0;
                            check(n == 0, id + " in " + p.getKey() + ": moved or expunged, found " + n + " times");
                        }
                    }
                }
            }
            for (String key : w.flagged) {
                String id = key.substring(0, key.indexOf('@'));
                String folder = key.substring(key.indexOf('@') + 1);
                Place p = w.ledger.get(id).get(folder);
                if (p != Place.PRESENT) {
                    continue;   // its place became uncertain later; the flag cannot be checked
                }
                flags++;
                List<Boolean> copies = held.get(folder).getOrDefault(id, List.of());
                boolean ok = copies.size() == 1 && copies.get(0);
                flagsOk += ok ? 1 : 0;
                check(ok, id + " in " + folder + ": \\Flagged reported set, found " + copies);
            }
            for (String[] m : w.failedMoves) {
                moves++;
                int n = held.get(m[1]).getOrDefault(m[0], List.of()).size()
                        + held.get(m[2]).getOrDefault(m[0], List.of()).size();
                movesOk += n >= 1 ? 1 : 0;
                check(n >= 1, m[0] + ": a failed move from " + m[1] + " to " + m[2] + " lost it");
            }
        }

        private void check(boolean ok, String problem) {
            if (!ok) {
                problems.add(problem);
            }
        }
    }

    private void print(long ranMs, Injector inj, int ended, String usable, int socketsBefore, int socketsAfter,
            String threadLeak, Verdict v) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n[chaos] seed %d, %d threads, %d s of work (%d ms with the grace), Dovecot %s%n",
                SEED, THREADS, SECONDS, ranMs, "killed -9 and restarted " + inj.restarts + " times in " + inj.restartMs + " ms"));
        sb.append(String.format(Locale.ROOT, "[chaos] faults injected: %d %s%s%n", inj.strikes.get(), inj.byAction,
                inj.error == null ? "" : ", injector stopped by " + inj.error));
        sb.append(String.format(Locale.ROOT, "[chaos] %-14s %8s %10s %8s %8s%n", "operation", "tried", "succeeded", "failed", "no-op"));
        long t = 0;
        long s = 0;
        for (Op o : Op.values()) {
            long tr = tried.get(o).sum();
            long su = succeeded.get(o).sum();
            t += tr;
            s += su;
            sb.append(String.format(Locale.ROOT, "[chaos] %-14s %8d %10d %8s %8s%n", o, tr, su, "", ""));
        }
        long failed = failures.entrySet().stream().filter(e -> !e.getKey().startsWith("reconnect"))
                .mapToLong(e -> e.getValue().sum()).sum();
        sb.append(String.format(Locale.ROOT, "[chaos] %-14s %8d %10d %8d %8d%n", "all", t, s, failed, t - s - failed));
        sb.append("[chaos] failures by exception: ").append(new TreeMap<>(failures)).append("; store reconnected ")
                .append(reconnects).append(" times\n");
        sb.append("[chaos] a failure of each kind: ").append(new TreeMap<>(samples)).append('\n');
        sb.append(String.format(Locale.ROOT, "[chaos] %-52s %8s %8s%n", "invariant", "checked", "held"));
        row(sb, "reported done: present exactly once", v.present, v.presentOk);
        row(sb, "failed: absent or present once (present: " + v.maybeThere + ")", v.maybe, v.maybe - countMaybeViolations(v));
        row(sb, "moved away, expunged, or never sent: absent", v.absent, v.absentOk);
        sb.append("[chaos]   (failed appends whose exception said which messages are stored: ").append(takenAtItsWord)
                .append(")\n");
        row(sb, "\\Flagged reported set: set", v.flags, v.flagsOk);
        row(sb, "failed move: in one of the two folders", v.moves, v.movesOk);
        row(sb, "threads ended within " + THREAD_GRACE.toSeconds() + " s of the stop", THREADS, ended);
        sb.append("[chaos] store after the faults: ").append(usable).append('\n');
        sb.append(String.format(Locale.ROOT, "[chaos] sockets open before/after Store.close(): %d/%d; threads left: %s%n",
                socketsBefore, socketsAfter, threadLeak.isEmpty() ? "none" : threadLeak));
        sb.append("[chaos] anomalies during the run: ").append(first(anomalies)).append('\n');
        sb.append("[chaos] problems: ").append(first(v.problems)).append('\n');
        System.out.print(sb);
    }

    private static String first(List<String> l) {
        synchronized (l) {
            return l.isEmpty() ? "none" : l.size() + ", first: " + l.subList(0, Math.min(20, l.size()));
        }
    }

    private static int countMaybeViolations(Verdict v) {
        return (int) v.problems.stream().filter(p -> p.contains("after a failure")).count();
    }

    private static void row(StringBuilder sb, String what, int checked, int held) {
        sb.append(String.format(Locale.ROOT, "[chaos] %-52s %8d %8d%n", what, checked, held));
    }

    // ------------------------------------------------------------------ helpers

    private static Store store(String host, int port) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", host);
        p.put("mail.imap4lib.port", String.valueOf(port));
        // A stalled connection is given up after the read timeout.
        p.put("mail.imap4lib.timeout", "4000");
        p.put("mail.imap4lib.connectiontimeout", "4000");
        p.put("mail.imap4lib.commandtimeout", "30000");
        p.put("mail.imap4lib.starttls.enable", "false");
        p.put("mail.imap4lib.connectionpoolsize", "4");
        Store s = Session.getInstance(p).getStore("imap4lib");
        s.connect(USER, PASS);
        return s;
    }

    private static MimeMessage message(String id) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setSubject("chaos " + id);
        m.setFrom("chaos@example.com");
        m.setHeader(ID, id);
        m.setText(body(id) + "\n");
        m.saveChanges();
        return m;
    }

    private static String body(String id) {
        return "body of " + id + " " + "x".repeat(id.hashCode() & 0x3ff);
    }

    private static void closeQuietly(Folder f) {
        try {
            if (f.isOpen()) {
                f.close(false);
            }
        } catch (MessagingException | RuntimeException e) {
            // the connection may be gone; the folder is closed either way
        }
    }

    /** id -> \Flagged of each copy, for every message of {@code folder}. */
    private static Map<String, List<Boolean>> inventory(Store s, String folder) throws MessagingException {
        Folder f = s.getFolder(folder);
        f.open(Folder.READ_ONLY);
        try {
            Message[] all = f.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.FLAGS);
            fp.add(ID);
            f.fetch(all, fp);
            Map<String, List<Boolean>> out = new HashMap<>();
            for (Message m : all) {
                String[] h = m.getHeader(ID);
                out.computeIfAbsent(h == null ? "?" : h[0], k -> new ArrayList<>()).add(m.isSet(Flags.Flag.FLAGGED));
            }
            return out;
        } finally {
            f.close(false);
        }
    }

    /** Opens a folder through the store after the faults; a few tries, as a caller would. */
    private static String usableAgain(Store store) {
        Exception last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                Folder f = store.getFolder(FOLDERS.get(0));
                f.open(Folder.READ_ONLY);
                int n = f.getMessageCount();
                f.close(false);
                return "usable (attempt " + attempt + ", " + n + " messages in " + FOLDERS.get(0) + ")";
            } catch (StoreClosedException e) {
                return "StoreClosedException: " + e.getMessage();
            } catch (MessagingException | RuntimeException e) {
                last = e;
            }
        }
        return "not usable: " + last;
    }

    private static Set<Thread> liveThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** Names of threads started since {@code before} still alive after 10 s ("" if none); JDK's own pools aside. */
    private static String awaitNoNewThreads(Set<Thread> before) throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            left = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(t) && t.isAlive() && !t.getName().startsWith("process reaper")
                        && !t.getName().startsWith("chaos-") && t != Thread.currentThread()) {
                    left.add(t.getName());
                }
            }
            if (left.isEmpty()) {
                return "";
            }
            Thread.sleep(100);
        }
        return left.toString();
    }
}
