package dev.imap4lib.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A throw-away Dovecot 2.3 IMAP server on 127.0.0.1 for tests (JDK only, no /etc/dovecot).
 *
 * <p>{@link #start()} creates a fresh directory under {@code /tmp}, generates a self-signed
 * certificate (openssl CLI) and a Dovecot configuration, runs {@code /usr/sbin/dovecot -F -c
 * <dir>/dovecot.conf} as a child of this JVM and returns once a client can read the greeting.
 * {@link #close()} terminates exactly that master process (SIGTERM, then SIGKILL after 10 s),
 * waits until it is gone and deletes the directory.
 *
 * <ul>
 *   <li>{@link #imapPort()}: plain IMAP; STARTTLS offered but not required, LOGIN allowed
 *       without TLS. {@link #imapsPort()}: implicit TLS. Both ports are chosen free by the JVM.
 *   <li>Users (passwords stored {@code {PLAIN}}, so CRAM-MD5/SCRAM work): see {@link #USERS}.
 *       {@code quotauser} has a quota of 100 KiB / 20 messages, everyone else 1 GiB.
 *   <li>Mechanisms: PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256. Failed logins are answered
 *       immediately (no failure delay, no per-IP penalty).
 *   <li>QUOTA, ACL, METADATA, SPECIAL-USE (Drafts/Sent/Trash/Junk auto-created, Archive),
 *       namespaces personal {@code "" "/"}, shared {@code "Shared/"}, public {@code "Public/"}.
 *   <li>When run as root, mail is owned by the system user {@code vmail} (created with
 *       {@code useradd} if missing), auth runs as {@code dovecot}, login as {@code dovenull}.
 * </ul>
 *
 * <p>System properties: {@value #BINARY_PROPERTY} (default {@value #DEFAULT_BINARY}),
 * {@value #TIMEOUT_PROPERTY} (start timeout in seconds, default 30), {@value #KEEP_PROPERTY}
 * ({@code true}: keep the directory after {@link #close()}).
 */
public final class DovecotServer implements AutoCloseable {

    public static final String BINARY_PROPERTY = "imap4lib.dovecot.binary";
    public static final String TIMEOUT_PROPERTY = "imap4lib.dovecot.startTimeout";
    public static final String KEEP_PROPERTY = "imap4lib.dovecot.keep";
    public static final String DEFAULT_BINARY = "/usr/sbin/dovecot";
    public static final String IMAP_BINARY = "/usr/lib/dovecot/imap";
    public static final String DOVEADM_BINARY = "/usr/bin/doveadm";
    public static final String INSTALL_HINT = "apt-get install dovecot-imapd openssl";
    /** Password of {@link #truststore()} (PKCS12). */
    public static final String TRUSTSTORE_PASSWORD = "changeit";
    /** The configured users and their passwords, in a fixed order. */
    public static final Map<String, String> USERS;

    static {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("user1", "pass1");
        users.put("user2", "pass2");
        users.put("user3", "pässwörd");
        users.put("quotauser", "quotapass");
        users.put("test@example.com", "test");
        USERS = Collections.unmodifiableMap(users);
    }

    private static final String HOST = "127.0.0.1";
    private static final String AUTH_MECHANISMS = "plain login cram-md5 scram-sha-1 scram-sha-256";
    private static final String MAIL_USER = "vmail";
    private static final int PORT_ATTEMPTS = 3;
    private static final AtomicLong POPULATE_BATCH = new AtomicLong();

    private final Path dir;
    private final Path conf;
    /** Replaced by {@link #killAndRestart}. */
    private volatile Process master;
    private final int imapPort;
    private final int imapsPort;
    private final SSLContext sslContext;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private DovecotServer(Path dir, Process master, int imapPort, int imapsPort, SSLContext sslContext) {
        this.dir = dir;
        this.conf = dir.resolve("dovecot.conf");
        this.master = master;
        this.imapPort = imapPort;
        this.imapsPort = imapsPort;
        this.sslContext = sslContext;
        this.shutdownHook = new Thread(this::stopMaster, "dovecot-test-server-stop");
    }

    // ------------------------------------------------------------------------------------------
    // availability

    /** The dovecot binary: system property {@value #BINARY_PROPERTY}, else {@value #DEFAULT_BINARY}. */
    public static Path binary() {
        String p = System.getProperty(BINARY_PROPERTY);
        return Path.of(p == null || p.isBlank() ? DEFAULT_BINARY : p);
    }

    /**
     * Why a server cannot be started here (one line), or empty if the binaries are present.
     * Does not start anything and never installs anything.
     */
    public static Optional<String> unavailableReason() {
        Path bin = binary();
        if (!Files.isExecutable(bin)) {
            return Optional.of("Dovecot is not installed (" + bin + " not found)");
        }
        if (!Files.isExecutable(Path.of(IMAP_BINARY))) {
            return Optional.of("Dovecot's IMAP server is not installed (" + IMAP_BINARY + " not found)");
        }
        if (findOnPath("openssl") == null) {
            return Optional.of("openssl is not installed (needed to create the test certificate)");
        }
        return Optional.empty();
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(Arrays.asList((path == null ? "" : path).split(":")));
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------
    // start

    /** Starts a server with the default timeout (system property {@value #TIMEOUT_PROPERTY}, 30 s). */
    public static DovecotServer start() throws IOException {
        return start(Duration.ofSeconds(Long.getLong(TIMEOUT_PROPERTY, 30L)));
    }

    /**
     * Starts a new server in a fresh directory and waits (at most {@code timeout}) until a client
     * can read the greeting on the plain port and connect to the TLS port.
     *
     * @throws IOException if Dovecot is not installed or does not start; the first line of the
     *     message is a one-line reason, the following lines are the end of Dovecot's log
     */
    public static DovecotServer start(Duration timeout) throws IOException {
        return start(timeout, "");
    }

    /**
     * As {@link #start(Duration)}, with {@code extraConfig} appended to the generated
     * configuration (Dovecot takes the last value of a setting, so this overrides the defaults
     * above it), for a test that needs other timings, e.g. a short {@code imap_idle_notify_interval}.
     */
    public static DovecotServer start(Duration timeout, String extraConfig) throws IOException {
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) {
            throw new IOException(missing.get());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Path bin = binary();
        String version = run(List.of(bin.toString(), "--version"), null).trim();
        if (!version.startsWith("2.3.")) {
            throw new IOException("Dovecot " + version + " found at " + bin
                    + ", but this launcher writes a Dovecot 2.3 configuration");
        }

        Path dir = Files.createTempDirectory(Path.of("/tmp"), "imap4lib-dc");
        boolean ok = false;
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path run = dir.resolve("run");
            // unix socket paths are limited to 108 bytes; the longest name below run/ is ~30
            if (run.toString().length() > 70) {
                throw new IOException("temporary directory path too long for unix sockets: " + dir);
            }
            for (Path d : List.of(run, dir.resolve("state"), dir.resolve("mail/public"))) {
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            generateCertificate(dir);
            SSLContext ssl = writeTruststore(dir);
            writeUsers(dir.resolve("users"));
            Files.writeString(dir.resolve("mail/public/dovecot-acl"), "authenticated lrwstipekx\n");
            Accounts accounts = Accounts.resolve();
            if (accounts.root) {
                chownRecursive(dir.resolve("mail"), accounts.mailUid, accounts.mailGid);
            }

            IOException last = null;
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                int[] ports = TestServers.freePorts(2);
                writeConfig(dir, accounts, ports[0], ports[1], extraConfig);
                Files.deleteIfExists(dir.resolve("dovecot.out"));   // only this attempt's output
                Files.deleteIfExists(dir.resolve("dovecot.log"));
                Process p = launch(bin, dir);
                try {
                    waitForGreeting(p, dir, ports[0], ports[1], ssl, deadline);
                } catch (IOException e) {
                    stop(p);
                    last = e;
                    if (e.getMessage().contains("Address already in use") && attempt < PORT_ATTEMPTS
                            && System.nanoTime() < deadline) {
                        continue;   // another process grabbed a port between our check and the bind
                    }
                    throw e;
                }
                DovecotServer server = new DovecotServer(dir, p, ports[0], ports[1], ssl);
                Runtime.getRuntime().addShutdownHook(server.shutdownHook);
                ok = true;
                return server;
            }
            throw last;
        } finally {
            if (!ok) {
                // keep the directory: the log may be needed; the exception names it
                try {
                    Files.writeString(dir.resolve("START-FAILED"), "see dovecot.log and dovecot.out\n");
                } catch (IOException e) {
                    // ignore: the original exception matters
                }
            }
        }
    }

    private static Process launch(Path bin, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "-F", "-c", dir.resolve("dovecot.conf").toString());
        pb.directory(dir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dovecot.out").toFile()));
        return pb.start();
    }

    private static void waitForGreeting(Process p, Path dir, int imapPort, int imapsPort, SSLContext ssl,
            long deadline) throws IOException {
        TestServers.awaitGreetings(p, "Dovecot", imapPort, imapsPort, ssl, deadline, reason -> startFailure(dir, reason));
    }

    private static IOException startFailure(Path dir, String reason) {
        StringBuilder sb = new StringBuilder(reason).append(" [dir ").append(dir).append(']');
        String out = tail(dir.resolve("dovecot.out"), 20);
        String log = tail(dir.resolve("dovecot.log"), 30);
        String errorLine = firstError(out + "\n" + log);
        if (errorLine != null) {
            sb.append(": ").append(errorLine);
        }
        if (!out.isBlank()) {
            sb.append("\n--- dovecot stdout/stderr:\n").append(out);
        }
        sb.append("\n--- end of dovecot.log:\n").append(log);
        return new IOException(sb.toString());
    }

    private static String firstError(String text) {
        for (String line : text.split("\n")) {
            if (line.contains("Fatal") || line.contains("Error")) {
                return line.strip();
            }
        }
        return null;
    }
    // ------------------------------------------------------------------------------------------
    // files

    private static void generateCertificate(Path dir) throws IOException {
        TestServers.selfSignedCertificate(dir, "imap4lib tests");
    }

    private static SSLContext writeTruststore(Path dir) throws IOException {
        return TestServers.trusting(dir.resolve("cert.pem"), dir.resolve("truststore.p12"), "imap4lib-dovecot");
    }

    private static void writeUsers(Path file) throws IOException {
        // passwd-file: user:password:uid:gid:gecos:home:shell:extra_fields
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> u : USERS.entrySet()) {
            sb.append(u.getKey()).append(":{PLAIN}").append(u.getValue()).append("::::::");
            if (u.getKey().equals("quotauser")) {
                sb.append("userdb_quota_rule=*:storage=100K userdb_quota_rule2=*:messages=20");
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Which OS users run what (root: vmail/dovecot/dovenull; otherwise everything as us). */
    private static final class Accounts {
        boolean root;
        String mailUser;
        String mailGroup;
        int mailUid;
        int mailGid;
        String internalUser;
        String internalGroup;
        String loginUser;

        static Accounts resolve() throws IOException {
            Accounts a = new Accounts();
            a.root = currentUid() == 0;
            if (a.root) {
                a.mailUser = MAIL_USER;
                if (!userExists(MAIL_USER)) {
                    run(List.of("useradd", "--system", "--user-group", "--no-create-home",
                            "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", MAIL_USER), null);
                }
                for (String u : List.of("dovecot", "dovenull")) {
                    if (!userExists(u)) {
                        throw new IOException("system user '" + u + "' is missing (dovecot-core not installed properly?)");
                    }
                }
                a.internalUser = "dovecot";
                a.internalGroup = run(List.of("id", "-gn", "dovecot"), null).trim();
                a.loginUser = "dovenull";
            } else {
                a.mailUser = run(List.of("id", "-un"), null).trim();
                a.internalUser = a.mailUser;
                a.loginUser = a.mailUser;
            }
            a.mailGroup = run(List.of("id", "-gn", a.mailUser), null).trim();
            a.mailUid = Integer.parseInt(run(List.of("id", "-u", a.mailUser), null).trim());
            a.mailGid = Integer.parseInt(run(List.of("id", "-g", a.mailUser), null).trim());
            if (!a.root) {
                a.internalGroup = a.mailGroup;
            }
            return a;
        }

        private static boolean userExists(String name) throws IOException {
            try {
                run(List.of("id", "-u", name), null);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static int currentUid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);   // effective uid
            }
        }
        return Integer.parseInt(run(List.of("id", "-u"), null).trim());
    }

    private static void chownRecursive(Path root, int uid, int gid) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                chown(p, uid, gid);
            }
        }
    }

    private static void chown(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    private static void writeConfig(Path dir, Accounts a, int imapPort, int imapsPort, String extraConfig)
            throws IOException {
        String d = dir.toString();
        String dh = Files.isReadable(Path.of("/usr/share/dovecot/dh.pem"))
                ? "ssl_dh = </usr/share/dovecot/dh.pem"
                : "# no /usr/share/dovecot/dh.pem: no DHE ciphers (ECDHE still works)";
        String config = """
                # Generated by dev.imap4lib.testing.DovecotServer; does not include /etc/dovecot.
                instance_name = imap4lib-test-@NAME@
                base_dir = @DIR@/run
                state_dir = @DIR@/state
                protocols = imap
                listen = 127.0.0.1
                shutdown_clients = yes
                log_path = @DIR@/dovecot.log
                log_timestamp = "%Y-%m-%d %H:%M:%S "
                # no stats connections: a process started just before shutdown would otherwise
                # wait 5 s for the (already stopped) stats process, delaying the master's exit
                stats_writer_socket_path =

                default_internal_user = @INTERNAL_USER@
                default_internal_group = @INTERNAL_GROUP@
                default_login_user = @LOGIN_USER@
                first_valid_uid = @UID@
                last_valid_uid = 0
                first_valid_gid = @GID@

                # TLS: STARTTLS offered (not required) on the plain port; implicit TLS on imaps
                ssl = yes
                ssl_cert = <@DIR@/cert.pem
                ssl_key = <@DIR@/key.pem
                @DH@
                ssl_min_protocol = TLSv1.2

                # passwords are stored {PLAIN}, so CRAM-MD5 and SCRAM work
                disable_plaintext_auth = no
                auth_mechanisms = @MECHS@
                # Failed logins are answered at once: no failure delay (the first passdb only
                # contributes "nodelay"; it survives the mismatch in the second one), and no
                # per-IP penalty (anvil's auth-penalty socket is made unusable below).
                auth_failure_delay = 0
                auth_cache_size = 0
                auth_verbose = yes
                passdb {
                  driver = static
                  args = noauthenticate nodelay
                }
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%u @DIR@/users
                }
                userdb {
                  driver = passwd-file
                  args = username_format=%u @DIR@/users
                  default_fields = uid=@MAIL_USER@ gid=@MAIL_GROUP@ home=@DIR@/mail/%u
                }

                # maildir with '/' hierarchy on disk (LAYOUT=fs), so names may contain '.'
                mail_location = maildir:~/Maildir:LAYOUT=fs:INBOX=~/Maildir/INBOX
                mail_fsync = never
                mailbox_idle_check_interval = 1 secs
                mail_plugins = $mail_plugins acl quota
                mail_attribute_dict = file:%h/dovecot-attributes

                namespace inbox {
                  type = private
                  separator = /
                  prefix =
                  inbox = yes
                  mailbox Drafts {
                    special_use = \\Drafts
                    auto = subscribe
                  }
                  mailbox Sent {
                    special_use = \\Sent
                    auto = subscribe
                  }
                  mailbox Trash {
                    special_use = \\Trash
                    auto = subscribe
                  }
                  mailbox Junk {
                    special_use = \\Junk
                    auto = subscribe
                  }
                  mailbox Archive {
                    special_use = \\Archive
                  }
                }
                # mailboxes other users shared via SETACL: Shared/<user>/...
                namespace shared {
                  type = shared
                  separator = /
                  prefix = Shared/%%u/
                  location = maildir:%%h/Maildir:LAYOUT=fs:INBOX=%%h/Maildir/INBOX:INDEXPVT=~/pvt/shared/%%u
                  subscriptions = no
                  list = children
                }
                # writable by every authenticated user (see mail/public/dovecot-acl)
                namespace public {
                  type = public
                  separator = /
                  prefix = Public/
                  location = maildir:@DIR@/mail/public:LAYOUT=fs:INDEXPVT=~/pvt/public
                  subscriptions = no
                  list = children
                }

                plugin {
                  acl = vfile
                  acl_shared_dict = file:@DIR@/mail/shared-mailboxes.db
                  quota = count:User quota
                  quota_rule = *:storage=1G
                  quota_vsizes = yes
                }

                protocol imap {
                  mail_plugins = $mail_plugins imap_acl imap_quota imap_zlib
                  mail_max_userip_connections = 1000
                  imap_metadata = yes
                }

                service anvil {
                  unix_listener anvil-auth-penalty {
                    mode = 0
                  }
                }

                service imap-login {
                  inet_listener imap {
                    port = @IMAP_PORT@
                  }
                  inet_listener imaps {
                    port = @IMAPS_PORT@
                    ssl = yes
                  }
                }
                """;
        StringBuilder sb = new StringBuilder(config
                .replace("@NAME@", Integer.toHexString(d.hashCode()))
                .replace("@DIR@", d)
                .replace("@DH@", dh)
                .replace("@MECHS@", AUTH_MECHANISMS)
                .replace("@INTERNAL_USER@", a.internalUser)
                .replace("@INTERNAL_GROUP@", a.internalGroup)
                .replace("@LOGIN_USER@", a.loginUser)
                .replace("@MAIL_USER@", a.mailUser)
                .replace("@MAIL_GROUP@", a.mailGroup)
                .replace("@UID@", Integer.toString(a.mailUid))
                .replace("@GID@", Integer.toString(a.mailGid))
                .replace("@IMAP_PORT@", Integer.toString(imapPort))
                .replace("@IMAPS_PORT@", Integer.toString(imapsPort)));
        if (!a.root) {
            sb.append("# not root: chroot() is impossible\n");
            for (String svc : List.of("aggregator", "anvil", "director", "imap-login", "imap-urlauth-login",
                    "ipc", "old-stats")) {
                sb.append("service ").append(svc).append(" {\n  chroot =\n}\n");
            }
        }
        if (!extraConfig.isEmpty()) {
            sb.append("# the test's own settings\n").append(extraConfig).append('\n');
        }
        Files.writeString(dir.resolve("dovecot.conf"), sb.toString(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------
    // accessors

    /** Always {@code 127.0.0.1} (the certificate also covers the name {@code localhost}). */
    public String host() {
        return HOST;
    }

    /** Plain IMAP port: STARTTLS offered but not required, LOGIN allowed without TLS. */
    public int imapPort() {
        return imapPort;
    }

    /** Implicit TLS port. */
    public int imapsPort() {
        return imapsPort;
    }

    /** A TLS context trusting exactly this server's self-signed certificate (and nothing else). */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** The server certificate (PEM; SAN DNS:localhost, IP:127.0.0.1; its own CA). */
    public Path certificatePem() {
        return dir.resolve("cert.pem");
    }

    /** PKCS12 truststore holding {@link #certificatePem()}, password {@value #TRUSTSTORE_PASSWORD}. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** The server's directory (config, log, users, certificate, {@code mail/}). */
    public Path dir() {
        return dir;
    }

    /** The generated {@code dovecot.conf}. */
    public Path config() {
        return conf;
    }

    /** PID of the Dovecot master process (a child of this JVM). */
    public long pid() {
        return master.pid();
    }

    public boolean isRunning() {
        return master.isAlive();
    }

    /**
     * The command (argv, for {@link ProcessBuilder}) of a pre-authenticated IMAP session for
     * {@code user} on stdin/stdout ({@code * PREAUTH} greeting, same mail store and capabilities
     * as the network ports): {@code /usr/lib/dovecot/imap -c <conf> -u <user>}. Requires this
     * server to be running and the caller to be the same OS user that started it. The command
     * logs to stderr: redirect or discard it, never merge it into stdout.
     */
    public List<String> streamCommand(String user) {
        return List.of(IMAP_BINARY, "-c", conf.toString(), "-u", user);
    }

    /**
     * {@link #streamCommand(String)} as one line for {@code sh -c} (words single-quoted where
     * needed), with {@code 2>/dev/null} appended so that stderr stays out of the IMAP stream.
     */
    public String streamCommandLine(String user) {
        StringBuilder sb = new StringBuilder();
        for (String w : streamCommand(user)) {
            sb.append(shellQuote(w)).append(' ');
        }
        return sb.append("2>/dev/null").toString();
    }

    /** Starts {@link #streamCommand(String)}; its stderr goes to {@code dir()/stream.err}. */
    public Process startStream(String user) throws IOException {
        return new ProcessBuilder(streamCommand(user))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stream.err").toFile()))
                .start();
    }

    private static String shellQuote(String w) {
        if (w.matches("[A-Za-z0-9/._@=:+,-]+")) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }

    /** The last 50 lines of {@code dovecot.log}. */
    public String log() {
        return log(50);
    }

    /** The last {@code lines} lines of {@code dovecot.log}. */
    public String log(int lines) {
        return tail(dir.resolve("dovecot.log"), lines);
    }

    private static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no " + file.getFileName() + ")";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            try {   // not valid UTF-8
                List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e2) {
                return "(" + file + ": " + e2 + ")";
            }
        }
    }

    @Override
    public String toString() {
        return "DovecotServer[" + HOST + " imap=" + imapPort + " imaps=" + imapsPort + " pid=" + pid()
                + " dir=" + dir + "]";
    }

    // ------------------------------------------------------------------------------------------
    // populate

    /**
     * Creates {@code mailbox} for {@code user} if needed (any depth, UTF-8 names fine) and adds
     * {@code n} generated messages by writing maildir files directly (fast: no IMAP round trips,
     * no quota checks), then lets Dovecot index them. Returns the mailbox's message count.
     *
     * <p>Message {@code i} (1-based, in UID order): subject {@code "Test message i"} (kind
     * {@code (i-1)%4 == 0}: plain ASCII), {@code "Grüße i"} (1: UTF-8 quoted-printable body,
     * encoded-word subject), {@code "Alternative i"} (2: multipart/alternative text+HTML),
     * {@code "Attachment i"} (3: multipart/mixed with a small PDF); From {@code
     * sender<i%5>@example.com}; Date/INTERNALDATE {@code 1700000000 + i*3600} s (UTC);
     * {@code \Seen} unless {@code i%3 == 0}, {@code \Flagged} if {@code i%10 == 0}.
     */
    public int populate(String user, String mailbox, int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0");
        }
        if (!mailbox.equalsIgnoreCase("INBOX")) {
            try {
                doveadm("mailbox", "create", "-u", user, mailbox);
            } catch (IOException e) {
                if (!e.getMessage().contains("already exists")) {
                    throw e;
                }
            }
        }
        Path path = Path.of(doveadm("mailbox", "path", "-u", user, mailbox).trim());
        if (!Files.isDirectory(path.resolve("cur"))) {
            doveadm("mailbox", "status", "-u", user, "messages", mailbox);
        }
        Path cur = path.resolve("cur");
        if (!Files.isDirectory(cur)) {
            throw new IOException("maildir " + cur + " does not exist");
        }
        int uid = (Integer) Files.getAttribute(cur, "unix:uid");
        int gid = (Integer) Files.getAttribute(cur, "unix:gid");
        boolean chown = currentUid() == 0;
        long batch = POPULATE_BATCH.incrementAndGet();
        long now = System.currentTimeMillis() / 1000;
        long pid = ProcessHandle.current().pid();
        Path tmp = path.resolve("tmp");
        for (int i = 1; i <= n; i++) {
            long date = 1700000000L + i * 3600L;
            byte[] msg = message(user, i, date).getBytes(StandardCharsets.UTF_8);
            int lf = 0;
            for (byte b : msg) {
                if (b == '\n') {
                    lf++;
                }
            }
            String flags = (i % 10 == 0 ? "F" : "") + (i % 3 != 0 ? "S" : "");
            // "<secs>.M<usecs>P<pid>Q<n>.<host>": Dovecot assigns UIDs in this name order
            String name = now + ".M" + i + "P" + pid + "Q" + i + ".imap4lib" + batch
                    + ",S=" + msg.length + ",W=" + (msg.length + lf) + ":2," + flags;
            Path staged = tmp.resolve(name);
            Files.write(staged, msg);
            Files.setLastModifiedTime(staged, FileTime.from(date, TimeUnit.SECONDS));
            if (chown) {
                chown(staged, uid, gid);
            }
            Files.move(staged, cur.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        String status = doveadm("mailbox", "status", "-u", user, "messages", mailbox).trim();
        return Integer.parseInt(status.substring(status.indexOf('=') + 1).trim());
    }

    private static String message(String user, int i, long epoch) {
        String to = user.contains("@") ? user : user + "@localhost";
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.Instant.ofEpochSecond(epoch).atOffset(java.time.ZoneOffset.UTC));
        String head = "Return-Path: <sender" + (i % 5) + "@example.com>\n"
                + "From: Sender " + (i % 5) + " <sender" + (i % 5) + "@example.com>\n"
                + "To: " + to + "\n"
                + "Date: " + date + "\n"
                + "Message-ID: <" + i + "." + epoch + "@populate.imap4lib>\n"
                + "MIME-Version: 1.0\n";
        String body = "Hello " + user + ",\n\nthis is message " + i + ".\n";
        switch ((i - 1) % 4) {
            case 0:
                return head + "Subject: Test message " + i + "\n"
                        + "Content-Type: text/plain; charset=us-ascii\n\n" + body;
            case 1:
                return head + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= " + i + "\n"
                        + "Content-Type: text/plain; charset=UTF-8\n"
                        + "Content-Transfer-Encoding: quoted-printable\n\n"
                        + "Gr=C3=BC=C3=9Fe aus K=C3=B6ln =E2=82=AC" + i + "\n" + body;
            case 2:
                return head + "Subject: Alternative " + i + "\n"
                        + "Content-Type: multipart/alternative; boundary=\"alt-" + i + "\"\n\n"
                        + "--alt-" + i + "\nContent-Type: text/plain; charset=us-ascii\n\n" + body
                        + "--alt-" + i + "\nContent-Type: text/html; charset=us-ascii\n\n"
                        + "<html><body><p>Message " + i + "</p></body></html>\n"
                        + "--alt-" + i + "--\n";
            default:
                return head + "Subject: Attachment " + i + "\n"
                        + "Content-Type: multipart/mixed; boundary=\"mix-" + i + "\"\n\n"
                        + "--mix-" + i + "\nContent-Type: text/plain; charset=us-ascii\n\n" + body
                        + "--mix-" + i + "\nContent-Type: application/pdf; name=\"doc" + i + ".pdf\"\n"
                        + "Content-Disposition: attachment; filename=\"doc" + i + ".pdf\"\n"
                        + "Content-Transfer-Encoding: base64\n\n"
                        + "JVBERi0xLjQKJSVFT0YK\n"
                        + "--mix-" + i + "--\n";
        }
    }

    private String doveadm(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(DOVEADM_BINARY, "-c", conf.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, dir);
    }

    // ------------------------------------------------------------------------------------------
    // stop

    /**
     * Kills the Dovecot master with SIGKILL ({@code kill -9}: no clean shutdown, open sessions
     * die with it as the children notice their master is gone) and starts it again on the same
     * ports, with the same configuration and mail directory; waits (at most {@code timeout})
     * until it greets again. A port still held by a dying child is retried until the deadline.
     */
    public synchronized void killAndRestart(Duration timeout) throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Process old = master;
        old.destroyForcibly();   // SIGKILL to exactly this PID
        try {
            old.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing Dovecot", e);
        }
        while (true) {
            Process p = launch(binary(), dir);
            try {
                waitForGreeting(p, dir, imapPort, imapsPort, sslContext, deadline);
                master = p;
                return;
            } catch (IOException e) {
                stop(p);
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);   // a child of the killed master may still hold a port
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while restarting Dovecot", ie);
                }
            }
        }
    }

    /**
     * Stops the Dovecot master this object started (SIGTERM to its PID; SIGKILL after 10 s),
     * waits until it is gone, and deletes {@link #dir()} unless {@value #KEEP_PROPERTY} is true.
     * Idempotent.
     */
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
            // JVM shutdown in progress
        }
        if (!Boolean.getBoolean(KEEP_PROPERTY)) {
            deleteTree(dir);
        }
    }

    private void stopMaster() {
        stop(master);
    }

    private static void stop(Process p) {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();   // SIGTERM to exactly this PID; the master then stops its own children
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        for (int attempt = 0; attempt < 3 && Files.exists(root); attempt++) {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // retried below (children of the master may still be writing)
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                // retry
            }
            if (Files.exists(root)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // processes

    /** Runs a command to completion (60 s max); returns stdout; throws with stderr on failure. */
    private static String run(List<String> cmd, Path workDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Path err = Files.createTempFile("imap4lib-dc-cmd", ".err");
        try {
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[8192];
                int k;
                while ((k = r.read(buf)) != -1) {
                    sb.append(buf, 0, k);
                }
                out = sb.toString();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timeout: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                String e = Files.readString(err, StandardCharsets.UTF_8).strip();
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")"
                        + (e.isEmpty() ? "" : ": " + e.replace('\n', ' ')));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
