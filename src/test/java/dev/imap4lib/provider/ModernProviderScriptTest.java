package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.junit.jupiter.api.Timeout;

/** APPENDLIMIT before sending, REPLACE refused without the extension, PREVIEW/SAVEDATE absent (issue 11). */
@Timeout(30)
class ModernProviderScriptTest {
    private static MimeMessage message(int bodySize) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setSubject("s");
        m.setText("x".repeat(bodySize));
        return m;
    }

    @Test
    void appendOverTheCapabilityLimitIsRefusedBeforeAnythingIsSent() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("""
                    S: * PREAUTH [CAPABILITY IMAP4rev1 APPENDLIMIT=300] store connection
                    C: $tag LOGOUT
                    S: * BYE bye
                    S: $tag OK done
                    """);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            Folder f = store.getFolder("INBOX");
            AppendLimitExceededException e = assertThrows(AppendLimitExceededException.class,
                    () -> f.appendMessages(new Message[] {message(1000)}));
            assertEquals(300, e.getLimit());
            assertTrue(e.getSize() > 1000, e.getMessage());
            assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
            store.close();
            server.awaitDone();
            assertFalse(server.clientText().contains("APPEND"), server.clientText());
        }
    }

    @Test
    void perMailboxLimitComesFromStatusAndABadAnswerLimitsNothing() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("""
                    S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+ APPENDLIMIT] store connection
                    C: $tag STATUS Small (APPENDLIMIT)
                    S: * STATUS Small (APPENDLIMIT 200)
                    S: $tag OK done
                    C: $tag STATUS Big (APPENDLIMIT)
                    S: $tag BAD Invalid Status attributes appendlimit
                    C: $tag APPEND Big ...
                    WAIT: 500
                    S: $tag OK [APPENDUID 3 9] stored
                    C: $tag LOGOUT
                    S: * BYE bye
                    S: $tag OK done
                    """);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            assertThrows(AppendLimitExceededException.class,
                    () -> store.getFolder("Small").appendMessages(new Message[] {message(300)}));
            // what the server does not tell (Cyrus 3.10 answers BAD) is left to the server
            long[] uids = ((Imap4libFolder) store.getFolder("Big")).appendUIDMessages(new Message[] {message(10)});
            assertEquals(9, uids[0]);
            store.close();
            server.awaitDone();
        }
    }

    @Test
    void replaceWithoutTheExtensionIsRefusedAndPreviewIsNull() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("""
                    S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] store connection
                    C: $tag LOGOUT
                    S: * BYE bye
                    S: $tag OK done
                    """);
            server.expect("""
                    S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] folder connection
                    C: $tag SELECT INBOX
                    S: * 1 EXISTS
                    S: * OK [UIDVALIDITY 7] ok
                    S: $tag OK [READ-WRITE] selected
                    C: $tag EXAMINE INBOX
                    S: * 1 EXISTS
                    S: $tag OK [READ-ONLY] examined
                    C: $tag CLOSE
                    S: $tag OK closed
                    C: $tag LOGOUT
                    S: * BYE bye
                    S: $tag OK done
                    """);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            Imap4libFolder inbox = (Imap4libFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Imap4libMessage m = (Imap4libMessage) inbox.getMessage(1);
            MessagingException e = assertThrows(MessagingException.class, () -> inbox.replaceMessage(m, message(5)));
            assertTrue(e.getMessage().contains("no REPLACE"), e.getMessage());
            assertNull(m.getPreview(), "no PREVIEW capability: nothing is fetched");
            assertNull(m.getSaveDate());
            assertFalse(m.isExpunged());
            inbox.close(false);
            store.close();
            server.awaitDone();
        }
    }
}
