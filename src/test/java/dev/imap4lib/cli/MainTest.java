package dev.imap4lib.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line tool end to end: {@link Main#run} with captured output against one seeded
 * embedded server (the same GreenMail set-up the tool uses by default), plus the default
 * (no server options) path once.
 */
class MainTest {
    private static DemoServer server;
    private static Store store;

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = DemoServer.start();
        store = Session.getInstance(new Properties()).getStore("imap4lib");
        store.connect("127.0.0.1", server.port(), DemoServer.USER, DemoServer.PASSWORD);
        assertEquals(SampleMailbox.TOTAL, SampleMailbox.seed(store));
    }

    @AfterAll
    static void stopServer() throws Exception {
        store.close();
        server.close();
    }

    @AfterEach
    void noHook() {
        Hooks.afterMessage = null;
    }

    /** Runs the tool against the test server (password from the environment). */
    private static Run run(String... args) {
        return runWith(Map.of("IMAP4LIB_PASSWORD", DemoServer.PASSWORD), "", true, args);
    }

    private static Run runWith(Map<String, String> env, String stdin, boolean server, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (server) {
            all.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(MainTest.server.port()), "--user", DemoServer.USER));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(new String[0]), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new HashMap<>(env), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLineError(Run r, int code, String contains) {
        assertEquals(code, r.code(), r::toString);
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r::err);
        assertTrue(lines[0].startsWith("imap4lib: ") && lines[0].contains(contains), r::err);
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug");
    }

    // ------------------------------------------------------------------ help, usage, defaults

    @Test
    void helpForEveryCommand() {
        Run top = runWith(Map.of(), "", false, "--help");
        assertEquals(0, top.code());
        for (String c : Main.COMMANDS.keySet()) {
            assertTrue(top.out().contains("  " + c + " "), c);
            Run r = runWith(Map.of(), "", false, c, "--help");
            assertEquals(0, r.code(), c);
            assertTrue(r.out().contains("usage: imap4lib " + c), c + ": " + r.out());
        }
        assertOneLineError(runWith(Map.of(), "", false, "frobnicate"), Main.EXIT_USAGE, "unknown command");
        assertOneLineError(runWith(Map.of(), "", false, "ls", "--bogus"), Main.EXIT_USAGE, "unknown option --bogus");
    }

    @Test
    void passwordIsNeverACommandLineArgument() {
        assertOneLineError(run("info", "--password", "secret"), Main.EXIT_USAGE, "never taken from the command line");
        assertOneLineError(runWith(Map.of(), "", true, "info"), Main.EXIT_USAGE, "IMAP4LIB_PASSWORD");
    }

    @Test
    void passwordFile() throws Exception {
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, DemoServer.PASSWORD + "\n");
        Run r = runWith(Map.of(), "", true, "ls", "Drafts", "--password-file", pw.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("messages 1-3 of 3 in Drafts"), r.out());
    }

    @Test
    void withoutServerOptionsTheEmbeddedDemoServerIsUsed() {
        Run r = runWith(Map.of(), "", false, "info");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("Server       embedded demo server 127.0.0.1:"), r.out());
        assertTrue(r.err().contains("embedded demo server"), r.err());
        assertTrue(r.out().contains("9 folders, 300 messages"), r.out());
    }

    // ------------------------------------------------------------------ info, ls, show

    @Test
    void info() {
        Run r = run("info");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Greeting     * OK IMAP4rev1 Server GreenMail"), r.out());
        assertTrue(r.out().contains("IDLE"), r.out());
        assertTrue(r.out().contains("Quota        root \"INBOX\" STORAGE"), r.out());
        assertTrue(r.out().contains("  Köln-Büro"), r.out());
        Run j = run("info", "--json");
        assertEquals(0, j.code());
        assertTrue(j.out().startsWith("{\"server\":\"127.0.0.1:"), j.out());
        assertTrue(j.out().contains("{\"name\":\"Archive.2024\",\"separator\":\".\",\"selectable\":true,\"messages\":45"), j.out());
    }

    @Test
    void lsPagesAndSearchesOnTheServer() {
        Run r = run("ls", "Archive.2023", "--limit", "5", "--offset", "2");
        assertEquals(0, r.code(), r::toString);
        String[] lines = r.out().strip().split("\n");
        assertEquals(7, lines.length, r.out()); // header, 5 rows, footer
        assertTrue(lines[0].matches("UID +DATE +FROM +SUBJECT +SIZE +FLAGS"), lines[0]);
        assertTrue(lines[1].startsWith(" 23  2023-"), lines[1]); // newest first, after skipping 2
        assertTrue(lines[6].contains("messages 3-7 of 25 in Archive.2023, newest first (next page: --offset 7)"), lines[6]);

        Run s = run("ls", "INBOX", "--search", "subject:\"Grüße aus\" -flagged", "--json");
        assertEquals(0, s.code(), s::toString);
        assertTrue(s.out().contains("\"subject\":\"Grüße aus Köln\""), s.out());
        assertFalse(s.out().contains("\\\\Flagged"), s.out());

        Run big = run("ls", "INBOX", "--search", "larger:1M", "--limit", "0");
        assertEquals(0, big.code(), big::toString);
        assertTrue(big.out().contains(" MB "), big.out());
        assertOneLineError(run("ls", "INBOX", "--search", "colour:red"), Main.EXIT_USAGE, "unknown search key");
    }

    @Test
    void show() throws Exception {
        Run r = run("show", "INBOX", "5");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("From:       José Álvarez <jose@empresa.example>"), r.out());
        assertTrue(r.out().contains("Attachments:\n   1  report-5.pdf"), r.out());
        assertTrue(r.out().contains("Hi Demo,"), r.out());

        Run raw = run("show", "INBOX", "5", "--raw");
        assertTrue(raw.out().startsWith("Date: "), raw.out());
        assertTrue(raw.out().contains("Message-ID: <demo-5."), raw.out());
        assertTrue(raw.out().contains("From: =?UTF-8?Q?Jos=C3=A9_=C3=81lvarez?="), "the source, not decoded");

        Path dir = tmp.resolve("att");
        Run save = run("save-attachments", "INBOX", "5", "--to", dir.toString());
        assertEquals(0, save.code(), save::toString);
        byte[] pdf = Files.readAllBytes(dir.resolve("report-5.pdf"));
        assertTrue(pdf.length > 1_000_000);
        assertEquals("%PDF-1.4", new String(pdf, 0, 8, StandardCharsets.ISO_8859_1));
        run("save-attachments", "INBOX", "5", "--to", dir.toString());
        assertTrue(Files.exists(dir.resolve("report-5 (1).pdf")), "never overwrites");

        assertOneLineError(run("show", "INBOX", "99999"), Main.EXIT_NOT_FOUND, "no message with UID 99999");
    }

    // ------------------------------------------------------------------ errors and exit codes

    @Test
    void unknownFolder() {
        assertOneLineError(run("ls", "No.Such.Folder"), Main.EXIT_NOT_FOUND, "No.Such.Folder");
        assertOneLineError(run("export", "Nope", "--to", tmp.resolve("x.mbox").toString()), Main.EXIT_NOT_FOUND, "Nope");
    }

    @Test
    void badPassword() {
        Run r = runWith(Map.of("IMAP4LIB_PASSWORD", "wrong"), "", true, "info");
        assertOneLineError(r, Main.EXIT_AUTH, "authentication failed");
        Run debug = runWith(Map.of("IMAP4LIB_PASSWORD", "wrong"), "", true, "ls", "--debug");
        assertEquals(Main.EXIT_AUTH, debug.code());
        assertTrue(debug.err().contains("\tat "), "--debug shows the stack trace");
        assertFalse(debug.err().contains("wrong"), "the password never shows in the trace");
    }

    @Test
    void unreachableServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = runWith(Map.of("IMAP4LIB_PASSWORD", "x"), "", false, "info", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--user", "u");
        assertOneLineError(r, Main.EXIT_UNREACHABLE, "cannot reach the server");
    }

    @Test
    void tlsFailure() {
        // implicit TLS against a plain-text IMAP port: the handshake fails
        Run r = run("info", "--tls");
        assertOneLineError(r, Main.EXIT_TLS, "TLS failure");
    }

    // ------------------------------------------------------------------ export and import

    private static Map<String, byte[]> sources(String folder) throws Exception {
        Map<String, byte[]> out = new HashMap<>();
        Folder f = store.getFolder(folder);
        f.open(Folder.READ_ONLY);
        try {
            for (Message m : f.getMessages()) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                m.writeTo(b);
                out.put(((MimeMessage) m).getMessageID(), b.toByteArray());
            }
        } finally {
            f.close(false);
        }
        return out;
    }

    @Test
    void mboxRoundTripIsByteIdentical() throws Exception {
        Path mbox = tmp.resolve("archive.mbox");
        Run ex = run("export", "Archive.2024", "--to", mbox.toString());
        assertEquals(0, ex.code(), ex::toString);
        assertTrue(ex.out().contains("verified: " + mbox + " holds all 45 messages of Archive.2024"), ex.out());
        Run im = run("import", mbox.toString(), "--to", "RoundTrip.Mbox");
        assertEquals(0, im.code(), im::toString);
        assertTrue(im.out().contains("imported 45 messages"), im.out());
        assertTrue(im.out().contains("verified: all 45 messages"), im.out());

        Map<String, byte[]> a = sources("Archive.2024");
        Map<String, byte[]> b = sources("RoundTrip.Mbox");
        assertEquals(a.keySet(), b.keySet());
        for (String id : a.keySet()) {
            assertArrayEquals(a.get(id), b.get(id), id);
        }
        // some sample bodies have a "From " line, which mboxrd must quote and unquote
        assertTrue(Files.readString(mbox, StandardCharsets.ISO_8859_1).contains("\n>From the minutes"));

        Run again = run("import", mbox.toString(), "--to", "RoundTrip.Mbox");
        assertEquals(0, again.code(), again::toString);
        assertTrue(again.out().contains("imported 0 messages"), again.out());
        assertTrue(again.out().contains("skipped 45 already there"), again.out());
    }

    @Test
    void maildirRoundTripKeepsBytesAndFlags() throws Exception {
        Path dir = tmp.resolve("sent");
        Run ex = run("export", "Sent", "--to", dir.toString(), "--format", "maildir", "--json");
        assertEquals(0, ex.code(), ex::toString);
        assertTrue(ex.out().contains("\"exported\":30") && ex.out().contains("\"verified\":true"), ex.out());
        Run im = run("import", dir.toString(), "--to", "RoundTrip.Maildir");
        assertEquals(0, im.code(), im::toString);
        Map<String, byte[]> a = sources("Sent");
        Map<String, byte[]> b = sources("RoundTrip.Maildir");
        assertEquals(a.keySet(), b.keySet());
        for (String id : a.keySet()) {
            assertArrayEquals(a.get(id), b.get(id), id);
        }
        Run ls = run("ls", "RoundTrip.Maildir", "--search", "flagged", "--json");
        Run orig = run("ls", "Sent", "--search", "flagged", "--json");
        assertEquals(count(orig.out(), "\"uid\""), count(ls.out(), "\"uid\""));
        assertTrue(count(ls.out(), "\"uid\"") > 0);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void exportAllWritesTheFolderTreeAndEscapesNamesAFileCannotHold() throws Exception {
        Path dir = tmp.resolve("account");
        Run ex = run("export", "--all", "--to", dir.toString(), "--format", "mbox", "--json");
        assertEquals(0, ex.code(), ex::toString);
        // other tests add folders to the shared demo server: what is checked is the sample's part
        assertTrue(ex.out().contains("\"folder\":\"Archive.2024\"") && ex.out().endsWith("\"verified\":true}\n"), ex.out());
        // the demo server's separator is '.': Archive.2024 is Archive/2024.mbox
        assertEquals(45, MailFiles.countMbox(dir.resolve("Archive").resolve("2024.mbox")));
        assertEquals(170, MailFiles.countMbox(dir.resolve("INBOX.mbox")));
        assertEquals(Path.of("d", "%2Ehidden", "%25x", "%63ur", "a.b"),
                ExportCommand.treePath(Path.of("d"), ".hidden/%x/cur/a.b", '/', true));
        assertEquals("a%2Fb", ExportCommand.fileName("a/b"));
        for (String level : new String[] {".hidden", "%x", "cur", "a/b", "", "new", "plain"}) {
            assertEquals(level, ExportCommand.levelName(ExportCommand.fileName(level)));
        }
    }

    @Test
    void interruptedExportResumesToTheSameFile() throws Exception {
        Path whole = tmp.resolve("whole.mbox");
        assertEquals(0, run("export", "INBOX", "--to", whole.toString()).code());

        Path mbox = tmp.resolve("resumed.mbox");
        Hooks.afterMessage = n -> {
            if (n == 37) {
                throw new IllegalStateException("simulated crash after writing message 37");
            }
        };
        Run crash = run("export", "INBOX", "--to", mbox.toString());
        assertOneLineError(crash, Main.EXIT_ERROR, "simulated crash");
        Hooks.afterMessage = null;
        // message 37 is in the file but not in the state: the rerun cuts it off and writes it again
        assertEquals(37, MailFiles.countMbox(mbox));
        Run resumed = run("export", "INBOX", "--to", mbox.toString());
        assertEquals(0, resumed.code(), resumed::toString);
        assertTrue(resumed.out().contains("36 already exported, 134 to go"), resumed.out());
        assertTrue(resumed.out().contains("verified: " + mbox + " holds all 170 messages of INBOX"), resumed.out());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(mbox));

        Run nothing = run("export", "INBOX", "--to", mbox.toString());
        assertTrue(nothing.out().contains("exported 0 messages"), nothing.out());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(mbox));
    }

    @Test
    void interruptedImportResumesWithoutDuplicates() throws Exception {
        Path mbox = tmp.resolve("news.mbox");
        assertEquals(0, run("export", "Newsletters", "--to", mbox.toString()).code());
        Hooks.afterMessage = n -> {
            if (n == 8) {
                throw new IllegalStateException("simulated crash");
            }
        };
        // batches of 4: the crash comes after the second batch, 8 messages stored
        assertEquals(Main.EXIT_ERROR, run("import", mbox.toString(), "--to", "RoundTrip.Resumed", "--batch", "4").code());
        Hooks.afterMessage = null;
        Run again = run("import", mbox.toString(), "--to", "RoundTrip.Resumed", "--batch", "4");
        assertEquals(0, again.code(), again::toString);
        assertTrue(again.out().contains("imported 14 messages"), again.out());
        assertTrue(again.out().contains("(22 distinct messages there)"), again.out());
    }

    @Test
    void everydayCommands() throws Exception {
        EditScenario.run(args -> {
            Run r = run(args);
            return new DovecotCliTest.Run(r.code(), r.out(), r.err());
        }, tmp);
    }

    @Test
    void copyUsageErrors() {
        assertOneLineError(runWith(Map.of(), "", false, "copy", "INBOX", "--host", "x"), Main.EXIT_USAGE,
                "copy takes --from-host and --to-host, not --host");
        assertOneLineError(runWith(Map.of(), "", false, "copy", "--to-tls", "--to-starttls", "INBOX", "--to-host", "h",
                "--to-user", "u"), Main.EXIT_USAGE, "--to-tls (implicit TLS, port 993) and --to-starttls");
        assertOneLineError(runWith(Map.of(), "", false, "copy", "--all", "INBOX"), Main.EXIT_USAGE, "not both");
        assertOneLineError(runWith(Map.of(), "", false, "copy"), Main.EXIT_USAGE, "copy needs FOLDER... or --all");
        assertOneLineError(runWith(Map.of(), "", false, "copy", "INBOX", "--from-host", "127.0.0.1", "--from-user", "u"),
                Main.EXIT_USAGE, "no password for u: set IMAP4LIB_FROM_PASSWORD, use --from-password-file FILE");
        assertEquals("IMAP4LIB_TO_PASSWORD", Mail.passwordVariable("to-"));
    }

    // ------------------------------------------------------------------ watch, shell

    @Test
    void watchReportsNewExpungedAndFlaggedMessages() throws Exception {
        Folder f = store.getFolder("WatchBox");
        f.create(Folder.HOLDS_MESSAGES);
        Session s = Session.getInstance(new Properties());
        for (int i = 0; i < 3; i++) {
            MimeMessage m = new MimeMessage(s);
            m.setSubject("existing " + i);
            m.setText("x");
            f.appendMessages(new Message[] {m});
        }
        Thread other = new Thread(() -> {
            try (Imap4 c = new Imap4("127.0.0.1", server.port(), ClientOptions.defaults().withTimeout(Duration.ofSeconds(10)))) {
                c.login(DemoServer.USER, DemoServer.PASSWORD);
                Thread.sleep(1500);
                c.append("WatchBox", null, (String) null,
                        "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= live\r\nFrom: Live <live@example.com>\r\n\r\nhi\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                c.select("WatchBox");
                c.uidStore("2", "+FLAGS", "(\\Flagged)");
                Thread.sleep(700);
                c.uidStore("1", "+FLAGS", "(\\Deleted)");
                c.expunge();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        other.start();
        Run r = run("watch", "WatchBox", "--for", "4");
        other.join();
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("+ new      UID 4     Live  Grüße live"), r.out());
        assertTrue(r.out().contains("~ flags    UID 2     \\Flagged"), r.out());
        assertTrue(r.out().contains("- expunged UID 1"), r.out());
        assertTrue(r.out().contains("1 new, 1 expunged, 1 flag changes"), r.out());
    }

    @Test
    void shellMasksThePassword() {
        Run r = runWith(Map.of("IMAP4LIB_PASSWORD", DemoServer.PASSWORD), "CAPABILITY\nLOGIN demo demo-password\n"
                + "SELECT Drafts\nUID FETCH 1 BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]\nhistory\nquit\n", true, "shell", "--no-login");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("> S001 CAPABILITY\n* CAPABILITY IMAP4rev1"), r.out());
        assertTrue(r.out().contains("> S002 LOGIN demo ***\nS002 OK LOGIN completed."), r.out());
        assertTrue(r.out().contains("* 3 EXISTS"), r.out());
        assertTrue(r.out().contains("Message-ID: <demo-"), r.out()); // a literal
        assertTrue(r.out().contains("   2  LOGIN demo ***"), r.out());
        assertTrue(r.out().contains("* BYE"), r.out());
        assertFalse(r.out().contains("demo-password") || r.err().contains("demo-password"), r.out());
        assertEquals("LOGIN \"joe\" ***", ShellCommand.mask("LOGIN \"joe\" \"s e c\""));
    }

    @Test
    void searchQueryLanguage() throws Exception {
        assertNotNull(SearchQuery.parse("from:ada subject:\"two words\" since:2024-01-01 before:2025-01-01 unseen flagged larger:10k"));
        assertEquals(10 * 1024, SearchQuery.size("10k"));
        assertEquals(2 * 1024 * 1024, SearchQuery.size("2M"));
    }
}
