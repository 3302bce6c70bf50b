package dev.imap4lib.bench;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.SubjectTerm;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.zip.CRC32;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * End-to-end benchmark of the Jakarta Mail provider against Angus Mail's {@code imap} provider and
 * a raw-socket floor, on a private Dovecot (see README "Benchmarks"). Run:
 *
 * <pre>mvn -B -q -Pbench compile exec:exec -Dbench.main=dev.imap4lib.bench.ProviderBenchmark</pre>
 *
 * <p>Options ({@code -Dbench.args=key=value,key=value}): {@code warmup} (plain warm-up rounds
 * before the counted and the memory round, default 1), {@code runs} (measured rounds, default
 * 5; {@code runs.<key>} for one workload, default 3 for {@code idle}), {@code only} (workload keys, e.g.
 * {@code only=header+bulk}; {@code tls} selects {@code tls-implicit} and {@code tls-starttls}),
 * {@code tls=on|off} (Dovecot with or without TLS; default: on when a TLS workload is selected), {@code clients} (e.g.
 * {@code clients=raw+imap4lib}), {@code fork} ({@code false}: skip the small-heap JVMs),
 * {@code jfr} (a JFR recording of the measured rounds into {@code bench/jfr/<workload>.jfr}; combine
 * with {@code clients=imap4lib} to profile one client),
 * {@code binary=off} (imap4lib decodes parts itself instead of asking the server for BINARY),
 * {@code binchunk} (range size in bytes of workload 3c, {@code only=binchunks}: RAW reads the
 * attachment with BINARY ranges of that size, showing what the server pays per range),
 * {@code settle} (milliseconds workloads 10a-c pause after making their changes, before the timed
 * re-open, so the server's post-change work is not timed; default 0),
 * {@code out} (results file, default {@code bench/results-<date>.md}).
 *
 * <p>Per workload and round the three clients take turns (the order rotates). Round kinds: plain
 * warm-up; one counted round through {@link CountingProxy} (commands, continuations, bytes,
 * connections); one memory round (heap after a GC, sampled by GC notifications, and the heap
 * retained before the folder is closed, after an explicit GC); then the measured rounds (wall
 * time and the benchmark thread's allocation, no proxy, no explicit GC). Connecting and logging
 * in is outside the timed part except in the churn workload.
 */
public final class ProviderBenchmark {

    enum Client {
        RAW("RAW", null, false), ANGUS("Angus imap", "imap", false), IMAP4LIB("imap4lib", "imap4lib", false),
        /** With {@code compress.enable}; only when named in {@code clients=} (e.g. {@code only=header}). */
        ANGUS_Z("Angus imap +COMPRESS", "imap", true), IMAP4LIB_Z("imap4lib +COMPRESS", "imap4lib", true);

        final String label;
        final String protocol;
        final boolean compress;

        Client(String label, String protocol, boolean compress) {
            this.label = label;
            this.protocol = protocol;
            this.compress = compress;
        }
    }

    enum Mode { WARM, COUNT, MEM, MEASURE }

    static final String HOST = BenchDovecot.HOST;
    static final String USER = BenchDovecot.USER;
    static final String PASS = BenchDovecot.PASS;
    static final int CHURN = 50;
    static final int COPY = 1_000;
    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What one run of a workload sees. */
    static final class Ctx {
        final BenchData data;
        final int directPort;
        int port;
        /** Implicit-TLS port: the server's, or the TLS proxy's in the counted round. */
        int imapsDirect;
        int imapsPort;
        /** The benchmark server's certificate, for client contexts that trust exactly it. */
        BenchTls tls;
        /** Per-event latencies (ns) a workload records in a run; the report uses them instead of wall time. */
        final List<Long> samples = new ArrayList<>();
        /** Further named series shown beside the latencies (e.g. the APPEND's own round trip). */
        final Map<String, List<Long>> series = new LinkedHashMap<>();

        void sample(String series, long nanos) {
            this.series.computeIfAbsent(series, k -> new ArrayList<>()).add(nanos);
        }
        /** Cyrus 3.10, for workloads that need it (started on first use, stopped after the last workload). */
        BenchCyrus.Lazy cyrus;
        /**
         * A workload that talks to another server than Dovecot sets its own relay here in
         * {@code open}; the counted round then reads commands, bytes and connections from it.
         */
        CountingProxy counted;
        boolean memRun;
        long baseline;
        long retained = -1;

        Ctx(BenchData data, int directPort) {
            this.data = data;
            this.directPort = directPort;
            this.port = directPort;
        }

        /** Called by a workload at its fullest (before closing the folder): heap retained now. */
        void mark() {
            if (memRun) {
                retained = Math.max(0, HeapWatch.liveHeap() - baseline);
            }
        }
    }

    /** One prepared run: {@link #body} is timed; {@link #close} cleans up (and may verify). */
    abstract static class Run implements AutoCloseable {
        abstract String body() throws Exception;

        @Override
        public void close() throws Exception {
        }
    }

    interface Work {
        Run open(Client c, Ctx x) throws Exception;
    }

    /** The timed part of a workload, given a logged-in raw client or a connected store. */
    @FunctionalInterface
    interface Body<T> {
        String run(T client) throws Exception;
    }

    /** A run of {@code body} on a raw client logged in now and logged out when the run closes. */
    static Run raw(Ctx x, Body<RawImap> body) throws IOException {
        RawImap r = RawImap.login(HOST, x.port, USER, PASS);
        return new Run() {
            @Override
            String body() throws Exception {
                return body.run(r);
            }

            @Override
            public void close() throws Exception {
                r.logout();
            }
        };
    }

    /** A run of {@code body} on a store of client {@code c} connected now and closed when the run closes. */
    static Run onStore(Client c, Ctx x, Body<Store> body) throws Exception {
        Store s = connect(c, x);
        return new Run() {
            @Override
            String body() throws Exception {
                return body.run(s);
            }

            @Override
            public void close() throws Exception {
                s.close();
            }
        };
    }

    /**
     * @param encrypted the traffic is TLS, so the proxy can count bytes and connections but not commands
     */
    record Workload(String key, String title, Work work, long payloadBytes, boolean encrypted) {
        Workload(String key, String title, Work work, long payloadBytes) {
            this(key, title, work, payloadBytes, false);
        }

        /**
         * {@code only=tls} selects {@code tls-implicit} and {@code tls-starttls}; the BINARY range
         * experiment ({@code binchunks}) runs only when named.
         */
        boolean selectedBy(Set<String> only) {
            if (key.equals("binchunks")) {
                return only != null && only.contains(key);
            }
            return only == null || only.contains(key) || key.contains("-") && only.contains(key.substring(0, key.indexOf('-')));
        }
    }

    /** Results of one workload for one client. */
    static final class Stats {
        final List<Long> nanos = new ArrayList<>();
        final List<Long> alloc = new ArrayList<>();
        final List<Long> samples = new ArrayList<>();
        final Map<String, List<Long>> series = new LinkedHashMap<>();
        long cmds = -1;
        long conts;
        long up;
        long down;
        long conns;
        long peak = -1;
        long retained = -1;
        String summary = "";
        String failure;

        /** Median per-event latency for latency workloads, else median wall time of a run. */
        double medianMs() {
            if (!samples.isEmpty()) {
                return median(samples) / 1e6;
            }
            return nanos.isEmpty() ? Double.NaN : median(nanos) / 1e6;
        }
    }

    // ------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--fork-attachment")) {
            forkAttachment(args);
            return;
        }
        Map<String, String> opt = options(System.getProperty("bench.args", ""));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "1"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        Set<String> only = opt.containsKey("only") ? new HashSet<>(Arrays.asList(opt.get("only").split("\\+"))) : null;
        List<Client> clients = new ArrayList<>();
        for (Client c : Client.values()) {
            if (!opt.containsKey("clients") ? !c.compress : Arrays.asList(opt.get("clients").toLowerCase(Locale.ROOT).split("\\+"))
                    .contains(c.name().toLowerCase(Locale.ROOT))) {
                clients.add(c);
            }
        }
        boolean fork = !"false".equals(opt.get("fork"));
        binary = !"off".equals(opt.get("binary"));
        binChunk = Integer.parseInt(opt.getOrDefault("binchunk", "1048576"));
        ResyncWorkload.settleMs = Long.parseLong(opt.getOrDefault("settle", "0"));
        boolean jfr = opt.containsKey("jfr");
        String date = LocalDate.now().toString();
        Path out = Path.of(opt.getOrDefault("out", "bench/results-" + date + ".md"));

        long t0 = System.nanoTime();
        String loadBefore = loadAverage();
        String dovecotVersion = BenchDovecot.version();
        System.out.println("Starting Dovecot " + dovecotVersion + " and writing the mail ...");
        // TLS only when a TLS workload runs, so plain-only runs keep the server set-up earlier results
        // were measured with (with ssl = yes each connection's new login process also sets up OpenSSL)
        boolean tls = opt.containsKey("tls") ? !opt.get("tls").equals("off")
                : only == null || only.stream().anyMatch(k -> k.startsWith("tls"));
        try (BenchDovecot server = BenchDovecot.start(tls)) {
            BenchData data = BenchData.populate(server);
            prime(server.port, data);
            System.out.printf("Data ready in %.1f s (INBOX %d msgs %.1f MB, Big %d msgs %.1f MB, Huge %.1f MB) in %s%n",
                    (System.nanoTime() - t0) / 1e9, BenchData.SMALL, data.smallSizeSum / 1e6, BenchData.BIG,
                    data.bigBytes / 1e6, data.hugeMessageBytes / 1e6, server.dir);
            data.buildAppendSet();

            List<Workload> workloads = List.of(
                    new Workload("header", "1. header scan, 10k msgs (ENVELOPE+FLAGS+UID+CONTENT_INFO)",
                            ProviderBenchmark::headerScan, 0),
                    new Workload("bulk", "2. bulk download, 1k x 50 KB (writeTo)", ProviderBenchmark::bulk, data.bigBytes),
                    new Workload("attach", "3. 50 MB attachment streamed (getContent -> part stream)",
                            ProviderBenchmark::attachment, data.hugeEncodedBytes),
                    new Workload("attach-binary", "3b. same part; RAW: one FETCH BINARY.PEEK[2] (the server decodes)",
                            ProviderBenchmark::attachmentBinary, BenchData.HUGE_ATTACHMENT),
                    new Workload("binchunks", "3c. same part; RAW: BINARY.PEEK[2] in binchunk ranges",
                            ProviderBenchmark::attachmentBinaryChunks, BenchData.HUGE_ATTACHMENT),
                    new Workload("search", "4. 2 searches, flag+unflag 10k, copy 1k + expunge 1k",
                            ProviderBenchmark::searchFlags, 0),
                    new Workload("churn", "5. connect/login/open/close x50", ProviderBenchmark::churn, 0),
                    new Workload("append", "6. APPEND 1k msgs + one 25 MB msg", ProviderBenchmark::append,
                            data.appendBytes),
                    new Workload("multiappend-seq", "6b. append " + MultiAppendWorkload.COUNT
                            + " x ~4 KB in one appendMessages; RAW: one APPEND (LITERAL+) each", MultiAppendWorkload::sequential,
                            MultiAppendWorkload.bytes()),
                    new Workload("multiappend-one", "6c. same; RAW: one MULTIAPPEND with LITERAL+",
                            MultiAppendWorkload::multi, MultiAppendWorkload.bytes()),
                    new Workload("idle", "7. IDLE: APPEND elsewhere -> new-message event, latency per message (x"
                            + IdleWorkload.APPENDS + ")", IdleWorkload::open, 0),
                    new Workload("list", "8. LIST * of " + BenchData.FOLDERS + " folders + MESSAGES/UNSEEN of each",
                            ListWorkload::open, 0),
                    new Workload("tls-implicit", "9a. implicit TLS: connect+login+LOGOUT x" + TlsWorkload.SESSIONS,
                            TlsWorkload::implicit, 0, true),
                    new Workload("tls-starttls", "9b. STARTTLS: connect+STARTTLS+login+LOGOUT x" + TlsWorkload.SESSIONS,
                            TlsWorkload::starttls, 0, true),
                    new Workload("resync-data", "10a. re-open 10k msgs after 10 changes + read all flags, with ResyncData",
                            ResyncWorkload::data, 0),
                    new Workload("resync-auto", "10b. same, imap4lib automatic resync / Angus without ResyncData",
                            ResyncWorkload::auto, 0),
                    new Workload("resync-full", "10c. same, every message's flags fetched again",
                            ResyncWorkload::full, 0),
                    new Workload("watch50", "11. watching " + WatchWorkload.FOLDERS + " folders on Cyrus 3.10: APPEND "
                            + "elsewhere -> MessageCountEvent, latency per message (x" + WatchWorkload.APPENDS + ")",
                            WatchWorkload::open, 0));

            Map<String, Map<Client, Stats>> results = new LinkedHashMap<>();
            HeapWatch heap = HeapWatch.install();
            Ctx ctx = new Ctx(data, server.port);
            ctx.imapsDirect = server.imapsPort;
            ctx.tls = server.tls;
            ctx.cyrus = new BenchCyrus.Lazy();
            try (BenchCyrus.Lazy cyrus = ctx.cyrus;
                    CountingProxy proxy = new CountingProxy(server.port);
                    CountingProxy tlsProxy = new CountingProxy(tls ? server.imapsPort : server.port)) {
                for (Workload w : workloads) {
                    if (!w.selectedBy(only)) {
                        continue;
                    }
                    Map<Client, Stats> st = new EnumMap<>(Client.class);
                    clients.forEach(c -> st.put(c, new Stats()));
                    results.put(w.key(), st);
                    long tw = System.nanoTime();
                    int rounds = warmup + 2 + runsOf(w, opt, runs);
                    jdk.jfr.Recording rec = null;
                    for (int round = 0; round < rounds; round++) {
                        Mode mode = round < warmup ? Mode.WARM : round == warmup ? Mode.COUNT
                                : round == warmup + 1 ? Mode.MEM : Mode.MEASURE;
                        for (int k = 0; k < clients.size(); k++) {
                            Client c = clients.get((round + k) % clients.size());
                            if (jfr && mode == Mode.MEASURE && rec == null) {
                                rec = new jdk.jfr.Recording();   // CPU samples only: cheap enough not to skew
                                rec.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(2)).withStackTrace();
                                rec.start();
                            }
                            runOnce(w, c, mode, ctx, proxy, tlsProxy, heap, st.get(c));
                        }
                    }
                    if (rec != null) {
                        rec.stop();
                        Path f = Path.of("bench", "jfr", w.key() + ".jfr");
                        Files.createDirectories(f.getParent());
                        rec.dump(f);
                        rec.close();
                        System.out.println("  JFR: " + f);
                    }
                    System.out.printf("%-58s done in %5.1f s:", w.title(), (System.nanoTime() - tw) / 1e9);
                    for (Client c : clients) {
                        Stats s = st.get(c);
                        System.out.printf("  %s %s", c.label, s.failure != null ? "FAILED" : String.format("%.0f ms", s.medianMs()));
                    }
                    System.out.println();
                }
            }

            String decodeFloor = null;
            if (only == null || only.contains("attach")) {
                decodeFloor = decodeFloor();
                System.out.println("  " + decodeFloor);
            }
            Map<Client, String> forks = new EnumMap<>(Client.class);
            if (fork && (only == null || only.contains("attach"))) {
                for (Client c : clients) {
                    forks.put(c, forkRuns(c, server.port, data));
                    System.out.println("  forked " + c.label + ": " + forks.get(c));
                }
            }
            int idleRuns = runsOf(workloads.stream().filter(w -> w.key().equals("idle")).findFirst().orElseThrow(), opt, runs);
            String report = report(results, workloads, clients, forks, decodeFloor, warmup, runs, idleRuns, tls, dovecotVersion,
                    ctx.cyrus.idled(), data,
                    (System.nanoTime() - t0) / 1e9, "load average (1/5/15 min) " + loadBefore + " at the start, "
                            + loadAverage() + " at the end");
            System.out.println();
            System.out.println(report);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
            System.out.println("Written to " + out);
        }
    }

    /**
     * Measured rounds of {@code w}: option {@code runs.<key>}, else {@code runs}, but at most 3 for
     * {@code idle}, whose rounds last about 11 s each (Dovecot's notification delay, 21 times).
     */
    static int runsOf(Workload w, Map<String, String> opt, int runs) {
        String own = opt.get("runs." + w.key());
        return own != null ? Integer.parseInt(own) : w.key().equals("idle") ? Math.min(3, runs) : runs;
    }

    static void runOnce(Workload w, Client c, Mode mode, Ctx x, CountingProxy proxy, CountingProxy tlsProxy,
            HeapWatch heap, Stats st) {
        x.port = mode == Mode.COUNT ? proxy.port() : x.directPort;
        x.imapsPort = mode == Mode.COUNT ? tlsProxy.port() : x.imapsDirect;
        x.memRun = mode == Mode.MEM;
        x.retained = -1;
        x.samples.clear();
        x.series.clear();
        x.counted = null;
        proxy.connections.set(0);   // connections are counted from the set-up on
        tlsProxy.connections.set(0);
        try (Run r = w.work().open(c, x)) {
            CountingProxy counted = x.counted != null ? x.counted : proxy;
            if (mode == Mode.COUNT) {
                counted.reset();
                tlsProxy.reset();
            }
            if (mode == Mode.MEM) {
                x.baseline = HeapWatch.liveHeap();
                heap.reset();
            }
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            String summary = r.body();
            long t1 = System.nanoTime();
            long a1 = THREADS.getCurrentThreadAllocatedBytes();
            switch (mode) {
                case COUNT -> {
                    // TLS records cannot be framed as IMAP: only bytes and connections count there
                    st.cmds = w.encrypted() ? -1 : counted.commands.get();
                    st.conts = w.encrypted() ? -1 : counted.continuations.get();
                    st.up = counted.bytesUp.get() + tlsProxy.bytesUp.get();
                    st.down = counted.bytesDown.get() + tlsProxy.bytesDown.get();
                    st.conns = counted.connections.get() + tlsProxy.connections.get();
                }
                case MEM -> {
                    Thread.sleep(100);   // GC notifications arrive on another thread
                    long retained = Math.max(0, x.retained);
                    st.retained = x.retained;
                    st.peak = Math.max(retained, heap.maxAfterGc() - x.baseline);
                }
                case MEASURE -> {
                    st.nanos.add(t1 - t0);
                    st.alloc.add(a1 - a0);
                    st.samples.addAll(x.samples);
                    x.series.forEach((k, v) -> st.series.computeIfAbsent(k, n -> new ArrayList<>()).addAll(v));
                }
                default -> {
                }
            }
            st.summary = summary;
        } catch (Throwable e) {
            if (st.failure == null) {
                st.failure = e.toString().replace('\n', ' ');
                System.err.println(w.key() + "/" + c.label + " (" + mode + "): " + e);
                e.printStackTrace();
            }
        }
    }

    /** Opens each mailbox once (Dovecot builds its indexes) and checks the counts. */
    private static void prime(int port, BenchData d) throws IOException {
        RawImap r = RawImap.login(HOST, port, USER, PASS);
        for (String[] box : new String[][] {{"INBOX", "" + BenchData.SMALL}, {"Big", "" + BenchData.BIG},
                {"Huge", "1"}, {"Scratch", "0"}, {"Appended", "0"}, {IdleWorkload.BOX, "0"}}) {
            r.ok("EXAMINE " + box[0]);
            check(r.exists == Integer.parseInt(box[1]), box[0] + " has " + r.exists + " messages, expected " + box[1]);
            r.ok("CLOSE");
        }
        ListWorkload.prime(r, d);
        r.logout();
    }

    // ------------------------------------------------------------------------------- clients

    /** Whether imap4lib may read parts with BINARY (its default); {@code binary=off} turns it off. */
    static volatile boolean binary = true;

    static Session session(Client c, Ctx x) {
        return session(c, x.port);
    }

    /** A session of client {@code c} for a server (or relay) on {@code port} of {@link #HOST}. */
    static Session session(Client c, int port) {
        Properties p = new Properties();
        p.put("mail.store.protocol", c.protocol);
        p.put("mail." + c.protocol + ".host", HOST);
        p.put("mail." + c.protocol + ".port", Integer.toString(port));
        if (c.protocol.equals("imap4lib")) {
            p.put("mail.imap4lib.starttls.enable", "false");   // the server offers none anyway
            p.put("mail.imap4lib.binary.enable", Boolean.toString(binary));
        }
        if (c.compress) {
            p.put("mail." + c.protocol + ".compress.enable", "true");
        }
        return Session.getInstance(p);
    }

    static Store connect(Client c, Ctx x) throws Exception {
        Store s = session(c, x).getStore(c.protocol);
        s.connect(HOST, x.port, USER, PASS);
        return s;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("verification failed: " + what);
        }
    }

    /** Counts and CRC-32s what is written to it. */
    static final class CrcSink extends OutputStream {
        final CRC32 crc = new CRC32();
        long bytes;

        @Override
        public void write(int b) {
            crc.update(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            bytes += len;
        }

        void drain(InputStream in) throws IOException {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) != -1) {
                write(buf, 0, n);
            }
        }
    }

    // ----------------------------------------------------------------------------- workloads

    static Run headerScan(Client c, Ctx x) throws Exception {
        BenchData d = x.data;
        if (c == Client.RAW) {
            return raw(x, r -> {
                r.ok("EXAMINE INBOX");
                r.reset();
                r.ok("FETCH 1:" + BenchData.SMALL + " (UID ENVELOPE INTERNALDATE RFC822.SIZE FLAGS BODYSTRUCTURE)");
                x.mark();
                r.ok("CLOSE");
                check(r.fetches == BenchData.SMALL, r.fetches + " FETCH responses");
                check(r.sizeSum == d.smallSizeSum, "size sum " + r.sizeSum + " != " + d.smallSizeSum);
                return r.fetches + " msgs, sizes ok";
            });
        }
        return onStore(c, x, s -> {
            Folder f = s.getFolder("INBOX");
            f.open(Folder.READ_ONLY);
            Message[] msgs = f.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.ENVELOPE);
            fp.add(FetchProfile.Item.FLAGS);
            fp.add(UIDFolder.FetchProfileItem.UID);
            fp.add(FetchProfile.Item.CONTENT_INFO);
            f.fetch(msgs, fp);
            CRC32 crc = new CRC32();
            long sizes = 0;
            String firstBad = null;
            for (int i = 0; i < msgs.length; i++) {
                Message m = msgs[i];
                String subject = m.getSubject();
                Address[] from = m.getFrom();
                Date date = m.getSentDate();
                int size = m.getSize();
                Flags fl = m.getFlags();
                String flags = (fl.contains(Flags.Flag.ANSWERED) ? "A" : "") + (fl.contains(Flags.Flag.FLAGGED) ? "F" : "")
                        + (fl.contains(Flags.Flag.SEEN) ? "S" : "");
                String line = BenchData.headerLine(subject, ((InternetAddress) from[0]).getAddress(),
                        date == null ? -1 : date.getTime(), size, flags);
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                sizes += size;
                if (firstBad == null && i < d.headerLines.size() && !line.equals(d.headerLines.get(i))) {
                    firstBad = "message " + (i + 1) + " read as [" + line.strip().replace('\0', '|')
                            + "], expected [" + d.headerLines.get(i).strip().replace('\0', '|') + "]";
                }
            }
            x.mark();
            f.close(false);
            check(msgs.length == BenchData.SMALL, msgs.length + " messages");
            check(sizes == d.smallSizeSum, "size sum " + sizes + " != " + d.smallSizeSum);
            check(crc.getValue() == d.headerChecksum, "header checksum differs: " + firstBad);
            return msgs.length + " msgs, sizes+checksum ok";
        });
    }

    static Run bulk(Client c, Ctx x) throws Exception {
        BenchData d = x.data;
        if (c == Client.RAW) {
            return raw(x, r -> {
                r.ok("EXAMINE Big");
                r.reset();
                for (int i = 1; i <= BenchData.BIG; i++) {
                    r.ok("FETCH " + i + " BODY.PEEK[]");
                }
                x.mark();
                r.ok("CLOSE");
                check(r.fetches == BenchData.BIG, r.fetches + " FETCH responses");
                check(r.literalBytes == d.bigBytes && r.crc.getValue() == d.bigCrc,
                        r.literalBytes + " bytes / crc mismatch (expected " + d.bigBytes + ")");
                return r.fetches + " msgs, " + r.literalBytes + " B, crc ok";
            });
        }
        return onStore(c, x, s -> {
            Folder f = s.getFolder("Big");
            f.open(Folder.READ_ONLY);
            Message[] msgs = f.getMessages();
            CrcSink sink = new CrcSink();
            for (Message m : msgs) {
                m.writeTo(sink);
            }
            x.mark();
            f.close(false);
            check(msgs.length == BenchData.BIG, msgs.length + " messages");
            check(sink.bytes == d.bigBytes && sink.crc.getValue() == d.bigCrc,
                    sink.bytes + " bytes / crc mismatch (expected " + d.bigBytes + ")");
            return msgs.length + " msgs, " + sink.bytes + " B, crc ok";
        });
    }

    static Run attachment(Client c, Ctx x) throws Exception {
        BenchData d = x.data;
        if (c == Client.RAW) {
            return raw(x, r -> {
                r.ok("EXAMINE Huge");
                r.ok("FETCH 1 (UID BODYSTRUCTURE)");
                r.reset();
                r.ok("FETCH 1 BODY.PEEK[2]");
                x.mark();
                r.ok("CLOSE");
                check(r.literalBytes == d.hugeEncodedBytes, r.literalBytes + " encoded bytes, expected " + d.hugeEncodedBytes);
                return r.literalBytes + " encoded B (not decoded)";
            });
        }
        return onStore(c, x, s -> {
            Folder f = s.getFolder("Huge");
            f.open(Folder.READ_ONLY);
            Message m = f.getMessage(1);
            Multipart mp = (Multipart) m.getContent();
            BodyPart p = mp.getBodyPart(1);
            CrcSink sink = new CrcSink();
            try (InputStream in = p.getInputStream()) {
                sink.drain(in);
            }
            x.mark();
            f.close(false);
            check(sink.bytes == BenchData.HUGE_ATTACHMENT && sink.crc.getValue() == d.hugeAttachmentCrc,
                    sink.bytes + " decoded bytes / crc mismatch");
            return sink.bytes + " decoded B, crc ok";
        });
    }

    /** Workload 3 against the floor of a server that decodes: RAW drains {@code BINARY[2]} in one FETCH. */
    static Run attachmentBinary(Client c, Ctx x) throws Exception {
        return c != Client.RAW ? attachment(c, x) : rawBinary(x, -1);
    }

    /** Range size of workload 3c ({@code binchunk=}, default 1 MiB). */
    static int binChunk = 1 << 20;

    /** Workload 3c: what Dovecot's BINARY ranges cost; RAW asks them one after the other. */
    static Run attachmentBinaryChunks(Client c, Ctx x) throws Exception {
        return c != Client.RAW ? attachment(c, x) : rawBinary(x, binChunk);
    }

    /** RAW reads the huge attachment decoded by the server, in ranges of {@code chunk} bytes or (negative) in one FETCH. */
    private static Run rawBinary(Ctx x, int chunk) throws IOException {
        return raw(x, r -> {
            r.ok("EXAMINE Huge");
            r.ok("FETCH 1 (UID BODYSTRUCTURE)");
            r.reset();
            if (chunk < 0) {
                r.ok("FETCH 1 BINARY.PEEK[2]");
            }
            for (long off = 0; chunk > 0 && off < BenchData.HUGE_ATTACHMENT; off += chunk) {
                r.ok("FETCH 1 BINARY.PEEK[2]<" + off + "." + chunk + ">");
            }
            x.mark();
            r.ok("CLOSE");
            check(r.literalBytes == BenchData.HUGE_ATTACHMENT && r.crc.getValue() == x.data.hugeAttachmentCrc,
                    r.literalBytes + " decoded bytes / crc mismatch");
            return r.literalBytes + " decoded B, crc ok" + (chunk > 0 ? " (" + chunk + " B ranges)" : "");
        });
    }

    static Run searchFlags(Client c, Ctx x) throws Exception {
        BenchData d = x.data;
        int n = BenchData.SMALL;
        if (c == Client.RAW) {
            return raw(x, r -> {
                r.ok("SELECT INBOX");
                r.reset();
                r.ok("SEARCH SUBJECT " + BenchData.ATTACH_SUBJECT);
                int a = r.searchHits;
                r.reset();
                r.ok("SEARCH FROM sender3@example.com UNSEEN");
                int b = r.searchHits;
                r.reset();
                r.ok("STORE 1:" + n + " +FLAGS ($Bench)");
                r.ok("STORE 1:" + n + " -FLAGS ($Bench)");
                int stored = r.fetches;
                r.ok("COPY 1:" + COPY + " Scratch");
                r.ok("CLOSE");
                r.ok("SELECT Scratch");
                int copied = r.exists;
                r.ok("STORE 1:" + COPY + " +FLAGS (\\Deleted)");
                r.ok("EXPUNGE");
                x.mark();
                r.ok("CLOSE");
                check(a == d.searchSubjectHits && b == d.searchUnseenFromHits, "search hits " + a + "/" + b);
                check(stored == 2 * n, stored + " FETCH replies to STORE");
                check(copied == COPY, copied + " copied");
                return "hits " + a + "/" + b + ", " + copied + " copied+expunged";
            });
        }
        return onStore(c, x, s -> {
            Folder inbox = s.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] a = inbox.search(new SubjectTerm(BenchData.ATTACH_SUBJECT));
            Message[] b = inbox.search(new AndTerm(new FromStringTerm("sender3@example.com"),
                    new FlagTerm(new Flags(Flags.Flag.SEEN), false)));
            Message[] all = inbox.getMessages();
            Flags kw = new Flags("$Bench");
            inbox.setFlags(all, kw, true);
            inbox.setFlags(all, kw, false);
            Folder scratch = s.getFolder("Scratch");
            inbox.copyMessages(Arrays.copyOf(all, COPY), scratch);
            inbox.close(false);
            scratch.open(Folder.READ_WRITE);
            int copied = scratch.getMessageCount();
            scratch.setFlags(scratch.getMessages(), new Flags(Flags.Flag.DELETED), true);
            Message[] gone = scratch.expunge();
            x.mark();
            int left = scratch.getMessageCount();
            scratch.close(false);
            check(a.length == d.searchSubjectHits && b.length == d.searchUnseenFromHits,
                    "search hits " + a.length + "/" + b.length + ", expected " + d.searchSubjectHits + "/"
                            + d.searchUnseenFromHits);
            check(copied == COPY && gone.length == COPY && left == 0, copied + " copied, " + gone.length
                    + " expunged, " + left + " left");
            return "hits " + a.length + "/" + b.length + ", " + copied + " copied+expunged";
        });
    }

    static Run churn(Client c, Ctx x) throws Exception {
        if (c == Client.RAW) {
            return new Run() {
                @Override
                String body() throws Exception {
                    for (int i = 0; i < CHURN; i++) {
                        RawImap r = RawImap.login(HOST, x.port, USER, PASS);
                        r.ok("EXAMINE INBOX");
                        check(r.exists == BenchData.SMALL, r.exists + " messages");
                        r.ok("CLOSE");
                        r.logout();
                    }
                    x.mark();
                    return CHURN + " sessions";
                }
            };
        }
        Session session = session(c, x);
        return new Run() {
            @Override
            String body() throws Exception {
                for (int i = 0; i < CHURN; i++) {
                    Store s = session.getStore(c.protocol);
                    s.connect(HOST, x.port, USER, PASS);
                    Folder f = s.getFolder("INBOX");
                    f.open(Folder.READ_ONLY);
                    int n = f.getMessageCount();
                    f.close(false);
                    s.close();
                    check(n == BenchData.SMALL, n + " messages");
                }
                x.mark();
                return CHURN + " sessions";
            }
        };
    }

    static Run append(Client c, Ctx x) throws Exception {
        BenchData d = x.data;
        if (c == Client.RAW) {
            RawImap r = RawImap.login(HOST, x.port, USER, PASS);
            return new Run() {
                @Override
                String body() throws Exception {
                    for (byte[] m : d.appendSmall) {
                        r.append("Appended", m);
                    }
                    r.append("Appended", d.appendBig);
                    x.mark();
                    return (d.appendSmall.size() + 1) + " appended";
                }

                @Override
                public void close() throws Exception {
                    r.logout();
                    verifyAppended(x);
                }
            };
        }
        Session session = session(c, x);
        Message[] small = new Message[d.appendSmall.size()];
        for (int i = 0; i < small.length; i++) {
            small[i] = new MimeMessage(session, new ByteArrayInputStream(d.appendSmall.get(i)));
        }
        Message big = new MimeMessage(session, new ByteArrayInputStream(d.appendBig));
        Store s = session.getStore(c.protocol);
        s.connect(HOST, x.port, USER, PASS);
        return new Run() {
            @Override
            String body() throws Exception {
                Folder f = s.getFolder("Appended");
                f.appendMessages(small);
                f.appendMessages(new Message[] {big});
                x.mark();
                return (small.length + 1) + " appended";
            }

            @Override
            public void close() throws Exception {
                s.close();
                verifyAppended(x);
            }
        };
    }

    /** Checks the appended mail byte for byte, then empties the mailbox again (untimed). */
    static void verifyAppended(Ctx x) throws IOException {
        BenchData d = x.data;
        verifyAppended(x, d.appendSmall.size() + 1, d.appendBytes, d.appendCrc);
    }

    /** Checks that Appended holds {@code count} messages of {@code total} bytes with CRC-32 {@code want}, then empties it. */
    static void verifyAppended(Ctx x, int count, long total, long want) throws IOException {
        RawImap a = RawImap.login(HOST, x.directPort, USER, PASS);
        try {
            a.ok("SELECT Appended");
            int n = a.exists;
            if (n > 0) {
                a.reset();
                a.ok("FETCH 1:* BODY.PEEK[]");
                long bytes = a.literalBytes;
                long crc = a.crc.getValue();
                a.ok("STORE 1:* +FLAGS.SILENT (\\Deleted)");
                a.ok("EXPUNGE");
                check(n == count, n + " messages in Appended, expected " + count);
                check(bytes == total && crc == want,
                        "appended " + bytes + " bytes (expected " + total + "), crc " + (crc == want ? "ok" : "differs"));
            } else {
                check(false, "nothing appended");
            }
        } finally {
            a.logout();
        }
    }

    /**
     * What base64 decoding alone costs in workload 3: the same encoded part (CRLF lines), decoded
     * from memory by Jakarta Mail's decoder (what both libraries use) and by the JDK's.
     */
    static String decodeFloor() throws IOException {
        java.io.ByteArrayOutputStream enc = new java.io.ByteArrayOutputStream(75 << 20);
        try (OutputStream b64 = java.util.Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).wrap(enc)) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(7);
            byte[] chunk = new byte[57 * 1024];
            for (int left = BenchData.HUGE_ATTACHMENT; left > 0; left -= chunk.length) {
                r.nextBytes(chunk);
                b64.write(chunk, 0, Math.min(left, chunk.length));
            }
        }
        byte[] e = enc.toByteArray();
        enc = null;
        List<Long> mail = new ArrayList<>();
        List<Long> jdk = new ArrayList<>();
        List<Long> ours = new ArrayList<>();
        java.lang.reflect.Constructor<?> oursCtor;
        try {
            // package-private in the provider: the decoder its base64 parts use
            oursCtor = Class.forName("dev.imap4lib.provider.Base64InputStream").getDeclaredConstructor(InputStream.class);
            oursCtor.setAccessible(true);
        } catch (ReflectiveOperationException ex) {
            throw new IOException(ex);
        }
        for (int i = 0; i < 6; i++) {
            long t0 = System.nanoTime();
            try {
                new CrcSink().drain(jakarta.mail.internet.MimeUtility.decode(new ByteArrayInputStream(e), "base64"));
            } catch (jakarta.mail.MessagingException ex) {
                throw new IOException(ex);
            }
            long t1 = System.nanoTime();
            new CrcSink().drain(java.util.Base64.getMimeDecoder().wrap(new ByteArrayInputStream(e)));
            long t2 = System.nanoTime();
            try {
                new CrcSink().drain((InputStream) oursCtor.newInstance(new ByteArrayInputStream(e)));
            } catch (ReflectiveOperationException ex) {
                throw new IOException(ex);
            }
            long t3 = System.nanoTime();
            if (i > 0) {
                mail.add(t1 - t0);
                jdk.add(t2 - t1);
                ours.add(t3 - t2);
            }
        }
        return String.format(Locale.ROOT, "decoding the %.1f MB base64 part from memory (64 KiB reads, CRC-32 of the "
                + "output): MimeUtility.decode (angus-core BASE64DecoderStream, what Angus uses) %.0f ms, "
                + "imap4lib's Base64InputStream (what imap4lib's base64 parts use) %.0f ms, "
                + "java.util.Base64 MIME decoder %.0f ms (medians of 5)", e.length / 1e6, median(mail) / 1e6,
                median(ours) / 1e6, median(jdk) / 1e6);
    }

    // ------------------------------------------------------------------- forked small-heap runs

    /** Runs the attachment workload of one client in fresh JVMs with -Xmx64m and -Xmx16m. */
    static String forkRuns(Client c, int port, BenchData d) {
        StringBuilder sb = new StringBuilder();
        for (String heap : List.of("64m", "16m")) {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), ProviderBenchmark.class.getName(),
                    "--fork-attachment", c.name(), Integer.toString(port), heap.equals("64m") ? "3" : "1",
                    Long.toString(d.hugeAttachmentCrc), Long.toString(d.hugeEncodedBytes));
            String result = "-Xmx" + heap + ": ";
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                p.getOutputStream().close();
                String line = null;
                StringBuilder all = new StringBuilder();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        all.append(l).append('\n');
                        if (l.startsWith("FORK ")) {
                            line = l.substring(5);
                        }
                    }
                }
                int rc = p.waitFor();
                if (line == null) {
                    String tail = all.toString().strip();
                    int nl = tail.lastIndexOf('\n', Math.max(0, tail.length() - 2));
                    result += "FAILED (exit " + rc + "): " + tail.substring(Math.max(0, nl + 1)).replace('|', '/');
                } else {
                    result += line;
                }
            } catch (Exception e) {
                result += "FAILED: " + e;
            }
            sb.append(sb.length() > 0 ? "; " : "").append(result);
        }
        return sb.toString();
    }

    /** In the forked JVM: warm-up once, then {@code runs} measured runs; prints one FORK line. */
    static void forkAttachment(String[] a) throws Exception {
        Client c = Client.valueOf(a[1]);
        int port = Integer.parseInt(a[2]);
        int runs = Integer.parseInt(a[3]);
        BenchData d = new BenchData();
        d.hugeAttachmentCrc = Long.parseLong(a[4]);
        d.hugeEncodedBytes = Long.parseLong(a[5]);
        Ctx x = new Ctx(d, port);
        HeapWatch heap = HeapWatch.install();
        long base = HeapWatch.liveHeap();
        List<Long> times = new ArrayList<>();
        String fail = null;
        for (int i = 0; i <= runs && fail == null; i++) {
            if (i == 1) {
                heap.reset();
            }
            try (Run r = attachment(c, x)) {
                long t0 = System.nanoTime();
                r.body();
                if (i > 0) {
                    times.add(System.nanoTime() - t0);
                }
            } catch (Throwable e) {
                fail = e.toString();
            }
        }
        Thread.sleep(100);
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        if (fail != null) {
            System.out.println("FORK FAILED: " + fail);
        } else {
            System.out.printf(Locale.ROOT, "FORK ok, median %.0f ms, %s (live heap before: %.1f MB, max %.0f MB)%n",
                    median(times) / 1e6, heap.gcs() == 0 ? "no GC in the measured runs"
                            : String.format(Locale.ROOT, "max heap after GC %.1f MB over %d GCs", heap.maxAfterGc() / 1048576.0, heap.gcs()),
                    base / 1048576.0, max / 1048576.0);
        }
        System.exit(0);
    }

    // ----------------------------------------------------------------------------------- report

    static String report(Map<String, Map<Client, Stats>> results, List<Workload> workloads, List<Client> clients,
            Map<Client, String> forks, String decodeFloor, int warmup, int runs, int idleRuns, boolean tls, String dovecot,
            String cyrusIdled, BenchData data,
            double seconds, String load) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Provider benchmark: imap4lib vs Angus Mail vs raw socket\n\n");
        sb.append("Run ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(" by `")
                .append("mvn -B -q -Pbench compile exec:exec -Dbench.main=dev.imap4lib.bench.ProviderBenchmark`")
                .append(String.format(Locale.ROOT, " (%.0f s in all).%n%n", seconds));
        sb.append("- Machine: ").append(machine()).append("; ").append(load)
                .append(" (other processes share the cores: compare within a row group, not across runs)\n");
        sb.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(", heap -Xmx")
                .append(Runtime.getRuntime().maxMemory() / 1048576).append("m, GC ")
                .append(ManagementFactory.getGarbageCollectorMXBeans().get(0).getName()).append('\n');
        sb.append("- Dovecot ").append(dovecot).append(" on 127.0.0.1 (maildir, private config; ").append(tls
                ? "TLS on: plain port with STARTTLS offered, implicit-TLS port, self-signed RSA 2048 certificate from "
                        + "keytool, IP SAN 127.0.0.1" : "no TLS").append("), same host\n");
        sb.append("- Angus Mail ").append(version("org.eclipse.angus.mail.imap.IMAPStore"))
                .append(" (`imap`, defaults: fetchsize 16 KiB), imap4lib ").append(gitVersion())
                .append(" (`imap4lib`, defaults: fetchsize 1 MiB; BINARY ").append(binary ? "on" : "off").append(")\n");
        sb.append(String.format(Locale.ROOT, "- Rounds per workload and client: %d warm-up, 1 counted (proxy), 1 memory, "
                + "%d measured (median; min-max in brackets; workload 7: %d); clients take turns, order rotating%n",
                warmup, runs, idleRuns));
        sb.append("- Data: INBOX ").append(BenchData.SMALL).append(String.format(Locale.ROOT, " msgs (%.1f MB), Big %d x ~50 KB (%.1f MB), "
                + "Huge 1 msg with a %d MiB attachment (%.1f MB base64), APPEND set %.1f MB, %d more folders "
                + "(%d messages)%n%n",
                data.smallSizeSum / 1e6, BenchData.BIG, data.bigBytes / 1e6, BenchData.HUGE_ATTACHMENT >> 20,
                data.hugeEncodedBytes / 1e6, data.appendBytes / 1e6, data.folderCounts.size(), data.folderMessages()));
        sb.append("| workload | client | median ms | x RAW | x Angus | MB/s | cmds | +cont | conns | KB up | KB down "
                + "| alloc MB/run | peak heap MB | retained MB | verified |\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Workload w : workloads) {
            Map<Client, Stats> st = results.get(w.key());
            if (st == null) {
                continue;
            }
            Stats raw = st.get(Client.RAW);
            Stats angus = st.get(Client.ANGUS);
            for (Client c : clients) {
                Stats s = st.get(c);
                double ms = s.medianMs();
                sb.append("| ").append(c == clients.get(0) ? w.title() : "").append(" | ").append(c.label).append(" | ");
                if (s.failure != null && s.nanos.isEmpty()) {
                    sb.append("FAILED | | | | | | | | | | | | ").append(s.failure.replace('|', '/')).append(" |\n");
                    continue;
                }
                if (!s.samples.isEmpty()) {
                    sb.append(String.format(Locale.ROOT, "%.2f (p90 %.2f)", ms, percentile(s.samples, 90) / 1e6)).append(" | ");
                } else {
                    sb.append(String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", ms, min(s.nanos) / 1e6, max(s.nanos) / 1e6)).append(" | ");
                }
                sb.append(raw != null && c != Client.RAW ? String.format(Locale.ROOT, "%.2f", ms / raw.medianMs()) : "").append(" | ");
                sb.append(angus != null && c != Client.ANGUS ? String.format(Locale.ROOT, "%.2f", ms / angus.medianMs()) : "").append(" | ");
                sb.append(w.payloadBytes() > 0 ? String.format(Locale.ROOT, "%.0f", w.payloadBytes() / 1e6 / (ms / 1e3)) : "").append(" | ");
                sb.append(s.cmds < 0 ? "n/a" : s.cmds).append(" | ").append(s.conts < 0 ? "n/a" : s.conts).append(" | ")
                        .append(s.conns).append(" | ");
                sb.append(String.format(Locale.ROOT, "%.0f | %.0f | ", s.up / 1024.0, s.down / 1024.0));
                sb.append(String.format(Locale.ROOT, "%.1f | ", median(s.alloc) / 1048576.0));
                sb.append(s.peak < 0 ? "" : String.format(Locale.ROOT, "%.1f", s.peak / 1048576.0)).append(" | ");
                sb.append(s.retained < 0 ? "" : String.format(Locale.ROOT, "%.1f", s.retained / 1048576.0)).append(" | ");
                sb.append(s.failure != null ? "FAILED: " + s.failure.replace('|', '/') : "ok: " + s.summary).append(" |\n");
            }
        }
        Map<Client, Stats> idle = results.get("idle");
        if (idle != null) {
            sb.append("\nWorkload 7, latency per message in ms (all measured rounds pooled): **total** = from just before "
                    + "the APPEND is written on the other connection until the client's "
                    + "MessageCountListener.messagesAdded runs (RAW: until it has read `* n EXISTS`); **client part** = "
                    + "from the moment the `* n EXISTS` line reached the client's socket (a relay in front of every "
                    + "client stamps it) until then; **APPEND OK** = the APPEND's own round trip on the other "
                    + "connection. Dovecot 2.3 waits 500 ms after a mailbox change before it tells idling sessions "
                    + "(NOTIFY_DELAY_MSECS in its mailbox-watch.c), so the total is that delay plus what the client "
                    + "adds:\n\n");
            sb.append("| client | n | total median | total p90 | total min-max | client part median | client part p90 "
                    + "| client part max | APPEND OK median |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
            for (Client c : clients) {
                Stats s = idle.get(c);
                if (s != null && !s.samples.isEmpty()) {
                    List<Long> part = s.series.getOrDefault(IdleWorkload.CLIENT_PART, List.of());
                    List<Long> ok = s.series.getOrDefault(IdleWorkload.APPEND_OK, List.of());
                    sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f-%.2f | %.3f | %.3f | %.3f | %.2f |%n",
                            c.label, s.samples.size(), median(s.samples) / 1e6, percentile(s.samples, 90) / 1e6,
                            min(s.samples) / 1e6, max(s.samples) / 1e6, median(part) / 1e6, percentile(part, 90) / 1e6,
                            max(part) / 1e6, median(ok) / 1e6));
                }
            }
        }
        Map<Client, Stats> watch = results.get("watch50");
        if (watch != null) {
            WatchWorkload.report(sb, watch, clients, cyrusIdled);
        }
        if (!forks.isEmpty()) {
            sb.append("\nWorkload 3 in a fresh JVM per client and heap size (1 warm-up, then 3 runs at -Xmx64m, 1 at -Xmx16m):\n\n");
            for (Client c : clients) {
                if (forks.containsKey(c)) {
                    sb.append("- ").append(c.label).append(": ").append(forks.get(c)).append('\n');
                }
            }
        }
        if (decodeFloor != null) {
            sb.append("\nWorkload 3 without IMAP: ").append(decodeFloor).append('\n');
        }
        sb.append("\nimap4lib targets:\n\n");
        Map<Client, Stats> h = results.get("header");
        target(sb, h, "header scan <= 1.3x RAW", Client.RAW, 1.3);
        if (h != null && h.containsKey(Client.ANGUS) && h.containsKey(Client.IMAP4LIB)) {
            double f = h.get(Client.ANGUS).medianMs() / h.get(Client.IMAP4LIB).medianMs();
            sb.append(String.format(Locale.ROOT, "- header scan >= 2x faster than Angus: %.2fx -> %s%n", f, f >= 2 ? "met" : "NOT met"));
        }
        target(sb, results.get("bulk"), "bulk download <= 1.2x RAW", Client.RAW, 1.2);
        target(sb, results.get("attach"), "50 MB attachment <= 3x RAW", Client.RAW, 3.0);
        target(sb, results.get("attach-binary"), "50 MB attachment <= 1.5x RAW one-FETCH BINARY", Client.RAW, 1.5);
        if (forks.containsKey(Client.IMAP4LIB)) {
            sb.append("- 50 MB attachment peak heap < 16 MB: see the forked -Xmx16m run above (").append(
                    forks.get(Client.IMAP4LIB).contains("-Xmx16m: ok") ? "completed" : "did not complete").append(")\n");
        }
        target(sb, results.get("search"), "search/flags/copy <= 1.05x RAW", Client.RAW, 1.05);
        target(sb, results.get("churn"), "churn <= 1.05x RAW", Client.RAW, 1.05);
        sb.append("\nColumns: cmds = command units the client sent (a line plus its literals; SASL lines count), "
                + "+cont = server continuation requests (extra round trips for synchronizing literals), conns = TCP "
                + "connections, bytes as seen by the proxy, all from the counted round. alloc = bytes allocated by the "
                + "benchmark thread in a measured run (ThreadMXBean). peak heap = highest heap occupancy after a GC "
                + "during the memory round, above the heap before it (sampled at GCs only, so a lower bound for short "
                + "runs); retained = live heap (after System.gc()) at the workload's fullest point, before the folder "
                + "is closed, above the heap before the run. MB/s: workload 2 whole messages, 3 base64 part as sent, "
                + "6 appended bytes. RAW drains bytes (no decoding, no objects); the libraries decode and build "
                + "messages. Workload 7: median ms is the median latency per message (p90 in brackets), "
                + "bytes are per run of " + IdleWorkload.APPENDS + " messages, alloc is the benchmark thread's only (the "
                + "IDLE and the events run on other threads), and the appending connection (a raw socket, the same "
                + "for all) is not counted. Workload 8: RAW sends one RFC 5819 "
                + "`LIST \"\" * RETURN (STATUS (MESSAGES UNSEEN))`, the libraries what "
                + "`getDefaultFolder().list(\"*\")` and `getMessageCount()`/`getUnreadMessageCount()` per folder "
                + "send. Workloads 9a/9b: n/a = TLS bytes cannot be split into commands; each library verifies "
                + "the certificate chain against a trust store holding only the server certificate and checks "
                + "the host name as its default says (imap4lib: yes, Angus: `ssl.checkserveridentity` false), RAW "
                + "checks it.\n");
        return sb.toString();
    }

    private static void target(StringBuilder sb, Map<Client, Stats> st, String what, Client base, double limit) {
        if (st == null || !st.containsKey(base) || !st.containsKey(Client.IMAP4LIB)) {
            return;
        }
        double r = st.get(Client.IMAP4LIB).medianMs() / st.get(base).medianMs();
        sb.append(String.format(Locale.ROOT, "- %s: %.2fx -> %s%n", what, r, r <= limit ? "met" : "NOT met"));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String machine() {
        String cpu = "?";
        String mem = "?";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).strip();
                    break;
                }
            }
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal")) {
                    mem = (Long.parseLong(l.replaceAll("[^0-9]", "")) >> 20) + " GiB RAM";
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + mem + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static String version(String className) {
        try {
            Package p = Class.forName(className).getPackage();
            String v = p.getImplementationVersion();
            return v == null ? "2.0.5" : v;
        } catch (ClassNotFoundException e) {
            return "(missing)";
        }
    }

    private static String gitVersion() {
        try {
            return "0.1.0-SNAPSHOT @ " + BenchDovecot.run(List.of("git", "rev-parse", "--short", "HEAD")).strip();
        } catch (IOException e) {
            return "0.1.0-SNAPSHOT";
        }
    }

    static Map<String, String> options(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : s.split(",")) {
            if (kv.isBlank()) {
                continue;
            }
            int eq = kv.indexOf('=');
            m.put(eq < 0 ? kv.strip() : kv.substring(0, eq).strip(), eq < 0 ? "true" : kv.substring(eq + 1).strip());
        }
        return m;
    }

    static double median(List<Long> l) {
        if (l.isEmpty()) {
            return Double.NaN;
        }
        long[] a = l.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Long> l, int p) {
        if (l.isEmpty()) {
            return Double.NaN;
        }
        long[] a = l.stream().mapToLong(Long::longValue).sorted().toArray();
        return a[Math.max(0, (int) Math.ceil(p / 100.0 * a.length) - 1)];
    }

    static long min(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    static long max(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    // ------------------------------------------------------------------------------------ heap

    /** Highest heap occupancy after any GC since {@link #reset()} (GC notifications). */
    static final class HeapWatch {
        private final Set<String> heapPools = new HashSet<>();
        private volatile long max;
        private volatile int gcs;

        static HeapWatch install() {
            HeapWatch w = new HeapWatch();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    w.heapPools.add(p.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
                    if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (w.heapPools.contains(e.getKey())) {
                            used += e.getValue().getUsed();
                        }
                    }
                    synchronized (w) {
                        w.gcs++;
                        if (used > w.max) {
                            w.max = used;
                        }
                    }
                }, null, null);
            }
            return w;
        }

        synchronized void reset() {
            max = 0;
            gcs = 0;
        }

        long maxAfterGc() {
            return max;
        }

        int gcs() {
            return gcs;
        }

        /** Heap in use after two full collections. */
        static long liveHeap() {
            System.gc();
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
