package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.testing.ScriptedImapServer;
import dev.imap4lib.testing.TestCertificates;
import dev.imap4lib.testing.TlsImapFake;
import dev.imap4lib.testing.TlsImapFake.Mode;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through the Jakarta Mail API: with default settings {@code imap4libs} (implicit TLS) and
 * {@code imap4lib} (STARTTLS) refuse untrusted, wrongly named and expired certificates with a
 * MessagingException whose cause says why; STARTTLS injection, stripping, refusal and a
 * plain-text PREAUTH never lead to credentials on the wire.
 */
@Timeout(60)
class ProviderTlsTest {
    private static final String HOST = "127.0.0.1";
    private static final String PASSWORD = "pw-Zq81";

    @TempDir
    static Path dir;

    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.generate(dir);
    }

    /** A store for {@code protocol} at the port; {@code trust} null leaves the JVM's default trust. */
    private static Store store(String protocol, int port, SSLContext trust, String... extra) throws Exception {
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", HOST);
        p.put(prefix + "port", String.valueOf(port));
        p.put(prefix + "timeout", "5000");
        p.put(prefix + "connectiontimeout", "5000");
        if (trust != null) {
            p.put(prefix + "ssl.socketFactory", trust.getSocketFactory());
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put(prefix + extra[i], extra[i + 1]);
        }
        return Session.getInstance(p).getStore(protocol);
    }

    /** Finds the first throwable of {@code type} in the cause chain, or fails showing the chain. */
    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            chain.append("\n  ").append(t);
        }
        fail("no " + type.getSimpleName() + " in the cause chain:" + chain);
        return null;
    }

    /** Connecting must fail before any credentials are sent; returns the exception. */
    private static MessagingException refused(String protocol, Mode mode, X509Certificate leaf, SSLContext trust)
            throws Exception {
        try (TlsImapFake server = new TlsImapFake(certs.serverContext(leaf), mode)) {
            Store store = store(protocol, server.port(), trust);
            MessagingException e = assertThrows(MessagingException.class, () -> store.connect("alice", PASSWORD));
            assertFalse(e instanceof AuthenticationFailedException, "a TLS failure is not a wrong password: " + e);
            assertFalse(store.isConnected());
            assertEquals(List.of(), server.tlsLines(), "nothing was sent over the rejected session");
            assertEquals(mode == Mode.STARTTLS ? List.of("STARTTLS") : List.of(),
                    server.plainLines().stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList(),
                    "in plain text at most the STARTTLS command");
            return e;
        }
    }

    // ------------------------------------------------------------------ the control

    @Test
    void goodCertificateFromTheTrustedCaWorksOverBothProtocols() throws Exception {
        for (String protocol : List.of("imap4libs", "imap4lib")) {
            Mode mode = protocol.equals("imap4libs") ? Mode.IMPLICIT : Mode.STARTTLS;
            try (TlsImapFake server = new TlsImapFake(certs.serverContext(certs.good()), mode)) {
                Store store = store(protocol, server.port(), certs.clientTrustingCa());
                store.connect("alice", PASSWORD);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertEquals(0, inbox.getMessageCount());
                inbox.close(false);
                store.close();
                List<String> tls = server.tlsLines();
                assertTrue(tls.stream().anyMatch(l -> l.endsWith(" LOGIN alice " + PASSWORD)), protocol + ": " + tls);
                for (String plain : server.plainLines()) {
                    assertFalse(plain.contains(PASSWORD), protocol + ": password in plain text: " + plain);
                }
            }
        }
    }

    // ------------------------------------------------------------------ certificates, implicit TLS

    @Test
    void implicitTlsWithDefaultTrustRejectsAnUnknownIssuer() throws Exception {
        MessagingException e = refused("imap4libs", Mode.IMPLICIT, certs.good(), null);
        causeOf(e, CertPathBuilderException.class);
    }

    @Test
    void implicitTlsRejectsACertificateForAnotherHostByDefault() throws Exception {
        MessagingException e = refused("imap4libs", Mode.IMPLICIT, certs.wrongName(), certs.clientTrustingCa());
        assertTrue(causeOf(e, CertificateException.class).getMessage().contains(HOST), e.toString());
    }

    @Test
    void implicitTlsRejectsAnExpiredCertificate() throws Exception {
        MessagingException e = refused("imap4libs", Mode.IMPLICIT, certs.expired(), certs.clientTrustingCa());
        assertNotNull(causeOf(e, CertificateExpiredException.class));
    }

    @Test
    void wrongHostNameIsAcceptedOnlyWhenTheCheckIsTurnedOff() throws Exception {
        // shows that the refusal above is the host name check, on by default
        try (TlsImapFake server = new TlsImapFake(certs.serverContext(certs.wrongName()), Mode.IMPLICIT)) {
            Store store = store("imap4libs", server.port(), certs.clientTrustingCa(), "ssl.checkserveridentity", "false");
            store.connect("alice", PASSWORD);
            assertTrue(store.isConnected());
            store.close();
        }
    }

    // ------------------------------------------------------------------ certificates, STARTTLS

    @Test
    void starttlsWithDefaultTrustRejectsAnUnknownIssuer() throws Exception {
        MessagingException e = refused("imap4lib", Mode.STARTTLS, certs.good(), null);
        causeOf(e, CertPathBuilderException.class);
    }

    @Test
    void starttlsRejectsACertificateForAnotherHostByDefault() throws Exception {
        MessagingException e = refused("imap4lib", Mode.STARTTLS, certs.wrongName(), certs.clientTrustingCa());
        assertTrue(causeOf(e, CertificateException.class).getMessage().contains(HOST), e.toString());
    }

    @Test
    void starttlsRejectsAnExpiredCertificate() throws Exception {
        MessagingException e = refused("imap4lib", Mode.STARTTLS, certs.expired(), certs.clientTrustingCa());
        assertNotNull(causeOf(e, CertificateExpiredException.class));
    }

    // ------------------------------------------------------------------ STARTTLS attacks

    @Test
    void plainTextInjectedAfterTheStarttlsOkIsDiscarded() throws Exception {
        // In one packet with the OK: capabilities that would make the client use AUTHENTICATE
        // PLAIN, and a BYE that would end the session if it were read as coming from the server.
        String injected = "* CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR X-INJECTED\r\n* BYE injected before TLS\r\n";
        try (TlsImapFake server = new TlsImapFake(certs.serverContext(certs.good()), Mode.STARTTLS, injected)) {
            Store store = store("imap4lib", server.port(), certs.clientTrustingCa(), "starttls.required", "true");
            store.connect("alice", PASSWORD);
            Imap4libStore s = (Imap4libStore) store;
            assertFalse(s.hasCapability("X-INJECTED"), "capabilities: " + s.capabilities());
            assertFalse(s.hasCapability("AUTH=PLAIN"), "capabilities: " + s.capabilities());
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(0, inbox.getMessageCount());
            inbox.close(false);
            store.close();
            List<String> verbs = server.tlsLines().stream().map(l -> l.split(" ")[1]).toList();
            assertEquals("CAPABILITY", verbs.get(0), "capabilities asked for again over TLS: " + verbs);
            assertEquals("LOGIN", verbs.get(1), "logged in as the TLS capabilities say: " + verbs);
        }
    }

    private static Store scriptedStore(ScriptedImapServer server, String... extra) throws Exception {
        String[] all = new String[extra.length + 2];
        all[0] = "starttls.required";
        all[1] = "true";
        System.arraycopy(extra, 0, all, 2, extra.length);
        return store("imap4lib", server.port(), null, all);
    }

    /** Connect refused; the script checks that the client hung up without sending more. */
    private static MessagingException refusedBy(String script, String... extra) throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(5))) {
            server.expect(script);
            Store store = scriptedStore(server, extra);
            MessagingException e = assertThrows(MessagingException.class, () -> store.connect("alice", PASSWORD));
            assertFalse(store.isConnected());
            server.awaitDone();
            String sent = server.clientText();
            assertFalse(sent.contains(PASSWORD), sent);
            assertFalse(sent.contains("LOGIN"), sent);
            assertFalse(sent.contains("AUTHENTICATE"), sent);
            return e;
        }
    }

    @Test
    void strippedStarttlsCapabilityWithStarttlsRequiredRefusesWithoutCredentials() throws Exception {
        MessagingException e = refusedBy("""
                S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] STARTTLS removed by someone on the path
                EOF
                """);
        assertFalse(e instanceof AuthenticationFailedException, e.toString());
        assertTrue(e.getMessage().contains("STARTTLS"), e.getMessage());
    }

    @Test
    void strippedStarttlsInTheCapabilityResponseIsRefusedToo() throws Exception {
        // a greeting without a capability list: the client asks, and the answer lacks STARTTLS
        MessagingException e = refusedBy("""
                S: * OK ready
                C: $tag CAPABILITY
                S: * CAPABILITY IMAP4rev1 AUTH=PLAIN
                S: $tag OK done
                EOF
                """);
        assertTrue(e.getMessage().contains("STARTTLS"), e.getMessage());
    }

    @Test
    void starttlsAnsweredNoIsRefusedAndIsNotAnAuthenticationFailure() throws Exception {
        for (String required : List.of("true", "false")) {
            MessagingException e = refusedBy("""
                    S: * OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] ready
                    C: $tag STARTTLS
                    S: $tag NO [UNAVAILABLE] not now
                    EOF
                    """, "starttls.required", required);
            assertFalse(e instanceof AuthenticationFailedException, "starttls.required=" + required + ": " + e);
            assertTrue(e.getMessage().contains("TLS"), e.getMessage());
        }
    }

    @Test
    void plainTextPreauthWithStarttlsRequiredIsRefused() throws Exception {
        for (String caps : List.of("IMAP4rev1", "IMAP4rev1 STARTTLS")) {
            MessagingException e = refusedBy("S: * PREAUTH [CAPABILITY " + caps + "] you are logged in\nEOF\n");
            assertFalse(e instanceof AuthenticationFailedException, e.toString());
            assertTrue(e.getMessage().contains("PREAUTH") || e.getMessage().contains("pre-auth"), e.getMessage());
        }
    }
}
