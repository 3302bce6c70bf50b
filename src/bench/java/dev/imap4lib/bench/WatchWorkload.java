package dev.imap4lib.bench;

import dev.imap4lib.bench.IdleWorkload.Waiter;
import dev.imap4lib.bench.ProviderBenchmark.Client;
import dev.imap4lib.bench.ProviderBenchmark.Ctx;
import dev.imap4lib.bench.ProviderBenchmark.Run;
import dev.imap4lib.provider.Imap4libStore;
import dev.imap4lib.provider.Imap4libWatch;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.testing.Cyrus310Server;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Workload 11: watching {@value #FOLDERS} folders on Cyrus 3.10 (issue 11's row). imap4lib: one
 * {@link Imap4libStore#watch} (one NOTIFY connection) with a {@link MessageCountListener} on each
 * folder; Angus: each folder open with its own thread in {@link IMAPFolder#idle()} and a
 * listener (Angus's usual pattern: a connection and a thread per folder); RAW: one socket with
 * {@code NOTIFY SET (mailboxes (...) (MessageNew MessageExpunge))} and IDLE, an event being a
 * {@code * STATUS} line. A raw socket shared by all clients appends: first one unmeasured message
 * to every folder (each client must announce all {@value #FOLDERS} within
 * {@value #MISS_SECONDS} s, proving every watch is live), then {@value #APPENDS} timed ones, each
 * to a folder drawn with a fixed seed (the same sequence for every client and round), each after
 * the previous event. A latency runs, as in {@link IdleWorkload}, from just before the APPEND is
 * written to the listener call (RAW: reading the line); an event not there within
 * {@value #MISS_SECONDS} s is a miss (printed, counted, no latency). "client part" runs from the
 * moment the relay in front of the client forwarded the {@code * STATUS} or {@code * n EXISTS}
 * line. Connections are those the client opened through that relay; threads are those alive
 * after the first round of events that were not there before the client connected (the relay's
 * own excluded), split into the application's (named {@code bench-}) and the libraries'.
 */
final class WatchWorkload {
    static final int FOLDERS = 50;
    static final int APPENDS = 20;
    static final long SEED = 50;
    static final long MISS_SECONDS = 10;
    static final String CONNECTIONS = "connections";
    static final String APP_THREADS = "application threads";
    static final String LIB_THREADS = "library threads";
    static final String MISSES = "misses";
    /** Event minus the moment the APPEND's tagged OK was read (negative: the event came first). */
    static final String AFTER_OK = "after APPEND OK";
    private static final long PAUSE_MILLIS = 5;

    private WatchWorkload() {
    }

    /** The watched folders, created on the server's first use. */
    static List<String> names(Cyrus310Server cyrus) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < FOLDERS; i++) {
            names.add(cyrus.personalPrefix() + String.format("Watch%02d", i));
        }
        return names;
    }

    private static void createFolders(Cyrus310Server cyrus) throws IOException {
        RawImap r = RawImap.login(cyrus.host(), cyrus.imapPort(), BenchCyrus.USER, BenchCyrus.PASS);
        for (String n : names(cyrus)) {
            r.ok("CREATE " + n);
        }
        r.logout();
    }

    static Run open(Client c, Ctx x) throws Exception {
        Cyrus310Server cyrus = x.cyrus.get(WatchWorkload::createFolders);
        List<String> names = names(cyrus);
        byte[] message = BenchData.crlf(BenchData.small(BenchData.SMALL + 5_050, "bench@localhost").text
                .getBytes(StandardCharsets.UTF_8));
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        RawImap appender = RawImap.login(cyrus.host(), cyrus.imapPort(), BenchCyrus.USER, BenchCyrus.PASS);
        CountingProxy relay = new CountingProxy(cyrus.imapPort());
        x.counted = relay;
        Waiter waiter = c == Client.RAW ? new RawWatcher(names, relay.port())
                : c.protocol.equals("imap") ? new AngusWatcher(c, names, relay.port())
                : new Imap4libWatcher(c, names, relay.port());
        return new Run() {
            @Override
            String body() throws Exception {
                BlockingQueue<Long> relayed = new LinkedBlockingQueue<>();
                relay.onExists = relayed::add;
                relay.onStatus = relayed::add;
                BlockingQueue<long[]> events = waiter.start();
                int[] count = prime(names, appender, message, events);
                Threads threads = Threads.since(before);
                Random random = new Random(SEED);
                int misses = 0;
                int strays = 0;
                for (int i = 0; i < APPENDS; i++) {
                    int f = random.nextInt(FOLDERS);
                    Thread.sleep(PAUSE_MILLIS);
                    strays += drainEnded(events);
                    relayed.clear();
                    long t0 = System.nanoTime();
                    appender.append(names.get(f), message);
                    long ok = System.nanoTime();
                    int expected = ++count[f];
                    long[] e = null;
                    long deadline = t0 + TimeUnit.SECONDS.toNanos(MISS_SECONDS);
                    while (e == null) {
                        long[] next = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        checkRunning(next, "APPEND " + (i + 1));
                        if (next[1] == f && next[2] == expected) {
                            e = next;
                        } else {
                            strays++;   // late (after a miss) or for another folder
                        }
                    }
                    if (e == null) {
                        misses++;
                        System.err.printf("watch50/%s: MISS: no event within %d s for APPEND %d to %s%n", c.label,
                                MISS_SECONDS, i + 1, names.get(f));
                        continue;
                    }
                    x.samples.add(e[0] - t0);
                    x.sample(IdleWorkload.APPEND_OK, ok - t0);
                    x.sample(AFTER_OK, e[0] - ok);
                    Long line = relayed.poll();
                    if (line != null) {
                        x.sample(IdleWorkload.CLIENT_PART, e[0] - line);
                    }
                }
                x.mark();
                x.sample(MISSES, misses);
                x.sample(CONNECTIONS, relay.connections.get());
                x.sample(APP_THREADS, threads.application);
                x.sample(LIB_THREADS, threads.library);
                int known = waiter.stop();
                int total = 0;
                for (int n : count) {
                    total += n;
                }
                ProviderBenchmark.check(known == total, "the client counts " + known + " messages in the "
                        + FOLDERS + " folders, the appender " + total);
                // a missed event may still come, late; any other extra event is a defect
                ProviderBenchmark.check(strays <= misses, strays + " events for no APPEND waited for, " + misses + " misses");
                return (FOLDERS + APPENDS) + " APPENDs, " + APPENDS + " timed, " + misses + " missed, " + strays + " late; "
                        + relay.connections.get() + " connections; threads: " + threads;
            }

            @Override
            public void close() throws Exception {
                try (relay) {
                    waiter.close();
                } finally {
                    try {
                        for (String n : names) {   // untimed
                            appender.empty(n);
                        }
                    } finally {
                        appender.logout();
                    }
                }
            }
        };
    }

    /**
     * One unmeasured APPEND to every folder; returns each folder's message count as announced.
     * Fails unless all folders are announced within {@value #MISS_SECONDS} s: a watch that is not
     * live would make every later APPEND a miss.
     */
    private static int[] prime(List<String> names, RawImap appender, byte[] message, BlockingQueue<long[]> events)
            throws Exception {
        for (String n : names) {
            appender.append(n, message);
        }
        int[] count = new int[FOLDERS];
        Set<Integer> seen = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MISS_SECONDS);
        while (seen.size() < FOLDERS) {
            long[] e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new IOException("only " + seen.size() + " of " + FOLDERS + " folders announced their first APPEND within "
                        + MISS_SECONDS + " s");
            }
            checkRunning(e, "the unmeasured APPENDs");
            int f = (int) e[1];
            ProviderBenchmark.check(seen.add(f), names.get(f) + " announced twice for one APPEND");
            count[f] = (int) e[2];
        }
        return count;
    }

    private static void checkRunning(long[] e, String what) throws IOException {
        if (e.length == 0) {
            throw new IOException("a watching thread ended before " + what);
        }
    }

    /** Drops events that arrived while no APPEND was waited for; returns how many. */
    private static int drainEnded(BlockingQueue<long[]> events) throws IOException {
        List<long[]> late = new ArrayList<>();
        events.drainTo(late);
        for (long[] e : late) {
            checkRunning(e, "an APPEND");
        }
        return late.size();
    }

    /** The threads started since a snapshot (the relay's excluded), by owner. */
    record Threads(int application, int library, Map<String, Integer> byName) {
        static Threads since(Set<Thread> before) {
            Map<String, Integer> byName = new TreeMap<>();
            int app = 0;
            int lib = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (before.contains(t) || !t.isAlive() || t.getName().startsWith("bench-proxy")) {
                    continue;
                }
                if (t.getName().startsWith("bench-")) {
                    app++;
                } else {
                    lib++;
                }
                byName.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
            return new Threads(app, lib, byName);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            byName.forEach((n, k) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" x ").append(n));
            return sb.length() == 0 ? "none" : sb.toString();
        }
    }

    /** The row's own table (all measured rounds pooled), after the main table. */
    static void report(StringBuilder sb, Map<Client, ProviderBenchmark.Stats> st, List<Client> clients, String idled) {
        sb.append("\nWorkload 11, Cyrus 3.10.1 (unpacked tree, ").append(idled).append("), ").append(FOLDERS)
                .append(" folders, ").append(APPENDS).append(" timed APPENDs per round to folders drawn with seed ")
                .append(SEED).append(", latency per message in ms: **total** = from just before the APPEND is written "
                        + "on the other connection until the folder's MessageCountListener.messagesAdded runs (RAW: "
                        + "until it has read `* STATUS`); **client part** = from the moment the relay in front of the "
                        + "client forwarded the `* STATUS` (NOTIFY) or `* n EXISTS` (IDLE) line until then; **APPEND "
                        + "OK** = the APPEND's own round trip (Cyrus's APPEND time, which varies with the load "
                        + "of the shared machine from round to round, is most of the total); **after OK** = the "
                        + "event minus the moment the appender read the tagged OK (negative: the event came "
                        + "first), the part of the total the APPEND's own time does not move. imap4lib: `Imap4libStore.watch(50 folders)`, none open; "
                        + "Angus: 50 `IMAPFolder`s open, each with its own thread in `idle()`; RAW: one socket, `NOTIFY "
                        + "SET (mailboxes (...) (MessageNew MessageExpunge))` + IDLE. Connections and threads per round "
                        + "(threads alive after the first events that were not before the client connected; "
                        + "application = the ones the benchmark had to start for the client):\n\n");
        sb.append("| client | n | misses | total median | total p90 | total min-max | after OK median | after OK p90 "
                + "| client part median | client part p90 | APPEND OK median | connections | application threads "
                + "| library threads | verified |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Client c : clients) {
            ProviderBenchmark.Stats s = st.get(c);
            if (s == null || s.samples.isEmpty()) {
                sb.append("| ").append(c.label).append(" | 0 | | | | | | | | | | | | | FAILED: ")
                        .append(s == null || s.failure == null ? "no samples" : s.failure.replace('|', '/')).append(" |\n");
                continue;
            }
            List<Long> part = s.series.getOrDefault(IdleWorkload.CLIENT_PART, List.of());
            List<Long> ok = s.series.getOrDefault(IdleWorkload.APPEND_OK, List.of());
            List<Long> after = s.series.getOrDefault(AFTER_OK, List.of());
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.2f-%.2f | %.2f | %.2f | %.3f | %.3f | %.2f | %s | %s "
                    + "| %s | %s |%n",
                    c.label, s.samples.size(), sum(s.series.get(MISSES)), ProviderBenchmark.median(s.samples) / 1e6,
                    ProviderBenchmark.percentile(s.samples, 90) / 1e6, ProviderBenchmark.min(s.samples) / 1e6,
                    ProviderBenchmark.max(s.samples) / 1e6, ProviderBenchmark.median(after) / 1e6,
                    ProviderBenchmark.percentile(after, 90) / 1e6, ProviderBenchmark.median(part) / 1e6,
                    ProviderBenchmark.percentile(part, 90) / 1e6, ProviderBenchmark.median(ok) / 1e6,
                    range(s.series.get(CONNECTIONS)), range(s.series.get(APP_THREADS)), range(s.series.get(LIB_THREADS)),
                    s.failure != null ? "FAILED: " + s.failure.replace('|', '/') : "ok: " + s.summary));
        }
        ProviderBenchmark.Stats mine = st.get(Client.IMAP4LIB);
        ProviderBenchmark.Stats angus = st.get(Client.ANGUS);
        if (mine != null && angus != null && !mine.samples.isEmpty() && !angus.samples.isEmpty()) {
            double r = mine.medianMs() / angus.medianMs();
            boolean met = r <= 1 && mine.failure == null && sum(mine.series.get(MISSES)) == 0;
            double mineAfter = ProviderBenchmark.median(mine.series.getOrDefault(AFTER_OK, List.of())) / 1e6;
            double angusAfter = ProviderBenchmark.median(angus.series.getOrDefault(AFTER_OK, List.of())) / 1e6;
            sb.append(String.format(Locale.ROOT, "%nTarget \"latency no worse than Angus's\": total median imap4lib / Angus "
                    + "= %.2fx (p90 %.2fx), %s misses -> %s; after the APPEND's OK: imap4lib %.2f ms, Angus %.2f ms "
                    + "(median) -> %s%n", r, ProviderBenchmark.percentile(mine.samples, 90)
                    / ProviderBenchmark.percentile(angus.samples, 90), sum(mine.series.get(MISSES)), met ? "met" : "NOT met",
                    mineAfter, angusAfter, mineAfter <= angusAfter ? "no later" : "later"));
        }
    }

    private static long sum(List<Long> l) {
        return l == null ? 0 : l.stream().mapToLong(Long::longValue).sum();
    }

    /** "n" when every round had the same value, else "min-max". */
    private static String range(List<Long> l) {
        if (l == null || l.isEmpty()) {
            return "";
        }
        long lo = ProviderBenchmark.min(l);
        long hi = ProviderBenchmark.max(l);
        return lo == hi ? Long.toString(lo) : lo + "-" + hi;
    }

    /** An event: {arrival nanoTime, folder index, the folder's message count it announces}. */
    private static long[] event(int folder, long count) {
        return new long[] {System.nanoTime(), folder, count};
    }

    /** A listener that reports the new count of folder {@code i}: the number of the last message added. */
    private static MessageCountListener listener(BlockingQueue<long[]> events, int i) {
        return new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                Message[] m = e.getMessages();
                events.add(event(i, m[m.length - 1].getMessageNumber()));
            }
        };
    }

    /** RAW: one socket, NOTIFY for all folders, then IDLE; an event is a {@code * STATUS} line with MESSAGES. */
    private static final class RawWatcher extends Waiter {
        private final RawImap r;
        private final List<String> names;
        private final int[] last = new int[FOLDERS];

        RawWatcher(List<String> names, int port) throws IOException {
            this.names = names;
            r = RawImap.login(BenchDovecot.HOST, port, BenchCyrus.USER, BenchCyrus.PASS);
            r.ok("NOTIFY SET (mailboxes (" + String.join(" ", names) + ") (MessageNew MessageExpunge))");
        }

        @Override
        BlockingQueue<long[]> start() throws Exception {
            CountDownLatch going = new CountDownLatch(1);
            spawn("bench-raw-notify", () -> r.idleUntagged(going::countDown, this::line));
            if (!going.await(IdleWorkload.WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("no IDLE continuation within " + IdleWorkload.WAIT_SECONDS + " s");
            }
            return events;
        }

        /** {@code * STATUS name (MESSAGES n UIDNEXT u UIDVALIDITY v)}: the names here are atoms. */
        private void line(long read, String line) {
            if (!line.startsWith("* STATUS ")) {
                return;
            }
            int sp = line.indexOf(' ', 9);
            int f = sp < 0 ? -1 : names.indexOf(line.substring(9, sp));
            int m = line.indexOf("MESSAGES ", sp + 1);
            if (f < 0 || m < 0) {
                return;
            }
            int end = m + 9;
            while (end < line.length() && Character.isDigit(line.charAt(end))) {
                end++;
            }
            last[f] = Integer.parseInt(line.substring(m + 9, end));
            events.add(new long[] {read, f, last[f]});
        }

        @Override
        int stop() throws Exception {
            r.done();
            join();
            int sum = 0;
            for (int n : last) {
                sum += n;
            }
            return sum;
        }

        @Override
        public void close() throws IOException {
            r.logout();
        }
    }

    /** Angus: every folder open on its own connection, each idling on its own thread. */
    private static final class AngusWatcher extends Waiter {
        private final Store store;
        private final List<IMAPFolder> folders = new ArrayList<>();

        AngusWatcher(Client c, List<String> names, int port) throws Exception {
            store = ProviderBenchmark.session(c, port).getStore(c.protocol);
            store.connect(BenchDovecot.HOST, port, BenchCyrus.USER, BenchCyrus.PASS);
            for (int i = 0; i < names.size(); i++) {
                IMAPFolder f = (IMAPFolder) store.getFolder(names.get(i));
                folders.add(f);
                f.open(Folder.READ_WRITE);
                f.addMessageCountListener(listener(events, i));
            }
        }

        @Override
        BlockingQueue<long[]> start() {
            for (int i = 0; i < folders.size(); i++) {
                spawn("bench-angus-idle-" + i, folders.get(i)::idle);
            }
            return events;
        }

        @Override
        int stop() throws Exception {
            int sum = 0;
            for (IMAPFolder f : folders) {
                sum += f.getMessageCount();
            }
            for (IMAPFolder f : folders) {
                f.close(false);   // Angus ends a folder's IDLE when another thread needs its connection
            }
            join();
            return sum;
        }

        @Override
        public void close() throws Exception {
            try {
                for (IMAPFolder f : folders) {
                    if (f.isOpen()) {
                        f.close(false);
                    }
                }
            } finally {
                store.close();
            }
        }
    }

    /** imap4lib: the store's one-connection watch over all folders, none of them open. */
    private static final class Imap4libWatcher extends Waiter {
        private final Imap4libStore store;
        private final List<String> names;
        private final Folder[] folders;
        private Imap4libWatch watch;

        Imap4libWatcher(Client c, List<String> names, int port) throws Exception {
            this.names = names;
            store = (Imap4libStore) ProviderBenchmark.session(c, port).getStore(c.protocol);
            store.connect(BenchDovecot.HOST, port, BenchCyrus.USER, BenchCyrus.PASS);
            folders = new Folder[names.size()];
            for (int i = 0; i < folders.length; i++) {
                folders[i] = store.getFolder(names.get(i));
                folders[i].addMessageCountListener(listener(events, i));
            }
        }

        @Override
        BlockingQueue<long[]> start() throws Exception {
            watch = store.watch(folders);
            ProviderBenchmark.check(watch.usesNotify(), "the watch uses NOTIFY");
            return events;
        }

        @Override
        int stop() {
            int sum = 0;
            for (String n : names) {
                MailboxStatus s = watch.lastStatus(n);
                sum += s == null || s.messages() == null ? 0 : s.messages().intValue();
            }
            watch.close();
            return sum;
        }

        @Override
        public void close() throws Exception {
            store.close();
        }
    }
}
