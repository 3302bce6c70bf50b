package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.testing.TestCertificates;
import dev.imap4lib.testing.TestProxy;
import dev.imap4lib.testing.TlsImapFake;
import dev.imap4lib.testing.TlsImapFake.Mode;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host names through proxies and the cipher suites of every TLS socket, through the Jakarta Mail
 * API: TLS runs end to end inside an HTTP CONNECT or SOCKS5 tunnel and checks the mail server's
 * name, with implicit TLS and with STARTTLS; a caller's socket factory offering every suite the
 * JDK has still gets none of the broken ones; {@code ssl.ciphersuites} is what is offered.
 */
@Timeout(60)
class ProxyTlsTest {
    private static final String HOST = "127.0.0.1";
    private static final String PASSWORD = "pw-Px44";
    /** What no default suite list may hold: no encryption, no authentication, export-grade, RC4, DES, 3DES, MD5. */
    static final Pattern WEAK = Pattern.compile("NULL|anon|EXPORT|RC4|_DES|3DES|MD5", Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path dir;

    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.generate(dir);
    }

    /** A caller's factory (trusting the test CA) that records its sockets, and optionally enables every supported suite. */
    static final class Recording extends SSLSocketFactory {
        final SSLSocketFactory delegate;
        final boolean everySuite;
        final List<SSLSocket> made = new CopyOnWriteArrayList<>();

        Recording(SSLSocketFactory delegate, boolean everySuite) {
            this.delegate = delegate;
            this.everySuite = everySuite;
        }

