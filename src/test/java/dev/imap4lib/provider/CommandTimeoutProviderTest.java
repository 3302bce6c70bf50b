package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issue 13: {@code mail.imap4lib.commandtimeout} ends a command a server keeps open with progress. */
@Tag("small-heap")
class CommandTimeoutProviderTest {
    @Test
    void progressForeverFailsTheFolderOperationAtTheBound() throws Exception {
        StringBuilder drip = new StringBuilder();
        for (int i = 0; i < 150; i++) { // 15 s: without the bound, open() would succeed after it
            drip.append("S: * OK still working\nSTALL: 100\n");
        }
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            server.expect("S: * PREAUTH [CAPABILITY IMAP4rev1] hi\nC: $tag SELECT INBOX\n" + drip
                    + "S: * 1 EXISTS\nS: $tag OK [READ-WRITE] done\n");
            Store store = ScriptedStores.store(server, "timeout", "5000", "commandtimeout", "1500");
            store.connect("u", "p");
            Folder inbox = store.getFolder("INBOX");
            long t0 = System.nanoTime();
            MessagingException e = assertTimeoutPreemptively(Duration.ofSeconds(12),
                    () -> assertThrows(MessagingException.class, () -> inbox.open(Folder.READ_WRITE)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String all = e + " / " + e.getCause();
            System.out.println("[command timeout] provider SELECT with '* OK still working' every 100 ms, "
                    + "commandtimeout=1500: failed after " + ms + " ms: " + all);
            assertTrue(all.contains("command timeout of 1500 ms"), all);
            assertTrue(!inbox.isOpen());
            store.close();
        }
    }
}
