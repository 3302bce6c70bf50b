package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * imap4lib inside an application server: the library, jakarta.mail and Angus's core are loaded
 * by a class loader of their own (as from a WAR's {@code WEB-INF/lib}), used over TLS with the
 * write timeout, IDLE and the connection pool, all closed; then that class loader must be
 * collectable and no imap4lib thread may be left, or every redeploy would leak one application.
 */
@Timeout(120)
class ClassLoaderLeakTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAPS.dynamicPort());

    /** Our classes (main and test, for the probe) and the jars an application ships with us. */
    private static URL[] applicationClassPath() throws Exception {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> keep = new ArrayList<>();
        for (String e : full.split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (e.endsWith("classes") || name.startsWith("jakarta.mail-api-") || name.startsWith("angus-core-")
                    || name.startsWith("angus-activation-") || name.startsWith("jakarta.activation-api-")) {
                keep.add(Path.of(e).toUri().toURL());
            }
        }
        return keep.toArray(new URL[0]);
    }

    @Test
    void theApplicationClassLoaderIsCollectedAndNoLibraryThreadIsLeft() throws Exception {
        var user = greenMail.setUser("leak@example.com", "leak", "pw-leak");
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(
                jakarta.mail.Session.getInstance(new java.util.Properties()));
        m.setSubject("before the deploy");
        m.setText("hello");
        m.setSentDate(new java.util.Date());
        user.deliver(m);

        URLClassLoader app = new URLClassLoader("leak-test-application", applicationClassPath(),
                ClassLoader.getPlatformClassLoader());
        WeakReference<ClassLoader> appRef = new WeakReference<>(app);
        // Threads of other tests' stores in this JVM (the test class path's own copy of imap4lib)
        // are not this application's.
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        String summary = useTheLibraryInside(app, greenMail.getImaps().getPort());
        assertTrue(summary.startsWith("store=dev.imap4lib.provider.Imap4libSslStore count=1 subject=before the deploy"
                + " dated=true idling=true idleEvent=true idleEnded=true"), summary);

        List<String> left = waitForLibraryThreadsToEnd(app, before, 10_000);
        assertEquals(List.of(), left, "imap4lib threads, or threads holding the application's class loader");
        app.close();
        app = null;
        assertTrue(collected(appRef, 20_000), "the application's class loader was not collected within 20 s");
    }

    /** What a request thread of the application does: its context class loader is the application's. */
    private static String useTheLibraryInside(ClassLoader app, int port) throws Exception {
        Thread me = Thread.currentThread();
        ClassLoader before = me.getContextClassLoader();
        me.setContextClassLoader(app);
        try {
            Class<?> probe = Class.forName(ClassLoaderLeakProbe.class.getName(), true, app);
            assertNotEquals(ClassLoaderLeakProbe.class, probe, "the probe must be the application's copy");
            assertEquals(app, Class.forName(Imap4libStore.class.getName(), false, app).getClassLoader());
            return (String) probe.getMethod("run", String.class, int.class, String.class, String.class)
                    .invoke(null, "127.0.0.1", port, "leak", "pw-leak");
        } finally {
            me.setContextClassLoader(before);
        }
    }

    /**
     * Live threads named imap4lib-... that were not there {@code before}, or whose context class
     * loader is the application's, after a bounded wait for them to end (an idle timer thread
     * ends by itself).
     */
    private static List<String> waitForLibraryThreadsToEnd(ClassLoader app, java.util.Set<Thread> before, long millis)
            throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && ((t.getName().startsWith("imap4lib") && !before.contains(t))
                            || t.getContextClassLoader() == app))
                    .map(t -> t.getName() + (t.getContextClassLoader() == app ? " (context class loader: the application's)" : ""))
                    .sorted()
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        return left;
    }

    private static boolean collected(WeakReference<?> ref, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (ref.get() != null && System.nanoTime() < until) {
            System.gc();
            Thread.sleep(100);
        }
        return ref.get() == null;
    }
}
