package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reading a section in chunks asks for chunk n+1 while chunk n is consumed; other commands on the
 * folder in between must neither corrupt the stream nor see its answers.
 */
@Timeout(60)
class SectionPrefetchTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static final byte[] DATA = new byte[100_000];

    static {
        new Random(11).nextBytes(DATA);
    }

    private Session session(ByteArrayOutputStream trace) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(greenMail.getImap().getPort()));
        p.put("mail.imap4lib.fetchsize", "8192");
        Session s = Session.getInstance(p);
        s.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
        s.setDebug(true);
        return s;
    }

    private Folder inboxWithAttachment(Session s, Store store) throws Exception {
        Folder inbox = store.getFolder("INBOX");
        MimeMessage m = new MimeMessage(s);
        m.setSubject("prefetch");
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("see attachment");
        MimeBodyPart a = new MimeBodyPart();
        a.setDataHandler(new DataHandler(new ByteArrayDataSource(DATA, "application/octet-stream")));
        a.setFileName("data.bin");
        mp.addBodyPart(text);
        mp.addBodyPart(a);
        m.setContent(mp);
        m.saveChanges();
        inbox.appendMessages(new Message[] {m, m});
        inbox.open(Folder.READ_WRITE);
        return inbox;
    }

    @Test
    void nextChunkIsRequestedBeforeItIsNeededAndTheBytesAreExact() throws Exception {
        greenMail.setUser("dora@example.com", "dora", "pw");
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Session s = session(trace);
        Store store = s.getStore("imap4lib");
        store.connect("dora", "pw");
        Folder inbox = inboxWithAttachment(s, store);
        Multipart parts = (Multipart) inbox.getMessage(1).getContent();
        trace.reset();
        byte[] got;
        try (InputStream in = parts.getBodyPart(1).getInputStream()) {
            byte[] first = new byte[100];
            int n = in.read(first);
            assertTrue(n > 0);
            String t = trace.toString(StandardCharsets.UTF_8);
            // The first chunk was read and the second one is already asked for.
            assertTrue(t.contains("BODY.PEEK[2]<8192.8192>"), t);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(first, 0, n);
            in.transferTo(all);
            got = all.toByteArray();
        }
        assertArrayEquals(DATA, got);
        inbox.close(false);
        store.close();
    }

    @Test
    void otherCommandsBetweenReadsGetTheirOwnAnswersAndTheStreamStaysExact() throws Exception {
        greenMail.setUser("emil@example.com", "emil", "pw");
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Session s = session(trace);
        Store store = s.getStore("imap4lib");
        store.connect("emil", "pw");
        Folder inbox = inboxWithAttachment(s, store);
        Multipart parts = (Multipart) inbox.getMessage(1).getContent();
        Message other = inbox.getMessage(2);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (InputStream in = parts.getBodyPart(1).getInputStream()) {
            byte[] b = new byte[5000];
            int n;
            int round = 0;
            while ((n = in.read(b)) >= 0) {
                all.write(b, 0, n);
                switch (round++ % 3) {
                    case 0 -> other.setFlag(Flags.Flag.FLAGGED, round % 2 == 0);
                    case 1 -> assertEquals("see attachment",
                            ((Multipart) other.getContent()).getBodyPart(0).getContent().toString().trim());
                    default -> assertEquals(2, inbox.getMessageCount());
                }
            }
        }
        assertArrayEquals(DATA, all.toByteArray());
        String t = trace.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("read and dropped the unclaimed answer"), "an interleaved command drained a chunk sent ahead");
        inbox.close(false);
        store.close();
    }

    @Test
    void readingWholeMessagesInOrderAsksForTheNextOneAheadAndOtherWorkStaysCorrect() throws Exception {
        greenMail.setUser("fred@example.com", "fred", "pw");
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Session s = session(trace);
        Store store = s.getStore("imap4lib");
        store.connect("fred", "pw");
        Folder inbox = store.getFolder("INBOX");
        MimeMessage[] originals = new MimeMessage[5];
        for (int i = 0; i < originals.length; i++) {
            originals[i] = new MimeMessage(s);
            originals[i].setSubject("message " + (i + 1));
            originals[i].setText("body of message " + (i + 1) + "\n".repeat(i * 100));
            originals[i].saveChanges();
        }
        inbox.appendMessages(originals);
        inbox.open(Folder.READ_ONLY);
        Message[] msgs = inbox.getMessages();
        byte[][] first = new byte[msgs.length][];
        for (int i = 0; i < 3; i++) {
            trace.reset();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            msgs[i].writeTo(out);
            first[i] = out.toByteArray();
            String t = trace.toString(StandardCharsets.UTF_8);
            // After two whole messages in a row, the third is asked for while the second is read.
            assertEquals(i == 1, t.contains("FETCH 3 (UID BODY.PEEK[]<0.8192>)"), "message " + (i + 1) + ": " + t);
        }
        // Something else happens with message 4 asked for ahead: its answer is dropped, and
        // everything still reads right.
        assertEquals("message 1", msgs[0].getSubject());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        msgs[3].writeTo(out);
        first[3] = out.toByteArray();
        for (int i = 0; i < 4; i++) {
            String text = new String(first[i], StandardCharsets.UTF_8);
            assertTrue(text.contains("Subject: message " + (i + 1)), text);
            assertTrue(text.contains("body of message " + (i + 1)), text);
        }
        // Out of order: no read-ahead.
        trace.reset();
        msgs[1].writeTo(new ByteArrayOutputStream());
        assertTrue(!trace.toString(StandardCharsets.UTF_8).contains("FETCH 3 "), trace.toString(StandardCharsets.UTF_8));
        inbox.close(false);
        store.close();
    }

    @Test
    void readAheadCanBeTurnedOff() throws Exception {
        greenMail.setUser("gina@example.com", "gina", "pw");
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(greenMail.getImap().getPort()));
        p.put("mail.imap4lib.readahead", "false");
        Session s = Session.getInstance(p);
        s.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
        s.setDebug(true);
        Store store = s.getStore("imap4lib");
        store.connect("gina", "pw");
        Folder inbox = store.getFolder("INBOX");
        MimeMessage m = new MimeMessage(s);
        m.setText("x");
        m.saveChanges();
        inbox.appendMessages(new Message[] {m, m, m});
        inbox.open(Folder.READ_ONLY);
        trace.reset();
        inbox.getMessage(1).writeTo(new ByteArrayOutputStream());
        inbox.getMessage(2).writeTo(new ByteArrayOutputStream());
        assertTrue(!trace.toString(StandardCharsets.UTF_8).contains("FETCH 3 "), trace.toString(StandardCharsets.UTF_8));
        inbox.close(false);
        store.close();
    }
}
