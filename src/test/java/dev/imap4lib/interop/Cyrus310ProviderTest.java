package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.provider.Imap4libFolder;
import dev.imap4lib.provider.Imap4libMessage;
import dev.imap4lib.provider.ObjectIdItems;
import dev.imap4lib.testing.Cyrus310Extension;
import dev.imap4lib.testing.Cyrus310Server;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The provider on Cyrus IMAP 3.10: IMAP4rev2 enabled by default, OBJECTID ids on messages and folders. */
@ExtendWith(Cyrus310Extension.class)
@Timeout(60)
class Cyrus310ProviderTest {

    private static Session session(Cyrus310Server c, boolean rev2) {
        Properties p = new Properties();
        String pre = "mail.imap4lib.";
        p.put(pre + "host", "localhost");
        p.put(pre + "port", Integer.toString(c.imapPort()));
        p.put(pre + "ssl.socketFactory", c.sslContext().getSocketFactory());
        p.put(pre + "timeout", "10000");
        p.put(pre + "starttls.required", "true");
        p.put(pre + "imap4rev2.enable", Boolean.toString(rev2));
        return Session.getInstance(p);
    }

    private static MimeMessage message(Session s, String subject) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setFrom("a@example.com");
        m.setRecipients(Message.RecipientType.TO, "b@example.com");
        m.setSubject(subject);
        m.setText("body of " + subject);
        return m;
    }

    @Test
    void folderWorkflowWithImap4rev2(Cyrus310Server c) throws Exception {
        Session s = session(c, true);
        Store store = s.getStore("imap4lib");
        store.connect("user1", "pass1");
        try {
            ProviderChecks.folderWorkflow(s, store, "INBOX/p2-" + UUID.randomUUID().toString().substring(0, 8));
        } finally {
            store.close();
        }
    }

    @Test
    void newMessageCountUnderRev2CountsArrivalsNotRecent(Cyrus310Server c) throws Exception {
        String name = "INBOX/p2n-" + UUID.randomUUID().toString().substring(0, 8);
        for (boolean rev2 : new boolean[] {true, false}) {
            Session s = session(c, rev2);
            Store store = s.getStore("imap4lib");
            store.connect("user1", "pass1");
            try {
                Folder f = store.getFolder(name + rev2);
                f.create(Folder.HOLDS_MESSAGES);
                f.appendMessages(new Message[] {message(s, "one"), message(s, "two")});
                assertEquals(rev2 ? -1 : 2, f.getNewMessageCount(), "closed folder, rev2=" + rev2);
                f.open(Folder.READ_WRITE);
                // rev1: Cyrus's \Recent; rev2: no \Recent, only what arrives while open counts
                assertEquals(rev2 ? 0 : 2, f.getNewMessageCount(), "rev2=" + rev2);
                f.appendMessages(new Message[] {message(s, "three")});
                Thread.sleep(1100);   // getMessageCount sends a NOOP (which brings the EXISTS) at most once a second
                assertEquals(3, f.getMessageCount());
                assertEquals(rev2 ? 1 : 3, f.getNewMessageCount(), "rev2=" + rev2);
                assertEquals(1, f.search(new SubjectTerm("three")).length, "search (ESEARCH under rev2)");
                f.close(false);
            } finally {
                store.close();
            }
        }
    }

    @Test
    void emailThreadAndMailboxIds(Cyrus310Server c) throws Exception {
        Session s = session(c, true);
        Store store = s.getStore("imap4lib");
        store.connect("user1", "pass1");
        try {
            String base = "INBOX/p2o-" + UUID.randomUUID().toString().substring(0, 8);
            Imap4libFolder a = (Imap4libFolder) store.getFolder(base + "a");
            Imap4libFolder b = (Imap4libFolder) store.getFolder(base + "b");
            a.create(Folder.HOLDS_MESSAGES);
            b.create(Folder.HOLDS_MESSAGES);
            String idA = a.getMailboxId();
            assertNotNull(idA);
            assertNotEquals(idA, b.getMailboxId());
            a.appendMessages(new Message[] {message(s, "x"), message(s, "y")});
            a.open(Folder.READ_WRITE);
            assertEquals(idA, a.getMailboxId(), "open folder: SELECT's [MAILBOXID]");
            Message[] msgs = a.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(ObjectIdItems.EMAILID);
            fp.add(ObjectIdItems.THREADID);
            a.fetch(msgs, fp);
            Imap4libMessage x = (Imap4libMessage) msgs[0];
            String emailId = x.getEmailId();
            assertNotNull(emailId);
            assertNotNull(x.getThreadId());
            assertNotEquals(emailId, ((Imap4libMessage) msgs[1]).getEmailId());
            a.copyMessages(new Message[] {x}, b);
            a.close(false);
            b.open(Folder.READ_ONLY);
            Imap4libMessage copy = (Imap4libMessage) b.getMessage(1);
            assertEquals(emailId, copy.getEmailId(), "lazy fetch; the id follows the message");
            b.close(false);
            Folder renamed = store.getFolder(base + "r");
            assertTrue(a.renameTo(renamed));
            assertEquals(idA, ((Imap4libFolder) renamed).getMailboxId(), "a rename keeps the id");
        } finally {
            store.close();
        }
    }
}
