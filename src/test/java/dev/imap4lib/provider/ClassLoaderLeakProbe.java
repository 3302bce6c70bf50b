package dev.imap4lib.provider;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What an application does with imap4lib, run by {@link ClassLoaderLeakTest} inside a class
 * loader of its own (as a WAR's classes are): implicit TLS, the write timeout, IDLE and a second
 * pooled connection. Uses only the JDK and the classes of that loader, and returns a plain string
 * so that nothing of the loader escapes.
 */
public final class ClassLoaderLeakProbe {
    private ClassLoaderLeakProbe() {
    }

    /** Arguments: host, IMAPS port, user, password. Returns a summary of what it saw. */
    public static String run(String host, int port, String user, String password) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4libs.host", host);
        p.put("mail.imap4libs.port", String.valueOf(port));
        // GreenMail's certificate is self-signed and names no host.
        p.put("mail.imap4libs.ssl.trust", host);
        p.put("mail.imap4libs.ssl.checkserveridentity", "false");
        p.put("mail.imap4libs.timeout", "10000");
        p.put("mail.imap4libs.connectiontimeout", "10000");
        p.put("mail.imap4libs.writetimeout", "10000");
        p.put("mail.imap4libs.connectionpoolsize", "2");
        Session session = Session.getInstance(p);
        Store store = session.getStore("imap4libs");
        store.connect(user, password);
        StringBuilder out = new StringBuilder("store=").append(store.getClass().getName());
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message first = inbox.getMessage(1);
            Date sent = first.getSentDate();
            out.append(" count=").append(inbox.getMessageCount())
                    .append(" subject=").append(first.getSubject())
                    .append(" dated=").append(sent != null);

            CountDownLatch added = new CountDownLatch(1);
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    added.countDown();
                }
            });
            AtomicReference<Throwable> idleFailure = new AtomicReference<>();
            Imap4libFolder idling = (Imap4libFolder) inbox;
            Thread idler = new Thread(() -> {
                try {
                    idling.idle(Duration.ofSeconds(20));
                } catch (Throwable t) {
                    idleFailure.set(t);
                }
            }, "leak-probe-idler");
            idler.start();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!idling.isIdling() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            out.append(" idling=").append(idling.isIdling());

            // A second folder object for the same mailbox works on a second pooled connection
            // while the first one idles.
            Folder other = store.getFolder("INBOX");
            MimeMessage m = new MimeMessage(session);
            m.setSubject("delivered during IDLE");
            m.setText("hello");
            m.setSentDate(new Date());
            m.saveChanges();
            other.appendMessages(new Message[] {m});
            out.append(" idleEvent=").append(added.await(10, TimeUnit.SECONDS));
            idling.stopIdle();
            idler.join(10_000);
            out.append(" idleEnded=").append(!idler.isAlive());
            if (idleFailure.get() != null) {
                out.append(" idleFailure=").append(idleFailure.get());
            }
            inbox.close(false);
        } finally {
            store.close();
        }
        return out.toString();
    }
}
