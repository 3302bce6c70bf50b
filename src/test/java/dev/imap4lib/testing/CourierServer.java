package dev.imap4lib.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Courier-IMAP 5 as a pre-authenticated IMAP server on stdin/stdout (for the stream transport),
 * run from the Debian packages unpacked by {@link InteropDebs}. There is no daemon: every
 * session is one {@code imapd Maildir} process started from {@link #streamCommandLine()}.
 *
 * <p>{@link #start()} makes a home directory under {@code /tmp} with an empty Maildir
 * ({@code cur new tmp}) for {@link #USER}, copies Gamin's {@code gam_server} into it, and checks
 * that one session greets with {@code * PREAUTH}. The sessions run with
 * <ul>
 *   <li>{@code AUTHENTICATED=user1 HOME=<dir>}, working directory {@code <dir>};
 *   <li>{@code IMAP_CAPABILITY} = {@value #CAPABILITY} (Courier adds {@code ENABLE UTF8=ACCEPT});
 *   <li>{@code GAMIN_DEBUG_SERVER=<dir>/gam_server GAM_CLIENT_ID=<unique>}: the FAM server is
 *       spawned from this instance's own copy on its own socket. Without it Courier prefixes the
 *       greeting with {@code * OK [ALERT] Filesystem notification initialization error} and the
 *       first command waits ~2.4 s ({@link #streamCommandLine(boolean)} with {@code false}
 *       gives that variant);
 *   <li>{@code LD_LIBRARY_PATH} = the unpacked libraries; stderr (Courier's LOGIN/LOGOUT info
 *       lines) appended to {@code <dir>/imapd.err}, never mixed into the IMAP stream.
 * </ul>
 * {@link #close()} ends the {@code gam_server} processes started from this instance's copy
 * (found by their executable path, by PID) and deletes the directory.
 */
public final class CourierServer implements AutoCloseable {

    public static final String KEEP_PROPERTY = "imap4lib.courier.keep";
    public static final String IMAPD = "usr/bin/imapd";
    public static final String GAM_SERVER = "usr/libexec/gam_server";
    public static final String USER = "user1";
    public static final String CAPABILITY =
            "IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path dir;
    private final Path tree;
    private final String clientId;
    private volatile Duration startTime;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private CourierServer(Path dir, Path tree, String clientId, Duration startTime) {
        this.dir = dir;
        this.tree = tree;
        this.clientId = clientId;
        this.startTime = startTime;
        this.shutdownHook = new Thread(this::endGamServers, "courier-gam-stop");
    }

    static List<String> binaries() {
        return List.of(IMAPD, GAM_SERVER);
    }

    /** Why no server can be started here (one line), or empty. Never downloads anything. */
    public static Optional<String> unavailableReason() {
        Path t = InteropDebs.root().resolve("courier");
        if (!Files.exists(t.resolve(InteropDebs.STAMP))
                && (InteropDebs.which("apt-get") == null || InteropDebs.which("dpkg-deb") == null)) {
            return Optional.of("Courier packages not unpacked in " + t + " and apt-get/dpkg-deb unavailable");
        }
        return Optional.empty();
    }

    public static CourierServer start() throws IOException {
        long t0 = System.nanoTime();
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) {
            throw new IOException(missing.get());
        }
        Path tree = InteropDebs.tree("courier", InteropDebs.COURIER_PACKAGES, binaries());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "imap4lib-co");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(dir.resolve("Maildir").resolve(sub));
        }
        Files.copy(tree.resolve(GAM_SERVER), dir.resolve("gam_server"));
        Files.setPosixFilePermissions(dir.resolve("gam_server"), PosixFilePermissions.fromString("rwx------"));
        String clientId = "imap4lib-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        CourierServer s = new CourierServer(dir, tree, clientId, Duration.ZERO);
        Runtime.getRuntime().addShutdownHook(s.shutdownHook);
        try {
            String greeting = s.probe();
            if (!greeting.startsWith("* PREAUTH")) {
                throw new IOException("Courier imapd did not greet with * PREAUTH: " + greeting.strip() + " [stderr: "
                        + s.stderr().strip() + "]");
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        s.startTime = Duration.ofNanos(System.nanoTime() - t0);
        return s;
    }

    /** Runs one session: greeting, LOGOUT; returns the output. */
    private String probe() throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", streamCommandLine()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("p1 LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            out = o.readAllBytes();
        }
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("Courier imapd did not end after LOGOUT");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The environment of a session (besides the inherited PATH). */
    public Map<String, String> environment(boolean gamin) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LD_LIBRARY_PATH", InteropDebs.libraryPath(tree));
        env.put("AUTHENTICATED", USER);
        env.put("HOME", dir.toString());
        env.put("IMAP_CAPABILITY", CAPABILITY);
        if (gamin) {
            env.put("GAMIN_DEBUG_SERVER", dir.resolve("gam_server").toString());
            env.put("GAM_CLIENT_ID", clientId);
        }
        return env;
    }

    /** {@link #streamCommandLine(boolean)} with the FAM server: a clean {@code * PREAUTH} greeting. */
    public String streamCommandLine() {
        return streamCommandLine(true);
    }

    /**
     * The {@code sh -c} command line of one pre-authenticated session on stdin/stdout:
     * {@code cd DIR && exec env -i PATH=... VAR=... TREE/usr/bin/imapd Maildir 2>>DIR/imapd.err}.
     *
     * @param gamin {@code false}: no FAM server, so Courier sends {@code * OK [ALERT] ...} before
     *     {@code * PREAUTH}
     */
    public String streamCommandLine(boolean gamin) {
        StringBuilder sb = new StringBuilder("cd ").append(quote(dir.toString())).append(" && exec env -i PATH=/usr/bin:/bin");
        for (Map.Entry<String, String> e : environment(gamin).entrySet()) {
            sb.append(' ').append(quote(e.getKey() + "=" + e.getValue()));
        }
        sb.append(' ').append(quote(tree.resolve(IMAPD).toString())).append(" Maildir 2>>")
                .append(quote(dir.resolve("imapd.err").toString()));
        return sb.toString();
    }

    private static String quote(String w) {
        if (w.matches("[A-Za-z0-9/._@=:+,-]+")) {
            return w;
        }
        return "'" + w.replace("'", "'\\''") + "'";
    }

    /** The user's home directory ({@code Maildir/} inside). */
    public Path home() {
        return dir;
    }

    public Path maildir() {
        return dir.resolve("Maildir");
    }

    public Path tree() {
        return tree;
    }

    /** Courier's stderr of all sessions so far. */
    public String stderr() {
        try {
            return Files.readString(dir.resolve("imapd.err"));
        } catch (IOException e) {
            return "";
        }
    }

    /** How long {@link #start()} took, unpacking and the probe session included. */
    public Duration startTime() {
        return startTime;
    }

    @Override
    public String toString() {
        return "CourierServer[" + dir + "]";
    }

    /** PIDs of the gam_server processes started from this instance's copy. */
    public List<Long> gamServerPids() {
        Path exe = dir.resolve("gam_server");
        List<Long> pids = new ArrayList<>();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.forEach(ph -> {
                try {
                    Path e = Files.readSymbolicLink(Path.of("/proc", Long.toString(ph.pid()), "exe"));
                    if (e.equals(exe)) {
                        pids.add(ph.pid());
                    }
                } catch (IOException | UnsupportedOperationException | SecurityException ex) {
                    // not ours, or gone
                }
            });
        }
        return pids;
    }

    private void endGamServers() {
        for (long pid : gamServerPids()) {
            ProcessHandle.of(pid).ifPresent(ph -> {
                ph.destroy();
                try {
                    ph.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    ph.destroyForcibly();
                }
            });
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        endGamServers();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down, or already removed
        }
        if (!Boolean.getBoolean(KEEP_PROPERTY)) {
            InteropDebs.deleteTree(dir);
        }
    }
}
