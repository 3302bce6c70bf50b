package dev.imap4lib.appserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.provider.Imap4libStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which store Jakarta Mail gives for {@code imap4lib}, {@code imap4libs}, the
 * {@code mail.imap.class} drop-in and plain {@code imap}, per jakarta.mail-api version, per
 * registration file of ours (each alone, all together) and with or without Angus's
 * {@code angus-mail} jar beside ours; each case in a forked JVM (README "Application servers",
 * the version matrix). The expected table is the observed behaviour of each version.
 */
class JakartaMailVersionMatrixTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final String OURS = "dev.imap4lib.provider.Imap4libStore";
    private static final String OURS_SSL = "dev.imap4lib.provider.Imap4libSslStore";
    private static final String ANGUS = "org.eclipse.angus.mail.imap.IMAPStore";
    private static final List<String> FILES = List.of("javamail.providers", "jakarta.providers",
            "services/jakarta.mail.Provider", "all");

    /**
     * version, Angus's jar present, our registration file: does Jakarta Mail find our providers?
     * 2.1.0-2.1.3 never read {@code jakarta.providers}; 2.1.5 and 2.2.0-M1 read
     * {@code javamail.providers} only when no {@code jakarta.providers} is on the class path
     * (Angus's jar has one); the ServiceLoader file works in all.
     */
    private static final String[] FOUND = {
        "2.1.0    no  javamail.providers yes", "2.1.0    no  jakarta.providers no",
        "2.1.0    no  services/jakarta.mail.Provider yes", "2.1.0    no  all yes",
        "2.1.0    yes javamail.providers yes", "2.1.0    yes jakarta.providers no",
        "2.1.0    yes services/jakarta.mail.Provider yes", "2.1.0    yes all yes",
        "2.1.3    no  javamail.providers yes", "2.1.3    no  jakarta.providers no",
        "2.1.3    no  services/jakarta.mail.Provider yes", "2.1.3    no  all yes",
        "2.1.3    yes javamail.providers yes", "2.1.3    yes jakarta.providers no",
        "2.1.3    yes services/jakarta.mail.Provider yes", "2.1.3    yes all yes",
        "2.1.5    no  javamail.providers yes", "2.1.5    no  jakarta.providers yes",
        "2.1.5    no  services/jakarta.mail.Provider yes", "2.1.5    no  all yes",
        "2.1.5    yes javamail.providers no", "2.1.5    yes jakarta.providers yes",
        "2.1.5    yes services/jakarta.mail.Provider yes", "2.1.5    yes all yes",
        "2.2.0-M1 no  javamail.providers yes", "2.2.0-M1 no  jakarta.providers yes",
        "2.2.0-M1 no  services/jakarta.mail.Provider yes", "2.2.0-M1 no  all yes",
        "2.2.0-M1 yes javamail.providers no", "2.2.0-M1 yes jakarta.providers yes",
        "2.2.0-M1 yes services/jakarta.mail.Provider yes", "2.2.0-M1 yes all yes",
    };

    @TempDir
    static Path tmp;
    private static final Map<String, Path> JARS = new LinkedHashMap<>();

    /** imap4lib's jar (from target/classes) with only {@code file} of its registration files. */
    @BeforeAll
    static void buildJars() throws IOException {
        Path classes = ForkedJava.codeSource(Imap4libStore.class);
        for (String file : FILES) {
            Path jar = tmp.resolve(file.replace('/', '_')).resolve("imap4lib.jar");
            try (JarOutputStream out = ForkedJava.newJar(jar)) {
                ForkedJava.addTree(out, classes, "", rel -> rel.endsWith(".class")
                        || (rel.startsWith("META-INF/") && (file.equals("all") ? isRegistration(rel)
                                : rel.equals("META-INF/" + file))));
            }
            JARS.put(file, jar);
        }
    }

    private static boolean isRegistration(String rel) {
        return FILES.stream().anyMatch(f -> rel.equals("META-INF/" + f));
    }

    static Stream<Arguments> cases() {
        return Stream.of(FOUND).map(row -> {
            String[] f = row.trim().split("\\s+");
            return Arguments.of(f[0], f[1].equals("yes"), f[2], f[3].equals("yes"));
        });
    }

    /**
     * The class path of a user on {@code version}: the API, a StreamProvider (angus-core 2.0.5;
     * for 2.2.0-M1 with Angus, angus-mail 2.1.0-M1, which has one too), activation, our jar, the
     * probe, and maybe Angus's jar (2.0.5; 2.1.0-M1 for 2.2.0-M1).
     */
    private static List<Path> classPath(String version, boolean angus, Path ours) {
        boolean v22 = version.startsWith("2.2");
        List<Path> cp = new ArrayList<>(List.of(ForkedJava.artifact("jakarta.mail-api-" + version + ".jar"),
                ForkedJava.artifact("angus-core-2.0.5.jar"), ForkedJava.artifact("angus-activation-2.0.3.jar"),
                ForkedJava.artifact("jakarta.activation-api-2.1.4.jar"), ours,
                ForkedJava.codeSource(ProviderSelectionProbe.class)));
        if (angus) {
            cp.add(ForkedJava.artifact(v22 ? "angus-mail-2.1.0-M1.jar" : "angus-mail-2.0.5.jar"));
        }
        return cp;
    }

    @ParameterizedTest(name = "jakarta.mail-api {0}, Angus jar {1}, our {2}: ours found {3}")
    @MethodSource("cases")
    void whichStoreWins(String version, boolean angus, String file, boolean found) throws Exception {
        ForkedJava.Result r = ForkedJava.run(classPath(version, angus, JARS.get(file)), List.of("-Xshare:auto"),
                ProviderSelectionProbe.class.getName(), List.of(), 60);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("api ") && r.output().contains("jakarta.mail-api-" + version + ".jar"),
                r.output());
        String imap = angus ? ANGUS : "none";
        String expected = "imap4lib " + (found ? OURS : "none") + "\n"
                + "imap4libs " + (found ? OURS_SSL : "none") + "\n"
                // without our registration the drop-in silently falls back to Angus's IMAP
                + "imap+class " + (found ? OURS : imap) + "\n"
                + "imap " + imap + "\n";
        assertEquals(expected, r.output().substring(r.output().indexOf('\n') + 1).replace("\r", ""));
    }

    /**
     * jakarta.mail-api 2.2.0-M1 (whose API adds {@code Part.getStreamProvider()} and
     * {@code MimeMessage.getStreamProvider()}): the library's sources (without the CLI and the demo,
     * which need GreenMail) compile against it, and those classes, with angus-mail 2.1.0-M1, read a
     * message.
     */
    @Test
    void compilesAgainstJakartaMail22AndReadsAMessage() throws Exception {
        Path sources = ForkedJava.target().getParent().resolve("src/main/java");
        List<Path> files;
        try (Stream<Path> walk = java.nio.file.Files.walk(sources)) {
            files = walk.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(sources.resolve("dev/imap4lib/cli"))
                            && !f.startsWith(sources.resolve("dev/imap4lib/demo")))
                    .toList();
        }
        Path classes = tmp.resolve("classes-2.2");
        ForkedJava.compile(files, List.of(ForkedJava.artifact("jakarta.mail-api-2.2.0-M1.jar"),
                ForkedJava.artifact("jakarta.activation-api-2.1.4.jar")), classes);
        Path jar = tmp.resolve("imap4lib-2.2.jar");
        try (JarOutputStream out = ForkedJava.newJar(jar)) {
            ForkedJava.addTree(out, classes, "", rel -> true);
            ForkedJava.addTree(out, ForkedJava.codeSource(Imap4libStore.class), "", rel -> rel.startsWith("META-INF/"));
        }
        greenMail.setUser("v22@example.com", "v22", "pw").deliver(GreenMailUtil.createTextEmail(
                "v22@example.com", "from@example.com", "Hello 2.2", "body under 2.2", ServerSetupTest.SMTP));
        List<Path> cp = new ArrayList<>(List.of(ForkedJava.artifact("jakarta.mail-api-2.2.0-M1.jar"),
                ForkedJava.artifact("angus-mail-2.1.0-M1.jar"), ForkedJava.artifact("angus-activation-2.0.3.jar"),
                ForkedJava.artifact("jakarta.activation-api-2.1.4.jar"), jar,
                ForkedJava.codeSource(ProviderSelectionProbe.class)));
        ForkedJava.Result r = ForkedJava.run(cp, List.of(), ProviderSelectionProbe.class.getName(),
                List.of("127.0.0.1", String.valueOf(greenMail.getImap().getPort()), "v22", "pw"), 60);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("\nread Hello 2.2|"), r.output());
        assertTrue(r.output().contains("|body under 2.2"), r.output());
        assertTrue(r.output().contains("|text/plain"), r.output());
        assertTrue(r.output().contains("imap4lib " + OURS + "\n"), r.output());
    }
}
