package dev.imap4lib.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.testing.TestCertificates;
import dev.imap4lib.testing.TestProxy;
import dev.imap4lib.testing.TlsImapFake;
import dev.imap4lib.testing.TlsImapFake.Mode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's side of host names through proxies and of cipher suites: {@link SocketTransport}
 * with an HTTP CONNECT or SOCKS5 proxy, implicit TLS and {@link Imap4#starttlsWith STARTTLS},
 * checks the mail server's name inside the tunnel; every TLS socket it configures has no broken
 * suite enabled unless named, and named suites are exactly what it offers.
 */
@Timeout(60)
class ProxyTlsTransportTest {
    private static final String HOST = "127.0.0.1";
    private static final int T = 5_000;
    private static final Pattern WEAK = Pattern.compile("NULL|anon|EXPORT|RC4|_DES|3DES|MD5", Pattern.CASE_INSENSITIVE);

    @TempDir
    static Path dir;

    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.generate(dir);
    }

    private static SocketSettings via(TestProxy proxy, boolean http) {
        SocketSettings s = SocketSettings.direct(T, T);
        return http ? s.withHttpProxy(new HttpConnectProxy(HOST, proxy.port(), null, null))
                : s.withSocksProxy(new SocksProxy(HOST, proxy.port()));
    }

    /** Connects as {@code mode} says through {@code settings}; returns the TLS socket of a session that logged in. */
    private static SSLSocket connect(Mode mode, int port, TlsSettings tls, SocketSettings settings) throws IOException {
        ClientOptions o = ClientOptions.defaults().withTimeout(Duration.ofMillis(T));
        SocketTransport t = mode == Mode.IMPLICIT ? SocketTransport.connectTls(HOST, port, tls, settings)
                : SocketTransport.connect(HOST, port, settings);
        Imap4 imap = Imap4.open(HOST, port, o, t);
        try {
            if (mode == Mode.STARTTLS) {
                imap.starttlsWith(tls).check();
            }
            imap.login("alice", "pw").check();
            return (SSLSocket) t.socket();
        } finally {
            imap.shutdown();
        }
    }

    private static boolean hasCertificateCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && t.getMessage().contains(HOST)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void throughEitherProxyTheMailServersNameIsChecked() throws Exception {
        TlsSettings tls = TlsSettings.of(certs.clientTrustingCa(), true);
        for (boolean http : List.of(true, false)) {
            for (Mode mode : Mode.values()) {
                String where = (http ? "HTTP" : "SOCKS5") + " proxy, " + mode;
                try (TestProxy proxy = http ? TestProxy.http(null, null) : TestProxy.socks5(null, null);
                        TlsImapFake wrong = new TlsImapFake(certs.serverContext(certs.wrongName()), mode)) {
                    IOException e = assertThrows(IOException.class, () -> connect(mode, wrong.port(), tls, via(proxy, http)), where);
                    assertTrue(hasCertificateCause(e), where + ": the host name is the reason: " + e);
                    assertEquals(List.of(), wrong.tlsLines(), where);
                    assertEquals(1, proxy.requests().size(), where + ": through the proxy");
                }
                try (TestProxy proxy = http ? TestProxy.http(null, null) : TestProxy.socks5(null, null);
                        TlsImapFake good = new TlsImapFake(certs.serverContext(certs.good()), mode)) {
                    SSLSocket s = connect(mode, good.port(), tls, via(proxy, http));
                    assertTrue(s.getSession().getProtocol().startsWith("TLSv1."), where);
                    assertTrue(good.tlsLines().stream().anyMatch(l -> l.contains(" LOGIN ")), where + ": " + good.tlsLines());
                    assertEquals(1, proxy.requests().size(), where + ": through the proxy");
                }
            }
        }
    }

    @Test
    void noBrokenSuiteIsEnabledOnAnyPathUnlessNamed() throws Exception {
        // our trust-all context (ssl.trust), a caller's context, each direct and through a proxy
        List<TlsSettings> settings = List.of(new TlsSettings(TlsSettings.trustAllContext().getSocketFactory(), false, List.of(), List.of()),
                TlsSettings.of(certs.clientTrustingCa(), true));
        for (TlsSettings tls : settings) {
            for (Mode mode : Mode.values()) {
                try (TestProxy proxy = TestProxy.socks5(null, null);
                        TlsImapFake good = new TlsImapFake(certs.serverContext(certs.good()), mode)) {
                    for (SocketSettings s : List.of(SocketSettings.direct(T, T), via(proxy, false))) {
                        List<String> enabled = List.of(connect(mode, good.port(), tls, s).getEnabledCipherSuites());
                        assertFalse(enabled.isEmpty());
                        assertEquals(List.of(), enabled.stream().filter(c -> WEAK.matcher(c).find()).toList(), mode + " " + enabled);
                    }
                }
            }
        }
        // the JVM's default context, which a TlsSettings without factory uses
        List<String> jdk = List.of(TlsSettings.defaults().socketFactory().getDefaultCipherSuites());
        assertEquals(List.of(), jdk.stream().filter(c -> WEAK.matcher(c).find()).toList());
    }

    @Test
    void theWeakSuiteRuleLeavesEveryModernSuiteAlone() throws Exception {
        List<String> supported = List.of(TlsSettings.defaults().socketFactory().getSupportedCipherSuites());
        for (String s : supported) {
            assertEquals(WEAK.matcher(s).find(), SocketTransport.isWeakCipherSuite(s), s);
        }
        assertFalse(SocketTransport.isWeakCipherSuite("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"));
    }

    @Test
    void aNamedSuiteIsTheOnlyOneOffered() throws Exception {
        String only = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        for (Mode mode : Mode.values()) {
            try (TlsImapFake server = new TlsImapFake(certs.serverContext(certs.good()), mode, "", List.of(only))) {
                TlsSettings named = new TlsSettings(certs.clientTrustingCa().getSocketFactory(), true, List.of(), List.of(only));
                SSLSocket s = connect(mode, server.port(), named, SocketSettings.direct(T, T));
                assertEquals(only, s.getSession().getCipherSuite());
                TlsSettings other = new TlsSettings(certs.clientTrustingCa().getSocketFactory(), true, List.of(),
                        List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
                IOException e = assertThrows(IOException.class, () -> connect(mode, server.port(), other, SocketSettings.direct(T, T)));
                boolean handshake = false;
                for (Throwable t = e; t != null; t = t.getCause()) {
                    handshake |= t instanceof SSLHandshakeException;
                }
                assertTrue(handshake, mode + ": " + e);
            }
        }
    }
}
