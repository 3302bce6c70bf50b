package dev.imap4lib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.TestCertificates;
import dev.imap4lib.testing.TlsImapFake;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cacert} and {@code --pin} against a TLS server presenting test certificates issued by a
 * test CA, on implicit TLS and STARTTLS (the self-signed Dovecot case is in {@link DovecotCliTest}).
 */
class TlsOptionsTest {
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static Path caPem;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.generate(dir);
        caPem = pem(dir.resolve("ca.pem"), certs.ca());
    }

    static Path pem(Path file, X509Certificate... cs) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : cs) {
            sb.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        Files.writeString(file, sb.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    private static DovecotCliTest.Run ls(TlsImapFake server, TlsImapFake.Mode mode, String... trust) {
        List<String> args = new ArrayList<>(List.of("ls", "INBOX", "--host", "127.0.0.1", "--port",
                Integer.toString(server.port()), "--user", "u", mode == TlsImapFake.Mode.IMPLICIT ? "--tls" : "--starttls"));
        args.addAll(List.of(trust));
        return DovecotCliTest.runRaw(Map.of("IMAP4LIB_PASSWORD", "p"), args);
    }

    private static void assertTlsRefused(DovecotCliTest.Run r, String contains) {
        assertEquals(Main.EXIT_TLS, r.code(), r::toString);
        assertTrue(r.err().startsWith("imap4lib: TLS failure: ") && r.err().contains(contains), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void caBundleIsTrustedAndTheHostNameStillChecked() throws Exception {
        Path bundle = pem(dir.resolve("bundle.pem"), certs.expired(), certs.ca()); // a bundle: the CA need not come first
        for (TlsImapFake.Mode mode : TlsImapFake.Mode.values()) {
            try (TlsImapFake good = new TlsImapFake(certs.serverContext(certs.good()), mode);
                    TlsImapFake wrongName = new TlsImapFake(certs.serverContext(certs.wrongName()), mode)) {
                DovecotCliTest.Run ok = ls(good, mode, "--cacert", bundle.toString());
                assertEquals(0, ok.code(), () -> mode + ": " + ok);
                assertTrue(ok.out().contains("INBOX"), ok.out());
                assertTrue(good.tlsLines().stream().anyMatch(l -> l.contains("LOGIN")), "logged in inside TLS");

                assertTlsRefused(ls(good, mode), "PKIX"); // the JVM's CAs do not know the test CA
                assertTlsRefused(ls(wrongName, mode, "--cacert", caPem.toString()), "127.0.0.1");
                assertTrue(wrongName.tlsLines().isEmpty() && wrongName.plainLines().stream().noneMatch(l -> l.contains("LOGIN")),
                        "no credentials sent to a server with the wrong name");
            }
        }
    }

    @Test
    void pinAcceptsExactlyThatCertificateWhateverItsNameOrDates() throws Exception {
        for (TlsImapFake.Mode mode : TlsImapFake.Mode.values()) {
            try (TlsImapFake wrongName = new TlsImapFake(certs.serverContext(certs.wrongName()), mode);
                    TlsImapFake expired = new TlsImapFake(certs.serverContext(certs.expired()), mode)) {
                String pin = Trust.fingerprint(certs.wrongName());
                DovecotCliTest.Run ok = ls(wrongName, mode, "--pin", pin);
                assertEquals(0, ok.code(), () -> mode + ": " + ok);
                // lower case without colons (openssl dgst style) is the same pin
                DovecotCliTest.Run hex = ls(expired, mode, "--pin", "sha256:" + Trust.fingerprint(certs.expired()).substring(7)
                        .replace(":", "").toLowerCase(java.util.Locale.ROOT));
                assertEquals(0, hex.code(), () -> mode + ": " + hex);

                int linesBefore = expired.tlsLines().size();
                DovecotCliTest.Run wrong = ls(expired, mode, "--pin", pin);
                assertTlsRefused(wrong, "the server's certificate " + Trust.fingerprint(certs.expired())
                        + " is not the one given with --pin " + pin);
                assertEquals(linesBefore, expired.tlsLines().size(), "the refused run sent nothing inside TLS");
            }
        }
    }

    @Test
    void badTrustOptionsAreUsageErrors() throws Exception {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        List<String> base = List.of("ls", "--host", "127.0.0.1", "--user", "u", "--tls");
        String[][] cases = {
            {"--cacert", dir.resolve("missing.pem").toString(), "no such file"},
            {"--cacert", notPem.toString(), "not a PEM certificate file"},
            {"--pin", "md5:00", "--pin needs sha256:FINGERPRINT"},
            {"--pin", "sha256:abcd", "is not a SHA-256 fingerprint"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(base);
            args.add(c[0]);
            args.add(c[1]);
            DovecotCliTest.Run r = DovecotCliTest.runRaw(Map.of("IMAP4LIB_PASSWORD", "p"), args);
            assertEquals(Main.EXIT_USAGE, r.code(), r::toString);
            assertTrue(r.err().contains(c[2]), r.err());
        }
        List<String> both = new ArrayList<>(base);
        both.addAll(List.of("--cacert", caPem.toString(), "--insecure"));
        DovecotCliTest.Run r = DovecotCliTest.runRaw(Map.of("IMAP4LIB_PASSWORD", "p"), both);
        assertTrue(r.code() == Main.EXIT_USAGE && r.err().contains("exclude each other"), r::toString);
    }
}
