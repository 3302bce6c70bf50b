package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TLS 1.2 and later only by default (README, "Security"): even a caller's socket factory whose
 * sockets enable TLS 1.0 and 1.1 gets them switched off, with STARTTLS and with implicit TLS;
 * naming them in {@code ssl.protocols} is the only way back.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(60)
class TlsProtocolFloorTest {

    /** A caller's factory (trusting Dovecot's certificate) whose sockets offer every protocol version. */
    private static final class Permissive extends SSLSocketFactory {
        final SSLSocketFactory delegate;
        final List<SSLSocket> made = new ArrayList<>();

        Permissive(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket widen(Socket s) {
            SSLSocket ssl = (SSLSocket) s;
            ssl.setEnabledProtocols(new String[] {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"});
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
            return widen(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return widen(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return widen(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return widen(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return widen(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    private static List<String> enabledAfterConnect(DovecotServer d, boolean implicit, String protocols) throws Exception {
        Permissive f = new Permissive(d.sslContext().getSocketFactory());
        Properties p = new Properties();
        String prefix = implicit ? "mail.imap4libs." : "mail.imap4lib.";
        p.put(prefix + "host", "localhost");
        p.put(prefix + "port", String.valueOf(implicit ? d.imapsPort() : d.imapPort()));
        p.put(prefix + "ssl.socketFactory", f);
        p.put(prefix + "starttls.required", "true");
        if (protocols != null) {
            p.put(prefix + "ssl.protocols", protocols);
        }
        Store s = Session.getInstance(p).getStore(implicit ? "imap4libs" : "imap4lib");
        s.connect("user1", "pass1");
        try {
            assertFalse(f.made.isEmpty(), "the caller's factory made the TLS socket");
            SSLSocket ssl = f.made.get(f.made.size() - 1);
            assertTrue(ssl.getSession().getProtocol().matches("TLSv1\\.[23]"), ssl.getSession().getProtocol());
            return List.of(ssl.getEnabledProtocols());
        } finally {
            s.close();
        }
    }

    @Test
    void starttlsWithACallersFactoryEnablesOnlyTls12AndLater(DovecotServer d) throws Exception {
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), enabledAfterConnect(d, false, null).stream().sorted().toList());
    }

    @Test
    void implicitTlsWithACallersFactoryEnablesOnlyTls12AndLater(DovecotServer d) throws Exception {
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), enabledAfterConnect(d, true, null).stream().sorted().toList());
    }

    @Test
    void namedProtocolsAreTheCallersChoice(DovecotServer d) throws Exception {
        assertEquals(List.of("TLSv1.3"), enabledAfterConnect(d, true, "TLSv1.3"));
    }
}
