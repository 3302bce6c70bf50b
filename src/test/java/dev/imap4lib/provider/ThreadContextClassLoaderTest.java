package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An application server's layout: jakarta.mail and Angus's jar in a server-wide class loader,
 * imap4lib in the application's (a WAR's {@code WEB-INF/lib}), and application code running on
 * a thread whose context class loader is not the application's (an unmanaged pool, a library's
 * thread). Jakarta Mail finds providers files through the context class loader only, so
 * {@code getStore("imap4lib")} fails and the {@code mail.imap.class} drop-in silently gives
 * Angus's store; {@code getStore(new Imap4libProvider())} and the store's constructor work on any
 * thread (jakarta.mail-api 2.1.5).
 */
@Timeout(60)
class ThreadContextClassLoaderTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static URL[] entries(Predicate<String> fileName) throws Exception {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> out = new ArrayList<>();
        for (String e : full.split(File.pathSeparator)) {
            if (fileName.test(Path.of(e).getFileName().toString())) {
                out.add(Path.of(e).toUri().toURL());
            }
        }
        return out.toArray(new URL[0]);
    }

    /** Runs the probe from the application's loader on a thread with the named context class loader. */
    private static String probe(String contextLoader) throws Exception {
        greenMail.setUser("tccl@example.com", "tccl", "pw-tccl");
        try (URLClassLoader server = new URLClassLoader("server", entries(n -> n.startsWith("jakarta.mail-api-2.1.5")
                        || n.startsWith("jakarta.mail-2.") || n.startsWith("angus-core-")
                        || n.startsWith("angus-activation-") || n.startsWith("jakarta.activation-api-")),
                        ClassLoader.getPlatformClassLoader());
                URLClassLoader app = new URLClassLoader("application",
                        entries(n -> n.equals("classes") || n.equals("test-classes")), server)) {
            assertEquals(server, Class.forName("jakarta.mail.Session", false, app).getClassLoader());
            assertEquals(app, Class.forName(Imap4libStore.class.getName(), false, app).getClassLoader());
            ClassLoader context = switch (contextLoader) {
                case "server" -> server;
                case "none" -> null;
                case "application" -> app;
                default -> throw new IllegalArgumentException(contextLoader);
            };
            var probe = Class.forName(ThreadContextClassLoaderProbe.class.getName(), true, app)
                    .getMethod("run", String.class, int.class, String.class, String.class);
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    result.set(probe.invoke(null, "127.0.0.1", greenMail.getImap().getPort(), "tccl", "pw-tccl"));
                } catch (Throwable e) {
                    result.set(e);
                }
            }, "unmanaged-pool-thread");
            t.setContextClassLoader(context);
            t.start();
            t.join(30_000);
            assertTrue(result.get() instanceof String, String.valueOf(result.get()));
            return (String) result.get();
        }
    }

    @ParameterizedTest(name = "context class loader: {0}")
    @ValueSource(strings = {"server", "none"})
    void onAThreadThatCannotSeeTheApplication(String contextLoader) throws Exception {
        String ours = Imap4libStore.class.getName();
        assertEquals("""
                getStore(imap4lib)=NoSuchProviderException: No provider for imap4lib
                mail.imap.class=org.eclipse.angus.mail.imap.IMAPStore count 0
                getStore(new Imap4libProvider())=%s count 0
                new Imap4libStore(session, null)=%s count 0
                """.formatted(ours, ours), probe(contextLoader));
    }

    @Test
    void onTheApplicationsOwnThreadsEveryWayWorks() throws Exception {
        String ours = Imap4libStore.class.getName();
        assertEquals("""
                getStore(imap4lib)=%s count 0
                mail.imap.class=%s count 0
                getStore(new Imap4libProvider())=%s count 0
                new Imap4libStore(session, null)=%s count 0
                """.formatted(ours, ours, ours, ours), probe("application"));
    }
}
