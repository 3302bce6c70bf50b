package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.testing.CuttableProxy;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A connection that drops during IDLE is replaced; what changed meanwhile is announced by UID. */
class IdleReconnectTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static Store store(int port) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(port));
        p.put("mail.imap4lib.timeout", "10000");
        Store s = Session.getInstance(p).getStore("imap4lib");
        s.connect("r", "pw");
        return s;
    }

    private static Message msg(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setSubject(subject);
        m.setText(subject);
        m.saveChanges();
        return m;
    }

    @Test
    void idleSurvivesADroppedConnection() throws Exception {
        greenMail.setUser("r@example.com", "r", "pw");
        try (CuttableProxy proxy = new CuttableProxy("127.0.0.1", greenMail.getImap().getPort())) {
            Store direct = store(greenMail.getImap().getPort());
            Folder directInbox = direct.getFolder("INBOX");
            directInbox.appendMessages(new Message[] {msg("one"), msg("two")});

            Store store = store(proxy.port());
            Imap4libFolder inbox = (Imap4libFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message one = inbox.getMessage(1);
            Message two = inbox.getMessage(2);
            List<String> events = new CopyOnWriteArrayList<>();
            CountDownLatch both = new CountDownLatch(2);
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    events.add("added " + e.getMessages().length);
                    both.countDown();
                }

                @Override
                public void messagesRemoved(MessageCountEvent e) {
                    events.add("removed " + e.getMessages().length + (e.isRemoved() ? " (ours)" : " (elsewhere)"));
                    both.countDown();
                }
            });
            AtomicReference<Throwable> idleFailure = new AtomicReference<>();
            Thread idler = new Thread(() -> {
                try {
                    inbox.idle(Duration.ofSeconds(60));
                } catch (Throwable t) {
                    idleFailure.set(t);
                }
            });
            idler.start();
            // Only once the IDLE is under way: a reply muted before that (to the UID SEARCH the
            // IDLE starts with, say) would fail idle() itself rather than test its reconnect.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!inbox.isIdling() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(inbox.isIdling(), "the folder went into IDLE");
            // The network goes quiet, mail changes meanwhile, then the connection dies.
            proxy.mute();
            directInbox.open(Folder.READ_WRITE);
            directInbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            directInbox.expunge();
            directInbox.close(false);
            directInbox.appendMessages(new Message[] {msg("three")});
            Thread.sleep(300);
            proxy.cutAll();

            assertTrue(both.await(15, TimeUnit.SECONDS), "events after the reconnect: " + events);
            assertTrue(events.contains("removed 1 (elsewhere)"), events.toString());
            assertTrue(events.contains("added 1"), events.toString());
            assertTrue(one.isExpunged(), "message one was expunged while we were away");
            assertFalse(two.isExpunged());
            assertEquals("two", two.getSubject(), "ends the IDLE and reads over the new connection");
            idler.join(10_000);
            assertFalse(idler.isAlive());
            assertNull(idleFailure.get());
            assertTrue(inbox.isOpen());
            assertEquals("three", inbox.getMessage(3).getSubject());
            inbox.close(false);
            store.close();
            direct.close();
        }
    }
}
