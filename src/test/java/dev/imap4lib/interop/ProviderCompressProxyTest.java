package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.CyrusExtension;
import dev.imap4lib.testing.CyrusServer;
import dev.imap4lib.testing.TestProxy;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The provider's COMPRESS ({@code compress.enable}) and proxies against a real Cyrus, with TLS:
 * plain, STARTTLS and implicit TLS, each through an HTTP CONNECT proxy on loopback that counts
 * the bytes; TLS through a proxy verifies the mail server's name; {@code ssl.hostnameverifier}.
 */
@Timeout(120)
abstract class ProviderCompressProxyTest {
    // Run by CyrusProviderCompressProxyTest and DovecotProviderCompressProxyTest.
    private static final int MESSAGES = 100;
    private static final java.util.Map<Class<?>, String> SCAN_BOXES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The server under test: ports, a TLS context trusting it, where a new folder may go. */
    record Server(int imapPort, int imapsPort, javax.net.ssl.SSLContext sslContext, String parent) {
    }

    /** Set by each subclass before each test. */
    Server c;

    /** A host name verifier named by class; remembers the names it was asked about. */
    public static final class RecordingVerifier implements HostnameVerifier {
        static final List<String> ASKED = new CopyOnWriteArrayList<>();

        @Override
        public boolean verify(String host, SSLSession session) {
            ASKED.add(host);
            return true;
        }
    }

    private Properties props(String protocol, int port, Object... kv) {
        Properties p = new Properties();
        String pre = "mail." + protocol + ".";
        p.put(pre + "host", "localhost");
        p.put(pre + "port", Integer.toString(port));
        p.put(pre + "ssl.socketFactory", c.sslContext().getSocketFactory());
        p.put(pre + "timeout", "10000");
        p.put(pre + "connectiontimeout", "10000");
        for (int i = 0; i + 1 < kv.length; i += 2) {
            p.put(pre + kv[i], kv[i + 1]);
        }
        return p;
    }

