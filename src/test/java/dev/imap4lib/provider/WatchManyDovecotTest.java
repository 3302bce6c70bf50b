package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Angus's {@code IdleManager} use case on Dovecot: twenty folders watched by one
 * {@link Imap4libWatch} (one thread, one connection, NOTIFY); one APPEND into each from another
 * store gives exactly one MessageCountEvent of one message for that folder, and no more threads.
 */
@ExtendWith(DovecotExtension.class)
class WatchManyDovecotTest {
    private static final int FOLDERS = 20;
    private final DovecotServer dovecot;

    WatchManyDovecotTest(DovecotServer dovecot) {
        this.dovecot = dovecot;
    }

    private Imap4libStore store() throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", dovecot.host());
        p.put("mail.imap4lib.port", String.valueOf(dovecot.imapPort()));
        p.put("mail.imap4lib.starttls.enable", "false");
        Imap4libStore st = (Imap4libStore) Session.getInstance(p).getStore("imap4lib");
        st.connect("user3", DovecotServer.USERS.get("user3"));
        return st;
    }

    private static long watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("imap4lib-watch-")).count();
    }

    @Test
    void twentyFoldersOneThreadOneEventPerAppend() throws Exception {
        String run = "many-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        try (Imap4libStore watcher = store(); Imap4libStore other = store()) {
            List<Folder> folders = new ArrayList<>();
            for (int i = 0; i < FOLDERS; i++) {
                Folder f = watcher.getFolder(run + "-" + i);
                assertTrue(f.create(Folder.HOLDS_MESSAGES));
                folders.add(f);
            }
            long threadsBefore = watchThreads();
            Map<String, AtomicInteger> events = new ConcurrentHashMap<>();
            AtomicInteger messages = new AtomicInteger();
            try (Imap4libWatch watch = watcher.watch(folders.toArray(new Folder[0]))) {
                assertTrue(watch.usesNotify(), "Dovecot offers NOTIFY");
                watch.addMessageCountListener(new MessageCountListener() {
                    @Override
                    public void messagesAdded(MessageCountEvent e) {
                        events.computeIfAbsent(((Folder) e.getSource()).getFullName(), k -> new AtomicInteger())
                                .incrementAndGet();
                        messages.addAndGet(e.getMessages().length);
                    }

                    @Override
                    public void messagesRemoved(MessageCountEvent e) {
                        events.computeIfAbsent("removed", k -> new AtomicInteger()).incrementAndGet();
                    }
                });
                assertEquals(threadsBefore + 1, watchThreads(), "one thread for all twenty folders");
                for (int i = 0; i < FOLDERS; i++) {
                    MimeMessage m = new MimeMessage((Session) null);
                    m.setSubject("n" + i);
                    m.setText("new");
                    other.getFolder(run + "-" + i).appendMessages(new Message[] {m});
                }
                long deadline = System.currentTimeMillis() + 20_000;
                while (events.size() < FOLDERS && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(1_000); // anything extra would arrive meanwhile
                assertEquals(FOLDERS, events.size(), "every folder reported: " + events);
                for (int i = 0; i < FOLDERS; i++) {
                    assertEquals(1, events.get(run + "-" + i).get(), "exactly one event for folder " + i);
                }
                assertEquals(FOLDERS, messages.get());
                assertEquals(threadsBefore + 1, watchThreads());
            }
            long end = System.currentTimeMillis() + 5_000;
            while (watchThreads() > threadsBefore && System.currentTimeMillis() < end) {
                Thread.sleep(20);
            }
            assertEquals(threadsBefore, watchThreads(), "closing the watch ends its thread");
        }
    }
}
