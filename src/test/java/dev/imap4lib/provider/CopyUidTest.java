package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * copyUIDMessages on messages whose UIDs were never fetched: COPYUID alone says which copy is
 * which (found by the write-fault matrix, where every successful copy reported -1).
 */
@Timeout(30)
class CopyUidTest {
    @Test
    void destinationUidsComeFromCopyUidWithoutFetchingTheSourceUids() throws Exception {
        String storeConn = """
                S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] store connection
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK done
                """;
        // no FETCH (UID) in the script: the copy must not cost a round trip per message
        String folderConn = """
                S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] folder connection
                C: $tag SELECT INBOX
                S: * 3 EXISTS
                S: * OK [UIDVALIDITY 7] ok
                S: $tag OK [READ-WRITE] selected
                C: $tag COPY 1,3 Archive
                S: $tag OK [COPYUID 9 10,12 20:21] copied
                C: $tag EXAMINE INBOX
                S: * 3 EXISTS
                S: $tag OK [READ-ONLY] examined
                C: $tag CLOSE
                S: $tag OK closed
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK done
                """;
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(storeConn);
            server.expect(folderConn);
            Store store = ScriptedStores.connectedPerScript(server, 5000); // one script per connection
            Imap4libFolder inbox = (Imap4libFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message m1 = inbox.getMessage(1);
            Message m3 = inbox.getMessage(3);
            long[] uids = inbox.copyUIDMessages(new Message[] {m3, m1}, store.getFolder("Archive"));
            assertArrayEquals(new long[] {21, 20}, uids, "in the order given");
            assertEquals(12, inbox.getUID(m3), "the source UIDs are learnt too");
            assertEquals(10, inbox.getUID(m1));
            inbox.close(false);
            store.close();
            server.awaitDone();
        }
    }
}
