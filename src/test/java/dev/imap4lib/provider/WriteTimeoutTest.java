package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A server that stops reading cannot block an APPEND forever when writetimeout is set. */
class WriteTimeoutTest {
    @Test
    void appendToAServerThatStopsReadingFails() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(20))) {
            server.expect("""
                    S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+] ready
                    C: $tag APPEND ...
                    STALL: 15000
                    """);
            Properties p = new Properties();
            p.put("mail.imap4lib.host", server.host());
            p.put("mail.imap4lib.port", String.valueOf(server.port()));
            p.put("mail.imap4lib.writetimeout", "500");
            p.put("mail.imap4lib.timeout", "20000");
            Session s = Session.getInstance(p);
            Store store = s.getStore("imap4lib");
            store.connect("u", "p");
            MimeMessage m = new MimeMessage(s);
            m.setText("x".repeat(40 << 20));
            m.saveChanges();
            Folder inbox = store.getFolder("INBOX");
            long t0 = System.nanoTime();
            assertThrows(MessagingException.class, () -> inbox.appendMessages(new Message[] {m}));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // Generous bound: the point is "not the 15 s stall nor forever", not a precise time.
            assertTrue(ms < 12_000, "gave up after " + ms + " ms");
        }
    }
}
