package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several threads on one store, and a thread in IDLE next to threads doing other folder work. */
class ConcurrencyTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static Session session() {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(greenMail.getImap().getPort()));
        p.put("mail.imap4lib.timeout", "15000");
        p.put("mail.imap4lib.connectionpoolsize", "4");
        return Session.getInstance(p);
    }

    private static Message msg(Session s, String subject) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setSubject(subject);
        m.setText("body of " + subject);
        m.saveChanges();
        return m;
    }

    /** Fails with every thread's stack when work does not finish: a deadlock shows where it is. */
    private static void await(List<Future<?>> futures, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Future<?> f : futures) {
            try {
                f.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                StringBuilder dump = new StringBuilder("work did not finish within " + seconds + " s; threads:\n");
                for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                    dump.append(ti);
                }
                throw new AssertionError(dump.toString());
            }
        }
    }

    @Test
    void threadsSharingOneStoreLoseNoUpdate() throws Exception {
        greenMail.setUser("t@example.com", "t", "pw");
        Session s = session();
        Store store = s.getStore("imap4lib");
        store.connect("t", "pw");
        int threads = 4;
        int perThread = 15;
        for (int t = 0; t < threads; t++) {
            store.getFolder("F" + t).create(Folder.HOLDS_MESSAGES);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        Folder shared = store.getFolder("INBOX");
        shared.open(Folder.READ_WRITE);
        for (int t = 0; t < threads; t++) {
            int id = t;
            fs.add(pool.submit(() -> {
                Folder own = store.getFolder("F" + id);
                for (int i = 0; i < perThread; i++) {
                    own.appendMessages(new Message[] {msg(s, "t" + id + "-" + i)});
                    shared.appendMessages(new Message[] {msg(s, "shared t" + id + "-" + i)});
                    own.open(Folder.READ_WRITE);
                    Message[] all = own.getMessages();
                    FetchProfile fp = new FetchProfile();
                    fp.add(FetchProfile.Item.ENVELOPE);
                    fp.add(FetchProfile.Item.FLAGS);
                    own.fetch(all, fp);
                    own.setFlags(all, new Flags(Flags.Flag.FLAGGED), true);
                    assertEquals(1, own.search(new SubjectTerm("t" + id + "-" + i)).length);
                    own.close(false);
                    // the shared open folder is used from every thread as well
                    shared.getMessageCount();
                    shared.search(new SubjectTerm("shared t" + id));
                }
                return null;
            }));
        }
        await(fs, 90);
        pool.shutdownNow();
        for (int t = 0; t < threads; t++) {
            Folder f = store.getFolder("F" + t);
            f.open(Folder.READ_ONLY);
            assertEquals(perThread, f.getMessageCount());
            for (Message m : f.getMessages()) {
                assertTrue(m.isSet(Flags.Flag.FLAGGED), "every flag change landed");
            }
            f.close(false);
        }
        assertEquals(threads * perThread, shared.getMessageCount());
        shared.close(false);
        store.close();
    }

    @Test
    void idleEndsWhenAnotherThreadNeedsTheFolder() throws Exception {
        greenMail.setUser("i@example.com", "i", "pw");
        Session s = session();
        Store store = s.getStore("imap4lib");
        store.connect("i", "pw");
        Imap4libFolder inbox = (Imap4libFolder) store.getFolder("INBOX");
        inbox.appendMessages(new Message[] {msg(s, "first")});
        inbox.open(Folder.READ_WRITE);
        CountDownLatch added = new CountDownLatch(1);
        inbox.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                added.countDown();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicReference<Throwable> idleFailure = new AtomicReference<>();
        Future<?> idler = pool.submit(() -> {
            try {
                inbox.idle(Duration.ofSeconds(60));
            } catch (Throwable t) {
                idleFailure.set(t);
            }
        });
        // Mail from another connection arrives while the first thread idles.
        Thread.sleep(300);
        Store other = s.getStore("imap4lib");
        other.connect("i", "pw");
        other.getFolder("INBOX").appendMessages(new Message[] {msg(s, "second")});
        other.close();
        assertTrue(added.await(10, TimeUnit.SECONDS), "messagesAdded delivered during IDLE");
        // Another thread uses the folder: the IDLE ends and lets it through, no deadlock.
        Future<?> reader = pool.submit(() -> inbox.getMessage(2).getSubject());
        await(List.of(reader, idler), 20);
        assertEquals("second", reader.get());
        assertEquals(null, idleFailure.get());
        assertEquals(2, inbox.getMessageCount());
        pool.shutdownNow();
        inbox.close(false);
        store.close();
    }

    @Test
    void aThreadIdlingInALoopDoesNotStarveOthers() throws Exception {
        greenMail.setUser("s@example.com", "s", "pw");
        Session s = session();
        java.io.ByteArrayOutputStream trace = new java.io.ByteArrayOutputStream();
        s.setDebugOut(new java.io.PrintStream(trace, true, "UTF-8"));
        s.setDebug(true);
        Store store = s.getStore("imap4lib");
        store.connect("s", "pw");
        Imap4libFolder inbox = (Imap4libFolder) store.getFolder("INBOX");
        inbox.appendMessages(new Message[] {msg(s, "hello")});
        inbox.open(Folder.READ_WRITE);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> idler = pool.submit(() -> {
            while (!stop.get()) {
                inbox.idle(Duration.ofSeconds(2)); // short, so the loop sees stop soon after it is set
            }
            return null;
        });
        Thread.sleep(300);
        int rounds = 20;
        Future<?> worker = Executors.newSingleThreadExecutor().submit(() -> {
            for (int i = 0; i < rounds; i++) {
                assertEquals("hello", inbox.getMessage(1).getSubject());
                inbox.setFlags(new Message[] {inbox.getMessage(1)}, new Flags(Flags.Flag.FLAGGED), i % 2 == 0);
            }
            return null;
        });
        await(List.of(worker), 30);
        stop.set(true);
        inbox.stopIdle();
        await(List.of(idler), 10);
        pool.shutdownNow();
        int idles = trace.toString("UTF-8").split(" IDLE\\n", -1).length - 1;
        // Each command of the worker may end one IDLE; hundreds would mean the idler raced ahead.
        assertTrue(idles >= 1, "the idler did idle");
        assertTrue(idles <= 3 * rounds + 5, idles + " IDLE commands for " + rounds + " rounds");
        inbox.close(false);
        store.close();
    }
}