    private String scanBox() throws Exception {
        synchronized (SCAN_BOXES) {
            return SCAN_BOXES.computeIfAbsent(getClass(), k -> {
                try {
                    return newScanBox();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private String newScanBox() throws Exception {
        {
            Session s = Session.getInstance(props("imap4lib", c.imapPort(), "starttls.enable", "false"));
            Store store = s.getStore("imap4lib");
            store.connect("user2", "pass2");
            String name = "Scan" + System.nanoTime();
            Folder f = c.parent().isEmpty() ? store.getFolder(name) : store.getFolder(c.parent()).getFolder(name);
            f.create(Folder.HOLDS_MESSAGES);
            Message[] msgs = new Message[MESSAGES];
            for (int i = 0; i < MESSAGES; i++) {
                MimeMessage m = new MimeMessage(s);
                m.setFrom(new InternetAddress("sender" + (i % 5) + "@example.com"));
                m.setRecipients(Message.RecipientType.TO, "someone@example.org");
                m.setSubject("Quarterly report number " + i + " for the header scan");
                m.setText("body " + i);
                msgs[i] = m;
            }
            f.appendMessages(msgs);
            store.close();
            return f.getFullName();
        }
    }

    /** Scans every message's headers through a counting proxy; returns the bytes the server sent. */
    private long scan(String protocol, int port, boolean compress, ByteArrayOutputStream debug,
            Object... extra) throws Exception {
        String box = scanBox();
        try (TestProxy proxy = TestProxy.http(null, null)) {
            Object[] kv = new Object[extra.length + 6];
            System.arraycopy(extra, 0, kv, 0, extra.length);
            kv[extra.length] = "proxy.host";
            kv[extra.length + 1] = "127.0.0.1";
            kv[extra.length + 2] = "proxy.port";
            kv[extra.length + 3] = String.valueOf(proxy.port());
            kv[extra.length + 4] = "compress.enable";
            kv[extra.length + 5] = String.valueOf(compress);
            Session s = Session.getInstance(props(protocol, port, kv));
            if (debug != null) {
                s.setDebug(true);
                s.setDebugOut(new PrintStream(debug, true, StandardCharsets.UTF_8));
            }
            Store store = s.getStore(protocol);
            store.connect("user2", "pass2");
            Folder f = store.getFolder(box);
            f.open(Folder.READ_ONLY);
            Message[] all = f.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.ENVELOPE);
            fp.add("Subject");
            f.fetch(all, fp);
            assertEquals(MESSAGES, all.length);
            assertEquals("Quarterly report number 99 for the header scan", all[MESSAGES - 1].getSubject());
            f.close(false);
            store.close();
            assertEquals("localhost:" + port, proxy.requests().get(0).target(), "tunnel to the mail server");
            return proxy.bytesToClient();
        }
    }

    private void compressedIsSmaller(String protocol, int port, Object... extra) throws Exception {
        ByteArrayOutputStream debug = new ByteArrayOutputStream();
        long on = scan(protocol, port, true, debug, extra);
        long off = scan(protocol, port, false, null, extra);
        System.out.printf("%s %s header scan of %d messages: %d bytes from the server compressed, %d uncompressed%n",
                getClass().getSimpleName(), protocol, MESSAGES, on, off);
        assertTrue(on * 2 < off, protocol + ": compressed " + on + " bytes vs " + off + " uncompressed");
        String t = debug.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("COMPRESS=DEFLATE active"), t);
        assertTrue(t.contains("FETCH"), "the debug output shows the protocol in clear");
        assertFalse(t.contains("pass2"), "no password in the debug output");
    }

    @Test
    void compressOverPlainTcpThroughAProxy() throws Exception {
        compressedIsSmaller("imap4lib", c.imapPort(), "starttls.enable", "false");
    }

    @Test
    void compressOverStartTlsThroughAProxy() throws Exception {
        compressedIsSmaller("imap4lib", c.imapPort(), "starttls.required", "true");
    }

    @Test
    void compressOverImplicitTlsThroughAProxy() throws Exception {
        compressedIsSmaller("imap4libs", c.imapsPort());
    }

    @Test
    void implicitTlsThroughSocksChecksTheMailServersName() throws Exception {
        try (TestProxy socks = TestProxy.socks5(null, null)) {
            RecordingVerifier.ASKED.clear();
            Store store = Session.getInstance(props("imap4libs", c.imapsPort(), "socks.host", "127.0.0.1",
                    "socks.port", String.valueOf(socks.port()),
                    "ssl.hostnameverifier.class", RecordingVerifier.class.getName())).getStore("imap4libs");
            store.connect("user2", "pass2");
            store.close();
            assertEquals("localhost:" + c.imapsPort(), socks.requests().get(0).target());
            assertEquals(List.of("localhost"), RecordingVerifier.ASKED, "the verifier is asked about the mail server");
        }
    }

    @Test
    void aHostnameVerifierThatSaysNoStopsTheConnect() throws Exception {
        for (String protocol : List.of("imap4libs", "imap4lib")) {
            int port = protocol.equals("imap4libs") ? c.imapsPort() : c.imapPort();
            HostnameVerifier no = (h, s) -> false;
            Store store = Session.getInstance(props(protocol, port, "ssl.hostnameverifier", no,
                    "starttls.required", "true")).getStore(protocol);
            MessagingException e = assertThrows(MessagingException.class, () -> store.connect("user2", "pass2"));
            assertTrue(e.getMessage().contains("rejected the certificate of localhost"), protocol + ": " + e.getMessage());
        }
        Store alias = Session.getInstance(props("imap4libs", c.imapsPort(), "ssl.hostnameverifier.class", "legacy",
                "ssl.checkserveridentity", "false")).getStore("imap4libs");
        alias.connect("user2", "pass2");
        alias.close();
        Store missing = Session.getInstance(props("imap4libs", c.imapsPort(), "ssl.hostnameverifier.class",
                "no.such.Verifier")).getStore("imap4libs");
        MessagingException e = assertThrows(MessagingException.class, () -> missing.connect("user2", "pass2"));
        assertTrue(e.getMessage().contains("no.such.Verifier"), e.getMessage());
    }
}
