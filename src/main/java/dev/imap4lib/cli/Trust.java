package dev.imap4lib.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom a TLS connection trusts instead of the JVM's CAs: the certificates of a PEM file
 * ({@code --cacert}, checked as usual, host name included), or exactly one server certificate
 * named by its SHA-256 fingerprint ({@code --pin}, which is then the server's whole identity).
 */
final class Trust {
    private Trust() {
    }

    /** A context whose trust anchors are the certificates in {@code pem} (one certificate or a CA bundle). */
    static SSLContext caFile(Path pem) throws CliException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw CliException.usage("--cacert: no such file: " + pem);
        } catch (IOException | CertificateException e) {
            throw CliException.usage("--cacert: " + pem + " is not a PEM certificate file: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw CliException.usage("--cacert: no certificate in " + pem);
        }
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("cert-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            return context(tmf.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new CliException(Main.EXIT_TLS, "cannot use the certificates of " + pem + ": " + e.getMessage(), e);
        }
    }

    /** The 32 bytes of {@code sha256:HEX} (colons and case as openssl prints them are fine). */
    static byte[] parsePin(String pin) throws CliException {
        String p = pin.trim();
        if (!p.toLowerCase(Locale.ROOT).startsWith("sha256:")) {
            throw CliException.usage("--pin needs sha256:FINGERPRINT (as printed by: openssl x509 -noout -fingerprint -sha256)");
        }
        String hex = p.substring(7).replace(":", "");
        try {
            byte[] b = HexFormat.of().parseHex(hex);
            if (b.length == 32) {
                return b;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw CliException.usage("--pin: \"" + p.substring(7) + "\" is not a SHA-256 fingerprint (64 hex digits)");
    }

    /** {@code sha256:AB:CD:...} of a certificate's DER encoding. */
    static String fingerprint(X509Certificate c) throws CertificateEncodingException {
        return "sha256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(c.getEncoded()));
    }

    /**
     * A context accepting exactly the server certificate with this fingerprint. Neither its issuer
     * nor its dates nor its names matter: the user said this certificate is the server.
     */
    static SSLContext pinned(byte[] sha256) throws CliException {
        X509TrustManager tm = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a client does not check clients");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain == null || chain.length == 0) {
                    throw new CertificateException("the server sent no certificate");
                }
                if (!MessageDigest.isEqual(sha256, sha256(chain[0].getEncoded()))) {
                    throw new CertificateException("the server's certificate " + fingerprint(chain[0])
                            + " is not the one given with --pin sha256:"
                            + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256));
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            return context(new TrustManager[] {tm});
        } catch (GeneralSecurityException e) {
            throw new CliException(Main.EXIT_TLS, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(TrustManager[] tms) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tms, null);
        return ctx;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
