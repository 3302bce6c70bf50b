package dev.imap4lib.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** What the real-server launchers (Dovecot, Cyrus) share: ports, greetings, a test certificate. */
final class TestServers {
    static final String HOST = "127.0.0.1";
    static final String TRUSTSTORE_PASSWORD = "changeit";

    private TestServers() {
    }

    /** One line (without CRLF) from a server, or null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            buf.write(b);
        }
        if (b == -1 && buf.size() == 0) {
            return null;
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** {@code n} loopback ports free right now (a launcher retries if one is taken meanwhile). */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(ss);
                ports[i] = ss.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket ss : sockets) {
                ss.close();
            }
        }
    }

    /**
     * Writes {@code key.pem} and {@code cert.pem} into {@code dir}: a self-signed RSA-2048
     * certificate for {@code localhost} and 127.0.0.1, its own CA, valid ten years (openssl CLI).
     */
    static void selfSignedCertificate(Path dir, String organisation) throws IOException {
        Path openssl = InteropDebs.which("openssl");
        if (openssl == null) {
            throw new IOException("openssl not found (apt-get install openssl)");
        }
        Path cnf = dir.resolve("openssl.cnf");
        Files.writeString(cnf, String.join("\n",
                "[req]", "distinguished_name = dn", "prompt = no", "x509_extensions = v3",
                "[dn]", "O = " + organisation, "CN = localhost",
                "[v3]", "basicConstraints = critical, CA:TRUE",
                "keyUsage = critical, digitalSignature, keyEncipherment, keyCertSign",
                "extendedKeyUsage = serverAuth", "subjectKeyIdentifier = hash",
                "authorityKeyIdentifier = keyid:always",
                "subjectAltName = DNS:localhost, IP:127.0.0.1", ""));
        byte[] serial = new byte[8];
        new java.security.SecureRandom().nextBytes(serial);
        serial[0] &= 0x7f; // a positive serial, different every time (clients cache by issuer+serial)
        StringBuilder hex = new StringBuilder("0x");
        for (byte b : serial) {
            hex.append(String.format("%02x", b));
        }
        InteropDebs.run(List.of(openssl.toString(), "req", "-x509", "-new", "-newkey", "rsa:2048", "-nodes",
                "-sha256", "-days", "3650", "-config", cnf.toString(), "-set_serial", hex.toString(),
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()), dir);
        Files.setPosixFilePermissions(dir.resolve("key.pem"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir.resolve("cert.pem"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** A PKCS12 truststore holding exactly {@code pem}, and a TLS context trusting only it. */
    static SSLContext trusting(Path pem, Path truststore, String alias) throws IOException {
        try {
            Certificate cert;
            try (InputStream in = Files.newInputStream(pem)) {
                cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry(alias, cert);
            try (OutputStream out = Files.newOutputStream(truststore)) {
                ks.store(out, TRUSTSTORE_PASSWORD.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a truststore from " + pem + ": " + e, e);
        }
    }

    /**
     * Waits until the server greets with {@code * OK} on the plain port and completes a TLS
     * handshake (host name checked) and greeting on the implicit-TLS port: proves the
     * certificate set-up, and leaves no login process half-started (one still starting when the
     * master stops makes the stop take seconds longer).
     *
     * @param failure turns a reason into the launcher's start-failure exception (with its log)
     */
    static void awaitGreetings(Process p, String server, int imapPort, int imapsPort, SSLContext ssl, long deadline,
            java.util.function.Function<String, IOException> failure) throws IOException {
        String last = "no connection";
        while (true) {
            if (!p.isAlive()) {
                throw failure.apply(server + " exited during start (exit code " + p.exitValue() + ")");
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(HOST, imapPort), 1000);
                s.setSoTimeout(5000);
                String greeting = readLine(s.getInputStream());
                if (greeting != null && greeting.startsWith("* OK")) {
                    tlsGreeting(server, imapsPort, ssl, failure);
                    return;
                }
                last = "unexpected greeting: " + greeting;
            } catch (IOException e) {
                last = e.toString();
            }
            if (System.nanoTime() > deadline) {
                throw failure.apply(server + " did not greet on " + HOST + ":" + imapPort + " in time (" + last + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + server, e);
            }
        }
    }

    private static void tlsGreeting(String server, int port, SSLContext ssl,
            java.util.function.Function<String, IOException> failure) throws IOException {
        try (java.net.Socket t = new java.net.Socket()) {
            t.connect(new java.net.InetSocketAddress(HOST, port), 1000);
            t.setSoTimeout(5000);
            try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) ssl.getSocketFactory()
                    .createSocket(t, "localhost", port, true)) {
                javax.net.ssl.SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(params);
                tls.startHandshake();
                String g = readLine(tls.getInputStream());
                if (g == null || !g.startsWith("* OK")) {
                    throw failure.apply("unexpected greeting on the TLS port " + port + ": " + g);
                }
            }
        } catch (javax.net.ssl.SSLException e) {
            throw failure.apply("TLS handshake with " + server + " failed on port " + port + ": " + e);
        }
    }
}
