package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Imap4#compress()} against Dovecot over plain TCP, STARTTLS and implicit TLS. */
@ExtendWith(DovecotExtension.class)
@Timeout(120)
public class CompressTest {
    private static final Duration T = Duration.ofSeconds(10);

    /**
     * After COMPRESS the session goes on: 20 APPENDs (literals through the deflater), SELECT,
     * FETCH of every header, NOOP; a second COMPRESS is refused; the trace is in clear.
     */
    public static void compressAndUse(Imap4 imap, String user, String password, String prefix, ByteArrayOutputStream trace) throws Exception {
        assertThrows(Imap4Exception.class, imap::compress, "not before authentication");
        imap.login(user, password);
        if (!imap.hasCapability("COMPRESS=DEFLATE")) {
            imap.capability();
        }
        assertTrue(imap.hasCapability("COMPRESS=DEFLATE"), imap.capabilities().toString());
        assertFalse(imap.isCompressed());
        assertTrue(imap.compress().isOk());
        assertTrue(imap.isCompressed());
        Imap4Exception twice = assertThrows(Imap4Exception.class, imap::compress);
        assertTrue(twice.getMessage().contains("already"), twice.getMessage());
        String box = prefix + "Compressed" + System.nanoTime();
        assertTrue(imap.create(box).isOk());
        for (int i = 1; i <= 20; i++) {
            String m = "From: a@example.com\r\nSubject: Test message " + i + "\r\n\r\nbody " + i + "\r\n";
            assertTrue(imap.append(box, null, (String) null, m.getBytes(StandardCharsets.US_ASCII)).isOk());
        }
        assertTrue(imap.select(box).isOk());
        var f = imap.fetch("1:*", "(UID BODY.PEEK[HEADER])");
        assertTrue(f.isOk());
        assertEquals(20, f.value().size(), "every header came through the inflater");
        assertTrue(imap.noop().isOk());
        imap.logout();
        String t = trace.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("COMPRESS=DEFLATE active"), t);
        int after = t.indexOf("COMPRESS=DEFLATE active");
        assertTrue(t.indexOf("SELECT " + box, after) > 0, "the trace shows the protocol after COMPRESS in clear: " + t);
        assertTrue(t.indexOf("Test message 20", after) > 0, "and the server's inflated answers: " + t);
        assertFalse(t.contains(password), "no password in the trace");
    }

    public static ClientOptions traced(ByteArrayOutputStream trace) {
        return ClientOptions.defaults().withTimeout(T).withDebug(2, new PrintStream(trace, true, StandardCharsets.UTF_8));
    }

    @Test
    void overPlainTcp(DovecotServer d) throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Imap4 imap = new Imap4("127.0.0.1", d.imapPort(), traced(trace))) {
            compressAndUse(imap, "user2", "pass2", "", trace);
        }
    }

    @Test
    void overStartTls(DovecotServer d) throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), traced(trace))) {
            assertTrue(imap.starttls(d.sslContext()).isOk());
            compressAndUse(imap, "user2", "pass2", "", trace);
            assertTrue(imap.isSecure());
        }
    }

    @Test
    void overImplicitTls(DovecotServer d) throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Imap4Ssl imap = new Imap4Ssl("localhost", d.imapsPort(), d.sslContext(), traced(trace))) {
            compressAndUse(imap, "user2", "pass2", "", trace);
        }
    }

    @Test
    void aBadLevelIsRefusedBeforeAnythingIsSent(DovecotServer d) throws Exception {
        try (Imap4 imap = new Imap4("127.0.0.1", d.imapPort(), ClientOptions.defaults().withTimeout(T))) {
            imap.login("user2", "pass2");
            assertThrows(IllegalArgumentException.class, () -> imap.compress(11, 0));
            assertFalse(imap.isCompressed());
            assertTrue(imap.noop().isOk(), "the connection is untouched");
        }
    }
}
