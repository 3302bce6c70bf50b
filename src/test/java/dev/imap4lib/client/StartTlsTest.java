package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.play;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS against a small real TLS server: plain-text response injection after the OK is
 * ignored, capabilities are learnt again over TLS, and the certificate's host name is checked.
 */
@Timeout(60)
class StartTlsTest {
    private static final char[] PASS = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static SSLContext serverForLoopback;
    private static SSLContext serverForOtherName;
    private static SSLContext clientTrustingBoth;

    @BeforeAll
    static void makeCertificates() throws Exception {
        KeyStore loopback = generate("loopback", "ip:127.0.0.1,dns:localhost");
        KeyStore other = generate("other", "dns:imap.wrong.example");
        serverForLoopback = serverContext(loopback);
        serverForOtherName = serverContext(other);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("loopback", loopback.getCertificate("srv"));
        trust.setCertificateEntry("other", other.getCertificate("srv"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientTrustingBoth = SSLContext.getInstance("TLS");
        clientTrustingBoth.init(null, tmf.getTrustManagers(), null);
    }

    /** A self-signed key pair made by the JDK's keytool. */
    private static KeyStore generate(String name, String san) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2", "-keystore",
                ks.toString(), "-storetype", "PKCS12", "-storepass", new String(PASS), "-keypass", new String(PASS))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, p.exitValue(), "keytool failed: " + out);
        KeyStore k = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(ks)) {
            k.load(in, PASS);
        }
        Certificate c = k.getCertificate("srv");
        assertTrue(c != null, "no certificate in " + ks);
        return k;
    }

    private static SSLContext serverContext(KeyStore k) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(k, PASS);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /**
     * One-connection IMAP server: plain greeting with STARTTLS, answers the STARTTLS with the OK
     * and an injected capability response in one write, then speaks over TLS.
     */
    private static final class TlsFake implements AutoCloseable {
        final ServerSocket listener;
        final SSLContext context;
        final List<String> plainLines = new CopyOnWriteArrayList<>();
        final List<String> tlsLines = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile Socket socket;

        TlsFake(SSLContext context) throws IOException {
            this.context = context;
            listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(this::serve, "tls-fake-" + listener.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            try (Socket s = listener.accept()) {
                socket = s;
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                send(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] plain greeting\r\n");
                String line = readLine(in);
                plainLines.add(line);
                String tag = line.substring(0, line.indexOf(' '));
                send(out, tag + " OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 INJECTED]\r\n");
                SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(s, null, true);
                tls.startHandshake();
                InputStream tin = tls.getInputStream();
                OutputStream tout = tls.getOutputStream();
                while ((line = readLine(tin)) != null) {
                    tlsLines.add(line);
                    String[] w = line.split(" ", 3);
                    tag = w[0];
                    switch (w.length > 1 ? w[1] : "") {
                        case "CAPABILITY" -> send(tout, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + " OK done\r\n");
                        case "LOGIN", "NOOP" -> send(tout, tag + " OK done\r\n");
                        case "LOGOUT" -> {
                            send(tout, "* BYE see you\r\n" + tag + " OK done\r\n");
                            done.complete(null);
                            return;
                        }
                        default -> send(tout, tag + " BAD unexpected\r\n");
                    }
                }
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }

        private static void send(OutputStream out, String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Reads byte by byte (so nothing of the TLS handshake is read ahead); null at EOF. */
        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return null;
        }

        void awaitDone() throws Exception {
            done.get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            listener.close();
            Socket s = socket;
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void injectedPlainTextAfterTheOkIsIgnoredAndCapabilitiesComeOverTls() throws Exception {
        try (TlsFake server = new TlsFake(serverForLoopback)) {
            Imap4 imap = new Imap4("127.0.0.1", server.port(), Fake.options());
            try {
                assertFalse(imap.isSecure());
                assertTrue(imap.hasCapability("STARTTLS"));
                Result<Void> r = imap.starttls(clientTrustingBoth);
                assertTrue(r.isOk());
                assertTrue(imap.isSecure());
                assertInstanceOf(SSLSocket.class, imap.socket());
                assertFalse(imap.hasCapability("INJECTED"), "capabilities: " + imap.capabilities());
                assertFalse(imap.capabilities().contains("INJECTED"));
                assertEquals(List.of("IMAP4REV1", "AUTH=PLAIN"), imap.capabilities());
                for (String ok : Fake.data(imap.response("OK"))) {
                    assertFalse(ok.contains("INJECTED"), "injected response was stored: " + ok);
                }
                assertTrue(imap.login("alice", "secret").isOk());
                assertEquals(State.AUTH, imap.state());
                assertEquals("BYE", imap.logout().type());
            } finally {
                imap.shutdown();
            }
            server.awaitDone();
            assertEquals(List.of("A0 STARTTLS"), server.plainLines);
            assertEquals(List.of("A1 CAPABILITY", "A2 LOGIN alice secret", "A3 LOGOUT"), server.tlsLines);
        }
    }

    @Test
    void hostNameIsVerified() throws Exception {
        try (TlsFake server = new TlsFake(serverForOtherName)) {
            Imap4 imap = new Imap4("127.0.0.1", server.port(), Fake.options());
            try {
                Imap4AbortException e = assertThrows(Imap4AbortException.class, () -> imap.starttls(clientTrustingBoth));
                assertTrue(e.getMessage().contains("TLS"), e.getMessage());
                assertFalse(imap.isAlive());
            } finally {
                imap.shutdown();
            }
            ExecutionException serverSide = assertThrows(ExecutionException.class, server::awaitDone);
            // the handshake died on the server too (SSLException, or a reset when the client hangs up first)
            assertInstanceOf(java.io.IOException.class, serverSide.getCause());
            assertEquals(List.of(), server.tlsLines, "nothing was sent over the unverified session");
        }
    }

    @Test
    void sameCertificateIsAcceptedWhenHostNameCheckIsOff() throws Exception {
        // Shows that the failure above comes from the name check, not from trust.
        try (TlsFake server = new TlsFake(serverForOtherName)) {
            Imap4 imap = new Imap4("127.0.0.1", server.port(), Fake.options().withVerifyHostname(false));
            try {
                assertTrue(imap.starttls(clientTrustingBoth).isOk());
                assertTrue(imap.isSecure());
                assertTrue(imap.noop().isOk());
            } finally {
                imap.shutdown();
            }
        }
    }

    @Test
    void starttlsAnsweredNoThrowsAndTheConnectionStaysPlain() throws Exception {
        play(Fake.greeting("STARTTLS") + """
                C: A0 STARTTLS
                S: A0 NO [UNAVAILABLE] TLS not available right now
                C: A1 NOOP
                S: A1 OK NOOP completed
                """, (server, imap) -> {
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.starttls(clientTrustingBoth));
            assertFalse(e instanceof Imap4AbortException);
            assertEquals("NO", e.status());
            assertFalse(imap.isSecure());
            assertTrue(imap.isAlive());
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals("A0 STARTTLS\r\nA1 NOOP\r\n", server.clientText());
        });
    }

    @Test
    void starttlsWithoutTheCapabilitySendsNothing() throws Exception {
        play(Fake.greeting("AUTH=PLAIN") + """
                C: A0 NOOP
                S: A0 OK NOOP completed
                """, (server, imap) -> {
            assertThrows(Imap4Exception.class, () -> imap.starttls(clientTrustingBoth));
            assertFalse(imap.isSecure());
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals("A0 NOOP\r\n", server.clientText());
        });
    }
}
