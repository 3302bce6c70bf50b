package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/** The provider workflow shared by the Cyrus and Courier suites. */
final class ProviderChecks {
    private ProviderChecks() {
    }

    /**
     * Creates {@code name}, appends the multipart fixture and a plain message, reads them back
     * (content, attachment, byte-identical raw form), searches, deletes one with expunge, and
     * deletes the folder.
     */
    static void folderWorkflow(Session session, Store store, String name) throws Exception {
        Folder f = store.getFolder(name);
        assertFalse(f.exists(), name);
        assertTrue(f.create(Folder.HOLDS_MESSAGES), "create " + name);
        assertTrue(f.exists());
        Folder parent = f.getParent();
        List<String> siblings = Arrays.stream(parent.list()).map(Folder::getFullName).toList();
        assertTrue(siblings.contains(name), siblings.toString());

        String subject = "Provider multipart " + Integer.toHexString(name.hashCode());
        byte[] raw = Messages.multipart(subject);
        byte[] plain = Messages.plain("Provider plain", "only text here");
        f.appendMessages(new Message[] {
            new MimeMessage(session, new ByteArrayInputStream(raw)),
            new MimeMessage(session, new ByteArrayInputStream(plain))});

        f.open(Folder.READ_WRITE);
        try {
            assertEquals(2, f.getMessageCount());
            Message m = f.getMessage(1);
            assertEquals(subject, m.getSubject());
            assertTrue(m.isMimeType("multipart/mixed"), m.getContentType());
            Multipart mp = (Multipart) m.getContent();
            assertEquals(2, mp.getCount());
            assertEquals("Grüße aus Köln\r\nsecond line", ((String) mp.getBodyPart(0).getContent()).stripTrailing());
            BodyPart att = mp.getBodyPart(1);
            assertEquals("daten.bin", att.getFileName());
            assertArrayEquals(Messages.ATTACHMENT, att.getInputStream().readAllBytes());

            ByteArrayOutputStream back = new ByteArrayOutputStream();
            m.writeTo(back);
            assertArrayEquals(raw, back.toByteArray(), "byte-identical read-back");
            ByteArrayOutputStream back2 = new ByteArrayOutputStream();
            f.getMessage(2).writeTo(back2);
            assertArrayEquals(plain, back2.toByteArray());

            Message[] hits = f.search(new SubjectTerm("plain"));
            assertEquals(1, hits.length);
            assertEquals(2, hits[0].getMessageNumber());

            m.setFlag(Flags.Flag.DELETED, true);
            Message[] gone = f.expunge();
            assertEquals(1, gone.length);
            assertTrue(gone[0].isExpunged());
            assertEquals(1, f.getMessageCount());
            assertEquals("Provider plain", f.getMessage(1).getSubject());
        } finally {
            f.close(false);
        }
        assertTrue(f.delete(true), "delete " + name);
        // Seen once on Cyrus 3.10 under a loaded CI run (not reproduced alone): the folder still
        // listed right after a DELETE answered OK. Give the server a bounded moment, then say
        // what it lists, so a next occurrence can be understood.
        for (int i = 0; i < 20 && f.exists(); i++) {
            Thread.sleep(250);
        }
        if (f.exists()) {
            StringBuilder listed = new StringBuilder();
            for (Folder x : store.getDefaultFolder().list("*")) {
                listed.append(' ').append(x.getFullName());
                if (x instanceof dev.imap4lib.provider.Imap4libFolder i) {
                    listed.append(Arrays.toString(i.getAttributes()));
                }
            }
            assertFalse(f.exists(), name + " still exists after delete(true); LIST * now:" + listed);
        }
    }
}
