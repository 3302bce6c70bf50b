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

    public static void main(String[] args) throws Exception {
        try (Cyrus310Server c = start();
                Imap4 imap = new Imap4(c.host(), c.imapPort(), ClientOptions.defaults().withTimeout(Duration.ofSeconds(10)))) {
            imap.login(USER, PASS).check();
            System.out.println("Cyrus 3.10 on " + c.host() + ":" + c.imapPort() + ": " + imap.capabilities());
        }
    }
}
