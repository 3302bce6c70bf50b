package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.*;
import jakarta.mail.internet.*;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayOutputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProviderSmokeTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @Test
    void endToEnd() throws Exception {
        greenMail.setUser("bob@example.com", "bob", "pw");
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(greenMail.getImap().getPort()));
        Session s = Session.getInstance(p);
        Store store = s.getStore("imap4lib");
        assertEquals(Imap4libStore.class, store.getClass());
        store.connect("bob", "pw");
        Folder inbox = store.getFolder("INBOX");
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("ann@example.com", "Ann Ö"));
        m.setSubject("Grüße 1", "UTF-8");
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart t = new MimeBodyPart();
        t.setText("hello world", "UTF-8");
        MimeBodyPart a = new MimeBodyPart();
        a.setContent(new byte[] {1, 2, 3, 4}, "application/octet-stream");
        a.setFileName("x.bin");
        mp.addBodyPart(t);
        mp.addBodyPart(a);
        m.setContent(mp);
        m.saveChanges();
        inbox.appendMessages(new Message[] {m});
        inbox.open(Folder.READ_WRITE);
        assertEquals(1, inbox.getMessageCount());
        Message got = inbox.getMessage(1);
        assertEquals("Grüße 1", got.getSubject());
        assertEquals("Ann Ö", ((InternetAddress) got.getFrom()[0]).getPersonal());
        assertTrue(got.isMimeType("multipart/mixed"), got.getContentType());
        Multipart c = (Multipart) got.getContent();
        assertEquals(2, c.getCount());
        assertEquals("hello world", c.getBodyPart(0).getContent());
        assertEquals(1, inbox.search(new SubjectTerm("Grüße")).length);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        got.writeTo(raw);
        assertTrue(raw.size() > 100);
        got.setFlag(Flags.Flag.DELETED, true);
        Message[] gone = inbox.expunge();
        assertEquals(1, gone.length);
        assertTrue(gone[0].isExpunged());
        assertEquals(0, inbox.getMessageCount());
        inbox.close(false);
        store.close();
    }

    @Test
    void readingOneAttachmentFetchesOnlyThatPart() throws Exception {
        greenMail.setUser("carl@example.com", "carl", "pw");
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(greenMail.getImap().getPort()));
        p.put("mail.imap4lib.peek", "true");
        Session s = Session.getInstance(p);
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        s.setDebugOut(new java.io.PrintStream(trace, true, "UTF-8"));
        s.setDebug(true);
        Store store = s.getStore("imap4lib");
        store.connect("carl", "pw");
        Folder inbox = store.getFolder("INBOX");
        MimeMessage m = new MimeMessage(s);
        m.setSubject("two attachments");
        MimeMultipart mp = new MimeMultipart();
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        byte[] small = {9, 8, 7};
        for (byte[] data : new byte[][] {big, small}) {
            MimeBodyPart a = new MimeBodyPart();
            a.setDataHandler(new jakarta.activation.DataHandler(
                    new jakarta.mail.util.ByteArrayDataSource(data, "application/octet-stream")));
            a.setFileName(data == big ? "big.bin" : "small.bin");
            mp.addBodyPart(a);
        }
        m.setContent(mp);
        m.saveChanges();
        inbox.appendMessages(new Message[] {m});
        inbox.open(Folder.READ_ONLY);
        Message got = inbox.getMessage(inbox.getMessageCount());
        Multipart parts = (Multipart) got.getContent();
        assertEquals(2, parts.getCount());
        BodyPart second = parts.getBodyPart(1);
        assertEquals("small.bin", second.getFileName());
        trace.reset();
        byte[] read = second.getInputStream().readAllBytes();
        assertArrayEquals(small, read);
        String t = trace.toString("UTF-8");
        assertTrue(t.contains("BODY.PEEK[2]"), t);
        assertFalse(t.contains("BODY.PEEK[1]") || t.contains("BODY.PEEK[TEXT]"), t);
        assertFalse(got.isSet(Flags.Flag.SEEN), "peek keeps \\Seen unset");
        assertArrayEquals(big, parts.getBodyPart(0).getInputStream().readAllBytes());
        inbox.close(false);
        store.close();
    }

    @Test
    void sessionDebugNeverShowsThePassword() throws Exception {
        greenMail.setUser("dora@example.com", "dora", "Secret-Pa55");
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(greenMail.getImap().getPort()));
        Session s = Session.getInstance(p);
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        s.setDebugOut(new java.io.PrintStream(trace, true, "UTF-8"));
        s.setDebug(true); // what mail.debug=true does, with the output captured from the start
        Store store = s.getStore("imap4lib");
        store.connect("dora", "Secret-Pa55");
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        inbox.close(false);
        store.close();
        String t = trace.toString("UTF-8");
        assertTrue(t.contains("dora"), "the trace is on: " + t);
        assertFalse(t.contains("Secret-Pa55"), t);
        assertFalse(t.contains(java.util.Base64.getEncoder().encodeToString("Secret-Pa55".getBytes())), t);
    }
}
