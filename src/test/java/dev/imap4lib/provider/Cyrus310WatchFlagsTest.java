package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.testing.Cyrus310Extension;
import dev.imap4lib.testing.Cyrus310Server;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageChangedListener;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * NOTIFY FlagChange on Cyrus 3.10: another connection sets and clears flags in two watched,
 * closed folders; each change is one {@link MessageChangedEvent} on that folder's listeners, for
 * the right message (UID) with its new flags, and appends stay MessageCountEvents only.
 */
@ExtendWith(Cyrus310Extension.class)
@Timeout(90)
class Cyrus310WatchFlagsTest {
    private static final Duration T = Duration.ofSeconds(10);
    static final byte[] MSG = "Subject: f\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What a listener saw: the folder, the message's UID and its flags then. */
    record Change(String folder, long uid, Flags flags, int type) {
    }

    @Test
    void flagChangesInTwoWatchedFoldersAreOneEventEach(Cyrus310Server c) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "localhost");
        p.put("mail.imap4lib.port", Integer.toString(c.imapPort()));
        p.put("mail.imap4lib.timeout", "10000");
        p.put("mail.imap4lib.ssl.socketFactory", c.sslContext().getSocketFactory());
        Store store = Session.getInstance(p).getStore("imap4lib");
        store.connect("user1", "pass1");
        try (Imap4 other = new Imap4("localhost", c.imapPort(), ClientOptions.defaults().withTimeout(T))) {
            other.login("user1", "pass1").check();
            String base = "INBOX/flags" + Long.toString(System.nanoTime(), 36);
            run((Imap4libStore) store, other, List.of(base + "a", base + "b"), true);
        } finally {
            store.close();
        }
    }

    /**
     * The scenario, shared with the Dovecot test: {@code names} are created with two messages
     * each, watched, and changed through {@code other}.
     */
    static void run(Imap4libStore store, Imap4 other, List<String> names, boolean expectNotify) throws Exception {
        run(store, other, names, expectNotify, null);
    }

    /** @param poll non-null: a polling watch with this interval, even where the server has NOTIFY */
    static void run(Imap4libStore store, Imap4 other, List<String> names, boolean expectNotify, Duration poll)
            throws Exception {
        for (String n : names) {
            other.create(n).check();
            other.append(n, null, (String) null, MSG).check();
            other.append(n, null, (String) null, MSG).check();
        }
        BlockingQueue<Change> seen = new LinkedBlockingQueue<>();
        BlockingQueue<Change> viaWatch = new LinkedBlockingQueue<>();
        BlockingQueue<Integer> counts = new LinkedBlockingQueue<>();
        Folder a = store.getFolder(names.get(0));
        Folder b = store.getFolder(names.get(1));
        for (Folder f : List.of(a, b)) {
            f.addMessageChangedListener(e -> seen.add(change(e)));
            f.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    counts.add(e.getMessages().length);
                }
            });
        }
        try (Imap4libWatch watch = poll == null ? store.watch(a, b)
                : Imap4libWatch.polling(store, List.of((Imap4libFolder) a, (Imap4libFolder) b), poll)) {
            assertEquals(expectNotify, watch.usesNotify());
            assertTrue(watch.reportsFlagChanges());
            watch.addMessageChangedListener(e -> viaWatch.add(change(e)));

            other.select(names.get(0)).check();
            other.store("1", "+FLAGS", "(\\Flagged)").check();
            Change ch = next(seen);
            assertEquals(new Change(names.get(0), 1, flags("\\Flagged"), MessageChangedEvent.FLAGS_CHANGED), ch);
            assertEquals(ch, next(viaWatch));

            other.select(names.get(1)).check();
            other.store("2", "+FLAGS", "(\\Seen $Label1)").check();
            assertEquals(new Change(names.get(1), 2, flags("\\Seen", "$Label1"), MessageChangedEvent.FLAGS_CHANGED),
                    next(seen));

            other.select(names.get(0)).check();
            other.store("1", "-FLAGS", "(\\Flagged)").check();
            assertEquals(new Change(names.get(0), 1, new Flags(), MessageChangedEvent.FLAGS_CHANGED), next(seen));

            // setting a flag a message already has changes nothing: no event
            other.store("2", "+FLAGS", "(\\Answered)").check();
            other.store("2", "+FLAGS", "(\\Answered)").check();
            assertEquals(new Change(names.get(0), 2, flags("\\Answered"), MessageChangedEvent.FLAGS_CHANGED), next(seen));

            // an append is a count event, never a flag change
            other.append(names.get(1), null, (String) null, MSG).check();
            Integer added = counts.poll(20, TimeUnit.SECONDS);
            assertEquals(1, added);
            other.closeMailbox();
            Thread.sleep(1_500); // anything extra would arrive meanwhile
            assertNull(seen.poll(), "exactly one event per change");
            assertEquals(3, viaWatch.size(), "the watch's own listener heard the other three changes");
            assertNull(counts.poll());
        }
        for (String n : names) {
            other.delete(n);
        }
    }

    private static Change change(MessageChangedEvent e) {
        try {
            Imap4libMessage m = (Imap4libMessage) e.getMessage();
            Folder f = m.getFolder();
            assertFalse(f.isOpen());
            return new Change(f.getFullName(), ((Imap4libFolder) f).getUID(m), m.getFlags(), e.getMessageChangeType());
        } catch (jakarta.mail.MessagingException x) {
            return new Change("failed: " + x, -1, null, -1);
        }
    }

    private static Change next(BlockingQueue<Change> q) throws InterruptedException {
        Change c = q.poll(20, TimeUnit.SECONDS);
        assertNotNull(c, "no flag event within 20 s");
        return c;
    }

    private static Flags flags(String... names) {
        Flags f = new Flags();
        for (String n : names) {
            Imap4libFolder.addFlag(f, n);
        }
        return f;
    }
}
