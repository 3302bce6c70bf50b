package dev.imap4lib.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 200 core {@link Imap4} connections to a real Dovecot, all open at the same time from one JVM:
 * each logs in, SELECTs, FETCHes and SEARCHes with exact results, all answer a NOOP once every
 * one of them is open (none was dropped), then all log out.
 */
@ExtendWith(DovecotExtension.class)
class ManyConnectionsTest {
    private static final int CONNECTIONS = 200;
    private static final int THREADS = 16;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Upper bound for each phase; reaching it fails the test with a thread dump. */
    private static final long PHASE_SECONDS = 90;

    @Test
    void twoHundredConnectionsOpenAtOnce(DovecotServer d) throws Exception {
        String box = "Many-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(4, d.populate("user1", box, 4));
        ClientOptions opts = ClientOptions.defaults().withTimeout(TIMEOUT);
        List<Imap4> open = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            // Phase 1: open, log in, SELECT, FETCH, SEARCH; keep every connection open.
            List<Callable<Object>> opening = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                opening.add(() -> {
                    Imap4 c = new Imap4("127.0.0.1", d.imapPort(), opts);
                    open.add(c);
                    work(c, box);
                    return null;
                });
            }
            runAll(pool, opening, "open+login+SELECT+FETCH+SEARCH");
            assertEquals(CONNECTIONS, open.size());

            // Phase 2: all 200 are open now; each must still answer.
            List<Imap4> all = new ArrayList<>(open);
            List<Callable<Object>> noops = new ArrayList<>();
            for (Imap4 c : all) {
                noops.add(() -> {
                    assertTrue(c.isAlive(), "connection no longer alive");
                    assertTrue(c.noop().isOk(), "NOOP not OK");
                    return null;
                });
            }
            runAll(pool, noops, "NOOP with all " + CONNECTIONS + " open");

            // Phase 3: log out every one.
            List<Callable<Object>> closing = new ArrayList<>();
            for (Imap4 c : all) {
                closing.add(() -> {
                    String type = c.logout().type();
                    assertEquals("BYE", type, "LOGOUT answer");
                    c.close();
                    open.remove(c);
                    return null;
                });
            }
            runAll(pool, closing, "LOGOUT");
            assertEquals(0, open.size());
        } finally {
            for (Imap4 c : new ArrayList<>(open)) {
                c.close();
            }
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "pool threads ended");
        }
    }

    private static void work(Imap4 c, String box) throws Exception {
        c.login("user1", "pass1").check();
        SelectInfo si = c.select(box).check().value();
        assertEquals(4, si.exists(), "EXISTS");
        List<FetchData> fd = new ArrayList<>(c.fetch("1:4", "(FLAGS ENVELOPE)").check().value());
        fd.sort(Comparator.comparingInt(FetchData::msgno));
        assertEquals(4, fd.size(), "FETCH answers: " + fd);
        String[] subjects = {"Test message 1", "Grüße 2", "Alternative 3", "Attachment 4"};
        for (int i = 0; i < 4; i++) {
            FetchData f = fd.get(i);
            assertEquals(i + 1, f.msgno());
            assertEquals(subjects[i], f.envelope().decodedSubject());
            // populate(): \Seen unless i % 3 == 0
            assertEquals((i + 1) % 3 != 0, f.hasFlag("\\Seen"), "\\Seen on " + (i + 1) + ": " + f.flags());
        }
        SearchResult unseen = c.search(null, "UNSEEN").check().value();
        assertArrayEquals(new long[] {3}, unseen.numbers(), "SEARCH UNSEEN");
        SearchResult from = c.search(null, "FROM", "\"sender4@example.com\"").check().value();
        assertArrayEquals(new long[] {4}, from.numbers(), "SEARCH FROM");
    }

    /**
     * Runs every task on the pool and fails with how many failed and the first failure's stack;
     * if the phase does not finish within {@link #PHASE_SECONDS}, fails with a thread dump.
     */
    private static void runAll(ExecutorService pool, List<Callable<Object>> tasks, String phase) throws Exception {
        List<Future<Object>> fs = new ArrayList<>();
        for (Callable<Object> t : tasks) {
            fs.add(pool.submit(t));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(PHASE_SECONDS);
        int failed = 0;
        Throwable first = null;
        for (Future<Object> f : fs) {
            try {
                f.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                failed++;
                if (first == null) {
                    first = e.getCause();
                }
            } catch (TimeoutException e) {
                StringBuilder dump = new StringBuilder(phase + " did not finish within " + PHASE_SECONDS
                        + " s; threads:\n");
                for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                    dump.append(ti);
                }
                throw new AssertionError(dump.toString());
            }
        }
        if (failed > 0) {
            StringWriter sw = new StringWriter();
            first.printStackTrace(new PrintWriter(sw));
            throw new AssertionError(phase + ": " + failed + " of " + tasks.size()
                    + " connections failed; first error: " + sw, first);
        }
    }
}
