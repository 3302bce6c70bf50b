package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Implicit TLS ({@link Imap4Ssl}) against GreenMail with certificates made by {@code keytool} at
 * test time.
 *
 * <p>GreenMail's own IMAPS server reads {@code greenmail.tls.keystore.file} /
 * {@code greenmail.tls.keystore.password} once per JVM ({@code DummySSLServerSocketFactory} is
 * a lazily created singleton), so two servers with different certificates cannot be had that
 * way, and whichever test class starts IMAPS first would fix the key for all. Each server here
 * is GreenMail's IMAP protocol handler behind a server socket from its own {@link SSLContext}.
 */
@Timeout(120)
class GreenMailTlsTest {
    static final String PASS = "changeit";

    @TempDir
    static Path dir;

    static Cert localhost;
    static Cert otherName;
    static TlsImapServer localhostServer;
    static TlsImapServer otherServer;

    /** A key pair and self-signed certificate in a PKCS12 file. */
    record Cert(Path file, KeyStore keyStore) {
        Certificate certificate() throws Exception {
            return keyStore.getCertificate("greenmail");
        }

        SSLContext serverContext() throws Exception {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, PASS.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        }

        /** A client context that trusts exactly this certificate. */
        SSLContext trustingContext() throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        }
    }

    static Cert keytool(String name, String san) throws Exception {
        Path file = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "30", "-dname", "CN=" + name, "-ext", "SAN=" + san, "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASS, "-keypass", PASS)
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool hangs");
        assertEquals(0, p.exitValue(), "keytool failed: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASS.toCharArray());
        }
        return new Cert(file, ks);
    }

    /** GreenMail's IMAP handler on a TLS server socket of our choosing. */
    static final class TlsImapServer extends AbstractServer {
        private final SSLContext context;

        TlsImapServer(Managers managers, SSLContext context) {
            super(ServerSetupTest.IMAPS.dynamicPort(), managers);
            this.context = context;
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
        }

        @Override
        protected ServerSocket openServerSocket() throws java.io.IOException {
            ServerSocket s = context.getServerSocketFactory().createServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(bindTo, setup.getPort()));
            return s;
        }

        static TlsImapServer start(Cert cert) throws Exception {
            Managers managers = new Managers();
            managers.getUserManager().createUser(Gm.EMAIL, Gm.USER, Gm.PASSWORD);
            TlsImapServer s = new TlsImapServer(managers, cert.serverContext());
            s.startService();
            assertTrue(s.waitTillRunning(10_000), "TLS IMAP server did not start");
            return s;
        }
    }

    @BeforeAll
    static void servers() throws Exception {
        localhost = keytool("localhost", "dns:localhost,ip:127.0.0.1");
        otherName = keytool("mail.example.org", "dns:mail.example.org");
        localhostServer = TlsImapServer.start(localhost);
        otherServer = TlsImapServer.start(otherName);
    }

    @AfterAll
    static void stop() {
        if (localhostServer != null) {
            localhostServer.stopService();
        }
        if (otherServer != null) {
            otherServer.stopService();
        }
    }

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void verifiedConnectionToLocalhost() throws Exception {
        try (Imap4Ssl imap = new Imap4Ssl("localhost", localhostServer.getPort(), localhost.trustingContext(), TIMEOUT)) {
            assertTrue(imap.isSecure());
            assertTrue(imap.welcome().contains("GreenMail"), imap.welcome());
            SSLSocket socket = assertInstanceOf(SSLSocket.class, imap.socket());
            assertEquals(localhost.certificate(), socket.getSession().getPeerCertificates()[0]);
            assertEquals("localhost", imap.host());
            assertEquals(localhostServer.getPort(), imap.port());

            imap.login(Gm.USER, Gm.PASSWORD);
            byte[] msg = Gm.message("over tls", "secret stuff");
            Gm.append(imap, "INBOX", msg);
            assertEquals(1, imap.select("INBOX").value().exists());
            assertArrayEquals(msg, Gm.onlyLiteral(imap.fetch("1", "(BODY.PEEK[])")));
            assertEquals("BYE", imap.logout().type());
        }
    }

    @Test
    void verifiedConnectionByIpAddressInTheCertificate() throws Exception {
        try (Imap4Ssl imap = new Imap4Ssl("127.0.0.1", localhostServer.getPort(), localhost.trustingContext(), TIMEOUT)) {
            imap.login(Gm.USER, Gm.PASSWORD);
            assertEquals(State.AUTH, imap.state());
        }
    }

    @Test
    void certificateForAnotherNameFailsByDefault() throws Exception {
        SSLContext trustOther = otherName.trustingContext();
        SSLException e = assertThrows(SSLException.class,
                () -> new Imap4Ssl("localhost", otherServer.getPort(), trustOther, TIMEOUT));
        assertTrue(String.valueOf(e.getMessage()).contains("localhost")
                || String.valueOf(e.getCause()).contains("localhost"), e.toString());
    }

    @Test
    void certificateForAnotherNameWorksWithoutHostnameVerification() throws Exception {
        ClientOptions lax = ClientOptions.defaults().withTimeout(TIMEOUT).withVerifyHostname(false);
        try (Imap4Ssl imap = new Imap4Ssl("localhost", otherServer.getPort(), otherName.trustingContext(), lax)) {
            assertTrue(imap.isSecure());
            SSLSocket socket = (SSLSocket) imap.socket();
            assertEquals(otherName.certificate(), socket.getSession().getPeerCertificates()[0]);
            imap.login(Gm.USER, Gm.PASSWORD);
            assertEquals("OK", imap.select("INBOX").type());
        }
    }

    @Test
    void hostnameVerificationOffStillChecksTrust() throws Exception {
        // the localhost server's certificate is not the one this context trusts
        ClientOptions lax = ClientOptions.defaults().withTimeout(TIMEOUT).withVerifyHostname(false);
        SSLContext trustOther = otherName.trustingContext();
        assertThrows(SSLException.class, () -> new Imap4Ssl("localhost", localhostServer.getPort(), trustOther, lax));
    }

    @Test
    void jvmDefaultTrustRejectsTheSelfSignedCertificate() {
        assertThrows(SSLException.class, () -> new Imap4Ssl("localhost", localhostServer.getPort()));
        assertThrows(SSLException.class, () -> new Imap4Ssl("localhost", localhostServer.getPort(), null, TIMEOUT));
    }

    @Test
    void serverSideStateIsSharedAcrossTlsConnections() throws Exception {
        SSLContext ctx = localhost.trustingContext();
        try (Imap4Ssl a = new Imap4Ssl("localhost", localhostServer.getPort(), ctx, TIMEOUT)) {
            a.login(Gm.USER, Gm.PASSWORD);
            a.create("TlsBox");
        }
        try (Imap4Ssl b = new Imap4Ssl("localhost", localhostServer.getPort(), ctx, TIMEOUT)) {
            b.login(Gm.USER, Gm.PASSWORD);
            List<String> names = GreenMailMailboxTest.names(b.list());
            assertTrue(names.contains("TlsBox"), names.toString());
        }
    }
}
