package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.sasl.Sasl;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core against a real Dovecot: STARTTLS, implicit TLS, SASL mechanisms and the stream transport. */
@ExtendWith(DovecotExtension.class)
class DovecotCoreTest {
    private static final Duration T = Duration.ofSeconds(10);

    private static ClientOptions opts() {
        return ClientOptions.defaults().withTimeout(T);
    }

    @Test
    void starttlsUpgradesInPlaceAndRereadsCapabilities(DovecotServer d) throws Exception {
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), opts())) {
            assertTrue(imap.hasCapability("STARTTLS"));
            assertFalse(imap.isSecure());
            assertTrue(imap.starttls(d.sslContext()).isOk());
            assertTrue(imap.isSecure());
            // Dovecot stops announcing STARTTLS once the session is encrypted.
            assertFalse(imap.hasCapability("STARTTLS"), imap.capabilities().toString());
            imap.login("user1", "pass1");
            assertEquals(State.AUTH, imap.state());
            assertTrue(imap.hasCapability("QUOTA"), "post-login capabilities learned: " + imap.capabilities());
        }
    }

    @Test
    void starttlsRefusesAnUntrustedCertificate(DovecotServer d) throws Exception {
        Imap4 imap = new Imap4("localhost", d.imapPort(), opts());
        Imap4AbortException e = assertThrows(Imap4AbortException.class, () -> imap.starttls((javax.net.ssl.SSLContext) null));
        assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
        assertFalse(imap.isAlive());
        imap.close();
    }

    @Test
    void implicitTlsVerifiesTheHostName(DovecotServer d) throws Exception {
        try (Imap4Ssl imap = new Imap4Ssl("localhost", d.imapsPort(), d.sslContext(), T)) {
            assertTrue(imap.isSecure());
            imap.login("user1", "pass1");
            assertTrue(imap.select("INBOX").isOk());
        }
        // The JVM's default trust does not know the test CA.
        assertThrows(SSLHandshakeException.class, () -> new Imap4Ssl("localhost", d.imapsPort(), null, T));
    }

    @Test
    void saslMechanismsAgainstDovecot(DovecotServer d) throws Exception {
        for (String mech : new String[] {"PLAIN", "LOGIN", "CRAM-MD5"}) {
            try (Imap4 imap = new Imap4("localhost", d.imapPort(), opts())) {
                imap.authenticate(Sasl.create(mech, null, "user1", "pass1".toCharArray()));
                assertEquals(State.AUTH, imap.state(), mech);
            }
        }
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), opts())) {
            imap.loginCramMd5("user2", "pass2");
            assertEquals(State.AUTH, imap.state());
        }
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), opts())) {
            Imap4Exception e = assertThrows(Imap4Exception.class,
                    () -> imap.authenticate(Sasl.create("PLAIN", null, "user1", "wrong".toCharArray())));
            assertEquals("NO", e.status());
            assertEquals(State.NONAUTH, imap.state());
        }
    }

    @Test
    void utf8PasswordWithPlainAndLogin(DovecotServer d) throws Exception {
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), opts())) {
            imap.authenticate(Sasl.create("PLAIN", null, "user3", "pässwörd".toCharArray()));
            assertEquals(State.AUTH, imap.state());
        }
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), opts())) {
            imap.login("user3", "pässwörd");
            assertEquals(State.AUTH, imap.state());
        }
    }

    @Test
    void debugTraceNeverShowsThePassword(DovecotServer d) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), opts().withDebug(5, ps))) {
            imap.login("user1", "pass1");
        }
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), opts().withDebug(5, ps))) {
            imap.authenticate(Sasl.create("PLAIN", null, "user1", "pass1".toCharArray()));
        }
        String trace = buf.toString(StandardCharsets.UTF_8);
        assertTrue(trace.contains("LOGIN user1"), trace);
        assertFalse(trace.contains("pass1"), trace);
        String plain = java.util.Base64.getEncoder().encodeToString("\0user1\0pass1".getBytes(StandardCharsets.UTF_8));
        assertFalse(trace.contains(plain), trace);
    }

    @Test
    void streamTransportWithPreauthenticatedImap(DovecotServer d) throws Exception {
        String box = "stream-" + UUID.randomUUID();
        byte[] msg = "Subject: via stream\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Imap4Stream imap = new Imap4Stream(d.streamCommandLine("user1"), opts())) {
            assertEquals(State.AUTH, imap.state(), "PREAUTH greeting: " + imap.welcome());
            assertTrue(imap.hasCapability("IMAP4REV1"));
            assertTrue(imap.create(box).isOk());
            var app = imap.append(box, null, (String) null, msg);
            assertNotNull(app.value(), "APPENDUID from Dovecot");
        }
        // The same mail store seen over the network.
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), opts())) {
            imap.login("user1", "pass1");
            assertEquals(1, imap.select(box).value().exists());
            var f = imap.fetch("1", "BODY.PEEK[]");
            var pair = (dev.imap4lib.wire.RawResponse.LiteralPair) f.data().get(0);
            assertArrayEquals(msg, pair.literal());
            imap.closeMailbox();
            assertTrue(imap.delete(box).isOk());
        }
    }

    @Test
    void streamCloseEndsTheProcess(DovecotServer d) throws Exception {
        Imap4Stream imap = new Imap4Stream(d.streamCommandLine("user1"), opts());
        Process p = imap.process();
        imap.close();
        imap.close();
        assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "process ended");
    }

    @Test
    void idleSeesAnAppendFromAnotherConnection(DovecotServer d) throws Exception {
        String box = "idle-" + UUID.randomUUID();
        try (Imap4 a = new Imap4("localhost", d.imapPort(), opts()); Imap4 b = new Imap4("localhost", d.imapPort(), opts())) {
            a.login("user1", "pass1");
            b.login("user1", "pass1");
            a.create(box);
            a.select(box);
            try (Imap4.Idler idler = a.idle(Duration.ofSeconds(20))) {
                b.append(box, null, (String) null, "Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII));
                Untagged u;
                do {
                    u = idler.next(Duration.ofSeconds(10));
                } while (u != null && !u.type().equals("EXISTS"));
                assertNotNull(u, "EXISTS arrived during IDLE");
                assertEquals(1, u.number());
            }
            assertTrue(a.noop().isOk(), "connection usable after IDLE");
            a.closeMailbox();
            a.delete(box);
        }
    }
}
