package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How Jakarta Mail finds imap4lib: alone on a user's class path (a forked JVM without Angus's
 * IMAP provider) and next to Angus's jars (this JVM's test class path has them).
 */
class RegistrationTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    /** The runtime class path a user has: our classes, jakarta.mail-api, angus-core, activation. */
    private static String userClassPath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> keep = new ArrayList<>();
        for (String e : full.split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            boolean ours = e.endsWith("classes") || e.endsWith("test-classes");
            if (ours || name.startsWith("jakarta.mail-api-") || name.startsWith("angus-core-")
                    || name.startsWith("angus-activation-") || name.startsWith("jakarta.activation-api-")) {
                keep.add(e);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    @Test
    void everyWayOfSelectingImap4libWorksWithoutAngusImap() throws Exception {
        greenMail.setUser("reg@example.com", "reg", "pw");
        String cp = userClassPath();
        assertTrue(cp.contains("jakarta.mail-api-") && cp.contains("angus-core-"), cp);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", cp, RegistrationProbe.class.getName(), "127.0.0.1",
                String.valueOf(greenMail.getImap().getPort()), "reg", "pw").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        for (String check : List.of("no-angus-imap", "getStore(imap4lib)", "mail.store.protocol", "URLName",
                "mail.imap.class", "provider(imap4libs)")) {
            assertTrue(out.contains("OK " + check + "\n") || out.contains("OK " + check + "\r\n"),
                    check + " in:\n" + out);
        }
        assertEquals(0, p.exitValue(), out);
    }

    /** Each registration file on its own is enough (a repackaged jar may keep only one of them). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"jakarta.providers", "javamail.providers",
        "services/jakarta.mail.Provider"})
    void eachRegistrationFileAloneIsEnough(String keep, @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        greenMail.setUser("reg@example.com", "reg", "pw");
        Path classes = Path.of(Imap4libStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path copy = tmp.resolve("classes");
        try (var walk = java.nio.file.Files.walk(classes)) {
            for (Path src : (Iterable<Path>) walk::iterator) {
                Path dst = copy.resolve(classes.relativize(src).toString());
                if (java.nio.file.Files.isDirectory(src)) {
                    java.nio.file.Files.createDirectories(dst);
                } else {
                    java.nio.file.Files.copy(src, dst);
                }
            }
        }
        for (String f : List.of("jakarta.providers", "javamail.providers", "services/jakarta.mail.Provider")) {
            if (!f.equals(keep)) {
                java.nio.file.Files.delete(copy.resolve("META-INF").resolve(f));
            }
        }
        String cp = userClassPath().replace(classes.toString(), copy.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", cp, RegistrationProbe.class.getName(), "127.0.0.1",
                String.valueOf(greenMail.getImap().getPort()), "reg", "pw").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("OK getStore(imap4lib)"), keep + ":\n" + out);
        assertTrue(out.contains("OK provider(imap4libs)"), keep + ":\n" + out);
    }

    @Test
    void nextToAngusEachProtocolGetsItsOwnStore() throws Exception {
        Session s = Session.getInstance(new Properties());
        Store ours = s.getStore("imap4lib");
        assertInstanceOf(Imap4libStore.class, ours);
        assertInstanceOf(Imap4libSslStore.class, s.getStore("imap4libs"));
        Store angus = s.getStore("imap");
        assertEquals("org.eclipse.angus.mail.imap.IMAPStore", angus.getClass().getName());
        Properties p = new Properties();
        p.put("mail.imap.class", Imap4libStore.class.getName());
        assertInstanceOf(Imap4libStore.class, Session.getInstance(p).getStore("imap"));
    }
}
