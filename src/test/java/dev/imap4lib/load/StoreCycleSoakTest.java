package dev.imap4lib.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.HeapProbe;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, long runs compressed: N store open/close cycles against Dovecot (each connects, opens
 * INBOX, reads its count, closes), {@code imap4lib.soak.cycles} (default 300, about a minute on
 * a busy machine, where a cycle took 0.24 s; 10,000 for the long run). Memory after a GC and the live thread count are compared between the end of the
 * first thousand cycles and the end of the last, and printed; both must stay flat, and every
 * cycle must see the same message count.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(900)
class StoreCycleSoakTest {
    private static final int CYCLES = Integer.getInteger("imap4lib.soak.cycles", 300);
    /** First vs last thousand in the long run; a third of the cycles in the default one. */
    private static final int WINDOW = Math.min(1_000, Math.max(1, CYCLES / 3));
    private static final String USER = "user2";

    @Test
    void openCloseCyclesLeaveMemoryAndThreadsFlat(DovecotServer d) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", d.host());
        p.put("mail.imap4lib.port", String.valueOf(d.imapPort()));
        p.put("mail.imap4lib.starttls.enable", "false");
        Session session = Session.getInstance(p);
        int expected = -1;
        long heapFirst = 0;
        int threadsFirst = 0;
        HeapProbe probe = HeapProbe.start();
        for (int i = 1; i <= CYCLES; i++) {
            Store s = session.getStore("imap4lib");
            s.connect(USER, DovecotServer.USERS.get(USER));
            Folder inbox = s.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int n = inbox.getMessageCount();
            inbox.close(false);
            s.close();
            if (expected < 0) {
                expected = n;
            }
            assertEquals(expected, n, "cycle " + i + ": message count");
            if (i == WINDOW) {
                heapFirst = probe.retainedGrowth();
                threadsFirst = Thread.activeCount();
            }
        }
        long heapLast = probe.retainedGrowth();
        int threadsLast = Thread.activeCount();
        System.out.printf(Locale.ROOT, "[soak] %d store open/close cycles: heap retained after a GC %s after %d, %s after %d;"
                + " live threads %d after %d, %d after %d%n", CYCLES, HeapProbe.mb(heapFirst), WINDOW,
                HeapProbe.mb(heapLast), CYCLES, threadsFirst, WINDOW, threadsLast, CYCLES);
        // Flat: what the last cycles leave behind is what the first thousand did, within 4 MB
        // (class loading and JIT settle in the first ones); no thread per cycle survives.
        assertTrue(heapLast - heapFirst < (4L << 20), "heap grew by " + HeapProbe.mb(heapLast - heapFirst));
        assertTrue(threadsLast <= threadsFirst + 2, "threads " + threadsFirst + " -> " + threadsLast);
    }
}
