package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two threads that each hold an open folder's monitor (as a folder method does while its store
 * connection breaks) and close the store at the same moment: each close force-closes every open
 * folder, so each would wait for the other's folder. Only one close may run at a time; the other
 * returns, releases its folder, and the first one finishes.
 */
@Timeout(120)
class StoreCloseRaceTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final int ROUNDS = 40;

    @Test
    void concurrentClosesFromInsideTwoFoldersNeverDeadlock() throws Exception {
        greenMail.setUser("race@example.com", "race", "pw-race");
        Properties p = new Properties();
        p.setProperty("mail.imap4lib.host", "127.0.0.1");
        p.setProperty("mail.imap4lib.port", Integer.toString(greenMail.getImap().getPort()));
        p.setProperty("mail.imap4lib.starttls.enable", "false");
        Session session = Session.getInstance(p);
        for (int round = 0; round < ROUNDS; round++) {
            Store store = session.getStore("imap4lib");
            store.connect("race", "pw-race");
            Folder other = store.getFolder("Other");
            if (!other.exists()) {
                other.create(Folder.HOLDS_MESSAGES);
            }
            Folder a = store.getFolder("INBOX");
            Folder b = store.getFolder("Other");
            a.open(Folder.READ_WRITE);
            b.open(Folder.READ_WRITE);
            CyclicBarrier both = new CyclicBarrier(2);
            List<Throwable> errors = new ArrayList<>();
            Thread ta = closer(store, a, both, errors, round, "a");
            Thread tb = closer(store, b, both, errors, round, "b");
            ta.start();
            tb.start();
            ta.join(TimeUnit.SECONDS.toMillis(15));
            tb.join(TimeUnit.SECONDS.toMillis(15));
            boolean stuck = ta.isAlive() || tb.isAlive();
            if (stuck) {
                // Leave no thread behind: the test fails either way.
                ta.interrupt();
                tb.interrupt();
            }
            assertFalse(stuck, "round " + round + ": the two closes deadlocked");
            assertEquals(List.of(), errors, "round " + round);
            assertFalse(store.isConnected(), "round " + round);
            assertFalse(a.isOpen(), "round " + round + ": INBOX left open");
            assertFalse(b.isOpen(), "round " + round + ": Other left open");
        }
    }

    private static Thread closer(Store store, Folder folder, CyclicBarrier both, List<Throwable> errors,
            int round, String name) {
        Thread t = new Thread(() -> {
            try {
                synchronized (folder) {
                    both.await(10, TimeUnit.SECONDS);
                    store.close();
                }
            } catch (Throwable e) {
                synchronized (errors) {
                    errors.add(e);
                }
            }
        }, "store-close-race-" + round + "-" + name);
        t.setDaemon(true);
        return t;
    }
}
