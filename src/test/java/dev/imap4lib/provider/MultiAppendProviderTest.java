package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.FaultProxy;
import dev.imap4lib.testing.FaultProxy.Direction;
import dev.imap4lib.testing.InFlightRelay;
import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code appendUIDMessages} of several messages: one MULTIAPPEND (RFC 3502) where the server
 * offers it (Dovecot), cut into atomic batches by bytes, and one APPEND per message where it
 * does not (GreenMail, Dovecot with MULTIAPPEND hidden), those pipelined where the server takes
 * LITERAL+; either way every message is stored once, with the UID the call returned.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(120)
class MultiAppendProviderTest {
    private static final String USER = "user1";

    private static Properties props(int port) {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(port));
        p.put("mail.imap4lib.starttls.enable", "false"); // plain text, so the proxy sees the commands
        return p;
    }

    private static Message[] messages(Session s, String run, int n, int bodyLines) throws Exception {
        Message[] msgs = new Message[n];
        for (int i = 0; i < n; i++) {
            String raw = "From: a@example.org\r\nTo: b@example.com\r\nSubject: multi " + i + "\r\n"
                    + "Message-ID: <" + run + "-" + i + "@imap4lib.test>\r\n\r\n"
                    + ("line of message " + i + "\r\n").repeat(bodyLines);
            MimeMessage m = new MimeMessage(s, new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
            if (i % 2 == 1) {
                m.setFlag(Flags.Flag.FLAGGED, true);
            }
            msgs[i] = m;
        }
        return msgs;
    }

    /** Message-ID -> how often, UID, flagged, as a fresh connection sees {@code folder}. */
    private static Map<String, long[]> onServer(int port, String user, String pw, String folder) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        try (Imap4 imap = new Imap4("127.0.0.1", port, Duration.ofSeconds(10))) {
            imap.login(user, pw);
            if (imap.examine(folder).check().value().exists() > 0) {
                for (FetchData f : imap.fetch("1:*", "(UID FLAGS ENVELOPE)").check().value()) {
                    long[] e = out.computeIfAbsent(f.envelope().messageId(), k -> new long[3]);
                    e[0]++;
                    e[1] = f.uid();
                    e[2] = f.hasFlag("\\Flagged") ? 1 : 0;
                }
            }
        }
        return out;
    }

    private static void assertStoredOnce(Map<String, long[]> server, String run, long[] uids) {
        assertEquals(uids.length, server.size(), "messages on the server");
        for (int i = 0; i < uids.length; i++) {
            long[] e = server.get("<" + run + "-" + i + "@imap4lib.test>");
            assertEquals(1, e[0], "message " + i + " stored once");
            assertEquals(e[1], uids[i], "UID returned for message " + i);
            assertEquals(i % 2, e[2], "message " + i + " \\Flagged as appended");
        }
    }

    /** What a test does with a store connected to Dovecot through a recording proxy, and a new folder. */
    private interface ProxiedAppend {
        void run(Session s, Imap4libFolder f, FaultProxy proxy, String run) throws Exception;
    }

    private static void onDovecot(DovecotServer d, ProxiedAppend test) throws Exception {
        String run = "ma" + UUID.randomUUID();
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", d.imapPort(), null)) {
            Session s = Session.getInstance(props(proxy.port()));
            Store store = s.getStore("imap4lib");
            store.connect(USER, DovecotServer.USERS.get(USER));
            try {
                Imap4libFolder f = (Imap4libFolder) store.getFolder(run);
                assertTrue(f.create(Folder.HOLDS_MESSAGES));
                test.run(s, f, proxy, run);
                f.delete(false);
            } finally {
                store.close();
            }
        }
    }

    @Test
    void dovecotAppendsManyInOneMultiAppend(DovecotServer d) throws Exception {
        onDovecot(d, (s, f, proxy, run) -> {
            assertTrue(((Imap4libStore) f.getStore()).hasCapability("MULTIAPPEND"));
            long[] uids = f.appendUIDMessages(messages(s, run, 6, 20));
            assertEquals(1, proxy.occurrences(Direction.CLIENT_TO_SERVER, " APPEND "), "one APPEND command");
            assertStoredOnce(onServer(d.imapPort(), USER, DovecotServer.USERS.get(USER), run), run, uids);
            f.open(Folder.READ_ONLY);
            assertEquals(6, f.getMessageCount());
            f.close(false);
        });
    }

    @Test
    void dovecotCutsBatchesByBytes(DovecotServer d) throws Exception {
        onDovecot(d, (s, f, proxy, run) -> {
            // ~2 KB each, 5 KB a batch: batches of 2, 2 and 1
            long[] uids = new MultiAppend(f, 5000).append(messages(s, run, 5, 100));
            assertEquals(3, proxy.occurrences(Direction.CLIENT_TO_SERVER, " APPEND "), "APPEND commands");
            assertStoredOnce(onServer(d.imapPort(), USER, DovecotServer.USERS.get(USER), run), run, uids);
        });
    }

    /** A refused MULTIAPPEND stores none of its messages, and says the folder is missing. */
    @Test
    void dovecotRefusedBatchStoresNothing(DovecotServer d) throws Exception {
        String run = "mc" + UUID.randomUUID();
        Session s = Session.getInstance(props(d.imapPort()));
        Store store = s.getStore("imap4lib");
        store.connect(USER, DovecotServer.USERS.get(USER));
        try {
            Folder f = store.getFolder(run);
            assertThrows(FolderNotFoundException.class, () -> f.appendMessages(messages(s, run, 3, 5)));
            assertFalse(f.exists());
        } finally {
            store.close();
        }
    }

    /** A message over APPENDLIMIT in a MULTIAPPEND batch: refused, and the batch is never sent. */
    @Test
    void overTheLimitInABatchIsRefusedBeforeTheBatchIsSent() throws Exception {
        overTheLimitSendsNoAppend("LITERAL+ UIDPLUS MULTIAPPEND");
    }

    /** The same without MULTIAPPEND: none of the pipelined APPENDs goes out. */
    @Test
    void overTheLimitIsRefusedBeforeAnyPipelinedAppendIsSent() throws Exception {
        overTheLimitSendsNoAppend("LITERAL+ UIDPLUS");
    }

    private static void overTheLimitSendsNoAppend(String caps) throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("S: * PREAUTH [CAPABILITY IMAP4rev1 " + caps + " APPENDLIMIT=300] store connection\n" + LOGOUT);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            Session s = Session.getInstance(new Properties());
            MimeMessage small = new MimeMessage(s);
            small.setText("x");
            MimeMessage big = new MimeMessage(s);
            big.setText("x".repeat(1000));
            AppendLimitExceededException e = assertThrows(AppendLimitExceededException.class,
                    () -> store.getFolder("INBOX").appendMessages(new Message[] {small, big, small}));
            assertEquals(300, e.getLimit());
            store.close();
            server.awaitDone();
            assertFalse(server.clientText().contains("APPEND"), server.clientText());
        }
    }

    @Test
    void greenMailWithoutMultiAppendAppendsOneByOne() throws Exception {
        GreenMail gm = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        gm.start();
        try {
            gm.setUser("multi@example.com", "multi", "multi-pw");
            int port = gm.getImap().getPort();
            String run = "md" + UUID.randomUUID();
            try (FaultProxy proxy = new FaultProxy("127.0.0.1", port, null)) {
                Session s = Session.getInstance(props(proxy.port()));
                Store store = s.getStore("imap4lib");
                store.connect("multi", "multi-pw");
                try {
                    assertFalse(((Imap4libStore) store).hasCapability("MULTIAPPEND"), "GreenMail lacks MULTIAPPEND");
                    Imap4libFolder f = (Imap4libFolder) store.getFolder(run);
                    assertTrue(f.create(Folder.HOLDS_MESSAGES));
                    long[] uids = f.appendUIDMessages(messages(s, run, 3, 10));
                    assertEquals(3, proxy.occurrences(Direction.CLIENT_TO_SERVER, " APPEND "), "one APPEND per message");
                    assertStoredOnce(onServer(port, "multi", "multi-pw", run), run, uids);
                } finally {
                    store.close();
                }
            }
        } finally {
            gm.stop();
        }
    }

    // ------------------------------------------------------------ pipelined APPENDs (no MULTIAPPEND)

    @Test
    void dovecotWithoutMultiAppendPipelinesOneAppendPerMessage(DovecotServer d) throws Exception {
        String run = "mp" + UUID.randomUUID();
        try (FaultProxy hide = new FaultProxy("127.0.0.1", d.imapPort(), null, FaultProxy.hideCapability("MULTIAPPEND"));
                InFlightRelay relay = new InFlightRelay(hide.port(), "APPEND")) {
            Session s = Session.getInstance(props(relay.port()));
            Store store = s.getStore("imap4lib");
            store.connect(USER, DovecotServer.USERS.get(USER));
            try {
                assertFalse(((Imap4libStore) store).hasCapability("MULTIAPPEND"));
                assertTrue(((Imap4libStore) store).hasCapability("LITERAL+"));
                Imap4libFolder f = (Imap4libFolder) store.getFolder(run);
                assertTrue(f.create(Folder.HOLDS_MESSAGES));
                long[] uids = f.appendUIDMessages(messages(s, run, 20, 20));
                assertEquals(20, relay.commands(), "one APPEND per message");
                assertTrue(relay.maxInFlight() > 1, "APPENDs in flight together: at most " + relay.maxInFlight());
                assertStoredOnce(onServer(d.imapPort(), USER, DovecotServer.USERS.get(USER), run), run, uids);
                f.delete(false);
            } finally {
                store.close();
            }
        }
    }

    /** The literal a message becomes, as the provider sends it (CRLF line ends). */
    private static int size(Message m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.size();
    }

    /** Script lines for APPENDs of {@code msgs} to INBOX with LITERAL+, all read before any answer. */
    private static String appendsSent(Message[] msgs) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < msgs.length; i++) {
            int n = size(msgs[i]);
            sb.append("C: $tag").append(i + 1).append(" APPEND INBOX {").append(n).append("+}\n")
                    .append("CL: ").append(n + 2).append("\n");
        }
        return sb.toString();
    }

    private static final String NO_MULTIAPPEND = "S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] store connection\n";
    private static final String LOGOUT = """
            C: $tag LOGOUT
            S: * BYE bye
            S: $tag OK done
            """;

    private static Message[] plain(int n, String run) throws Exception {
        Message[] msgs = messages(Session.getInstance(new Properties()), run, n, 3);
        for (Message m : msgs) {
            m.setFlags(m.getFlags(), false); // no flags: the APPEND line is just the literal
        }
        return msgs;
    }

    @Test
    void withLiteralPlusEveryAppendIsSentBeforeTheFirstAnswer() throws Exception {
        Message[] msgs = plain(3, "sp");
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            // the server answers only once it has read all three: a client that waited would time out
            server.expect(NO_MULTIAPPEND + appendsSent(msgs) + """
                    S: $tag1 OK [APPENDUID 7 10] done
                    S: $tag2 OK [APPENDUID 7 11] done
                    S: $tag3 OK [APPENDUID 7 12] done
                    """ + LOGOUT);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            long[] uids = ((Imap4libFolder) store.getFolder("INBOX")).appendUIDMessages(msgs);
            assertEquals(java.util.List.of(10L, 11L, 12L), java.util.Arrays.stream(uids).boxed().toList());
            store.close();
            server.awaitDone();
        }
    }

    /**
     * Plays the APPENDs of {@code msgs} (all read before any answer), then {@code answers};
     * {@code appendMessages} must throw {@code type}. Returns it and what the client sent.
     */
    private static <T extends Throwable> Map.Entry<T, String> failedAppend(Message[] msgs, String answers, Class<T> type)
            throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(NO_MULTIAPPEND + appendsSent(msgs) + answers);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            T e = assertThrows(type, () -> store.getFolder("INBOX").appendMessages(msgs));
            store.close();
            server.awaitDone();
            return Map.entry(e, server.clientText());
        }
    }

    /** Not atomic: the answers that came back OK are stored, and the exception says exactly which. */
    @Test
    void aRefusedPipelinedAppendSaysWhichAreStoredAndSendsNothingAgain() throws Exception {
        var got = failedAppend(plain(3, "sq"), """
                S: $tag1 OK [APPENDUID 7 10] done
                S: $tag2 NO [OVERQUOTA] mailbox full
                S: $tag3 OK [APPENDUID 7 12] done
                """ + LOGOUT, MessagingException.class);
        String m = got.getKey().getMessage();
        assertFalse(got.getKey() instanceof FolderNotFoundException, got.getKey().toString());
        assertTrue(m.contains("not all or none"), m);
        assertTrue(m.contains("1, 3 are stored; 2 is refused"), m);
        assertTrue(m.contains("mailbox full"), m);
        assertEquals(3, got.getValue().split(" APPEND ", -1).length - 1, got.getValue());
    }

    @Test
    void aCutWithAppendsInFlightSaysWhichAreStoredAndWhichAreInDoubt() throws Exception {
        var got = failedAppend(plain(4, "sr"), """
                S: $tag1 OK [APPENDUID 7 10] done
                S: $tag2 OK [APPENDUID 7 11] done
                RESET
                """, StoreClosedException.class);
        String m = got.getKey().getMessage();
        assertTrue(m.contains("1-2 are stored; 3-4 are in flight when the connection broke, so may or may not be stored"), m);
        assertTrue(m.contains("<sr-2@imap4lib.test>") && m.contains("<sr-3@imap4lib.test>"), m);
        assertFalse(m.contains("<sr-1@imap4lib.test>"), m);
    }

    @Test
    void pipelinedAppendsToAMissingFolderSayItDoesNotExist() throws Exception {
        failedAppend(plain(2, "ss"), """
                S: $tag1 NO [TRYCREATE] no such mailbox
                S: $tag2 NO [TRYCREATE] no such mailbox
                """ + LOGOUT, FolderNotFoundException.class);
    }
}
