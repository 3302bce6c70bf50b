package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.testing.TestCertificates;
import dev.imap4lib.testing.TlsImapFake;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional {@code imap} registration (the {@code imap} classifier jar, built from
 * {@code src/main/imap-registration}): with it beside the main jar, {@code getStore("imap")} and
 * {@code "imaps"} are imap4lib's without any property, also when Angus's IMAP provider is on the
 * class path too (jakarta.mail-api 2.1.5, each case in a JVM of its own); and after such a switch
 * a certificate that imap4lib's STARTTLS meets and cannot trust gives a message naming the
 * properties that fix it.
 */
@Timeout(120)
class ImapRegistrationTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final String OURS = Imap4libStore.class.getName();
    private static final String OURS_TLS = Imap4libSslStore.class.getName();
    private static final String ANGUS = "org.eclipse.angus.mail.imap.IMAPStore";
    private static final String ANGUS_TLS = "org.eclipse.angus.mail.imap.IMAPSSLStore";

    /** What the classifier jar holds. */
    private static Path registration() {
        Path p = Path.of(System.getProperty("basedir", "."), "src", "main", "imap-registration");
        assertTrue(Files.isRegularFile(p.resolve("META-INF/jakarta.providers")), p.toString());
        return p;
    }

    private static List<String> testClassPath(Predicate<String> fileName) {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        for (String e : full.split(File.pathSeparator)) {
            if (fileName.test(Path.of(e).getFileName().toString())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Our classes and the jars an application has for imap4lib; no Angus IMAP. */
    private static List<String> imap4lib() {
        List<String> cp = testClassPath(n -> n.equals("classes") || n.equals("test-classes")
                || n.startsWith("jakarta.mail-api-2.1.5") || n.startsWith("angus-core-")
                || n.startsWith("angus-activation-") || n.startsWith("jakarta.activation-api-"));
        assertTrue(cp.stream().anyMatch(e -> e.contains("jakarta.mail-api-2.1.5")), "jakarta.mail-api 2.1.5: " + cp);
        return cp;
    }

    /** Angus's mail jar (IMAP, SMTP, POP3, built for jakarta.mail-api 2.1.5). */
    private static String angus() {
        List<String> j = testClassPath(n -> n.startsWith("jakarta.mail-2.") && n.endsWith(".jar"));
        assertEquals(1, j.size(), "Angus's jakarta.mail jar on the test class path: " + j);
        return j.get(0);
    }

    /** Runs the probe on {@code cp}; returns its lines. */
    private static List<String> probe(List<String> cp) throws Exception {
        greenMail.setUser("swap@example.com", "swap", "pw-swap");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, cp),
                ImapRegistrationProbe.class.getName(), "127.0.0.1", String.valueOf(greenMail.getImap().getPort()),
                "swap", "pw-swap").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    private static List<String> expect(String imap, String imaps) {
        return List.of("imap " + imap, "imaps " + imaps, "imap4lib " + OURS, "imap4libs " + OURS_TLS, "count 0");
    }

    @Test
    void withTheRegistrationAloneImapIsImap4lib() throws Exception {
        List<String> cp = new ArrayList<>(imap4lib());
        cp.add(registration().toString());
        assertEquals(expect(OURS, OURS_TLS), probe(cp));
    }

    @Test
    void withoutTheRegistrationAngusKeepsImap() throws Exception {
        List<String> cp = new ArrayList<>(imap4lib());
        cp.add(angus());
        assertEquals(expect(ANGUS, ANGUS_TLS), probe(cp));
    }

    /**
     * Angus's IMAP provider is a default provider (jakarta.mail-api consults those last), so the
     * registration wins wherever the jars are on the class path.
     */
    @Test
    void theRegistrationWinsOverAngusInEitherClassPathOrder() throws Exception {
        List<String> oursFirst = new ArrayList<>(imap4lib());
        oursFirst.add(registration().toString());
        oursFirst.add(angus());
        assertEquals(expect(OURS, OURS_TLS), probe(oursFirst));

        List<String> angusFirst = new ArrayList<>(List.of(angus(), registration().toString()));
        angusFirst.addAll(imap4lib());
        assertEquals(expect(OURS, OURS_TLS), probe(angusFirst));
    }

    /**
     * Connects imap4lib's store for {@code provider}'s protocol to a server whose certificate
     * comes from a private CA the JVM does not trust (as a self-signed one would); returns the
     * error's message.
     */
    private static String untrustedCertificateMessage(Path dir, TlsImapFake.Mode mode, jakarta.mail.Provider provider)
            throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        try (TlsImapFake server = new TlsImapFake(certs.serverContext(certs.good()), mode)) {
            String prefix = "mail." + provider.getProtocol() + ".";
            Properties p = new Properties();
            p.put(prefix + "host", "127.0.0.1");
            p.put(prefix + "port", String.valueOf(server.port()));
            p.put(prefix + "timeout", "10000");
            Store store = Session.getInstance(p).getStore(provider);
            assertEquals(provider.getClassName(), store.getClass().getName());
            MessagingException e = assertThrows(MessagingException.class, () -> store.connect("alice", "pw-alice"));
            assertFalse(e instanceof AuthenticationFailedException, e.toString());
            assertFalse(e.getMessage().contains("pw-alice"), e.getMessage());
            return e.getMessage();
        }
    }

    /** After STARTTLS, which Angus (STARTTLS off by default) would not have used. */
    @Test
    void anUntrustedCertificateAfterTheSwitchNamesTheFixes(@TempDir Path dir) throws Exception {
        String m = untrustedCertificateMessage(dir, TlsImapFake.Mode.STARTTLS, new Imap4libImapProvider());
        assertTrue(m.contains("mail.imap.starttls.enable=false"), m);
        assertTrue(m.contains("mail.imap.ssl.trust=127.0.0.1"), m);
        assertTrue(m.contains("javax.net.ssl.trustStore"), m);
    }

    @Test
    void implicitTlsNamesOnlyTheTrustSettings(@TempDir Path dir) throws Exception {
        String m = untrustedCertificateMessage(dir, TlsImapFake.Mode.IMPLICIT, new Imap4libImapsProvider());
        assertTrue(m.contains("mail.imaps.ssl.trust=127.0.0.1"), m);
        assertFalse(m.contains("starttls"), m);
    }
}
