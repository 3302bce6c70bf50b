package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A server without MOVE: the provider copies, marks \Deleted and expunges by UID exactly the
 * moved messages (never a plain EXPUNGE that would take other deleted mail with it).
 */
class MoveFallbackTest {
    private static final String STORE_CONN = """
            S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] store connection
            C: $tag LOGOUT
            S: * BYE bye
            S: $tag OK done
            """;

    @Test
    void copyDeleteUidExpungeOfJustTheMovedMessages() throws Exception {
        String folderConn = """
                S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] folder connection
                C: $tag SELECT INBOX
                S: * 3 EXISTS
                S: * OK [UIDVALIDITY 7] ok
                S: $tag OK [READ-WRITE] selected
                C: $tag FETCH 1 (UID)
                S: * 1 FETCH (UID 10)
                S: $tag OK
                C: $tag FETCH 2 (UID)
                S: * 2 FETCH (UID 11)
                S: $tag OK
                C: $tag COPY 1:2 Archive
                S: $tag OK [COPYUID 9 10:11 20:21] copied
                C: $tag STORE 1:2 +FLAGS (\\Deleted)
                S: * 1 FETCH (FLAGS (\\Deleted))
                S: * 2 FETCH (FLAGS (\\Deleted))
                S: $tag OK
                C: $tag UID EXPUNGE 10:11
                S: * 1 EXPUNGE
                S: * 1 EXPUNGE
                S: $tag OK
                C: $tag EXAMINE INBOX
                S: * 1 EXISTS
                S: $tag OK [READ-ONLY] examined
                C: $tag CLOSE
                S: $tag OK closed
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK done
                """;
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(STORE_CONN);
            server.expect(folderConn);
            Store store = ScriptedStores.connectedPerScript(server, 5000); // one script per connection
            Imap4libFolder inbox = (Imap4libFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message m1 = inbox.getMessage(1);
            Message m2 = inbox.getMessage(2);
            Message m3 = inbox.getMessage(3);
            long[] uids = inbox.moveUIDMessages(new Message[] {m1, m2}, store.getFolder("Archive"));
            assertArrayEquals(new long[] {20, 21}, uids, "COPYUID maps each moved message");
            assertTrue(m1.isExpunged() && m2.isExpunged());
            assertEquals(1, inbox.getMessageCount(), "our own expunge renumbers");
            assertEquals(1, m3.getMessageNumber());
            inbox.close(false);
            store.close();
            server.awaitDone();
            String sent = server.clientText(2);
            assertTrue(sent.contains(" UID EXPUNGE 10:11\r\n"), sent);
            for (String line : sent.split("\r\n")) {
                assertTrue(!line.matches("[A-Z0-9]+ EXPUNGE"), "never a plain EXPUNGE: " + sent);
            }
        }
    }
}
