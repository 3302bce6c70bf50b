package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.provider.Imap4libFolder;
import dev.imap4lib.provider.Imap4libMessage;
import dev.imap4lib.provider.MessageDataItems;
import dev.imap4lib.provider.SaveDateSupportedTerm;
import dev.imap4lib.provider.SaveDateTerm;
import dev.imap4lib.provider.SavedOnTerm;
import dev.imap4lib.testing.Cyrus310Extension;
import dev.imap4lib.testing.Cyrus310Server;
import dev.imap4lib.testing.CyrusServer;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.ComparisonTerm;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The provider's PREVIEW, SAVEDATE (getters, FetchProfile, search terms) and REPLACE on Cyrus IMAP 3.10. */
@ExtendWith(Cyrus310Extension.class)
@Timeout(60)
class Cyrus310ModernProviderTest {

    private static Store store(Cyrus310Server c) throws Exception {
        Properties p = new Properties();
        String pre = "mail.imap4lib.";
        p.put(pre + "host", "localhost");
        p.put(pre + "port", Integer.toString(c.imapPort()));
        p.put(pre + "timeout", "10000");
        p.put(pre + "ssl.socketFactory", c.sslContext().getSocketFactory());
        Session session = Session.getInstance(p);
        session.setDebug(Boolean.getBoolean("imap4lib.test.debug"));
        Store s = session.getStore("imap4lib");
        s.connect("user1", "pass1");
        return s;
    }

    private static MimeMessage message(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom("a@example.com");
        m.setRecipients(Message.RecipientType.TO, "b@example.com");
        m.setSubject(subject);
        m.setText("body of " + subject);
        return m;
    }

    private static Folder create(Store s, String tag) throws Exception {
        Folder f = s.getFolder("INBOX/" + tag + "-" + UUID.randomUUID().toString().substring(0, 8));
        assertTrue(f.create(Folder.HOLDS_MESSAGES));
        return f;
    }

    @Test
    void previewFromTheAnnotationBothLazilyAndPrefetched(Cyrus310Server c) throws Exception {
        Store s = store(c);
        try {
            Folder f = create(s, "pv");
            f.appendMessages(new Message[] {message("one"), message("two")});
            // Cyrus 3.10 serves PREVIEW from the jmap_preview_annot annotation: set it for message 1
            try (Imap4 raw = Cyrus310ModernTest.login(c)) {
                raw.select(f.getFullName()).check();
                String entry = CyrusServer.PREVIEW_ANNOTATION.substring("/shared".length());
                raw.store("1", "ANNOTATION", "(" + entry + " (value.shared \"See you at 3\"))").check();
            }
            f.open(Folder.READ_ONLY);
            Imap4libMessage m1 = (Imap4libMessage) f.getMessage(1);
            assertEquals("See you at 3", m1.getPreview());
            f.close(false);
            f.open(Folder.READ_ONLY);
            Message[] all = f.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(MessageDataItems.PREVIEW);
            fp.add(MessageDataItems.SAVEDATE);
            f.fetch(all, fp);
            ((Imap4libFolder) f).close(false);
            // prefetched: readable with the folder closed, so no FETCH happened afterwards
            assertEquals("See you at 3", ((Imap4libMessage) all[0]).getPreview());
            assertEquals("", ((Imap4libMessage) all[1]).getPreview(), "no annotation: Cyrus answers an empty preview");
            assertNotNull(((Imap4libMessage) all[1]).getSaveDate());
        } finally {
            s.close();
        }
    }

    @Test
    void saveDateGetterAndSearchTerms(Cyrus310Server c) throws Exception {
        Store s = store(c);
        try {
            Folder f = create(s, "sd");
            Instant before = Instant.now().minus(1, ChronoUnit.MINUTES);
            f.appendMessages(new Message[] {message("saved")});
            f.open(Folder.READ_WRITE);
            Imap4libMessage m = (Imap4libMessage) f.getMessage(1);
            Date saved = m.getSaveDate();
            assertNotNull(saved);
            assertTrue(saved.toInstant().isAfter(before), saved.toString());
            assertEquals(1, f.search(new SaveDateSupportedTerm()).length);
            assertEquals(1, f.search(new SaveDateTerm(ComparisonTerm.GE, Date.from(before.minus(3, ChronoUnit.DAYS)))).length);
            assertEquals(0, f.search(new SaveDateTerm(ComparisonTerm.LT, Date.from(Instant.parse("2020-01-01T00:00:00Z")))).length);
            LocalDate day = saved.toInstant().atZone(ZoneId.of("UTC")).toLocalDate();
            // SAVEDON counts the server's day (UTC here); the day before has nothing
            assertEquals(1, f.search(new SavedOnTerm(day)).length);
            assertEquals(0, f.search(new SavedOnTerm(day.minusDays(2))).length);
            f.close(false);
        } finally {
            s.close();
        }
    }

    @Test
    void replaceMessageSwapsAtomicallyAndReturnsTheNewMessage(Cyrus310Server c) throws Exception {
        Store s = store(c);
        try {
            Folder f = create(s, "rp");
            f.appendMessages(new Message[] {message("draft v1"), message("other")});
            Imap4libFolder folder = (Imap4libFolder) f;
            folder.open(Folder.READ_WRITE);
            List<String> events = new ArrayList<>();
            folder.addMessageCountListener(new MessageCountListener() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    events.add("added " + e.getMessages().length);
                }

                @Override
                public void messagesRemoved(MessageCountEvent e) {
                    events.add("removed " + e.getMessages().length);
                }
            });
            Message old = folder.getMessage(1);
            long oldUid = folder.getUID(old);
            MimeMessage v2 = message("draft v2");
            v2.setFlag(jakarta.mail.Flags.Flag.DRAFT, true);
            Message fresh = folder.replaceMessage(old, v2);
            assertNotNull(fresh);
            assertEquals("draft v2", fresh.getSubject());
            assertTrue(fresh.isSet(jakarta.mail.Flags.Flag.DRAFT));
            assertTrue(folder.getUID(fresh) > oldUid);
            assertTrue(old.isExpunged());
            assertEquals(2, folder.getMessageCount());
            String[] subjects = {folder.getMessage(1).getSubject(), folder.getMessage(2).getSubject()};
            assertArrayEquals(new String[] {"other", "draft v2"}, subjects);
            // the listeners are told in event order: dispatch is asynchronous, wait for both
            long end = System.nanoTime() + 5_000_000_000L;
            while (events.size() < 2 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(events.contains("added 1") && events.contains("removed 1"), events.toString());
            folder.close(false);
        } finally {
            s.close();
        }
    }
}
