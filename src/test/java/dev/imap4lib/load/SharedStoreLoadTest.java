package dev.imap4lib.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.provider.Imap4libFolder;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.Watchdog;
import jakarta.mail.BodyPart;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.SubjectTerm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Eight threads share one provider Store (pool size 4), each working on its own folder, while a
 * ninth idles on INBOX and a tenth appends to INBOX; afterwards a fresh connection checks that no
 * update was lost, and a counting relay in front of Dovecot shows the store's connections stayed
 * bounded.
 */
@ExtendWith(DovecotExtension.class)
class SharedStoreLoadTest {
    private static final String USER = "user2";
    private static final String PASS = "pass2";
    private static final int WORKERS = 8;
    private static final int PER_WORKER = 15;
    private static final int INBOX_APPENDS = 10;
    private static final long WORK_SECONDS = 60;

    private static Session session(int port) {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(port));
        p.put("mail.imap4lib.timeout", "20000");
        p.put("mail.imap4lib.connectiontimeout", "10000");
        p.put("mail.imap4lib.connectionpoolsize", "4");
        p.put("mail.imap4lib.starttls.enable", "false"); // plain loopback; the relay only counts
        return Session.getInstance(p);
    }

    /** A multipart/mixed message: a text part and a small text attachment. */
    private static Message msg(Session s, String subject) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setSubject(subject);
        MimeBodyPart text = new MimeBodyPart();
        text.setText("body of " + subject, "UTF-8");
        MimeBodyPart att = new MimeBodyPart();
        att.setText("attachment of " + subject, "UTF-8");
        att.setFileName("a.txt");
        MimeMultipart mp = new MimeMultipart();
        mp.addBodyPart(text);
        mp.addBodyPart(att);
        m.setContent(mp);
        m.saveChanges();
        return m;
    }

    private static String subject(String run, int worker, int i) {
        return String.format("L%s-t%d-m%02d.", run, worker, i);
    }

    /** The flags worker operation {@code i} sets on message {@code i} (besides \Seen from reading it). */
    private static Flags expectedSetFlags(int i) {
        Flags f = new Flags();
        if (i % 2 == 0) {
            f.add(Flags.Flag.FLAGGED);
        }
        if (i % 3 == 0) {
            f.add(Flags.Flag.ANSWERED);
        }
        return f;
    }

    @Test
    void eightThreadsOneStoreAnIdlerAndAnAppender(DovecotServer d) throws Exception {
        // Bounds the steps outside the work phase too (connect, close, verify); a hang anywhere
        // fails with every thread's stack.
        Watchdog.run("SharedStoreLoadTest", Duration.ofSeconds(WORK_SECONDS + 120), () -> {
            eightThreadsOneStore(d);
            return null;
        });
    }

    private void eightThreadsOneStore(DovecotServer d) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (CountingRelay relay = new CountingRelay(d.imapPort())) {
            Session s = session(relay.port());
            Store store = s.getStore("imap4lib");
            store.connect(USER, PASS);
            List<String> names = new ArrayList<>();
            for (int t = 0; t < WORKERS; t++) {
                String name = "Load-" + run + "-" + t;
                assertTrue(store.getFolder(name).create(Folder.HOLDS_MESSAGES), "created " + name);
                names.add(name);
            }

            Imap4libFolder inbox = (Imap4libFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            AtomicInteger addedEvents = new AtomicInteger();
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    addedEvents.incrementAndGet();
                }
            });
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService idlePool = Executors.newSingleThreadExecutor();
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
            try {
                Future<?> idler = idlePool.submit(() -> {
                    while (!stop.get()) {
                        inbox.idle(Duration.ofSeconds(1)); // short, so the loop sees stop soon after it is set
                    }
                    return null;
                });
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < WORKERS; t++) {
                    int id = t;
                    work.add(pool.submit(() -> {
                        worker(s, store.getFolder(names.get(id)), run, id);
                        return null;
                    }));
                }
                work.add(pool.submit(() -> {
                    Folder target = store.getFolder("INBOX"); // another object: appends via the store
                    for (int i = 0; i < INBOX_APPENDS; i++) {
                        target.appendMessages(new Message[] {msg(s, String.format("L%s-inbox-%02d.", run, i))});
                        Thread.sleep(50);
                    }
                    return null;
                }));
                await(work, WORK_SECONDS);
                // The idler keeps going until the events of the appends have arrived (bounded wait).
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (addedEvents.get() == 0 && System.nanoTime() < end && !idler.isDone()) {
                    Thread.sleep(50);
                }
                stop.set(true);
                inbox.stopIdle();
                await(List.of(idler), 15);
                idler.get(); // rethrows a failure of idle()
            } finally {
                stop.set(true);
                inbox.stopIdle();
                pool.shutdownNow();
                idlePool.shutdownNow();
                assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), "worker threads ended");
                assertTrue(idlePool.awaitTermination(20, TimeUnit.SECONDS), "idle thread ended");
            }
            inbox.close(false);
            store.close();
            int peak = relay.peak();
            int total = relay.accepted();
            System.out.println("SharedStoreLoadTest: peak " + peak + " simultaneous connections, "
                    + total + " in all, " + addedEvents.get() + " messagesAdded events");

            assertTrue(addedEvents.get() >= 1, "the INBOX listener saw no messagesAdded event during IDLE");
            // A connection is opened only when the pool has none idle, so at that moment the live
            // connections are: the open folders (8 workers' + INBOX = 9), the store's own connection
            // (appends, create; with separatestoreconnection=false the first opened folder may take it
            // and the store opens one more) = 10, plus 2 because the relay may see a new connection
            // before it sees the end of one the store just closed.
            int bound = WORKERS + 1 + 1 + 2;
            assertTrue(peak <= bound, "peak of " + peak + " simultaneous connections > " + bound
                    + " (" + total + " in all)");
            assertTrue(total >= 2, "the store went through the relay: " + total);

            verify(d, names, run);
        }
    }

    /** PER_WORKER rounds of mixed operations on this thread's own folder. */
    private static void worker(Session s, Folder own, String run, int id) throws Exception {
        for (int i = 0; i < PER_WORKER; i++) {
            String subj = subject(run, id, i);
            own.appendMessages(new Message[] {msg(s, subj)});
            own.open(Folder.READ_WRITE);
            try {
                Message[] all = own.getMessages();
                assertEquals(i + 1, all.length, "messages in " + own.getFullName() + " after append " + i);
                FetchProfile fp = new FetchProfile();
                fp.add(FetchProfile.Item.ENVELOPE);
                fp.add(FetchProfile.Item.FLAGS);
                own.fetch(all, fp);
                for (int k = 0; k < all.length; k++) {
                    assertEquals(subject(run, id, k), all[k].getSubject(), "subject of " + (k + 1));
                }
                own.setFlags(new Message[] {all[i]}, expectedSetFlags(i), true);
                Message[] found = own.search(new SubjectTerm(subj));
                assertEquals(1, found.length, "search " + subj);
                assertEquals(i + 1, found[0].getMessageNumber());
                Object content = all[i].getContent();
                assertTrue(content instanceof Multipart, "content is " + content);
                Multipart mp = (Multipart) content;
                assertEquals(2, mp.getCount());
                BodyPart text = mp.getBodyPart(0);
                assertEquals("body of " + subj, String.valueOf(text.getContent()).trim());
                assertEquals("a.txt", mp.getBodyPart(1).getFileName());
                assertEquals("attachment of " + subj, String.valueOf(mp.getBodyPart(1).getContent()).trim());
            } finally {
                own.close(false);
            }
        }
    }

    /** On a fresh store straight to Dovecot: every folder exactly as the workers left it, INBOX's appends. */
    private static void verify(DovecotServer d, List<String> names, String run) throws Exception {
        Store fresh = session(d.imapPort()).getStore("imap4lib");
        fresh.connect(USER, PASS);
        try {
            for (int t = 0; t < WORKERS; t++) {
                Folder f = fresh.getFolder(names.get(t));
                f.open(Folder.READ_ONLY);
                try {
                    Message[] all = f.getMessages();
                    FetchProfile fp = new FetchProfile();
                    fp.add(FetchProfile.Item.ENVELOPE);
                    fp.add(FetchProfile.Item.FLAGS);
                    f.fetch(all, fp);
                    Map<String, String> actual = new TreeMap<>();
                    Map<String, String> expected = new TreeMap<>();
                    for (Message m : all) {
                        actual.put(m.getSubject(), systemFlags(m.getFlags()));
                    }
                    for (int i = 0; i < PER_WORKER; i++) {
                        Flags e = expectedSetFlags(i);
                        e.add(Flags.Flag.SEEN); // getContent() read the parts without PEEK
                        expected.put(subject(run, t, i), systemFlags(e));
                    }
                    assertEquals(PER_WORKER, all.length, names.get(t) + " message count");
                    assertEquals(expected, actual, names.get(t) + ": subject -> flags");
                } finally {
                    f.close(false);
                }
            }
            Folder in = fresh.getFolder("INBOX");
            in.open(Folder.READ_ONLY);
            try {
                List<String> got = new ArrayList<>();
                for (Message m : in.search(new SubjectTerm("L" + run + "-inbox-"))) {
                    got.add(m.getSubject());
                }
                Collections.sort(got);
                List<String> want = new ArrayList<>();
                for (int i = 0; i < INBOX_APPENDS; i++) {
                    want.add(String.format("L%s-inbox-%02d.", run, i));
                }
                assertEquals(want, got, "INBOX holds exactly the appended messages");
            } finally {
                in.close(false);
            }
        } finally {
            fresh.close();
        }
    }

    private static String systemFlags(Flags f) {
        StringBuilder sb = new StringBuilder();
        Flags.Flag[] order = {Flags.Flag.ANSWERED, Flags.Flag.DELETED, Flags.Flag.DRAFT, Flags.Flag.FLAGGED,
            Flags.Flag.SEEN};
        String[] names = {"A", "D", "T", "F", "S"};
        for (int i = 0; i < order.length; i++) {
            if (f.contains(order[i])) {
                sb.append(names[i]);
            }
        }
        return sb.toString();
    }

    /** Fails with every thread's stack when work does not finish: a deadlock shows where it is. */
    private static void await(List<Future<?>> futures, long seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Future<?> f : futures) {
            try {
                f.get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("work did not finish within " + seconds + " s\n" + Watchdog.threadDump());
            }
        }
    }

    /**
     * Accepts on 127.0.0.1 and forwards each connection to the target port; counts the accepted
     * connections and the peak of simultaneously open ones (a connection ends when either
     * direction ends).
     */
    static final class CountingRelay implements AutoCloseable {
        private final ServerSocket server;
        private final int target;
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();
        private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean closed;

        CountingRelay(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            start(this::acceptLoop, "relay-accept");
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        int peak() {
            return peak.get();
        }

        private void start(Runnable r, String name) {
            Thread th = new Thread(r, name);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }

        private void acceptLoop() {
            while (!closed) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return; // closed
                }
                int n = accepted.incrementAndGet();
                peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                AtomicBoolean ended = new AtomicBoolean();
                Socket upstream = new Socket();
                sockets.add(client);
                sockets.add(upstream);
                try {
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5000);
                } catch (IOException e) {
                    end(ended, client, upstream);
                    continue;
                }
                start(() -> pump(client, upstream, ended), "relay-" + n + "-up");
                start(() -> pump(upstream, client, ended), "relay-" + n + "-down");
            }
        }

        private void pump(Socket from, Socket to, AtomicBoolean ended) {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int r;
                while ((r = in.read(buf)) >= 0) {
                    out.write(buf, 0, r);
                    out.flush();
                }
            } catch (IOException e) {
                // ends the connection below
            } finally {
                end(ended, from, to);
            }
        }

        private void end(AtomicBoolean ended, Socket a, Socket b) {
            if (ended.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
            closeQuietly(a);
            closeQuietly(b);
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing to do
            }
        }

        @Override
        public void close() throws Exception {
            closed = true;
            server.close();
            for (Socket s : new ArrayList<>(sockets)) {
                closeQuietly(s);
            }
            for (Thread t : new ArrayList<>(threads)) {
                t.join(5000);
            }
        }
    }
}
