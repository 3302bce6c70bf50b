package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Hostile servers seen through the Jakarta Mail API: stalls, drips, cuts and BYEs end within
 * about twice {@code mail.imap4lib.timeout} with the exception the API specifies (a folder's
 * connection: FolderClosedException; the store's: StoreClosedException); authentication never
 * succeeds on a lie and never repeats credentials; mailbox names never start a new command line.
 */
@Timeout(60)
class HostileProviderTest {
    /** mail.imap4lib.timeout for these tests, ms. */
    private static final int TIMEOUT_MS = 2000;
    /** "About twice the timeout": twice, plus half a second for a loaded machine. */
    private static final long BOUND_MS = 2L * TIMEOUT_MS + 500;
    private static final String PASSWORD = "pw-Zq81";
    private static final String PREAUTH = "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS UNSELECT] hi\n";
    private static final String SELECT_ONE = """
            C: $tag SELECT INBOX
            S: * 1 EXISTS
            S: * OK [UIDVALIDITY 5] ok
            S: $tag OK [READ-WRITE] selected
            """;

    private static Store store(ScriptedImapServer server, String... extra) throws MessagingException {
        String[] all = new String[extra.length + 4];
        all[0] = "timeout";
        all[1] = String.valueOf(TIMEOUT_MS);
        all[2] = "connectiontimeout";
        all[3] = String.valueOf(TIMEOUT_MS);
        System.arraycopy(extra, 0, all, 4, extra.length);
        return ScriptedStores.store(server, all);
    }

    private static Store connected(ScriptedImapServer server, String... extra) throws MessagingException {
        Store s = store(server, extra);
        s.connect("alice", PASSWORD);
        return s;
    }

    /** Runs {@code call}, which must throw {@code type} within {@link #BOUND_MS}; returns it with the time taken. */
    private static <T extends Throwable> Timed<T> failsInTime(Class<T> type, Executable call) {
        return assertTimeoutPreemptively(Duration.ofMillis(3 * BOUND_MS), () -> {
            long t0 = System.nanoTime();
            T e = assertThrows(type, call);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms <= BOUND_MS, "gave up after " + ms + " ms; timeout " + TIMEOUT_MS + " ms: " + e);
            return new Timed<>(e, ms);
        });
    }

    private record Timed<T>(T error, long millis) {
    }

    // ------------------------------------------------------------------ time: the folder's connection

    @Test
    void serverStallingAfterSelectClosesTheFolder() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + SELECT_ONE + """
                    C: $tag FETCH ...
                    STALL: 8000
                    """);
            Store store = connected(server);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message m = inbox.getMessage(1);
            Timed<FolderClosedException> t = failsInTime(FolderClosedException.class, m::getSubject);
            assertTrue(t.millis() >= TIMEOUT_MS - 100, "waited the timeout: " + t.millis() + " ms");
            assertTrue(t.error().getMessage().contains("timed out"), t.error().getMessage());
            assertFalse(inbox.isOpen());
            assertThrows(FolderClosedException.class, () -> inbox.getMessage(1));
            System.out.println("HostileProviderTest stall after SELECT: FolderClosedException after " + t.millis() + " ms");
        }
    }

    @Test
    void serverStallingTheSelectFailsTheOpen() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + """
                    C: $tag SELECT INBOX
                    S: * 1 EXISTS
                    STALL: 8000
                    """);
            Store store = connected(server);
            Folder inbox = store.getFolder("INBOX");
            Timed<MessagingException> t = failsInTime(MessagingException.class, () -> inbox.open(Folder.READ_WRITE));
            assertTrue(t.error().getMessage().contains("timed out"), t.error().getMessage());
            assertFalse(inbox.isOpen());
        }
    }

    @Test
    void serverDrippingOneByteEveryHalfSecondIsCutOffAsAWhole() throws Exception {
        // every single read is well inside the 2 s timeout; the response as a whole is not
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            server.expect(PREAUTH + SELECT_ONE + """
                    C: $tag FETCH ...
                    DRIP: 500 * 1 FETCH (UID 9 FLAGS (\\Seen) RFC822.SIZE 100 INTERNALDATE "01-Jan-2024 10:00:00 +0000")
                    """);
            Store store = connected(server);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message m = inbox.getMessage(1);
            Timed<FolderClosedException> t = failsInTime(FolderClosedException.class, m::getSubject);
            assertTrue(t.error().getMessage().contains("less than"), t.error().getMessage());
            assertFalse(inbox.isOpen());
            System.out.println("HostileProviderTest drip 1 byte/500 ms: FolderClosedException after " + t.millis() + " ms");
        }
    }

    @Test
    void connectionClosedInsideALiteralClosesTheFolder() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + SELECT_ONE + """
                    C: $tag FETCH ...
                    CUT: 60 * 1 FETCH (UID 9 ENVELOPE (NIL {200}\\r\\nSubject text that never ends because the server hangs up
                    WAIT: 1000
                    """);
            Store store = connected(server);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message m = inbox.getMessage(1);
            Timed<FolderClosedException> t = failsInTime(FolderClosedException.class, m::getSubject);
            assertTrue(t.millis() < TIMEOUT_MS, "an EOF needs no timeout: " + t.millis() + " ms");
            assertFalse(inbox.isOpen());
        }
    }

    private static final String BODYSTRUCTURE_3000 = """
            C: $tag FETCH 1 (UID BODYSTRUCTURE)
            S: * 1 FETCH (UID 9 BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3000 1 NIL NIL NIL NIL))
            S: $tag OK done
            """;

    @Test
    void bodyStreamCutInsideTheLiteralFailsTheReadWithFolderClosedAsCause() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + SELECT_ONE + BODYSTRUCTURE_3000 + """
                    C: $tag UID FETCH 9 ...
                    CUT: 60 * 1 FETCH (UID 9 BODY[TEXT]<0> {3000}\\r\\nthe first few bytes of a body of three thousand
                    WAIT: 1000
                    """);
            bodyReadFailsWithFolderClosed(server);
        }
    }

    @Test
    void bodyStreamStalledFailsTheReadWithinTheBound() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + SELECT_ONE + BODYSTRUCTURE_3000 + """
                    C: $tag UID FETCH 9 ...
                    S: * 1 FETCH (UID 9 BODY[TEXT]<0> {3000}
                    SB: only these bytes, then nothing
                    STALL: 8000
                    """);
            bodyReadFailsWithFolderClosed(server);
        }
    }

    /** Reading message 1's body from {@code server} fails within the bound, closing the folder. */
    private static void bodyReadFailsWithFolderClosed(ScriptedImapServer server) throws Exception {
        Store store = connected(server);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        java.io.InputStream in = inbox.getMessage(1).getInputStream();
        Timed<java.io.IOException> t = failsInTime(java.io.IOException.class, in::readAllBytes);
        // an InputStream can only throw IOException; the cause is the API's exception
        assertInstanceOf(FolderClosedException.class, t.error().getCause(), t.error().toString());
        assertFalse(inbox.isOpen());
    }

    @Test
    void unsolicitedByeOnTheFolderConnectionClosesTheFolderNotTheStore() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + SELECT_ONE + """
                    C: $tag FETCH ...
                    S: * BYE Autologout; idle for too long
                    CLOSE
                    WAIT: 1000
                    """);
            // the store's next command gets a connection of its own
            server.expect(PREAUTH + """
                    C: $tag LIST "" Archive
                    S: * LIST () "/" Archive
                    S: $tag OK done
                    C: $tag LOGOUT
                    S: * BYE bye
                    S: $tag OK done
                    """);
            Store store = connected(server);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Timed<FolderClosedException> t = failsInTime(FolderClosedException.class, inbox.getMessage(1)::getSubject);
            assertTrue(t.error().getMessage().contains("Autologout"), t.error().getMessage());
            assertFalse(inbox.isOpen());
            assertTrue(store.getFolder("Archive").exists(), "the store goes on");
            store.close();
        }
    }

    // ------------------------------------------------------------------ time: connecting

    /** A TLS record header announcing 80 bytes, then the bytes one every 500 ms (40 s in all). */
    private static final String DRIPPED_TLS_RECORD = "SB: 0x1603030050\nDRIP: 500 " + "x".repeat(80) + "\\c\n";

    @Test
    void silentServerFailsTheConnect() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("STALL: 8000\n");
            Store store = store(server);
            Timed<MessagingException> t = failsInTime(MessagingException.class, () -> store.connect("alice", PASSWORD));
            assertTrue(t.millis() >= TIMEOUT_MS - 100, "waited the timeout: " + t.millis() + " ms");
            assertFalse(store.isConnected());
        }
    }

    @Test
    void implicitTlsHandshakeDrippedByTheServerIsCutOffAsAWhole() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(60))) {
            server.expect(DRIPPED_TLS_RECORD);
            Properties p = new Properties();
            p.put("mail.imap4libs.host", server.host());
            p.put("mail.imap4libs.port", String.valueOf(server.port()));
            p.put("mail.imap4libs.timeout", String.valueOf(TIMEOUT_MS));
            Store store = Session.getInstance(p).getStore("imap4libs");
            Timed<MessagingException> t = failsInTime(MessagingException.class, () -> store.connect("alice", PASSWORD));
            assertFalse(store.isConnected());
            System.out.println("HostileProviderTest dripped TLS handshake (imap4libs): MessagingException after "
                    + t.millis() + " ms: " + t.error().getMessage());
        }
    }

    @Test
    void starttlsHandshakeDrippedByTheServerIsCutOffAsAWholeWithoutCredentials() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(60))) {
            server.expect("""
                    S: * OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] hi
                    C: $tag STARTTLS
                    S: $tag OK go ahead
                    """ + DRIPPED_TLS_RECORD);
            Store store = store(server);
            Timed<MessagingException> t = failsInTime(MessagingException.class, () -> store.connect("alice", PASSWORD));
            assertFalse(store.isConnected());
            assertFalse(server.clientText().contains("AUTHENTICATE"), server.clientText());
            System.out.println("HostileProviderTest dripped TLS handshake (STARTTLS): MessagingException after "
                    + t.millis() + " ms: " + t.error().getMessage());
        }
    }

    // ------------------------------------------------------------------ time: the store's connection

    @Test
    void storeConnectionStallingGivesStoreClosedException() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + """
                    C: $tag LIST ...
                    STALL: 8000
                    """);
            Store store = connected(server);
            Timed<StoreClosedException> t = failsInTime(StoreClosedException.class, () -> store.getFolder("Archive").exists());
            assertTrue(t.millis() >= TIMEOUT_MS - 100, "waited the timeout: " + t.millis() + " ms");
            assertFalse(store.isConnected());
            System.out.println("HostileProviderTest store stall: StoreClosedException after " + t.millis() + " ms");
        }
    }

    @Test
    void storeConnectionDrippingGivesStoreClosedException() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            server.expect(PREAUTH + """
                    C: $tag LIST ...
                    DRIP: 500 * LIST (\\HasNoChildren) "/" "Archive with a long name that takes a while"
                    """);
            Store store = connected(server);
            Timed<StoreClosedException> t = failsInTime(StoreClosedException.class, () -> store.getFolder("Archive").exists());
            assertFalse(store.isConnected());
            System.out.println("HostileProviderTest store drip: StoreClosedException after " + t.millis() + " ms");
        }
    }

    /** The store connection says BYE during CREATE Archive; INBOX is open on a second connection. */
    private static void expectByeOnCreateWhileInboxIsOpen(ScriptedImapServer server) {
        server.expect(PREAUTH + """
                C: $tag LIST "" Archive
                S: * LIST () "/" Archive
                S: $tag OK done
                C: $tag CREATE Archive
                S: * BYE Server shutting down
                S: $tag OK CREATE completed
                WAIT: 1000
                """);
        server.expect(PREAUTH + SELECT_ONE + "WAIT: 3000\n");
    }

    @Test
    void unsolicitedByeOnTheStoreConnectionGivesStoreClosedExceptionAndClosesOpenFolders() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            expectByeOnCreateWhileInboxIsOpen(server);
            Store store = connected(server, "separatestoreconnection", "true");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Folder archive = store.getFolder("Archive");
            archive.getSeparator(); // known separator: create() sends just CREATE
            Timed<StoreClosedException> t = failsInTime(StoreClosedException.class, () -> archive.create(Folder.HOLDS_MESSAGES));
            assertTrue(t.error().getMessage().contains("Server shutting down"), t.error().getMessage());
            assertFalse(store.isConnected());
            assertFalse(inbox.isOpen(), "closefoldersonstorefailure (default true) closed the open folder");
        }
    }

    @Test
    void withoutCloseFoldersOnStoreFailureTheOpenFolderKeepsItsConnection() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            expectByeOnCreateWhileInboxIsOpen(server);
            Store store = connected(server, "separatestoreconnection", "true", "closefoldersonstorefailure", "false");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Folder archive = store.getFolder("Archive");
            archive.getSeparator();
            failsInTime(StoreClosedException.class, () -> archive.create(Folder.HOLDS_MESSAGES));
            assertFalse(store.isConnected());
            assertTrue(inbox.isOpen(), "closefoldersonstorefailure=false: the folder has its own connection");
            assertEquals(1, inbox.getMessageCount(), "and still answers from it");
        }
    }

    // ------------------------------------------------------------------ authentication

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void endlessContinuationsDuringAuthenticateAbortAndCredentialsGoOnce() throws Exception {
        // base64("\0alice\0pw-Zq81")
        String plain = java.util.Base64.getEncoder().encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\n"
                    + "C: $tag AUTHENTICATE PLAIN\n"
                    + "S: " + "+ \\r\\n".repeat(500) + "\\c\n"
                    + "WAIT: 2000\n");
            Store store = store(server);
            Timed<MessagingException> t = failsInTime(MessagingException.class, () -> store.connect("alice", PASSWORD));
            assertTrue(t.millis() < TIMEOUT_MS, "bounded by a count, not a timeout: " + t.millis() + " ms");
            assertFalse(t.error() instanceof AuthenticationFailedException, "a protocol abort, not a verdict: " + t.error());
            assertFalse(store.isConnected());
            server.awaitDone();
            String sent = server.clientText();
            assertEquals(1, count(sent, plain), "credentials sent exactly once: " + sent);
            assertTrue(sent.split("\r\n").length <= 40, "answered at most a small bound of the 500 '+': " + sent);
        }
    }

    @Test
    void endlessContinuationsAfterALoginLiteralAbortAndThePasswordGoesOnce() throws Exception {
        String password = "pässwörd"; // 8-bit: sent as a literal after a continuation
        int len = password.getBytes(StandardCharsets.UTF_8).length;
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("S: * OK [CAPABILITY IMAP4rev1] hi\n"
                    + "C: $tag LOGIN alice {" + len + "}\n"
                    + "S: " + "+ go on\\r\\n".repeat(500) + "\\c\n"
                    + "WAIT: 2000\n");
            Store store = store(server);
            Timed<MessagingException> t = failsInTime(MessagingException.class, () -> store.connect("alice", password));
            assertFalse(t.error() instanceof AuthenticationFailedException, t.error().toString());
            assertFalse(store.isConnected());
            server.awaitDone();
            String sent = new String(server.clientBytes(), StandardCharsets.UTF_8);
            assertEquals(1, count(sent, password), "password sent exactly once: " + sent);
            assertTrue(sent.split("\r\n").length <= 3, "nothing after the literal: " + sent);
        }
    }

    @Test
    void taggedOkWithATagNeverSentIsNotALogin() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("""
                    S: * OK [CAPABILITY IMAP4rev1] hi
                    C: $tag LOGIN alice pw-Zq81
                    S: Z9 OK LOGIN completed (a tag the client never sent)
                    S: $tag NO [AUTHENTICATIONFAILED] wrong password
                    WAIT: 1000
                    """);
            Store store = store(server);
            MessagingException e = assertThrows(MessagingException.class, () -> store.connect("alice", PASSWORD));
            assertTrue(e.getMessage().contains("tag we did not send"), e.getMessage());
            assertFalse(store.isConnected());
            server.awaitDone();
            assertEquals(1, count(server.clientText(), "LOGIN"), "no second attempt: " + server.clientText());
        }
    }

    @Test
    void loginAnsweredNoIsAuthenticationFailedEvenWithAForeignOkAfterIt() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("""
                    S: * OK [CAPABILITY IMAP4rev1] hi
                    C: $tag LOGIN alice pw-Zq81
                    S: $tag NO [AUTHENTICATIONFAILED] wrong password
                    S: A999 OK LOGIN completed
                    WAIT: 1000
                    """);
            Store store = store(server);
            AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                    () -> store.connect("alice", PASSWORD));
            assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
            assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
            assertFalse(store.isConnected());
            assertThrows(IllegalStateException.class, () -> store.getFolder("INBOX"), "not connected");
        }
    }

    @Test
    void authenticateAnsweredNoAfterAForeignTaggedOkIsNotALogin() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect("""
                    S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi
                    C: $tag AUTHENTICATE PLAIN *
                    S: 1 OK you are in (a tag the client never sent)
                    S: $tag NO [AUTHENTICATIONFAILED] wrong password
                    WAIT: 1000
                    """);
            Store store = store(server);
            assertThrows(MessagingException.class, () -> store.connect("alice", PASSWORD));
            assertFalse(store.isConnected());
        }
    }

    // ------------------------------------------------------------------ lying about UIDs

    private static final String SELECT_TWO = """
            C: $tag SELECT INBOX
            S: * 2 EXISTS
            S: * OK [UIDVALIDITY 5] ok
            S: $tag OK [READ-WRITE] selected
            """;

    @Test
    void aMessageWithAnotherUidIsNotReturnedForTheUidAskedFor() throws Exception {
        // An application deleting "the message with UID 5" must not get UID 999's message.
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + SELECT_TWO + """
                    C: $tag UID FETCH 5 (UID FLAGS)
                    S: * 1 FETCH (UID 999 FLAGS ())
                    S: $tag OK done
                    WAIT: 500
                    """);
            Store store = connected(server);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(null, ((jakarta.mail.UIDFolder) inbox).getMessageByUID(5));
        }
    }

    @Test
    void uidFetchAnswersWithoutUidAreIgnoredNotANullPointerException() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + SELECT_TWO + """
                    C: $tag UID FETCH 1:5 (UID FLAGS)
                    S: * 1 FETCH (FLAGS ())
                    S: * 2 FETCH (FLAGS (\\Seen))
                    S: $tag OK done
                    C: $tag UID FETCH 1:* (UID FLAGS)
                    S: * 1 FETCH (FLAGS ())
                    S: * 2 FETCH (UID 4 FLAGS ())
                    S: $tag OK done
                    WAIT: 500
                    """);
            Store store = connected(server);
            jakarta.mail.UIDFolder inbox = (jakarta.mail.UIDFolder) store.getFolder("INBOX");
            ((Folder) inbox).open(Folder.READ_WRITE);
            assertEquals(0, inbox.getMessagesByUID(1, 5).length);
            Message[] all = inbox.getMessagesByUID(1, jakarta.mail.UIDFolder.LASTUID);
            assertEquals(1, all.length);
            assertEquals(4, inbox.getUID(all[0]));
        }
    }

    // ------------------------------------------------------------------ mailbox names

    /** Names that would end or split a command line if copied verbatim. */
    private static final List<String> NASTY = List.of(
            "quo\"te",
            "back\\slash\\",
            "cr\rlf\nX1 DELETE INBOX",
            "lit{3}\r\nabc",
            "nul\0name");

    @Test
    void mailboxNamesNeverStartANewCommandLine() throws Exception {
        StringBuilder script = new StringBuilder(PREAUTH);
        for (int i = 0; i < NASTY.size(); i++) {
            script.append("""
                    C: $tag LIST "" ...
                    S: $tag OK no such folder yet
                    C: $tag LIST "" ""
                    S: * LIST (\\\\Noselect) "/" ""
                    S: $tag OK done
                    C: $tag CREATE ...
                    S: $tag OK created
                    C: $tag LIST "" ...
                    S: $tag OK done
                    C: $tag SELECT ...
                    S: * 0 EXISTS
                    S: $tag OK [READ-WRITE] selected
                    C: $tag UNSELECT
                    S: $tag OK done
                    """);
        }
        script.append("WAIT: 1000\n");
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(script.toString());
            Store store = connected(server);
            List<String> problems = new ArrayList<>();
            for (String name : NASTY) {
                Folder f = store.getFolder(name);
                try {
                    assertTrue(f.create(Folder.HOLDS_MESSAGES));
                    f.exists();
                    f.open(Folder.READ_WRITE);
                    f.close(false);
                } catch (MessagingException e) {
                    problems.add(name + ": " + e);
                }
            }
            server.awaitDone();
            assertEquals(List.of(), problems);
            // Every line the client sent is one whole command of its own, with its own tag.
            String[] lines = server.clientText().split("\r\n", -1);
            assertEquals("", lines[lines.length - 1], "ends with CRLF");
            Pattern command = Pattern.compile("[A-Za-z0-9]+ (LIST|CREATE|SELECT|UNSELECT)( .*)?");
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < lines.length - 1; i++) {
                String l = lines[i];
                assertTrue(command.matcher(l).matches(), "line " + i + " is not a command of ours: " + l);
                assertFalse(l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0 || l.indexOf('\0') >= 0, l);
                tags.add(l.substring(0, l.indexOf(' ')));
            }
            assertEquals(NASTY.size() * 6, lines.length - 1, "one line per command: " + server.clientText());
            assertEquals(tags.size(), tags.stream().distinct().count(), "a fresh tag on every line");
            String all = server.clientText();
            assertTrue(all.contains(" CREATE \"quo\\\"te\"\r\n"), all);
            assertTrue(all.contains(" CREATE \"back\\\\slash\\\\\"\r\n"), all);
            assertFalse(all.contains("X1 DELETE INBOX\r\n"), all);
        }
    }
}
