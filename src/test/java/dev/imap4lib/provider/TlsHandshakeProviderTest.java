package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import dev.imap4lib.transport.TlsSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issue 13: a caller's {@code ssl.socketFactory} gets the same overall TLS handshake bound as ours. */
@Tag("small-heap")
class TlsHandshakeProviderTest {
    @Test
    void aDrippedHandshakeThroughTheCallersFactoryIsCutAtTheTimeout() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            // a TLS record header announcing 80 bytes, then one byte every 300 ms (24 s in all)
            server.expect("SB: 0x1603030050\nDRIP: 300 " + "x".repeat(80) + "\\c\n");
            Properties p = new Properties();
            p.put("mail.imap4lib.host", server.host());
            p.put("mail.imap4lib.port", String.valueOf(server.port()));
            p.put("mail.imap4lib.ssl.enable", "true");
            p.put("mail.imap4lib.ssl.socketFactory", TlsSettings.trustAllContext().getSocketFactory());
            p.put("mail.imap4lib.timeout", "1000");
            Store store = Session.getInstance(p).getStore("imap4lib");
            long ms = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                long t0 = System.nanoTime();
                MessagingException e = assertThrows(MessagingException.class, () -> store.connect("u", "p"));
                String all = e + " / " + e.getCause();
                assertTrue(all.contains("did not finish within 1000 ms"), all);
                return (System.nanoTime() - t0) / 1_000_000;
            });
            assertTrue(ms < 2500, "gave up after " + ms + " ms with a 1 s timeout");
            assertTrue(!store.isConnected());
        }
    }
}
