package dev.imap4lib.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the launcher works, with raw JDK sockets only (no IMAP library). */
@ExtendWith(DovecotExtension.class)
class DovecotServerTest {

    @Test
    void plainGreetingOffersStartTls(DovecotServer dovecot) throws IOException {
        try (Conn c = Conn.plain(dovecot)) {
            String greeting = c.line();
            assertTrue(greeting.startsWith("* OK "), greeting);
            assertTrue(greeting.contains("STARTTLS"), greeting);
            assertFalse(greeting.contains("LOGINDISABLED"), greeting);
        }
    }

    @Test
    void loginWithAndWithoutCorrectPassword(DovecotServer dovecot) throws IOException {
        try (Conn c = Conn.plain(dovecot)) {
            c.line();
            long t0 = System.nanoTime();
            String no = c.command("b LOGIN user1 wrongpassword");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(no.startsWith("b NO"), no);
            assertTrue(ms < 400, "failed login took " + ms + " ms (failure delay not disabled?)");
            String ok = c.command("a LOGIN user1 pass1");
            assertTrue(ok.startsWith("a OK"), ok);
            assertTrue(c.command("c LOGOUT").startsWith("c OK"));
        }
    }

    @Test
    void implicitTlsTrustsExactlyTheTestCertificate(DovecotServer dovecot) throws Exception {
        try (SSLSocket s = tls(dovecot.sslContext(), dovecot.imapsPort())) {
            s.startHandshake();
            assertTrue(s.getSession().getProtocol().startsWith("TLSv1."), s.getSession().getProtocol());
            try (Conn c = new Conn(s)) {
                String greeting = c.line();
                assertTrue(greeting.startsWith("* OK "), greeting);
                assertFalse(greeting.contains("STARTTLS"), greeting);
                assertTrue(c.command("a LOGIN user2 pass2").startsWith("a OK"));
            }
        }
        try (SSLSocket s = tls(SSLContext.getDefault(), dovecot.imapsPort())) {
            assertThrows(SSLHandshakeException.class, s::startHandshake);
        }
    }

