package dev.imap4lib.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Server certificates for TLS failure tests, made by the JDK's {@code keytool} at test time: one
 * test CA and three leaf certificates it issued for the same key, which differ in exactly one
 * respect. A client trusting the CA ({@link #clientTrustingCa()}) accepts {@link #good()} and
 * must reject {@link #wrongName()} (host name check) and {@link #expired()} (validity); a client
 * with the JVM's default trust rejects all three (unknown issuer).
 *
 * <p>The leaves have a CA above them on purpose: a self-signed certificate that is itself the
 * trust anchor is accepted by the JDK even when expired (anchors' dates are not checked), which
 * would hide the very failure {@link #expired()} exists for.
 */
public final class TestCertificates {
    private static final String PASS = "changeit";

    private final X509Certificate ca;
    private final PrivateKey leafKey;
    private final X509Certificate good;
    private final X509Certificate wrongName;
    private final X509Certificate expired;

    private TestCertificates(X509Certificate ca, PrivateKey leafKey, X509Certificate good, X509Certificate wrongName,
            X509Certificate expired) {
        this.ca = ca;
        this.leafKey = leafKey;
        this.good = good;
        this.wrongName = wrongName;
        this.expired = expired;
    }

    /** Generates the CA and the three leaves in {@code dir} (about 3 s of keytool runs). */
    public static TestCertificates generate(Path dir) throws IOException {
        Path caStore = dir.resolve("ca.p12");
        Path leafStore = dir.resolve("leaf.p12");
        Path csr = dir.resolve("leaf.csr");
        // The CA's own dates start in the past too, so that it covers the expired leaf's period.
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=imap4lib test CA", "-ext", "bc:c", "-startdate", "-60d", "-validity", "3650",
                "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "30", "-keystore", leafStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS);
        keytool("-certreq", "-alias", "leaf", "-keystore", leafStore.toString(), "-storepass", PASS,
                "-file", csr.toString());
        X509Certificate good = issue(dir, caStore, csr, "good", "SAN=dns:localhost,ip:127.0.0.1", null, "30");
        X509Certificate wrong = issue(dir, caStore, csr, "wrong", "SAN=dns:imap.wrong.example", null, "30");
        // valid for ten days, a month ago: expired twenty days before the test runs
        X509Certificate expired = issue(dir, caStore, csr, "expired", "SAN=dns:localhost,ip:127.0.0.1", "-30d", "10");
        try {
            KeyStore caKs = load(caStore);
            KeyStore leafKs = load(leafStore);
            return new TestCertificates((X509Certificate) caKs.getCertificate("ca"),
                    (PrivateKey) leafKs.getKey("leaf", PASS.toCharArray()), good, wrong, expired);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the generated keys: " + e, e);
        }
    }

    private static X509Certificate issue(Path dir, Path caStore, Path csr, String name, String san, String startDate,
            String validityDays) throws IOException {
        Path out = dir.resolve(name + ".crt");
        List<String> args = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", caStore.toString(),
                "-storepass", PASS, "-infile", csr.toString(), "-outfile", out.toString(), "-rfc",
                "-ext", san, "-validity", validityDays));
        if (startDate != null) {
            args.add("-startdate");
            args.add(startDate);
        }
        keytool(args.toArray(new String[0]));
        try (InputStream in = Files.newInputStream(out)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + out + ": " + e, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASS.toCharArray());
        }
        return ks;
    }

    /** The test CA that issued the three leaves. */
    public X509Certificate ca() {
        return ca;
    }

    /** For localhost and 127.0.0.1, currently valid. */
    public X509Certificate good() {
        return good;
    }

    /** For imap.wrong.example only, currently valid. */
    public X509Certificate wrongName() {
        return wrongName;
    }

    /** For localhost and 127.0.0.1, but its validity ended twenty days ago. */
    public X509Certificate expired() {
        return expired;
    }

    /** A server-side TLS context presenting {@code leaf} (one of the three above) and the CA. */
    public SSLContext serverContext(X509Certificate leaf) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("srv", leafKey, PASS.toCharArray(), new Certificate[] {leaf, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASS.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a server TLS context", e);
        }
    }

    /** A client-side TLS context whose only trust anchor is the test CA. */
    public SSLContext clientTrustingCa() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }
}
