package dev.imap4lib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The tool against a real Dovecot: import's crash safety in a forked JVM, and the commands in-process. */
@ExtendWith(DovecotExtension.class)
class DovecotCliTest {
    private static final String USER = "user1";

    /**
     * A Dovecot of this class's own: `ls` and `copy --all` see every folder of an account, and the
     * shared server's accounts hold what other test classes left there. The shared one (the
     * parameter) is still asked for, so that a missing Dovecot fails under CI as everywhere else.
     */
    private static DovecotServer own;

    private static synchronized DovecotServer own(DovecotServer shared) throws IOException {
        if (own == null) {
            own = DovecotServer.start();
        }
        return own;
    }

    @AfterAll
    static void stopOwn() {
        if (own != null) {
            own.close();
            own = null;
        }
    }

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static List<String> server(DovecotServer d, String user) {
        return List.of("--host", d.host(), "--port", Integer.toString(d.imapPort()), "--user", user,
                "--cacert", d.certificatePem().toString());
    }

    /** The tool in this JVM against {@code d} as user1. */
    static Run run(DovecotServer d, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(server(d, USER));
        return runRaw(Map.of("IMAP4LIB_PASSWORD", DovecotServer.USERS.get(USER)), all);
    }

    static Run runRaw(Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(new String[0]), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new HashMap<>(env), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Store store(DovecotServer d, String user) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap4lib.ssl.socketFactory", d.sslContext().getSocketFactory());
        Store s = Session.getInstance(props).getStore("imap4lib");
        s.connect(d.host(), d.imapPort(), user, DovecotServer.USERS.get(user));
        return s;
    }

