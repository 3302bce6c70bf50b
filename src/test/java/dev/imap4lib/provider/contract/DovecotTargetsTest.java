package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Dovecot targets themselves: the TLS ones really are TLS, verified against the test
 * certificate, and the per-test reset leaves the contract account clean.
 */
@ExtendWith(DovecotExtension.class)
class DovecotTargetsTest {

    private static List<Target> targets(DovecotServer d, SSLSocketFactory tls) {
        return Targets.dovecot(d.host(), d.imapPort(), d.imapsPort(), tls).toList();
    }

    @Test
    void targetNamesAndTransports(DovecotServer d) {
        List<Target> all = targets(d, d.sslContext().getSocketFactory());
        assertEquals(List.of("imap@DOVECOT", "imap4lib@DOVECOT", "imap@DOVECOT(starttls)",
                "imap4lib@DOVECOT(starttls)", "imap4libs@DOVECOT(tls)"), all.stream().map(Target::toString).toList());
        for (Target t : all) {
            assertEquals(Targets.DOVECOT_USER, t.user());
            if (t.secure() || t.startTls()) {
                assertEquals(Targets.DOVECOT_TLS_HOST, t.host(), t + ": the certificate's name");
                assertEquals("true", t.extra().getProperty("mail." + t.protocol() + ".ssl.checkserveridentity"));
                assertFalse(t.extra().containsKey("mail." + t.protocol() + ".ssl.trust"), t + " trusts no more than the factory");
            } else {
                assertEquals("false", t.extra().getProperty("mail." + t.protocol() + ".starttls.enable"));
            }
            assertEquals(t.secure() ? d.imapsPort() : d.imapPort(), t.port());
        }
    }

    /** A factory that records for which host names it made TLS sockets. */
    private static final class Recording extends SSLSocketFactory {
        final SSLSocketFactory delegate;
        final List<String> hosts = new CopyOnWriteArrayList<>();
        final List<SSLSocket> sockets = new CopyOnWriteArrayList<>();

        Recording(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket seen(Socket s, String host) {
            hosts.add(String.valueOf(host));
            sockets.add((SSLSocket) s);
            return s;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return seen(delegate.createSocket(s, host, port, autoClose), host);
        }

        @Override
        public Socket createSocket() throws IOException {
            return seen(delegate.createSocket(), null);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return seen(delegate.createSocket(host, port), host);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return seen(delegate.createSocket(host, port, localHost, localPort), host);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return seen(delegate.createSocket(host, port), host.getHostName());
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return seen(delegate.createSocket(address, port, localAddress, localPort), address.getHostName());
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }

    @Test
    void tlsTargetsTalkTlsThroughTheGivenFactory(DovecotServer d) throws Exception {
        for (Target t : targets(d, d.sslContext().getSocketFactory())) {
            if (!t.secure() && !t.startTls()) {
                continue;
            }
            Recording rec = new Recording(d.sslContext().getSocketFactory());
            Properties p = t.sessionProperties();
            p.put("mail." + t.protocol() + ".ssl.socketFactory", rec);
            Store s = Session.getInstance(p).getStore(t.protocol());
            try {
                s.connect(t.host(), t.port(), t.user(), t.password());
                assertTrue(s.getFolder("INBOX").exists());
                assertFalse(rec.sockets.isEmpty(), t + ": no TLS socket from the configured factory");
                assertTrue(rec.hosts.contains(Targets.DOVECOT_TLS_HOST), t + ": TLS for " + rec.hosts);
                boolean handshaken = rec.sockets.stream().anyMatch(x -> x.getSession() != null
                        && !"SSL_NULL_WITH_NULL_NULL".equals(x.getSession().getCipherSuite()));
                assertTrue(handshaken, t + ": a completed TLS handshake");
            } finally {
                s.close();
            }
        }
    }

    @Test
    void tlsTargetsRejectAnUntrustedCertificate(DovecotServer d) throws Exception {
        SSLContext jdkDefault = SSLContext.getInstance("TLS");
        jdkDefault.init(null, null, null); // the JDK's trust store: does not know the test CA
        for (Target t : targets(d, jdkDefault.getSocketFactory())) {
            if (!t.secure() && !t.startTls()) {
                continue;
            }
            Store s = Session.getInstance(t.sessionProperties()).getStore(t.protocol());
            MessagingException e = assertThrows(MessagingException.class,
                    () -> s.connect(t.host(), t.port(), t.user(), t.password()), t.toString());
            assertFalse(e instanceof AuthenticationFailedException, t + ": fails before any login: " + e);
            assertFalse(s.isConnected());
        }
    }

    @Test
    void resetLeavesOnlyInboxAndSpecialUseMailboxes(DovecotServer d) throws Exception {
        Target t = targets(d, d.sslContext().getSocketFactory()).get(0);
        try (Fixture fx = new Fixture(t)) {
            char sep = fx.separator();
            assertEquals('/', sep, "Dovecot's hierarchy separator");
            fx.create("JanitorTop");
            fx.create("JanitorTop" + sep + "Child");
            fx.create("JanitorTop" + sep + "Child" + sep + "Deep");
            fx.append("JanitorTop" + sep + "Child", Corpus.numbered(1));
            fx.append("INBOX", Corpus.numbered(2));
            fx.append("Trash", Corpus.numbered(1));
            fx.store().getFolder("JanitorTop" + sep + "Child").setSubscribed(true);
            fx.store().getFolder("NeverCreated").setSubscribed(true);
        }

        new DovecotTargets.Janitor(d, t.user(), t.password()).resetAndClose();

        try (Fixture fx = new Fixture(t)) {
            Set<String> names = java.util.Arrays.stream(fx.store().getDefaultFolder().list("*"))
                    .map(Folder::getFullName).collect(Collectors.toSet());
            assertEquals(Set.of("INBOX", "Drafts", "Sent", "Trash", "Junk"), names);
            assertEquals(0, fx.count("INBOX"));
            assertEquals(0, fx.count("Trash"));
            Set<String> subscribed = java.util.Arrays.stream(fx.store().getDefaultFolder().listSubscribed("*"))
                    .map(Folder::getFullName).collect(Collectors.toSet());
            assertEquals(Set.of("Drafts", "Sent", "Trash", "Junk"), subscribed, "auto-subscribed ones only");
        }
    }
}