        private Socket keep(Socket s) {
            SSLSocket ssl = (SSLSocket) s;
            if (everySuite) {
                ssl.setEnabledCipherSuites(ssl.getSupportedCipherSuites());
            }
            made.add(ssl);
            return ssl;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return keep(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return keep(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return keep(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return keep(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return keep(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    private static String protocolOf(Mode mode) {
        return mode == Mode.IMPLICIT ? "imap4libs" : "imap4lib";
    }

    private static Store store(Mode mode, int port, SSLSocketFactory factory, String... extra) throws Exception {
        String protocol = protocolOf(mode);
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.put(prefix + "host", HOST);
        p.put(prefix + "port", String.valueOf(port));
        p.put(prefix + "timeout", "5000");
        p.put(prefix + "connectiontimeout", "5000");
        p.put(prefix + "ssl.socketFactory", factory);
        if (mode == Mode.STARTTLS) {
            p.put(prefix + "starttls.required", "true");
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put(prefix + extra[i], extra[i + 1]);
        }
        return Session.getInstance(p).getStore(protocol);
    }

    private static String[] via(TestProxy proxy, boolean http) {
        return http ? new String[] {"proxy.host", HOST, "proxy.port", String.valueOf(proxy.port())}
                : new String[] {"socks.host", HOST, "socks.port", String.valueOf(proxy.port())};
    }

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

    // ------------------------------------------------------------------ host names through proxies

    private static void wrongNameIsRefusedThroughTheProxy(boolean http, Mode mode) throws Exception {
        try (TestProxy proxy = http ? TestProxy.http(null, null) : TestProxy.socks5(null, null);
                TlsImapFake server = new TlsImapFake(certs.serverContext(certs.wrongName()), mode)) {
            Store store = store(mode, server.port(), certs.clientTrustingCa().getSocketFactory(), via(proxy, http));
            MessagingException e = assertThrows(MessagingException.class, () -> store.connect("alice", PASSWORD));
            String where = (http ? "HTTP" : "SOCKS5") + " proxy, " + mode;
            assertFalse(e instanceof AuthenticationFailedException, where + ": a TLS failure is not a wrong password: " + e);
            assertTrue(causeOf(e, CertificateException.class).getMessage().contains(HOST), where + ": " + e);
            assertEquals(1, proxy.requests().size(), where + ": the connection went through the proxy");
            assertTrue(proxy.requests().get(0).target().endsWith(":" + server.port()), proxy.requests().toString());
            assertEquals(List.of(), server.tlsLines(), where + ": nothing was sent over the rejected session");
            assertFalse(store.isConnected());
        }
    }

    private static void rightNameConnectsThroughTheProxy(boolean http, Mode mode) throws Exception {
        try (TestProxy proxy = http ? TestProxy.http(null, null) : TestProxy.socks5(null, null);
                TlsImapFake server = new TlsImapFake(certs.serverContext(certs.good()), mode)) {
            Store store = store(mode, server.port(), certs.clientTrustingCa().getSocketFactory(), via(proxy, http));
            store.connect("alice", PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(0, inbox.getMessageCount());
            inbox.close(false);
            store.close();
            assertEquals(1, proxy.requests().size());
            assertTrue(server.tlsLines().stream().anyMatch(l -> l.endsWith(" LOGIN alice " + PASSWORD)), server.tlsLines().toString());
            assertTrue(proxy.bytesToServer() > 0 && proxy.bytesToClient() > 0);
        }
    }

    @Test
    void httpProxyImplicitTlsChecksTheMailServersName() throws Exception {
        wrongNameIsRefusedThroughTheProxy(true, Mode.IMPLICIT);
        rightNameConnectsThroughTheProxy(true, Mode.IMPLICIT);
    }

    @Test
    void httpProxyStarttlsChecksTheMailServersName() throws Exception {
        wrongNameIsRefusedThroughTheProxy(true, Mode.STARTTLS);
        rightNameConnectsThroughTheProxy(true, Mode.STARTTLS);
    }

    @Test
    void socksProxyImplicitTlsChecksTheMailServersName() throws Exception {
        wrongNameIsRefusedThroughTheProxy(false, Mode.IMPLICIT);
        rightNameConnectsThroughTheProxy(false, Mode.IMPLICIT);
    }

    @Test
    void socksProxyStarttlsChecksTheMailServersName() throws Exception {
        wrongNameIsRefusedThroughTheProxy(false, Mode.STARTTLS);
        rightNameConnectsThroughTheProxy(false, Mode.STARTTLS);
    }

    // ------------------------------------------------------------------ cipher suites

    @Test
    void aCallersFactoryOfferingEverySuiteGetsNoBrokenOne() throws Exception {
        for (Mode mode : Mode.values()) {
            Recording f = new Recording(certs.clientTrustingCa().getSocketFactory(), true);
            try (TlsImapFake server = new TlsImapFake(certs.serverContext(certs.good()), mode)) {
                Store store = store(mode, server.port(), f);
                store.connect("alice", PASSWORD);
                try {
                    assertFalse(f.made.isEmpty(), "the caller's factory made the TLS socket");
                    List<String> enabled = List.of(f.made.get(f.made.size() - 1).getEnabledCipherSuites());
                    assertFalse(enabled.isEmpty());
                    assertEquals(List.of(), enabled.stream().filter(s -> WEAK.matcher(s).find()).toList(), mode + ": " + enabled);
                } finally {
                    store.close();
                }
            }
        }
    }

    @Test
    void theDefaultSuitesOfOurOwnFactoriesHoldNoBrokenOne() throws Exception {
        // the JVM default context (no ssl.socketFactory) and the ssl.trust one
        for (String[] extra : List.of(new String[0], new String[] {"ssl.trust", "*"})) {
            SSLSocketFactory ours = extra.length == 0 ? javax.net.ssl.SSLContext.getDefault().getSocketFactory()
                    : dev.imap4lib.transport.TlsSettings.trustAllContext().getSocketFactory();
            List<String> weak = List.of(ours.getDefaultCipherSuites()).stream().filter(s -> WEAK.matcher(s).find()).toList();
            assertEquals(List.of(), weak);
        }
    }

    private static final String ONLY = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    private static final String OTHER = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";

    @Test
    void namedCipherSuitesAreHonoured() throws Exception {
        for (Mode mode : Mode.values()) {
            try (TlsImapFake server = new TlsImapFake(certs.serverContext(certs.good()), mode, "", List.of(ONLY))) {
                Recording f = new Recording(certs.clientTrustingCa().getSocketFactory(), false);
                Store store = store(mode, server.port(), f, "ssl.ciphersuites", ONLY);
                store.connect("alice", PASSWORD);
                SSLSocket ssl = f.made.get(f.made.size() - 1);
                assertEquals(List.of(ONLY), List.of(ssl.getEnabledCipherSuites()), mode.toString());
                assertEquals(ONLY, ssl.getSession().getCipherSuite(), mode.toString());
                store.close();

                Store refused = store(mode, server.port(), certs.clientTrustingCa().getSocketFactory(), "ssl.ciphersuites", OTHER);
                MessagingException e = assertThrows(MessagingException.class, () -> refused.connect("alice", PASSWORD));
                assertFalse(e instanceof AuthenticationFailedException, e.toString());
                assertTrue(causeOf(e, SSLHandshakeException.class) != null, e.toString());
                assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("tls")
                        || e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("handshake"), "a clear message: " + e.getMessage());
                assertEquals(1, server.handshakes(), "only the first connect completed a handshake");
            }
        }
    }
}
