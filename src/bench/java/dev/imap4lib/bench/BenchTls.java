package dev.imap4lib.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The benchmark Dovecot's TLS identity: a self-signed RSA 2048 certificate made by the JDK's
 * {@code keytool} (SAN IP:127.0.0.1 and DNS:localhost, so host name verification of
 * {@code 127.0.0.1} passes), written as PEM for Dovecot, and client {@link SSLContext}s whose
 * only trust anchor is that certificate: every client validates the chain and none is told to
 * trust blindly.
 */
final class BenchTls {
    private static final String ALIAS = "bench";
    private static final char[] PASS = "benchpass".toCharArray();

    final Path certPem;
    final Path keyPem;
    private final KeyStore trust;

    private BenchTls(Path certPem, Path keyPem, KeyStore trust) {
        this.certPem = certPem;
        this.keyPem = keyPem;
        this.trust = trust;
    }

    /**
     * A new context trusting only the server certificate. Each has its own TLS session cache, so
     * one client cannot resume a session another client's handshake left behind.
     */
    SSLContext newClientContext() throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a client TLS context: " + e, e);
        }
    }

    static BenchTls create(Path dir) throws IOException {
        Path p12 = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        BenchDovecot.run(List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                "-sigalg", "SHA256withRSA", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "30", "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASS), "-keypass", new String(PASS)));
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, PASS);
            }
            Certificate cert = ks.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) ks.getKey(ALIAS, PASS);
            Path certPem = dir.resolve("cert.pem");
            Path keyPem = dir.resolve("key.pem");
            Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
            // keytool cannot export a private key; PKCS#8 DER in PEM armour is what OpenSSL reads
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, cert);
            return new BenchTls(certPem, keyPem, trust);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the benchmark certificate: " + e, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
