package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.MailboxEvent;
import dev.imap4lib.client.NotifySpec;
import dev.imap4lib.client.NotifySpec.Event;
import dev.imap4lib.client.Untagged;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.testing.Cyrus310Extension;
import dev.imap4lib.testing.Cyrus310Server;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.FolderEvent;
import jakarta.mail.event.FolderListener;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.imap4lib.provider.WatchScriptTest.Seen;

/** NOTIFY (RFC 5465) on Cyrus 3.10: the core command and events, and the provider's one-connection watch. */
@ExtendWith(Cyrus310Extension.class)
@Timeout(60)
class Cyrus310WatchTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final byte[] MSG = "Subject: w\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    private static Imap4 core(Cyrus310Server c) throws Exception {
        Imap4 imap = new Imap4("localhost", c.imapPort(), ClientOptions.defaults().withTimeout(T));
        imap.login("user1", "pass1").check();
        return imap;
    }

    private static List<String> folders(Imap4 imap, String base, int n) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(base + i);
            imap.create(base + i).check();
        }
        return names;
    }

    private static String unique(String what) {
        return "INBOX/" + what + Long.toString(System.nanoTime(), 36);
    }

    @Test
    void coreNotifyReportsStatusAndListChangesDuringIdle(Cyrus310Server c) throws Exception {
        try (Imap4 watcher = core(c); Imap4 other = core(c)) {
            List<String> names = folders(other, unique("core"), 3);
            List<MailboxStatus> initial = watcher.notify(NotifySpec.set().withStatus()
                    .mailboxes(names, Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE)
                    .personal(Event.MAILBOX_NAME)).check().value();
            assertEquals(names, initial.stream().map(MailboxStatus::name).toList());
            assertTrue(initial.stream().allMatch(s -> s.messages() == 0));
            String created = names.get(0) + "x";
            Map<String, Long> counts = new HashMap<>();
            boolean sawCreate = false;
            try (Imap4.Idler idler = watcher.idle(Duration.ofSeconds(30))) {
                for (String n : names) {
                    other.append(n, null, (String) null, MSG).check();
                }
                other.create(created).check();
                while (counts.size() < 3 || !sawCreate) {
                    Untagged u = idler.next(T);
                    assertNotNull(u, "events so far " + counts + " create " + sawCreate);
                    MailboxEvent e = MailboxEvent.of(u, watcher.utf8Enabled()).orElse(null);
                    if (e instanceof MailboxEvent.StatusChange s && s.status().messages() != null) {
                        counts.put(s.status().name(), s.status().messages());
                    } else if (e instanceof MailboxEvent.MailboxChange m && m.entry().name().equals(created)) {
                        sawCreate = !m.deleted();
                    }
                }
            }
            assertEquals(Map.of(names.get(0), 1L, names.get(1), 1L, names.get(2), 1L), counts);
            assertTrue(watcher.notify(NotifySpec.none()).isOk());
            Imap4Check.badEvent(watcher);
        }
    }

    /** Cyrus refuses FlagChange without its partners and names the events it has. */
    static final class Imap4Check {
        static void badEvent(Imap4 imap) throws Exception {
            var r = imap.notify(NotifySpec.set().personal(Event.SERVER_METADATA_CHANGE));
            if (!r.isOk() && r.code() != null && "BADEVENT".equals(r.code().name())) {
                assertTrue(NotifySpec.supportedEvents(r.code()).contains("MessageNew"), r.code().toString());
            } else {
                assertTrue(r.isOk(), r.toString()); // a server that has it accepts it
            }
        }
    }

    private static Store store(Cyrus310Server c) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "localhost");
        p.put("mail.imap4lib.port", Integer.toString(c.imapPort()));
        p.put("mail.imap4lib.timeout", "10000");
        p.put("mail.imap4lib.ssl.socketFactory", c.sslContext().getSocketFactory());
        Store store = Session.getInstance(p).getStore("imap4lib");
        store.connect("user1", "pass1");
        return store;
    }

    private static MessageCountListener into(BlockingQueue<Seen> q) {
        return new MessageCountListener() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                q.add(new Seen(((Folder) e.getSource()).getFullName(), e.getType(), e.getMessages().length));
            }

            @Override
            public void messagesRemoved(MessageCountEvent e) {
                q.add(new Seen(((Folder) e.getSource()).getFullName(), e.getType(), e.getMessages().length));
            }
        };
    }

    private static Map<String, Integer> added(BlockingQueue<Seen> q, int total) throws InterruptedException {
        Map<String, Integer> out = new HashMap<>();
        int n = 0;
        while (n < total) {
            Seen s = q.poll(15, TimeUnit.SECONDS);
            assertNotNull(s, "only " + out);
            assertEquals(MessageCountEvent.ADDED, s.type(), s.toString());
            out.merge(s.folder(), s.count(), Integer::sum);
            n += s.count();
        }
        return out;
    }

    @Test
    void oneConnectionWatchesThreeClosedFoldersAndFolderChanges(Cyrus310Server c) throws Exception {
        Store store = store(c);
        try (Imap4 other = core(c)) {
            List<String> names = folders(other, unique("watch"), 3);
            BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
            BlockingQueue<FolderEvent> folderEvents = new LinkedBlockingQueue<>();
            List<Folder> watched = new ArrayList<>();
            for (String n : names) {
                Folder f = store.getFolder(n);
                f.addMessageCountListener(into(seen));
                watched.add(f);
            }
            store.addFolderListener(new FolderListener() {
                @Override
                public void folderCreated(FolderEvent e) {
                    folderEvents.add(e);
                }

                @Override
                public void folderDeleted(FolderEvent e) {
                    folderEvents.add(e);
                }

                @Override
                public void folderRenamed(FolderEvent e) {
                    folderEvents.add(e);
                }
            });
            Imap4libWatch watch = ((Imap4libStore) store).watch(watched.toArray(new Folder[0]));
            assertTrue(watch.usesNotify());
            List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("imap4lib-watch-")).toList();
            assertEquals(1, threads.size(), threads.toString());
            Thread t = threads.get(0);
            assertTrue(t.isDaemon());
            assertNull(t.getContextClassLoader());

            other.append(names.get(0), null, (String) null, MSG).check();
            other.append(names.get(1), null, (String) null, MSG).check();
            other.append(names.get(1), null, (String) null, MSG).check();
            other.append(names.get(2), null, (String) null, MSG).check();
            // the server may coalesce the two appends into one change: count per folder
            assertEquals(Map.of(names.get(0), 1, names.get(1), 2, names.get(2), 1), added(seen, 4));
            assertEquals(2L, watch.lastStatus(names.get(1)).messages());
            assertEquals(3L, watch.lastStatus(names.get(1)).uidNext());

            other.select(names.get(1)).check();
            other.store("1", "+FLAGS", "(\\Deleted)").check();
            other.expunge().check();
            other.closeMailbox();
            assertEquals(List.of(new Seen(names.get(1), MessageCountEvent.REMOVED, 1)), WatchScriptTest.take(seen, 1));

            String created = names.get(0) + "new";
            other.create(created).check();
            FolderEvent e = folderEvents.poll(15, TimeUnit.SECONDS);
            assertNotNull(e);
            assertEquals(FolderEvent.CREATED, e.getType());
            assertEquals(created, e.getFolder().getFullName());
            other.rename(created, created + "2").check();
            e = folderEvents.poll(15, TimeUnit.SECONDS);
            assertNotNull(e);
            assertEquals(FolderEvent.RENAMED, e.getType());
            assertEquals(created, e.getFolder().getFullName());
            assertEquals(created + "2", e.getNewFolder().getFullName());
            other.delete(created + "2").check();
            e = folderEvents.poll(15, TimeUnit.SECONDS);
            assertNotNull(e);
            assertEquals(FolderEvent.DELETED, e.getType());
            assertEquals(created + "2", e.getFolder().getFullName());

            watch.close();
            t.join(5_000);
            assertFalse(t.isAlive());
            assertFalse(watch.isRunning());
            assertFalse(watch.connection().isAlive());
            other.append(names.get(0), null, (String) null, MSG).check();
            assertNull(seen.poll(1, TimeUnit.SECONDS), "no events after close");
        } finally {
            store.close();
        }
    }

    @Test
    void watchAllReportsEveryPersonalFolderAndStoreCloseEndsIt(Cyrus310Server c) throws Exception {
        Store store = store(c);
        try (Imap4 other = core(c)) {
            List<String> names = folders(other, unique("all"), 3);
            Imap4libWatch watch = ((Imap4libStore) store).watchAll();
            BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
            BlockingQueue<Folder> sources = new LinkedBlockingQueue<>();
            watch.addMessageCountListener(into(seen));
            watch.addMessageCountListener(new MessageCountListener() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    sources.add((Folder) e.getSource());
                }

                @Override
                public void messagesRemoved(MessageCountEvent e) {
                }
            });
            for (String n : names) {
                other.append(n, null, (String) null, MSG).check();
            }
            assertEquals(Map.of(names.get(0), 1, names.get(1), 1, names.get(2), 1), added(seen, 3));
            Folder src = sources.poll(5, TimeUnit.SECONDS);
            assertNotNull(src);
            assertTrue(src instanceof Imap4libFolder && names.contains(src.getFullName()), src.toString());
            // the placeholders of a closed folder say so when read
            seen.clear();
            BlockingQueue<jakarta.mail.Message> msgs = new LinkedBlockingQueue<>();
            watch.addMessageCountListener(new MessageCountListener() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    msgs.addAll(List.of(e.getMessages()));
                }

                @Override
                public void messagesRemoved(MessageCountEvent e) {
                }
            });
            other.append(names.get(0), null, (String) null, MSG).check();
            jakarta.mail.Message placeholder = msgs.poll(15, TimeUnit.SECONDS);
            assertNotNull(placeholder);
            assertEquals(2, placeholder.getMessageNumber());
            assertThrows(FolderClosedException.class, placeholder::getSubject);
            placeholder.getFolder().open(Folder.READ_ONLY);
            try {
                assertEquals("w", placeholder.getFolder().getMessage(2).getSubject());
            } finally {
                placeholder.getFolder().close(false);
            }
            store.close();
            assertFalse(watch.isRunning());
            assertFalse(watch.connection().isAlive());
        } finally {
            store.close();
        }
    }
}