    /** The import key of every message in {@code folder}, in order (duplicates kept). */
    static List<String> keys(DovecotServer d, String user, String folder) throws Exception {
        Store s = store(d, user);
        try {
            Folder f = s.getFolder(folder);
            if (!f.exists()) {
                return List.of();
            }
            f.open(Folder.READ_ONLY);
            List<String> keys = new ArrayList<>();
            for (Message m : f.getMessages()) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                m.writeTo(b);
                keys.add(Appends.key(b.toByteArray()));
            }
            f.close(false);
            return keys;
        } finally {
            s.close();
        }
    }

    /** An mbox of {@code n} small messages; every third has no Message-ID (size + Date identify it). */
    static Path mbox(Path file, int n) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < n; i++) {
                Date date = new Date(1_700_000_000_000L + i * 60_000L);
                String src = "Date: " + new jakarta.mail.internet.MailDateFormat().format(date) + "\r\n"
                        + "From: Sender " + i + " <s" + i + "@example.com>\r\n"
                        + "To: user1@example.com\r\n"
                        + (i % 3 == 2 ? "" : "Message-ID: <kill-" + i + "@test.example>\r\n")
                        + "Subject: message " + i + "\r\n\r\n"
                        + ("body line of message " + i + "\r\n").repeat(1 + i % 7);
                MailFiles.writeMbox(out, "s" + i + "@example.com", date, src.getBytes(StandardCharsets.US_ASCII));
            }
        }
        return file;
    }

    private static int messages(DovecotServer d, String folder) throws Exception {
        Store s = store(d, USER);
        try {
            Folder f = s.getFolder(folder);
            return f.exists() ? f.getMessageCount() : 0;
        } finally {
            s.close();
        }
    }

    @Test
    void importKilledWithSigkillMidwayCompletesWithoutDuplicatesOnTheNextRun(DovecotServer shared) throws Exception {
        DovecotServer d = own(shared);
        int n = 600;
        Path mbox = mbox(tmp.resolve("kill.mbox"), n);
        String folder = "Kill9-" + System.nanoTime();
        List<String> args = new ArrayList<>(List.of("import", mbox.toString(), "--to", folder, "--batch", "50"));
        args.addAll(server(d, USER));
        Map<String, String> env = Map.of("IMAP4LIB_PASSWORD", DovecotServer.USERS.get(USER));
        // Three runs killed at different points (after 1, 2 and 3 batches, then 0, 7, 19 ms into
        // whatever is in flight: the pause after a batch or the next append), then one that finishes.
        int[][] kills = {{1, 0}, {2, 7}, {3, 19}};
        int before = 0;
        for (int[] k : kills) {
            Process p = ForkedCli.start(args, env, 15, tmp.resolve("err-" + k[0] + ".log"));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                int batches = 0;
                String line;
                while (batches < k[0] && (line = out.readLine()) != null) {
                    if (line.startsWith("appended ")) {
                        batches++;
                    }
                }
                assertEquals(k[0], batches, () -> "the run ended before it was killed: " + read(tmp.resolve("err-" + k[0] + ".log")));
                Thread.sleep(k[1]);
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no LOGOUT, maybe half an APPEND on the wire
            } finally {
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(137, p.exitValue(), "killed by SIGKILL");
            int now = messages(d, folder);
            assertTrue(now > before && now < n, "killed part-way: " + before + " -> " + now + " of " + n);
            before = now;
        }
        Process last = ForkedCli.start(args, env, 0, tmp.resolve("err-last.log"));
        String output = new String(last.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(last.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), () -> output + read(tmp.resolve("err-last.log")));
        assertTrue(output.contains((n - before) + " to go"), output);
        assertTrue(output.contains("verified: all " + n + " messages"), output);

        List<String> keys = keys(d, USER, folder);
        assertEquals(n, keys.size(), "each message exactly once");
        assertEquals(n, new HashSet<>(keys).size(), "no duplicates");
        assertEquals(new HashSet<>(mboxKeys(mbox)), new HashSet<>(keys));
    }

    @Test
    void selfSignedServerWithCacertOrPinOnImplicitTlsAndStarttls(DovecotServer shared) throws Exception {
        DovecotServer d = own(shared);
        String pem = d.certificatePem().toString();
        X509Certificate cert;
        try (java.io.InputStream in = Files.newInputStream(d.certificatePem())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String pin = Trust.fingerprint(cert);
        Map<String, String> env = Map.of("IMAP4LIB_PASSWORD", DovecotServer.USERS.get(USER));
        List<String> implicit = List.of("info", "--host", d.host(), "--port", Integer.toString(d.imapsPort()), "--user", USER, "--tls");
        List<String> starttls = List.of("info", "--host", d.host(), "--port", Integer.toString(d.imapPort()), "--user", USER, "--starttls");
        for (List<String> base : List.of(implicit, starttls)) {
            for (List<String> trust : List.of(List.of("--cacert", pem), List.of("--pin", pin))) {
                List<String> args = new ArrayList<>(base);
                args.addAll(trust);
                Run r = runRaw(env, args);
                assertEquals(0, r.code(), () -> args + ": " + r);
                assertTrue(r.out().contains("Capabilities IMAP4REV1") && r.out().contains("FOLDER  MESSAGES"), r.out());
            }
            Run none = runRaw(env, base);
            assertEquals(Main.EXIT_TLS, none.code(), none::toString);
            List<String> wrongPin = new ArrayList<>(base);
            wrongPin.addAll(List.of("--pin", "sha256:" + "00".repeat(32)));
            Run wrong = runRaw(env, wrongPin);
            assertEquals(Main.EXIT_TLS, wrong.code(), wrong::toString);
            assertTrue(wrong.err().contains("the server's certificate " + pin + " is not the one given with --pin"), wrong.err());
        }
    }

    /** key -> "flags | INTERNALDATE" of every message in the folders of {@code s} (names with '/' for the hierarchy). */
    static Map<String, String> snapshot(Store s, String... folders) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        char sep = s.getDefaultFolder().getSeparator();
        for (String name : folders) {
            Folder f = s.getFolder(name.replace('/', sep));
            f.open(Folder.READ_ONLY);
            Message[] msgs = f.getMessages();
            Appends.fetchKeys(f, msgs);
            for (Message m : msgs) {
                jakarta.mail.Flags fl = m.getFlags();
                fl.remove(jakarta.mail.Flags.Flag.RECENT);
                List<String> names = new ArrayList<>(List.of(fl.getUserFlags()));
                for (jakarta.mail.Flags.Flag sf : fl.getSystemFlags()) {
                    names.add(sf == jakarta.mail.Flags.Flag.SEEN ? "seen" : sf == jakarta.mail.Flags.Flag.FLAGGED ? "flagged"
                            : sf == jakarta.mail.Flags.Flag.ANSWERED ? "answered" : sf == jakarta.mail.Flags.Flag.DRAFT ? "draft"
                            : sf == jakarta.mail.Flags.Flag.DELETED ? "deleted" : sf.toString());
                }
                java.util.Collections.sort(names);
                out.put(name + " " + Appends.key(m), names + " | " + m.getReceivedDate().getTime() / 1000);
            }
            f.close(false);
        }
        return out;
    }

    private static Run copy(Map<String, String> env, List<String> from, List<String> to, String... rest) {
        List<String> args = new ArrayList<>(List.of("copy"));
        args.addAll(List.of(rest));
        for (int i = 0; i < from.size(); i++) {
            args.add(from.get(i).startsWith("--") ? "--from-" + from.get(i).substring(2) : from.get(i));
        }
        for (int i = 0; i < to.size(); i++) {
            args.add(to.get(i).startsWith("--") ? "--to-" + to.get(i).substring(2) : to.get(i));
        }
        return runRaw(env, args);
    }

    @Test
    void copyGreenMailToDovecotToDovecotToGreenMailKeepsFlagsAndDatesAndRerunsCopyNothing(DovecotServer shared) throws Exception {
        DovecotServer d = own(shared);
        Map<String, String> env = Map.of("IMAP4LIB_TO_PASSWORD", DovecotServer.USERS.get("user2"));
        // the demo server (GreenMail, seeded, separator '.') as the source: every folder into user2
        Run first = copy(env, List.of(), server(d, "user2"), "--all");
        assertEquals(0, first.code(), first::toString);
        assertTrue(first.out().contains("copying " + SampleMailbox.TOTAL + " messages"), first.out());
        assertTrue(first.out().contains("] Archive.2024 -> Archive/2024 (created): copied 45, skipped 0 already there, verified"), first.out());
        assertTrue(first.out().contains("copied " + SampleMailbox.TOTAL + " messages"), first.out());
        assertTrue(first.out().contains("verified: every message of the 7 folders is in the target"), first.out());

        String[] folders = {"INBOX", "Sent", "Drafts", "Archive/2023", "Archive/2024", "Newsletters"};
        Map<String, String> inDovecot;
        try (DemoServer demo = DemoServer.start()) {
            Store g = Session.getInstance(new Properties()).getStore("imap4lib");
            g.connect("127.0.0.1", demo.port(), DemoServer.USER, DemoServer.PASSWORD);
            SampleMailbox.seed(g);
            Map<String, String> expected = snapshot(g, folders);
            g.close();
            Store s2 = store(d, "user2");
            inDovecot = snapshot(s2, folders);
            s2.close();
            // the same sample mailbox again: flags and INTERNALDATE (to the second) went across
            assertEquals(expected, inDovecot);
            assertTrue(expected.values().stream().anyMatch(v -> v.contains("flagged")), "the sample has flags to keep");
        }

        // user2 -> user3 (two accounts of one Dovecot), dry run first: it changes nothing
        Map<String, String> env23 = Map.of("IMAP4LIB_FROM_PASSWORD", DovecotServer.USERS.get("user2"),
                "IMAP4LIB_TO_PASSWORD", DovecotServer.USERS.get("user3"));
        Run dry = copy(env23, server(d, "user2"), server(d, "user3"), "--all", "--dry-run");
        assertEquals(0, dry.code(), dry::toString);
        assertTrue(dry.out().contains("would copy " + SampleMailbox.TOTAL + " messages"), dry.out());
        assertTrue(dry.out().contains("Archive/2024 (would create): 45 to copy"), dry.out());
        Store s3 = store(d, "user3");
        assertTrue(!s3.getFolder("Archive").exists() && s3.getFolder("INBOX").getMessageCount() == 0, "dry run changed nothing");
        s3.close();
        Run json = copy(env23, server(d, "user2"), server(d, "user3"), "--all", "--json", "--batch", "37");
        assertEquals(0, json.code(), json::toString);
        assertTrue(json.out().contains("\"copied\":" + SampleMailbox.TOTAL + ",\"skipped\":0"), json.out());
        assertTrue(json.out().endsWith("\"verified\":true}\n"), json.out());
        s3 = store(d, "user3");
        assertEquals(inDovecot, snapshot(s3, folders));
        s3.close();
        Run again = copy(env23, server(d, "user2"), server(d, "user3"), "--all");
        assertEquals(0, again.code(), again::toString);
        assertTrue(again.out().contains("copying 0 messages"), again.out());
        assertTrue(again.out().contains("copied 0 messages"), again.out());

        // the whole of user3 exported as a tree of Maildirs; a second run has nothing left to do
        Path tree = tmp.resolve("user3");
        List<String> all = new ArrayList<>(List.of("export", "--all", "--to", tree.toString()));
        all.addAll(server(d, "user3"));
        Map<String, String> env3 = Map.of("IMAP4LIB_PASSWORD", DovecotServer.USERS.get("user3"));
        Run exported = runRaw(env3, all);
        assertEquals(0, exported.code(), exported::toString);
        assertTrue(exported.out().contains("verified: " + tree.resolve("Archive/2024") + " holds all 45 messages of Archive/2024"),
                exported.out());
        assertTrue(exported.out().contains("exported " + SampleMailbox.TOTAL + " messages"), exported.out());
        try (var files = Files.list(tree.resolve("Archive").resolve("2024").resolve("cur"))) {
            assertEquals(45, files.count());
        }
        Run exportedAgain = runRaw(env3, all);
        assertEquals(0, exportedAgain.code(), exportedAgain::toString);
        assertTrue(exportedAgain.out().contains("exported 0 messages (0 B) from"), exportedAgain.out());

        // user3 -> a fresh GreenMail, two folders by name ('/' becomes '.')
        try (DemoServer empty = DemoServer.start()) {
            Map<String, String> envG = Map.of("IMAP4LIB_FROM_PASSWORD", DovecotServer.USERS.get("user3"),
                    "IMAP4LIB_TO_PASSWORD", DemoServer.PASSWORD);
            List<String> green = List.of("--host", "127.0.0.1", "--port", Integer.toString(empty.port()), "--user", DemoServer.USER);
            Run toGreen = copy(envG, server(d, "user3"), green, "INBOX", "Archive/2024");
            assertEquals(0, toGreen.code(), toGreen::toString);
            assertTrue(toGreen.out().contains("Archive/2024 -> Archive.2024 (created): copied 45"), toGreen.out());
            Store g = Session.getInstance(new Properties()).getStore("imap4lib");
            g.connect("127.0.0.1", empty.port(), DemoServer.USER, DemoServer.PASSWORD);
            Map<String, String> want = new java.util.TreeMap<>(inDovecot);
            want.keySet().removeIf(k -> !k.startsWith("INBOX ") && !k.startsWith("Archive/2024 "));
            assertEquals(want, snapshot(g, "INBOX", "Archive/2024"));
            g.close();
            Run none = copy(envG, server(d, "user3"), green, "INBOX", "Archive/2024");
            assertTrue(none.code() == 0 && none.out().contains("copied 0 messages"), none::toString);
        }
    }

    @Test
    void everydayCommands(DovecotServer shared) throws Exception {
        DovecotServer d = own(shared);
        EditScenario.run(args -> run(d, args), tmp);
    }

    private static List<String> mboxKeys(Path mbox) throws Exception {
        List<String> keys = new ArrayList<>();
        try (MailFiles.MboxReader r = new MailFiles.MboxReader(mbox)) {
            while (r.hasNext()) {
                keys.add(Appends.key(r.next().bytes()));
            }
        }
        return keys;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
