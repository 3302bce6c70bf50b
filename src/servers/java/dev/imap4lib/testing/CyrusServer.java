package dev.imap4lib.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A throw-away Cyrus IMAP 3.6 server on 127.0.0.1 for interoperability tests, run from the
 * Debian packages unpacked by {@link InteropDebs} (nothing installed, Dovecot untouched).
 *
 * <p>{@link #start()} creates a directory under {@code /tmp} with a self-signed certificate
 * (openssl CLI, SAN {@code DNS:localhost, IP:127.0.0.1}), a private sasldb with the users of
 * {@link #USERS} ({@code saslpasswd2}), {@code imapd.conf} and {@code cyrus.conf} with two free
 * loopback ports, then runs {@code master -D -C imapd.conf -M cyrus.conf -p PIDFILE} as a child
 * of this JVM and returns once the plain port greets and the TLS port completes a handshake.
 * {@link #close()} sends SIGTERM to exactly that master (which stops its imapd children), waits,
 * and deletes the directory.
 *
 * <ul>
 *   <li>{@link #imapPort()}: plain, STARTTLS offered, LOGIN and AUTH=PLAIN/LOGIN/CRAM-MD5
 *       allowed without TLS ({@code allowplaintext: yes}); {@link #imapsPort()}: implicit TLS.
 *   <li>Mailboxes are created on the first login ({@code autocreate_post}): INBOX and
 *       {@code Drafts|Sent|Trash|Junk} below it.
 *   <li>Namespace: by default Cyrus's classic one, {@code (("INBOX/" "/"))}: personal folders
 *       live below {@code INBOX/}, a top-level CREATE is refused ("Permission denied").
 *       {@link #start(boolean)} with {@code true} gives {@code altnamespace: yes}, i.e.
 *       {@code (("" "/"))}.
 *   <li>As root, the services run as {@code nobody} ({@code cyrus_user}); otherwise as the
 *       current user. Cyrus logs only to syslog; master's own output is in {@code master.out}.
 * </ul>
 *
 * <p>{@link Cyrus310Server} is the same launcher for Cyrus 3.10 (a {@link Release} with
 * {@code idled}, conversations and PREVIEW annotations).
 */
public class CyrusServer implements AutoCloseable {

    public static final String TIMEOUT_PROPERTY = "imap4lib.cyrus.startTimeout";
    public static final String KEEP_PROPERTY = "imap4lib.cyrus.keep";
    public static final String TRUSTSTORE_PASSWORD = "changeit";
    public static final String MASTER = "usr/lib/cyrus/bin/master";
    public static final String IMAPD = "usr/lib/cyrus/bin/imapd";
    public static final String CTL_CYRUSDB = "usr/lib/cyrus/bin/ctl_cyrusdb";
    public static final String SASLPASSWD2 = "usr/sbin/saslpasswd2";
    public static final Map<String, String> USERS;

    static {
        Map<String, String> u = new LinkedHashMap<>();
        u.put("user1", "pass1");
        u.put("user2", "pass2");
        USERS = Collections.unmodifiableMap(u);
    }

    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 3;

    /**
     * What differs between the Cyrus releases the tests run.
     *
     * @param modern 3.10's set-up: an {@code idled} DAEMON entry (instant IDLE and NOTIFY, needs
     *     {@code master} without {@code -D} and {@code <configdirectory>/socket/}),
     *     {@code conversations: yes} (THREADID), {@code jmap_preview_annot} (PREVIEW text), and as
     *     root the whole server started as nobody
     */
    record Release(String label, String treeName, String debsDir, List<String> packages, boolean modern) {
        /** The binaries checked with ldd after unpacking (relative to the tree). */
        List<String> binaries() {
            return modern ? List.of(MASTER, IMAPD, CTL_CYRUSDB, IDLED, SASLPASSWD2)
                    : List.of(MASTER, IMAPD, CTL_CYRUSDB, SASLPASSWD2);
        }
    }

    static final Release CYRUS_36 = new Release("Cyrus", "cyrus", "debs", InteropDebs.CYRUS_PACKAGES, false);
    static final String IDLED = "usr/lib/cyrus/bin/idled";
    /** The annotation whose value 3.10 returns as a message's PREVIEW (it never computes one). */
    public static final String PREVIEW_ANNOTATION = "/shared/comment";

    /** Makes the server object once its master is up (the class of the release). */
    interface Factory<S extends CyrusServer> {
        S make(Path dir, Path tree, Process master, int imapPort, int imapsPort, boolean altNamespace, SSLContext ssl,
                Duration startTime);
    }

    private final Path dir;
    private final Path tree;
    private final Process master;
    private final int imapPort;
    private final int imapsPort;
    private final boolean altNamespace;
    private final SSLContext sslContext;
    private final Duration startTime;
    private final Thread shutdownHook;
    private volatile boolean closed;

    CyrusServer(Path dir, Path tree, Process master, int imapPort, int imapsPort, boolean altNamespace,
            SSLContext ssl, Duration startTime) {
        this.dir = dir;
        this.tree = tree;
        this.master = master;
        this.imapPort = imapPort;
        this.imapsPort = imapsPort;
        this.altNamespace = altNamespace;
        this.sslContext = ssl;
        this.startTime = startTime;
        this.shutdownHook = new Thread(this::stopMaster, "cyrus-test-server-stop");
    }

    /** Why no server can be started here (one line), or empty. Never downloads anything. */
    public static Optional<String> unavailableReason() {
        return unavailableReason(CYRUS_36);
    }

    static Optional<String> unavailableReason(Release release) {
        if (InteropDebs.which("openssl") == null) {
            return Optional.of("openssl is not installed (needed to create the test certificate)");
        }
        Path t = InteropDebs.root().resolve(release.treeName());
        if (!Files.exists(t.resolve(InteropDebs.STAMP))
                && (InteropDebs.which("apt-get") == null || InteropDebs.which("dpkg-deb") == null)) {
            return Optional.of(release.label() + " packages not unpacked in " + t + " and apt-get/dpkg-deb unavailable");
        }
        return Optional.empty();
    }

    public static CyrusServer start() throws IOException {
        return start(false);
    }

    /**
     * Starts a new server (unpacking the packages into the cache first if needed).
     *
     * @param altNamespace {@code true}: {@code altnamespace: yes} (personal folders at the top level)
     */
    public static CyrusServer start(boolean altNamespace) throws IOException {
        return start(CYRUS_36, altNamespace, CyrusServer::new);
    }

    static <S extends CyrusServer> S start(Release release, boolean altNamespace, Factory<S> factory)
            throws IOException {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 30L)).toNanos();
        Optional<String> missing = unavailableReason(release);
        if (missing.isPresent()) {
            throw new IOException(missing.get());
        }
        Path tree = InteropDebs.tree(release.treeName(), release.debsDir(), release.packages(), release.binaries());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "imap4lib-cy");
        boolean ok = false;
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String d : List.of("conf/socket", "part", "run")) {
                Files.createDirectories(dir.resolve(d));
            }
            TestServers.selfSignedCertificate(dir, "imap4lib interop tests");
            SSLContext ssl = TestServers.trusting(dir.resolve("cert.pem"), dir.resolve("truststore.p12"), "imap4lib-interop");
            for (Map.Entry<String, String> u : USERS.entrySet()) {
                saslpasswd(tree, dir, u.getKey(), u.getValue());
            }
            boolean root = "0".equals(InteropDebs.run(List.of("id", "-u"), null).trim());
            String cyrusUser = root ? "nobody" : System.getProperty("user.name");
            IOException last = null;
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                int[] ports = TestServers.freePorts(2);
                writeConfig(release, tree, dir, cyrusUser, ports[0], ports[1], altNamespace);
                if (root) {
                    InteropDebs.run(List.of("chown", "-R", "nobody:", dir.toString()), null);
                }
                Process p = launch(release, tree, dir, root);
                try {
                    waitForGreeting(p, dir, ports[0], ports[1], ssl, deadline);
                } catch (IOException e) {
                    stop(p);
                    last = e;
                    if (e.getMessage().contains("in use") && attempt < PORT_ATTEMPTS) {
                        continue;
                    }
                    throw e;
                }
                S s = factory.make(dir, tree, p, ports[0], ports[1], altNamespace, ssl,
                        Duration.ofNanos(System.nanoTime() - t0));
                Runtime.getRuntime().addShutdownHook(((CyrusServer) s).shutdownHook);
                ok = true;
                return s;
            }
            throw last;
        } finally {
            if (!ok) {
                try {
                    Files.writeString(dir.resolve("START-FAILED"), "see master.out\n");
                } catch (IOException e) {
                    // the original exception matters
                }
            }
        }
    }

    private static void saslpasswd(Path tree, Path dir, String user, String password) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(tree.resolve(SASLPASSWD2).toString(), "-p", "-c", "-f",
                dir.resolve("sasldb2").toString(), "-u", "localhost", user).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", InteropDebs.libraryPath(tree));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(password.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("saslpasswd2 for " + user + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void writeConfig(Release release, Path tree, Path dir, String cyrusUser, int imapPort,
            int imapsPort, boolean altNamespace) throws IOException {
        String d = dir.toString();
        String imapd = String.join("\n",
                "configdirectory: " + d + "/conf",
                "partition-default: " + d + "/part",
                "cyrus_user: " + cyrusUser,
                "servername: localhost",
                "admins: cyrusadmin",
                "sasl_pwcheck_method: auxprop",
                "sasl_auxprop_plugin: sasldb",
                "sasl_sasldb_path: " + d + "/sasldb2",
                "sasl_mech_list: PLAIN LOGIN CRAM-MD5",
                "allowplaintext: yes",
                "failedloginpause: 0",
                "altnamespace: " + (altNamespace ? "yes" : "no"),
                "unixhierarchysep: yes",
                "tls_server_cert: " + d + "/cert.pem",
                "tls_server_key: " + d + "/key.pem",
                "autocreate_post: 1",
                "autocreate_quota: 0",
                "autocreate_inbox_folders: Drafts|Sent|Trash|Junk",
                "master_pid_file: " + d + "/run/master.pid",
                "idlesocket: " + d + "/run/idle",
                "lmtpsocket: " + d + "/run/lmtp",
                "notifysocket: " + d + "/run/notify",
                "syslog_prefix: imap4lib-" + release.treeName(),
                "");
        if (release.modern()) {
            // idled and imapd meet in <configdirectory>/socket/ (imapd binds its idle client there)
            imapd = imapd.replace(d + "/run/idle", d + "/conf/socket/idle")
                    + String.join("\n",
                            "conversations: yes",
                            "conversations_db: twoskip",
                            "mboxname_lockpath: " + d + "/run/lock",
                            "proc_path: " + d + "/run/proc",
                            "jmap_preview_annot: " + PREVIEW_ANNOTATION,
                            "");
        }
        Files.writeString(dir.resolve("imapd.conf"), imapd);
        String bin = tree.resolve("usr/lib/cyrus/bin").toString();
        String conf = d + "/imapd.conf";
        String cyrus = String.join("\n",
                "START {",
                "  recover cmd=\"" + bin + "/ctl_cyrusdb -r -C " + conf + "\"",
                "}",
                "SERVICES {",
                "  imap cmd=\"" + bin + "/imapd -C " + conf + "\" listen=\"" + HOST + ":" + imapPort + "\" prefork=0",
                "  imaps cmd=\"" + bin + "/imapd -s -C " + conf + "\" listen=\"" + HOST + ":" + imapsPort + "\" prefork=0",
                "}",
                "");
        if (release.modern()) {
            // idled pushes IDLE/NOTIFY events at once (without it imapd polls every 60 s)
            cyrus += "DAEMON {\n  idled cmd=\"" + bin + "/idled -C " + conf + "\"\n}\n";
        }
        Files.writeString(dir.resolve("cyrus.conf"), cyrus);
    }

    private static Process launch(Release release, Path tree, Path dir, boolean root) throws IOException {
        List<String> cmd = new java.util.ArrayList<>();
        if (release.modern() && root) {
            // no 3.10 process (idled included) ever runs as root: master starts as nobody already
            cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--init-groups", "--inh-caps=-all"));
        }
        cmd.add(tree.resolve(MASTER).toString());
        if (!release.modern()) {
            cmd.add("-D");   // 3.6: stay in the foreground; 3.10 does without -D, and -D stops it managing DAEMON entries
        }
        cmd.addAll(List.of("-C", dir.resolve("imapd.conf").toString(), "-M", dir.resolve("cyrus.conf").toString(), "-p",
                dir.resolve("run/master.pid").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LD_LIBRARY_PATH", InteropDebs.libraryPath(tree));
        pb.directory(dir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("master.out").toFile()));
        return pb.start();
    }

    private static void waitForGreeting(Process p, Path dir, int imapPort, int imapsPort, SSLContext ssl,
            long deadline) throws IOException {
        TestServers.awaitGreetings(p, "Cyrus", imapPort, imapsPort, ssl, deadline, reason -> failure(dir, reason));
    }

    private static IOException failure(Path dir, String reason) {
        String out = "";
        try {
            out = Files.readString(dir.resolve("master.out"));
        } catch (IOException e) {
            // no output
        }
        String first = out.lines().filter(l -> l.contains("rror") || l.contains("in use") || l.contains("atal"))
                .findFirst().orElse("");
        return new IOException(reason + " [dir " + dir + "]" + (first.isEmpty() ? "" : ": " + first.strip())
                + "\n--- master output:\n" + out);
    }

    // ------------------------------------------------------------------------------------------

    public String host() {
        return HOST;
    }

    public int imapPort() {
        return imapPort;
    }

    public int imapsPort() {
        return imapsPort;
    }

    /** Whether personal folders are at the top level ({@code altnamespace: yes}). */
    public boolean altNamespace() {
        return altNamespace;
    }

    /**
     * The personal namespace prefix: {@code "INBOX/"} (classic), or {@code ""} with
     * {@link #altNamespace()}; new folders must be created under it.
     */
    public String personalPrefix() {
        return altNamespace ? "" : "INBOX/";
    }

    /** A TLS context trusting exactly this server's certificate. */
    public SSLContext sslContext() {
        return sslContext;
    }

    public Path certificatePem() {
        return dir.resolve("cert.pem");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public Path dir() {
        return dir;
    }

    /** The unpacked package tree the binaries run from. */
    public Path tree() {
        return tree;
    }

    public long pid() {
        return master.pid();
    }

    public boolean isRunning() {
        return master.isAlive();
    }

    /** How long {@link #start()} took, unpacking included. */
    public Duration startTime() {
        return startTime;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + HOST + ":" + imapPort + "/" + imapsPort + " pid " + master.pid() + " " + dir + "]";
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopMaster();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // JVM shutting down: the hook runs anyway
        }
        if (!Boolean.getBoolean(KEEP_PROPERTY)) {
            InteropDebs.deleteTree(dir);
        }
    }

    private void stopMaster() {
        stop(master);
    }

    /** SIGTERM to this master only (it ends its own children), SIGKILL after 10 s. */
    private static void stop(Process p) {
        List<ProcessHandle> children;
        try (Stream<ProcessHandle> s = p.descendants()) {
            children = s.toList();
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            // imapd processes still serving a connection when master went away
            for (ProcessHandle c : children) {
                if (c.isAlive()) {
                    c.destroy();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }
}
