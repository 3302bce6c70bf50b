package dev.imap4lib.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Dovecot 2.3 for the provider benchmark: plain IMAP on a free loopback port, one user
 * ({@value #USER}), maildir, no plugins, no /etc/dovecot; with TLS, also STARTTLS (offered, not
 * required) and an implicit-TLS port, with {@link BenchTls}'s certificate. Modelled on the test suite's
 * {@code DovecotServer} (which bench sources cannot see), reduced to what a benchmark needs.
 * As root the mail belongs to {@code vmail} (created if missing), as Dovecot refuses uid 0.
 */
final class BenchDovecot implements AutoCloseable {
    static final String USER = "bench";
    static final String PASS = "benchpass";
    static final String HOST = "127.0.0.1";
    static final String BINARY = "/usr/sbin/dovecot";

    final Path dir;
    final Path maildir;
    final int port;
    /** -1 and null without TLS. */
    final int imapsPort;
    final BenchTls tls;
    private final Process master;
    private final boolean root;
    private final Thread hook;

    private BenchDovecot(Path dir, int port, int imapsPort, BenchTls tls, Process master, boolean root) {
        this.dir = dir;
        this.maildir = dir.resolve("mail").resolve(USER).resolve("Maildir");
        this.port = port;
        this.imapsPort = imapsPort;
        this.tls = tls;
        this.master = master;
        this.root = root;
        this.hook = new Thread(() -> {   // Ctrl-C: stop Dovecot and leave nothing behind
            stop();
            deleteDir();
        }, "bench-dovecot-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static String version() throws IOException {
        return run(List.of(BINARY, "--version")).trim();
    }

    /**
     * @param withTls TLS on (STARTTLS and an imaps port). Off, Dovecot is set up as before TLS was
     *     added (with {@code ssl = yes} every connection's new login process also sets up OpenSSL,
     *     also for plain connections)
     */
    static BenchDovecot start(boolean withTls) throws IOException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IOException("Dovecot is not installed (" + BINARY + "); apt-get install dovecot-imapd");
        }
        boolean root = "0".equals(run(List.of("id", "-u")).trim());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "imap4lib-bench");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String d : List.of("run", "state", "mail")) {
            Files.createDirectories(dir.resolve(d));
        }
        String mailUser;
        if (root) {
            mailUser = "vmail";
            if (run(List.of("sh", "-c", "id -u vmail >/dev/null 2>&1 && echo yes || echo no")).trim().equals("no")) {
                run(List.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", "vmail"));
            }
        } else {
            mailUser = run(List.of("id", "-un")).trim();
        }
        String mailGroup = run(List.of("id", "-gn", mailUser)).trim();
        String uid = run(List.of("id", "-u", mailUser)).trim();
        String gid = run(List.of("id", "-g", mailUser)).trim();
        Files.writeString(dir.resolve("users"), USER + ":{PLAIN}" + PASS + "::::::\n");
        int port;
        int imapsPort;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                ServerSocket ss2 = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            port = ss.getLocalPort();
            imapsPort = withTls ? ss2.getLocalPort() : -1;
        }
        BenchTls tls = withTls ? BenchTls.create(dir) : null;
        String d = dir.toString();
        StringBuilder conf = new StringBuilder();
        conf.append("instance_name = imap4lib-bench-").append(Integer.toHexString(d.hashCode())).append('\n')
                .append("base_dir = ").append(d).append("/run\n")
                .append("state_dir = ").append(d).append("/state\n")
                .append("protocols = imap\nlisten = 127.0.0.1\nshutdown_clients = yes\n")
                .append("log_path = ").append(d).append("/dovecot.log\n")
                .append("stats_writer_socket_path =\n")
                .append("default_internal_user = ").append(root ? "dovecot" : mailUser).append('\n')
                .append("default_internal_group = ").append(root ? run(List.of("id", "-gn", "dovecot")).trim() : mailGroup).append('\n')
                .append("default_login_user = ").append(root ? "dovenull" : mailUser).append('\n')
                .append("first_valid_uid = ").append(uid).append("\nlast_valid_uid = 0\n")
                .append("first_valid_gid = ").append(gid).append('\n')
                .append(!withTls ? "ssl = no\n" : "ssl = yes\nssl_cert = <" + tls.certPem + "\nssl_key = <" + tls.keyPem
                        + "\n" + (Files.isReadable(Path.of("/usr/share/dovecot/dh.pem"))
                        ? "ssl_dh = </usr/share/dovecot/dh.pem\n" : "") + "ssl_min_protocol = TLSv1.2\n")
                .append("disable_plaintext_auth = no\nauth_mechanisms = plain login\n")
                .append("auth_failure_delay = 0\n")
                .append("passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ").append(d).append("/users\n}\n")
                .append("userdb {\n  driver = passwd-file\n  args = username_format=%u ").append(d).append("/users\n")
                .append("  default_fields = uid=").append(mailUser).append(" gid=").append(mailGroup)
                .append(" home=").append(d).append("/mail/%u\n}\n")
                .append("mail_location = maildir:~/Maildir:LAYOUT=fs:INBOX=~/Maildir/INBOX\n")
                .append("mail_fsync = never\n")
                .append("namespace inbox {\n  separator = /\n  prefix =\n  inbox = yes\n}\n")
                // imap_zlib offers COMPRESS=DEFLATE; only the +COMPRESS clients ask for it
                .append("protocol imap {\n  mail_plugins = $mail_plugins imap_zlib\n  mail_max_userip_connections = 1000\n}\n")
                .append("service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}\n")
                .append("service imap-login {\n  inet_listener imap {\n    port = ").append(port).append("\n  }\n")
                .append(withTls ? "  inet_listener imaps {\n    port = " + imapsPort + "\n    ssl = yes\n  }\n" : "")
                .append("}\n");
        if (!root) {
            for (String svc : List.of("anvil", "imap-login", "imap-urlauth-login", "ipc", "old-stats", "director", "aggregator")) {
                conf.append("service ").append(svc).append(" {\n  chroot =\n}\n");
            }
        }
        Files.writeString(dir.resolve("dovecot.conf"), conf.toString());
        ProcessBuilder pb = new ProcessBuilder(BINARY, "-F", "-c", dir.resolve("dovecot.conf").toString());
        pb.directory(dir.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dovecot.out").toFile()));
        Process p = pb.start();
        BenchDovecot server = new BenchDovecot(dir, port, imapsPort, tls, p, root);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("Dovecot exited during start; see " + dir + "/dovecot.log and dovecot.out");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                s.setSoTimeout(2000);
                InputStream in = s.getInputStream();
                if (in.read() == '*') {
                    return server;
                }
            } catch (IOException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("Dovecot did not greet within 30 s (" + dir + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }

    /** The maildir directory of {@code mailbox} (created with cur/new/tmp); Dovecot finds it on its own. */
    Path mailbox(String name) throws IOException {
        Path box = maildir.resolve(name);
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(box.resolve(sub));
        }
        return box;
    }

    /** After writing maildir files as root: hand the tree to the mail user. */
    void fixOwnership() throws IOException {
        if (root) {
            run(List.of("chown", "-R", "vmail:vmail", dir.resolve("mail").toString()));
        }
    }

    String log() {
        try {
            List<String> l = Files.readAllLines(dir.resolve("dovecot.log"), StandardCharsets.ISO_8859_1);
            return String.join("\n", l.subList(Math.max(0, l.size() - 20), l.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void stop() {
        if (master.isAlive()) {
            master.destroy();
            try {
                if (!master.waitFor(10, TimeUnit.SECONDS)) {
                    master.destroyForcibly();
                    master.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down
        }
        deleteDir();
    }

    private void deleteDir() {
        if (!Boolean.getBoolean("bench.keep")) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }

    static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return out;
    }
}
