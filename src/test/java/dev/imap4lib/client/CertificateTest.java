package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.testing.TestCertificates;
import dev.imap4lib.testing.TlsImapFake;
import dev.imap4lib.testing.TlsImapFake.Mode;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core refuses an untrusted, wrongly named or expired server certificate, with implicit TLS
 * ({@link Imap4Ssl}) and with STARTTLS, before anything is sent inside the session; the cause
 * chain says which check failed. The same certificates' CA accepts the good one (the control).
 */
@Timeout(60)
class CertificateTest {
    private static final String HOST = "127.0.0.1";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.generate(dir);
    }

    /** Finds the first throwable of {@code type} in the cause chain, or fails showing the chain. */
    static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            chain.append("\n  ").append(t);
            if (t.getCause() == t) {
                break;
            }
        }
        fail("no " + type.getSimpleName() + " in the cause chain:" + chain);
        return null;
    }

    private static SSLException implicitFails(X509Certificate leaf, SSLContext clientTrust) throws Exception {
        try (TlsImapFake server = new TlsImapFake(certs.serverContext(leaf), Mode.IMPLICIT)) {
            SSLException e = assertThrows(SSLException.class, () -> new Imap4Ssl(HOST, server.port(), clientTrust, TIMEOUT));
            assertEquals(List.of(), server.tlsLines(), "nothing was sent over the rejected session");
            return e;
        }
    }

    private static Imap4AbortException starttlsFails(X509Certificate leaf, SSLContext clientTrust) throws Exception {
        try (TlsImapFake server = new TlsImapFake(certs.serverContext(leaf), Mode.STARTTLS)) {
            Imap4 imap = new Imap4(HOST, server.port(), Fake.options());
            Imap4AbortException e;
            try {
                e = assertThrows(Imap4AbortException.class, () -> imap.starttls(clientTrust));
                assertFalse(imap.isAlive());
                assertFalse(imap.isSecure());
                assertThrows(Imap4AbortException.class, () -> imap.login("alice", "secret"));
            } finally {
                imap.shutdown();
            }
            assertEquals(List.of("A0 STARTTLS"), server.plainLines(), "only STARTTLS went out in plain text");
            assertEquals(List.of(), server.tlsLines(), "nothing was sent over the rejected session");
            return e;
        }
    }

    // ------------------------------------------------------------------ the control

    @Test
    void goodCertificateFromTheTrustedCaIsAcceptedBothWays() throws Exception {
        try (TlsImapFake server = new TlsImapFake(certs.serverContext(certs.good()), Mode.IMPLICIT)) {
            try (Imap4Ssl imap = new Imap4Ssl(HOST, server.port(), certs.clientTrustingCa(), TIMEOUT)) {
                assertTrue(imap.isSecure());
                assertTrue(imap.login("alice", "secret").isOk());
            }
            List<String> lines = server.tlsLines();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).endsWith(" LOGIN alice secret") && lines.get(1).endsWith(" LOGOUT"), lines.toString());
        }
        try (TlsImapFake server = new TlsImapFake(certs.serverContext(certs.good()), Mode.STARTTLS)) {
            Imap4 imap = new Imap4(HOST, server.port(), Fake.options());
            try {
                assertTrue(imap.starttls(certs.clientTrustingCa()).isOk());
                assertTrue(imap.isSecure());
                assertTrue(imap.login("alice", "secret").isOk());
            } finally {
                imap.shutdown();
            }
            assertEquals(List.of("A0 STARTTLS"), server.plainLines());
            assertEquals(List.of("A1 CAPABILITY", "A2 LOGIN alice secret"), server.tlsLines());
        }
    }

    // ------------------------------------------------------------------ implicit TLS

    @Test
    void implicitTlsRejectsACertificateFromAnUnknownIssuer() throws Exception {
        SSLException e = implicitFails(certs.good(), null); // JVM default trust: the test CA is not in it
        causeOf(e, CertPathBuilderException.class);
    }

    @Test
    void implicitTlsRejectsACertificateForAnotherHost() throws Exception {
        SSLException e = implicitFails(certs.wrongName(), certs.clientTrustingCa());
        java.security.cert.CertificateException c = causeOf(e, java.security.cert.CertificateException.class);
        assertTrue(c.getMessage().contains(HOST), c.getMessage());
    }

    @Test
    void implicitTlsRejectsAnExpiredCertificate() throws Exception {
        SSLException e = implicitFails(certs.expired(), certs.clientTrustingCa());
        causeOf(e, CertificateExpiredException.class);
    }

    // ------------------------------------------------------------------ STARTTLS

    @Test
    void starttlsRejectsACertificateFromAnUnknownIssuer() throws Exception {
        Imap4AbortException e = starttlsFails(certs.good(), null);
        assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
        causeOf(e, CertPathBuilderException.class);
    }

    @Test
    void starttlsRejectsACertificateForAnotherHost() throws Exception {
        Imap4AbortException e = starttlsFails(certs.wrongName(), certs.clientTrustingCa());
        java.security.cert.CertificateException c = causeOf(e, java.security.cert.CertificateException.class);
        assertTrue(c.getMessage().contains(HOST), c.getMessage());
    }

    @Test
    void starttlsRejectsAnExpiredCertificate() throws Exception {
        Imap4AbortException e = starttlsFails(certs.expired(), certs.clientTrustingCa());
        causeOf(e, CertificateExpiredException.class);
    }
}
