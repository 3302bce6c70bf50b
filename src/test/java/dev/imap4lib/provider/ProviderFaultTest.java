package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.search.SubjectTerm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Servers that go away or bend the protocol, seen through the Jakarta Mail API. */
class ProviderFaultTest {
    private static final String PREAUTH = "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] hi\n";
    private static final String SELECT_ONE = """
            C: $tag SELECT INBOX
            S: * 1 EXISTS
            S: * OK [UIDVALIDITY 5] ok
            S: $tag OK [READ-WRITE] selected
            """;

    private static Store connect(ScriptedImapServer server, String... extra) throws MessagingException {
        return ScriptedStores.connectedPerScript(server, 3000, extra); // store and folder: a script each
    }

    @Test
    void folderConnectionLostGivesFolderClosedException() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "WAIT: 3000\n");
            server.expect(PREAUTH + SELECT_ONE + "CLOSE\n");
            Store store = connect(server);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message m = inbox.getMessage(1);
            assertThrows(FolderClosedException.class, m::getSubject);
            assertFalse(inbox.isOpen(), "the folder knows it is closed");
            assertThrows(FolderClosedException.class, () -> inbox.getMessage(1));
        }
    }

    @Test
    void storeConnectionLostGivesStoreClosedException() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "CLOSE\n");
            Store store = connect(server);
            assertThrows(StoreClosedException.class, () -> store.getFolder("Archive").exists());
            assertFalse(store.isConnected());
        }
    }

    @Test
    void serverThatIgnoresThePartialRangeIsReadOnce() throws Exception {
        String body = "x".repeat(3000);
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "WAIT: 4000\n");
            server.expect(PREAUTH + SELECT_ONE + """
                    C: $tag FETCH 1 (UID BODYSTRUCTURE)
                    S: * 1 FETCH (UID 9 BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3000 1 NIL NIL NIL NIL))
                    S: $tag OK
                    C: $tag UID FETCH 9 (UID BODY[TEXT]<0.1024>)
                    S: * 1 FETCH (UID 9 BODY[TEXT] {3000}
                    """ + "SB: " + body + "\n" + """
                    S: )
                    S: $tag OK whole body instead of the range
                    WAIT: 1000
                    """);
            Store store = connect(server, "fetchsize", "1024");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(body, inbox.getMessage(1).getContent());
            server.awaitDone();
            assertEquals(1, server.clientText(2).split("BODY\\[TEXT\\]", -1).length - 1,
                    "one FETCH for the body, no repeated ranges: " + server.clientText(2));
        }
    }

    @Test
    void serverIgnoringALaterRangeIsServedFromWhereTheStreamStands() throws Exception {
        String body = "0123456789".repeat(300);
        // The next range goes ahead by sequence number (as every read-ahead does, claimed only
        // while nothing renumbered): the second FETCH is "FETCH 1", not "UID FETCH 9".
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "WAIT: 4000\n");
            server.expect(PREAUTH + SELECT_ONE + """
                    C: $tag FETCH 1 (UID BODYSTRUCTURE)
                    S: * 1 FETCH (UID 9 BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3000 1 NIL NIL NIL NIL))
                    S: $tag OK
                    C: $tag UID FETCH 9 (UID BODY[TEXT]<0.1024>)
                    S: * 1 FETCH (UID 9 BODY[TEXT]<0> {1024}
                    """ + "SB: " + body.substring(0, 1024) + "\n" + """
                    S: )
                    S: $tag OK first range
                    C: $tag FETCH 1 (UID BODY.PEEK[TEXT]<1024.1024>)
                    S: * 1 FETCH (UID 9 BODY[TEXT] {3000}
                    """ + "SB: " + body + "\n" + """
                    S: )
                    S: $tag OK whole body instead of the second range
                    WAIT: 1000
                    """);
            Store store = connect(server, "fetchsize", "1024");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(body, inbox.getMessage(1).getContent(), "each byte once, in order");
            server.awaitDone();
        }
    }

    @Test
    void badCharsetFallsBackToMatchingOnTheClient() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "WAIT: 4000\n");
            server.expect(PREAUTH + SELECT_ONE + """
                    C: $tag SEARCH CHARSET UTF-8 SUBJECT {7}
                    S: $tag NO [BADCHARSET (US-ASCII)] no such charset
                    C: $tag FETCH 1 (UID ENVELOPE INTERNALDATE RFC822.SIZE FLAGS)
                    S: * 1 FETCH (UID 3 FLAGS () INTERNALDATE "01-Jan-2024 10:00:00 +0000" RFC822.SIZE 10 ENVELOPE (NIL "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=" NIL NIL NIL NIL NIL NIL NIL NIL))
                    S: $tag OK
                    WAIT: 1000
                    """);
            Store store = connect(server);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] found = inbox.search(new SubjectTerm("Grüße"));
            assertEquals(1, found.length, "matched on the client after BADCHARSET");
            server.awaitDone();
            assertTrue(server.clientText(2).contains("SEARCH CHARSET UTF-8 SUBJECT {7}"), server.clientText(2));
        }
    }

    @Test
    void exchangeStyleBodyStructureStillGivesContent() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "WAIT: 4000\n");
            server.expect(PREAUTH + SELECT_ONE + """
                    C: $tag FETCH 1 (UID BODYSTRUCTURE)
                    S: * 1 FETCH (UID 9 BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" -1 -1 NIL NIL NIL NIL)("application" "octet-stream" ("name" "a.bin") NIL NIL "base64" -1 NIL ("attachment" NIL) NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL))
                    S: $tag OK
                    C: $tag UID FETCH 9 ...
                    S: * 1 FETCH (UID 9 BODY[1]<0> {13}
                    SB: hello=20world
                    S: )
                    S: $tag OK
                    C: $tag UID FETCH 9 ...
                    S: * 1 FETCH (UID 9 BODY[2]<0> {4}
                    SB: AQID
                    S: )
                    S: $tag OK
                    WAIT: 1000
                    """);
            Store store = connect(server);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            jakarta.mail.Multipart mp = (jakarta.mail.Multipart) inbox.getMessage(1).getContent();
            assertEquals(2, mp.getCount());
            assertEquals("hello world", mp.getBodyPart(0).getContent());
            jakarta.mail.BodyPart att = mp.getBodyPart(1);
            assertEquals("a.bin", att.getFileName(), "name parameter when the disposition has none");
            assertEquals(-1, att.getSize(), "unknown size stays unknown");
            assertEquals(jakarta.mail.Part.ATTACHMENT, att.getDisposition());
            org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {1, 2, 3}, att.getInputStream().readAllBytes());
        }
    }
}
