package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.testing.TestProxy;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connection properties of the provider against GreenMail: HTTP CONNECT and SOCKS5 proxies
 * started on loopback (with and without proxy credentials), local address and port, the plain
 * socket factory with its fallback and port, and the settings that must fail the connect.
 */
@Timeout(60)
class ProviderTransportTest {
    private static final String PASSWORD = "imap-Secret-93";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static int port() {
        return greenMail.getImap().getPort();
    }

    private static Store store(Object... kv) throws Exception {
        greenMail.setUser("pat@example.com", "pat", PASSWORD);
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(port()));
        p.put("mail.imap4lib.timeout", "10000");
        for (int i = 0; i + 1 < kv.length; i += 2) {
            p.put("mail.imap4lib." + kv[i], kv[i + 1]);
        }
        return Session.getInstance(p).getStore("imap4lib");
    }

    /** Connects, opens INBOX, closes: the session worked end to end. */
    private static void use(Store s) throws Exception {
        s.connect("pat", PASSWORD);
        Folder inbox = s.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertEquals(0, inbox.getMessageCount());
        inbox.close(false);
        s.close();
    }

    @Test
    void httpConnectProxyWithoutCredentials() throws Exception {
        try (TestProxy proxy = TestProxy.http(null, null)) {
            use(store("proxy.host", "127.0.0.1", "proxy.port", String.valueOf(proxy.port())));
            List<TestProxy.Request> r = proxy.requests();
            assertEquals(1, r.size(), r.toString());
            assertEquals("127.0.0.1:" + port(), r.get(0).target());
            assertFalse(r.get(0).head().contains("Proxy-Authorization"), r.get(0).head());
            assertTrue(proxy.bytesToServer() > 0 && proxy.bytesToClient() > 0, "the session went through the proxy");
        }
    }

    @Test
    void httpConnectProxyWithCredentialsAndHostPortSyntax() throws Exception {
        try (TestProxy proxy = TestProxy.http("puser", "ppass")) {
            use(store("proxy.host", "127.0.0.1:" + proxy.port(), "proxy.user", "puser", "proxy.password", "ppass"));
            TestProxy.Request r = proxy.requests().get(0);
            assertTrue(r.accepted(), r.toString());
            assertEquals("127.0.0.1:" + port(), r.target());
            assertFalse(r.head().contains(PASSWORD), "the IMAP password never goes to the proxy: " + r.head());
            assertFalse(r.head().contains("pat"), "nor the IMAP user: " + r.head());
        }
    }

    @Test
    void aWrongProxyPasswordIsAClearConnectFailure() throws Exception {
        try (TestProxy proxy = TestProxy.http("puser", "ppass")) {
            Store s = store("proxy.host", "127.0.0.1", "proxy.port", String.valueOf(proxy.port()),
                    "proxy.user", "puser", "proxy.password", "wrong");
            MessagingException e = assertThrows(MessagingException.class, () -> s.connect("pat", PASSWORD));
            assertFalse(e instanceof AuthenticationFailedException, "the IMAP credentials were never tried: " + e);
            assertTrue(e.getMessage().contains("407") && e.getMessage().contains("proxy"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong") || e.getMessage().contains(PASSWORD), e.getMessage());
            Store none = store("proxy.host", "127.0.0.1", "proxy.port", String.valueOf(proxy.port()));
            MessagingException e2 = assertThrows(MessagingException.class, () -> none.connect("pat", PASSWORD));
            assertTrue(e2.getMessage().contains("wants credentials"), e2.getMessage());
        }
    }

    @Test
    void socks5Proxy() throws Exception {
        try (TestProxy proxy = TestProxy.socks5(null, null)) {
            use(store("socks.host", "127.0.0.1", "socks.port", String.valueOf(proxy.port())));
            TestProxy.Request r = proxy.requests().get(0);
            assertEquals("127.0.0.1:" + port(), r.target());
            assertTrue(proxy.bytesToClient() > 0);
        }
        try (TestProxy proxy = TestProxy.socks5(null, null)) {
            use(store("socks.host", "127.0.0.1:" + proxy.port()));
            assertEquals(1, proxy.requests().size(), "host:port form of socks.host");
        }
    }

    @Test
    void aSocksProxyDemandingCredentialsWeDoNotHaveFailsClearly() throws Exception {
        try (TestProxy proxy = TestProxy.socks5("u", "p")) {
            Store s = store("socks.host", "127.0.0.1", "socks.port", String.valueOf(proxy.port()));
            MessagingException e = assertThrows(MessagingException.class, () -> s.connect("pat", PASSWORD));
            assertFalse(e instanceof AuthenticationFailedException, e.toString());
            assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
        }
    }

    @Test
    void proxySettingsThatCannotBeHonouredFailTheConnect() throws Exception {
        Store both = store("proxy.host", "127.0.0.1", "socks.host", "127.0.0.1");
        MessagingException e = assertThrows(MessagingException.class, () -> both.connect("pat", PASSWORD));
        assertTrue(e.getMessage().contains("proxy.host") && e.getMessage().contains("socks.host"), e.getMessage());
        Store badPort = store("proxy.host", "127.0.0.1", "proxy.port", "eighty");
        e = assertThrows(MessagingException.class, () -> badPort.connect("pat", PASSWORD));
        assertTrue(e.getMessage().contains("proxy.port"), e.getMessage());
        Store userOnly = store("proxy.host", "127.0.0.1", "proxy.user", "u");
        e = assertThrows(MessagingException.class, () -> userOnly.connect("pat", PASSWORD));
        assertTrue(e.getMessage().contains("proxy.password"), e.getMessage());
        Store socksAndFactory = store("socks.host", "127.0.0.1", "socketFactory.class", CountingSocketFactory.class.getName());
        e = assertThrows(MessagingException.class, () -> socksAndFactory.connect("pat", PASSWORD));
        assertTrue(e.getMessage().contains("SOCKS"), e.getMessage());
    }

    @Test
    void connectionTimeoutBoundsAHangingProxy() throws Exception {
        try (TestProxy proxy = TestProxy.http(null, null)) {
            proxy.goSilent();
            Store s = store("proxy.host", "127.0.0.1", "proxy.port", String.valueOf(proxy.port()),
                    "connectiontimeout", "300", "timeout", "50000");
            MessagingException e = assertThrows(MessagingException.class, () -> s.connect("pat", PASSWORD));
            assertTrue(e.getMessage().contains("did not answer CONNECT within 300 ms"), e.getMessage());
        }
    }

    @Test
    void localAddressAndPortAreWhatTheOtherSideSees() throws Exception {
        int local;
        try (ServerSocket free = new ServerSocket(0)) {
            local = free.getLocalPort();
        }
        try (TestProxy proxy = TestProxy.http(null, null)) {
            use(store("proxy.host", "127.0.0.1", "proxy.port", String.valueOf(proxy.port()),
                    "localaddress", "127.0.0.1", "localport", String.valueOf(local)));
            assertEquals(local, proxy.requests().get(0).clientPort());
        }
        Store bad = store("localaddress", "no-such-host.invalid");
        MessagingException e = assertThrows(MessagingException.class, () -> bad.connect("pat", PASSWORD));
        assertTrue(e.getMessage().contains("localaddress"), e.getMessage());
    }

    @Test
    void socketFactoryClassIsUsedAndItsPortWins() throws Exception {
        int before = CountingSocketFactory.CREATED.get();
        use(store("socketFactory.class", CountingSocketFactory.class.getName()));
        assertTrue(CountingSocketFactory.CREATED.get() > before, "the factory made the socket");
        Store s = store("socketFactory", CountingSocketFactory.getDefault(), "socketFactory.port", String.valueOf(port()),
                "port", "1");
        before = CountingSocketFactory.CREATED.get();
        use(s);
        assertTrue(CountingSocketFactory.CREATED.get() > before, "an instance works too; socketFactory.port replaced port 1");
    }

    @Test
    void socketFactoryFallback() throws Exception {
        use(store("socketFactory.class", "no.such.Factory"));
        Store strict = store("socketFactory.class", "no.such.Factory", "socketFactory.fallback", "false");
        MessagingException e = assertThrows(MessagingException.class, () -> strict.connect("pat", PASSWORD));
        assertTrue(e.getMessage().contains("no.such.Factory"), e.getMessage());
        Store notAFactory = store("socketFactory", "a string is no factory".getBytes());
        e = assertThrows(MessagingException.class, () -> notAFactory.connect("pat", PASSWORD));
        assertTrue(e.getMessage().contains("not a javax.net.SocketFactory"), e.getMessage());
    }

    @Test
    void compressSettingsOutOfRangeFailTheConnect() throws Exception {
        Store s = store("compress.enable", "true", "compress.level", "12");
        MessagingException e = assertThrows(MessagingException.class, () -> s.connect("pat", PASSWORD));
        assertTrue(e.getMessage().contains("compress"), e.getMessage());
        // GreenMail does not offer COMPRESS=DEFLATE: enabled, the connection simply stays uncompressed.
        use(store("compress.enable", "true"));
    }
}
