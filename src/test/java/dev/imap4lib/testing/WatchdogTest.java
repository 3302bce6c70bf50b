package dev.imap4lib.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WatchdogTest {

    @Test
    void aFinishedBodyGivesItsResultAndItsException() throws Exception {
        assertEquals("done", Watchdog.run("quick", Duration.ofSeconds(5), () -> "done"));
        IOException e = assertThrows(IOException.class,
                () -> Watchdog.run("failing", Duration.ofSeconds(5), () -> {
                    throw new IOException("boom");
                }));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void aDeadlockFailsWithTheDeadlockedThreadsWholeStacks() {
        Object a = new Object();
        Object b = new Object();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        AssertionError e = assertThrows(AssertionError.class, () -> Watchdog.run("deadlock", Duration.ofSeconds(2), () -> {
            Thread other = new Thread(() -> lockBoth(b, a, bothHoldOne), "watchdog-test-other");
            other.setDaemon(true);
            other.start();
            lockBoth(a, b, bothHoldOne);
            return null;
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith("deadlock did not finish within PT2S"), m);
        assertTrue(m.contains("DEADLOCK between 2 threads"), m);
        assertTrue(m.contains("\"watchdog-test-other\""), m);
        assertTrue(m.contains("\"watched: deadlock\""), m);
        assertTrue(m.contains("WatchdogTest.lockBoth"), m);
        assertTrue(m.contains("-  locked java.lang.Object@"), m);
    }

    private static void lockBoth(Object first, Object second, CountDownLatch bothHoldOne) {
        synchronized (first) {
            bothHoldOne.countDown();
            try {
                bothHoldOne.await();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (second) {
                bothHoldOne.countDown();
            }
        }
    }
}
