package dev.imap4lib.appserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imap4lib.provider.Imap4libStore;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real GlassFish Embedded 7.0.25 (jakarta.mail-api 2.1.3, Angus 2.0.3 inside), in a forked
 * JVM whose class path is GlassFish's jar and a small driver: a WAR built here from
 * {@code glassfish/MailboxServlet.java} reads a Dovecot mailbox through
 * {@code @MailSessionDefinition}s for {@code imap4lib} (STARTTLS), {@code imap4libs} and the
 * {@code mail.imap.class} drop-in; it is deployed, read, undeployed, and deployed and read
 * again, and after each undeploy no imap4lib thread may be left. Once with imap4lib's jar
 * alone in {@code WEB-INF/lib}, once installed server-wide (on the server's class path).
 */
@ExtendWith(DovecotExtension.class)
class GlassFishEmbeddedTest {
    private static final String USER = "user2";
    private static final int ROUNDS = 2;
    /** GlassFish's own manifest asks for these (Add-Opens/Add-Exports); a plain java -cp must pass them. */
    private static final List<String> JVM_ARGS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED",
            "--add-opens=java.base/sun.net.www.protocol.jrt=ALL-UNNAMED",
            "--add-opens=java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.vm.annotation=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.vm.annotation=ALL-UNNAMED");

    @TempDir
    Path tmp;

    @Test
    void imap4libInWebInfLibReadsDovecotAndLeavesNoThreadAfterUndeploy(DovecotServer dovecot) throws Exception {
        Path imap4lib = imap4libJar();
        Path war = war(dovecot, imap4lib);
        assertRounds(runGlassFish(war, List.of()));
    }

    @Test
    void imap4libInstalledServerWideReadsDovecotAndLeavesNoThreadAfterUndeploy(DovecotServer dovecot)
            throws Exception {
        Path imap4lib = imap4libJar();
        Path war = war(dovecot, null);
        assertRounds(runGlassFish(war, List.of(imap4lib)));
    }

    /** The subjects {@link DovecotServer#populate} gives messages 1-3. */
    private List<String> subjects;

    private void assertRounds(List<String> result) {
        String line = " " + subjects.size() + " " + String.join("|", subjects);
        List<String> expected = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            expected.add("round " + round + ": imap4lib dev.imap4lib.provider.Imap4libStore" + line);
            expected.add("round " + round + ": imap4libs dev.imap4lib.provider.Imap4libSslStore" + line);
            expected.add("round " + round + ": dropin dev.imap4lib.provider.Imap4libStore" + line);
            expected.add("round " + round + " threads: []");
        }
        assertEquals(String.join("\n", expected), String.join("\n", result));
    }

    /** imap4lib's jar as a user gets it: target/classes (classes and META-INF), nothing else. */
    private Path imap4libJar() throws IOException {
        Path jar = tmp.resolve("lib/imap4lib.jar");
        try (JarOutputStream out = ForkedJava.newJar(jar)) {
            ForkedJava.addTree(out, ForkedJava.codeSource(Imap4libStore.class), "", rel -> true);
        }
        return jar;
    }

    /** The WAR: the servlet (values filled in, compiled against GlassFish) and maybe imap4lib. */
    private Path war(DovecotServer dovecot, Path imap4lib) throws IOException {
        String folder = "GlassFish" + System.nanoTime();
        int n = dovecot.populate(USER, folder, 3);
        assertEquals(3, n, "messages in " + folder);
        subjects = List.of("Test message 1", "Grüße 2", "Alternative 3");
        String source = resource("MailboxServlet.java")
                .replace("@@USER@@", USER)
                .replace("@@PASS@@", DovecotServer.USERS.get(USER))
                .replace("@@PORT@@", String.valueOf(dovecot.imapPort()))
                .replace("@@IMAPS_PORT@@", String.valueOf(dovecot.imapsPort()))
                .replace("@@FOLDER@@", folder);
        Path classes = compile("servlet", "mailapp/MailboxServlet.java", source);
        Path war = tmp.resolve("mailapp.war");
        try (JarOutputStream out = ForkedJava.newJar(war)) {
            ForkedJava.addTree(out, classes, "WEB-INF/classes/", rel -> true);
            if (imap4lib != null) {
                ForkedJava.add(out, "WEB-INF/lib/imap4lib.jar", Files.readAllBytes(imap4lib));
            }
        }
        return war;
    }

    /** Starts the forked GlassFish with the driver (and {@code serverWide} on its class path). */
    private List<String> runGlassFish(Path war, List<Path> serverWide) throws Exception {
        Path driver = compile("driver", "gfdriver/GlassFishDriver.java", resource("GlassFishDriver.java"));
        List<Path> cp = new ArrayList<>(List.of(ForkedJava.artifact("glassfish-embedded-all-7.0.25.jar"), driver));
        cp.addAll(serverWide);
        Path result = tmp.resolve("result.txt");
        List<String> jvm = new ArrayList<>(JVM_ARGS);
        jvm.add("-Djava.io.tmpdir=" + tmp.resolve("gf-tmp"));
        Files.createDirectories(tmp.resolve("gf-tmp"));
        ForkedJava.Result r = ForkedJava.run(cp, jvm, "gfdriver.GlassFishDriver",
                List.of(war.toString(), result.toString(), String.valueOf(ROUNDS)), 300);
        assertEquals(0, r.exitCode(), r.output());
        List<String> lines = Files.exists(result) ? Files.readAllLines(result, StandardCharsets.UTF_8) : List.of();
        if (lines.size() != ROUNDS * 4) {
            throw new AssertionError("result " + lines + "\nGlassFish output:\n" + r.output());
        }
        return lines;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GlassFishEmbeddedTest.class.getResourceAsStream("/glassfish/" + name)) {
            if (in == null) {
                throw new IOException("test resource glassfish/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Compiles one source against GlassFish's jar into tmp/NAME. */
    private Path compile(String name, String path, String source) throws IOException {
        Path src = tmp.resolve(name + "-src").resolve(path);
        Files.createDirectories(src.getParent());
        Files.writeString(src, source, StandardCharsets.UTF_8);
        Path out = tmp.resolve(name);
        ForkedJava.compile(List.of(src), List.of(ForkedJava.artifact("glassfish-embedded-all-7.0.25.jar")), out);
        return out;
    }
}
