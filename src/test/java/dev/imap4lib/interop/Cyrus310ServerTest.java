package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4Ssl;
import dev.imap4lib.client.State;
import dev.imap4lib.testing.Cyrus310Extension;
import dev.imap4lib.testing.Cyrus310Server;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Cyrus 3.10 launcher: what the modern-IMAP tests rely on is really there. */
@ExtendWith(Cyrus310Extension.class)
@Timeout(30)
class Cyrus310ServerTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void versionCapabilitiesAndTls(Cyrus310Server c) throws Exception {
        try (Imap4 imap = new Imap4("localhost", c.imapPort(), ClientOptions.defaults().withTimeout(T))) {
            assertTrue(imap.welcome().contains("Cyrus IMAP 3.10"), imap.welcome());
            assertTrue(imap.starttls(c.sslContext()).isOk());
            imap.login("user1", "pass1");
            assertEquals(State.AUTH, imap.state());
            for (String cap : List.of("IMAP4rev2", "OBJECTID", "PREVIEW", "REPLACE", "MULTISEARCH", "SAVEDATE",
                    "UIDONLY", "LIST-STATUS", "STATUS=SIZE", "NOTIFY", "QRESYNC", "BINARY")) {
                assertTrue(imap.hasCapability(cap), cap + " in " + imap.capabilities());
            }
        }
        try (Imap4Ssl imap = new Imap4Ssl("localhost", c.imapsPort(), c.sslContext(), T)) {
            imap.login("user2", "pass2");
            assertTrue(imap.select("INBOX").value().uidValidity() > 0);
        }
    }

    @Test
    void idledRunsAndNothingRunsAsRoot(Cyrus310Server c) throws Exception {
        assertTrue(Files.isDirectory(c.dir().resolve("conf/socket")));
        List<ProcessHandle> procs = ProcessHandle.of(c.pid()).orElseThrow().descendants().toList();
        assertTrue(procs.stream().anyMatch(p -> p.info().command().orElse("").endsWith("/idled")),
                () -> "no idled among " + procs.stream().map(p -> p.info().command().orElse("?")).toList());
        if ("root".equals(System.getProperty("user.name"))) {
            assertEquals("nobody", ProcessHandle.of(c.pid()).orElseThrow().info().user().orElse("?"));
        }
    }
}
