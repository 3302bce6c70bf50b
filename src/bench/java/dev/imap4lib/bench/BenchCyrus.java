package dev.imap4lib.bench;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.testing.Cyrus310Server;
import java.io.IOException;
import java.time.Duration;

/**
 * Cyrus IMAP 3.10 for benchmark rows that need it (NOTIFY, QRESYNC, COMPRESS on Cyrus): the tests'
 * launcher from {@code src/servers/java} (the bench profile compiles it with the bench), so the
 * server is set up exactly as in the {@code Cyrus310} tests (idled, conversations, users
 * {@code user1}/{@code pass1} ...). Needs the tree {@code .ci/run} unpacks into
 * {@code /tmp/imap4lib-interop/cyrus310}. {@code main} starts one, logs in, prints its capabilities
 * and stops it: {@code mvn -B -Pbench compile exec:exec -Dbench.main=dev.imap4lib.bench.BenchCyrus}.
 */
final class BenchCyrus {
    static final String USER = "user1";
    static final String PASS = "pass1";

    private BenchCyrus() {
    }

    /** A fresh Cyrus 3.10 on free loopback ports; the caller closes it. */
    static Cyrus310Server start() throws IOException {
        var missing = Cyrus310Server.unavailableReason();
        if (missing.isPresent()) {
            throw new IOException("Cyrus 3.10 cannot start here: " + missing.get());
        }
        return Cyrus310Server.start();
    }

    /**
     * One Cyrus 3.10 for a whole benchmark run, started when a workload first needs it (so runs
     * without such a workload never start it) and stopped by {@link #close()}. A server that
     * cannot start is remembered: every later {@link #get} fails at once with the same reason.
     */
    static final class Lazy implements AutoCloseable {
        private Cyrus310Server server;
        private IOException failure;
        private String idled;

        /** The server; {@code setUp} runs once, right after it started. */
        synchronized Cyrus310Server get(SetUp setUp) throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (server == null) {
                try {
                    server = start();
                    idled = BenchCyrus.idled(server);
                    setUp.run(server);
                } catch (IOException | RuntimeException e) {
                    failure = e instanceof IOException io ? io : new IOException(e.toString(), e);
                    close();
                    throw failure;
                }
            }
            return server;
        }

        /** Whether the server's {@code idled} process was found running, for the report ("not started" before {@link #get}). */
        synchronized String idled() {
            return idled == null ? "not started" : idled;
        }

        @Override
        public synchronized void close() {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    interface SetUp {
        void run(Cyrus310Server server) throws IOException;
    }

    /**
     * Looks for the {@code idled} process of {@code c} (its command line names the server's
     * {@code imapd.conf}): without it Cyrus polls for IDLE every 60 s and sends no NOTIFY events.
     */
    static String idled(Cyrus310Server c) {
        String conf = c.dir().resolve("imapd.conf").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(l -> l.contains("idled") && l.contains(conf)).orElse(false))
                .findFirst().map(p -> "idled running (pid " + p.pid() + ")")
                .orElse("idled NOT found among this machine's processes");
    }

    public static void main(String[] args) throws Exception {
        try (Cyrus310Server c = start();
                Imap4 imap = new Imap4(c.host(), c.imapPort(), ClientOptions.defaults().withTimeout(Duration.ofSeconds(10)))) {
            imap.login(USER, PASS).check();
            System.out.println("Cyrus 3.10 on " + c.host() + ":" + c.imapPort() + ": " + imap.capabilities());
            System.out.println(idled(c));
        }
    }
}
