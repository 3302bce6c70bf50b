package dev.imap4lib.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transports' threads: daemons without a context class loader, gone once their work is. */
@Timeout(60)
class LibraryThreadsTest {
    private static final InheritableThreadLocal<Object> REQUEST = new InheritableThreadLocal<>();

    private static List<Thread> named(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).toList();
    }

    private static boolean goneWithin(String prefix, long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!named(prefix).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        return named(prefix).isEmpty();
    }

    @Test
    void aThreadCopiesNeitherContextClassLoaderNorInheritableThreadLocals() throws Exception {
        REQUEST.set("an application's request");
        try {
            Object[] seen = new Object[3];
            Thread t = LibraryThreads.daemon("imap4lib-test", () -> {
                seen[0] = Thread.currentThread().getContextClassLoader();
                seen[1] = REQUEST.get();
                seen[2] = Thread.currentThread().isDaemon();
            });
            t.start();
            t.join(5_000);
            assertNull(seen[0], "context class loader");
            assertNull(seen[1], "inheritable thread local");
            assertEquals(true, seen[2], "daemon");
        } finally {
            REQUEST.remove();
        }
    }

    @Test
    void theWatchdogThreadEndsWhenNoAlarmIsArmed() throws Exception {
        var alarm = IoAlarm.arm(() -> { }, 60_000);
        List<Thread> running = named(IoAlarm.THREAD_NAME);
        assertEquals(1, running.size(), "one timer thread while an alarm is armed");
        assertTrue(running.get(0).isDaemon());
        assertNull(running.get(0).getContextClassLoader());
        alarm.cancel(false);
        // The cancelled alarm's 60 s do not keep it: it ends after its idle time.
        assertTrue(goneWithin(IoAlarm.THREAD_NAME, IoAlarm.IDLE_MILLIS + 5_000), "timer thread still running");
    }

    @Test
    void streamThreadsEndOnCloseEvenWhenNobodyReadTheChildsOutput() throws Exception {
        // `yes` fills the read-ahead queue at once and ignores its closed input.
        ProcessTransport t = ProcessTransport.start("yes", 1_000);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (named("imap4lib-stream-").size() < 2 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        for (Thread th : named("imap4lib-stream-")) {
            assertTrue(th.isDaemon(), th.getName());
            assertNull(th.getContextClassLoader(), th.getName());
        }
        Thread.sleep(200);
        t.close();
        assertFalse(t.process().isAlive(), "the child was ended");
        assertTrue(goneWithin("imap4lib-stream-", 5_000), "left: " + named("imap4lib-stream-"));
    }
}