    @Test
    void startTlsOnPlainPort(DovecotServer dovecot) throws Exception {
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(dovecot.host(), dovecot.imapPort()), 5000);
            raw.setSoTimeout(10_000);
            Conn plain = new Conn(raw);
            plain.line();
            assertTrue(plain.command("a STARTTLS").startsWith("a OK"));
            SSLSocket s = (SSLSocket) dovecot.sslContext().getSocketFactory()
                    .createSocket(raw, "localhost", dovecot.imapPort(), true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.setUseClientMode(true);
            s.startHandshake();
            try (Conn c = new Conn(s)) {
                assertTrue(c.command("b LOGIN user1 pass1").startsWith("b OK"));
            }
        }
    }

    @Test
    void streamCommandGivesPreauth(DovecotServer dovecot) throws Exception {
        Process p = new ProcessBuilder(dovecot.streamCommand("user1"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (Conn c = new Conn(p.getInputStream(), p.getOutputStream())) {
            String greeting = c.line();
            assertTrue(greeting.startsWith("* PREAUTH "), greeting);
            assertTrue(greeting.contains("QUOTA") && greeting.contains("METADATA"), greeting);
            assertTrue(c.command("a LOGOUT").startsWith("a OK"));
        } finally {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertTrue(dovecot.streamCommandLine("user1").endsWith(" 2>/dev/null"));
    }

    @Test
    void utf8PasswordWithAuthenticatePlain(DovecotServer dovecot) throws IOException {
        byte[] sasl = "\0user3\0pässwörd".getBytes(StandardCharsets.UTF_8);
        try (Conn c = Conn.plain(dovecot)) {
            c.line();
            String ok = c.command("a AUTHENTICATE PLAIN " + Base64.getEncoder().encodeToString(sasl));
            assertTrue(ok.startsWith("a OK"), ok);
        }
    }

    @Test
    void cramMd5(DovecotServer dovecot) throws Exception {
        try (Conn c = Conn.plain(dovecot)) {
            c.line();
            c.send("a AUTHENTICATE CRAM-MD5");
            String challenge = c.line();
            assertTrue(challenge.startsWith("+ "), challenge);
            byte[] nonce = Base64.getDecoder().decode(challenge.substring(2));
            String response = "user2 " + hmacMd5Hex("pass2", nonce);
            c.send(Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.US_ASCII)));
            String ok = c.tagged("a");
            assertTrue(ok.startsWith("a OK"), ok);
        }
    }

    @Test
    void namespacesAndPopulate(DovecotServer dovecot) throws IOException {
        assertEquals(25, dovecot.populate("user2", "Populated/Sub", 25));
        try (Conn c = Conn.plain(dovecot)) {
            c.line();
            c.command("a LOGIN user2 pass2");
            c.send("b NAMESPACE");
            List<String> lines = c.untilTagged("b");
            assertTrue(lines.contains("* NAMESPACE ((\"\" \"/\")) ((\"Shared/\" \"/\")) ((\"Public/\" \"/\"))"),
                    lines.toString());
            c.send("c SELECT Populated/Sub");
            lines = c.untilTagged("c");
            assertTrue(lines.contains("* 25 EXISTS"), lines.toString());
            c.send("d FETCH 2 (FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            lines = c.untilTagged("d");
            assertTrue(String.join("\n", lines).contains("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= 2"), lines.toString());
        }
    }

    @Test
    void separateInstanceStopsExactlyItsMaster() throws IOException {
        DovecotServer s = DovecotServer.start();
        long pid = s.pid();
        int port = s.imapPort();
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(Files.isRegularFile(s.certificatePem()));
        s.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(s.dir()));
        try (Socket sock = new Socket()) {
            assertThrows(ConnectException.class, () -> sock.connect(new InetSocketAddress("127.0.0.1", port), 2000));
        }
        s.close();   // idempotent
    }

    // ------------------------------------------------------------------------------------------

    private static SSLSocket tls(SSLContext ctx, int port) throws IOException {
        // connect to 127.0.0.1 but verify the host name "localhost"
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        raw.setSoTimeout(10_000);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "localhost", port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.setUseClientMode(true);
        return s;
    }

    private static String hmacMd5Hex(String key, byte[] data) throws NoSuchAlgorithmException, InvalidKeyException {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        StringBuilder sb = new StringBuilder();
        for (byte b : mac.doFinal(data)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    /** Minimal line-oriented IMAP conversation over raw streams. */
    private static final class Conn implements AutoCloseable {
        private final InputStream in;
        private final OutputStream out;
        private final AutoCloseable closer;

        Conn(Socket s) throws IOException {
            this.in = s.getInputStream();
            this.out = s.getOutputStream();
            this.closer = s;
        }

        Conn(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
            this.closer = () -> {
                out.close();
                in.close();
            };
        }

        static Conn plain(DovecotServer d) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(d.host(), d.imapPort()), 5000);
            s.setSoTimeout(10_000);
            return new Conn(s);
        }

        String line() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                buf.write(b);
            }
            if (b == -1) {
                throw new IOException("EOF after: " + buf.toString(StandardCharsets.UTF_8));
            }
            String s = buf.toString(StandardCharsets.UTF_8);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        void send(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        List<String> untilTagged(String tag) throws IOException {
            List<String> lines = new ArrayList<>();
            String l;
            do {
                l = line();
                lines.add(l);
            } while (!l.startsWith(tag + " "));
            return lines;
        }

        String tagged(String tag) throws IOException {
            List<String> lines = untilTagged(tag);
            return lines.get(lines.size() - 1);
        }

        /** Sends a command whose tag is its first word; returns the tagged response line. */
        String command(String command) throws IOException {
            send(command);
            return tagged(command.substring(0, command.indexOf(' ')));
        }

        @Override
        public void close() throws IOException {
            try {
                closer.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
