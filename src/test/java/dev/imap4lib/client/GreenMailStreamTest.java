package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.testing.TcpBridge;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link Imap4Stream} over real child processes: TcpBridge to GreenMail, failing commands, a PREAUTH script. */
@Timeout(90)
class GreenMailStreamTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir
    Path dir;

    @BeforeEach
    void user() {
        Gm.addUser(greenMail);
    }

    static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code exec java -cp <test classes> dev.imap4lib.testing.TcpBridge 127.0.0.1 <port>}. */
    static String bridgeCommand(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = Path.of(TcpBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return "exec " + sh(java) + " -Xshare:auto -XX:TieredStopAtLevel=1 -cp " + sh(cp) + " "
                + TcpBridge.class.getName() + " 127.0.0.1 " + port;
    }

    static void assertEnds(Process p) throws Exception {
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "child process still running");
        assertFalse(p.isAlive());
    }

    @Test
    void sessionThroughTcpBridge() throws Exception {
        byte[] msg = Gm.message("via stream", "piped");
        Process child;
        try (Imap4Stream imap = new Imap4Stream(bridgeCommand(Gm.port(greenMail)), Duration.ofSeconds(30))) {
            child = imap.process();
            assertTrue(child.isAlive());
            assertTrue(imap.welcome().contains("GreenMail"), imap.welcome());
            assertEquals(State.NONAUTH, imap.state());
            assertTrue(imap.hasCapability("IDLE"));
            assertNull(imap.socket());
            assertTrue(imap.isSecure(), "a local pipe counts as secure");

            imap.login(Gm.USER, Gm.PASSWORD);
            Gm.append(imap, "INBOX", msg);
            Result<SelectInfo> sel = imap.select("INBOX");
            assertEquals(1, sel.value().exists());
            Result<?> f = imap.fetch("1", "(UID FLAGS BODY.PEEK[])");
            assertEquals("OK", f.type());
            assertArrayEquals(msg, Gm.onlyLiteral(f));
            assertEquals("BYE", imap.logout().type());
            assertEnds(child);
        }
        assertEquals(1, Gm.folder(greenMail, "INBOX").getMessageCount());
    }

    @Test
    void closeEndsTheChildProcess() throws Exception {
        Imap4Stream imap = new Imap4Stream(bridgeCommand(Gm.port(greenMail)), Duration.ofSeconds(30));
        Process child = imap.process();
        imap.login(Gm.USER, Gm.PASSWORD);
        imap.select("INBOX");
        imap.close();
        assertEnds(child);
        assertEquals(State.LOGOUT, imap.state());
        imap.close();
        assertThrows(Imap4AbortException.class, imap::noop);
    }

    @Test
    void idleOverAPipe() throws Exception {
        try (Imap4 other = Gm.login(greenMail);
                Imap4Stream imap = new Imap4Stream(bridgeCommand(Gm.port(greenMail)), Duration.ofSeconds(30))) {
            imap.login(Gm.USER, Gm.PASSWORD);
            imap.select("INBOX");
            Untagged exists = null;
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(20))) {
                Gm.append(other, "INBOX", Gm.message("ping", "x"));
                for (int i = 0; i < 10 && exists == null; i++) {
                    Untagged u = idler.next(Duration.ofSeconds(10));
                    if (u != null && u.type().equals("EXISTS")) {
                        exists = u;
                    }
                }
            }
            assertTrue(exists != null && exists.number() == 1, String.valueOf(exists));
            assertEquals("OK", imap.noop().type());
        }
    }

    @Test
    void commandThatCannotStartReportsItsStderr() {
        Imap4AbortException e = assertThrows(Imap4AbortException.class,
                () -> new Imap4Stream("exec /nonexistent/binary", Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("/nonexistent/binary"), e.getMessage());
        // the shell's complaint ("not found" / "No such file or directory") is on stderr
        assertTrue(e.getMessage().contains("stderr"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("not found")
                || e.getMessage().contains("No such file"), e.getMessage());
    }

    @Test
    void childThatDiesReportsExitStatusAndStderr() {
        Imap4AbortException e = assertThrows(Imap4AbortException.class,
                () -> new Imap4Stream("echo 'imapd: no such user' >&2; exit 3", Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("imapd: no such user"), e.getMessage());
        assertTrue(e.getMessage().contains("exit status 3"), e.getMessage());
    }

    @Test
    void childThatSaysByeIsRefused() {
        Imap4AbortException e = assertThrows(Imap4AbortException.class,
                () -> new Imap4Stream("printf '* BYE go away\\r\\n'", Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("go away"), e.getMessage());
    }

    @Test
    void preauthGreetingStartsAuthenticated() throws Exception {
        Path script = dir.resolve("preauth.sh");
        Files.writeString(script, String.join("\n",
                "printf '* PREAUTH [CAPABILITY IMAP4rev1] ready\\r\\n'",
                "read tag rest",
                "printf '%s OK done\\r\\n' \"$tag\"",
                "read tag rest",
                "printf '* BYE logging out\\r\\n%s OK bye\\r\\n' \"$tag\"",
                ""), StandardCharsets.US_ASCII);
        Gm.Trace trace = new Gm.Trace();
        Imap4Stream imap = new Imap4Stream("exec /bin/sh " + sh(script.toString()), trace.options());
        try {
            assertEquals(State.AUTH, imap.state());
            assertTrue(imap.welcome().contains("PREAUTH"), imap.welcome());
            assertEquals(java.util.List.of("IMAP4REV1"), imap.capabilities());
            assertTrue(trace.sent().isEmpty(), "capabilities came with the greeting: " + trace.sent());
            // LOGIN makes no sense any more and is refused locally
            assertThrows(Imap4Exception.class, () -> imap.login(Gm.USER, Gm.PASSWORD));
            Result<Void> noop = imap.noop();
            assertEquals("OK", noop.type());
            assertEquals("done", noop.text());
            assertEquals("BYE", imap.logout().type());
            assertEnds(imap.process());
        } finally {
            imap.close();
        }
    }
}
