package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Address;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Cases found by running the suite against a real server (Dovecot) beside GreenMail: header and
 * structure details a real server reports in full, and mailboxes that exist without being
 * selectable. Expected values are those of a {@link MimeMessage} parsed from the same bytes with
 * a default session (the Jakarta Mail semantics of each getter), unless a spec says otherwise.
 */
class InteropContractTest extends ProviderContract {

    /** Group syntax (RFC 5322 3.4), a Content-Language, an RFC 2047 word where it must not be. */
    static final Corpus.Msg DETAILS = new Corpus.Msg(Corpus.crlfBytes(
            "Message-ID: <contract-details@example.com>",
            "Date: Tue, 14 Jan 2025 09:30:00 +0100",
            "From: alice@example.com",
            "To: \"Doe, John\" <john@example.com>, team: a@example.com, Bea <b@example.com>;, undisclosed:;",
            "Subject: Details",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"d1\"",
            "",
            "--d1",
            "Content-Type: text/plain; charset=us-ascii",
            "Content-Language: de, en",
            "",
            "Hallo",
            "--d1",
            "Content-Type: text/plain; charset=us-ascii; name=\"=?UTF-8?B?w7xiZXIudHh0?=\"",
            "Content-Disposition: attachment; filename=\"=?UTF-8?B?w7xiZXIudHh0?=\"",
            "",
            "encoded-word in a quoted parameter",
            "--d1--",
            ""), null, null);

    /** Raw UTF-8 in the Subject (RFC 6532 3.2). */
    static final Corpus.Msg UTF8_HEADER = new Corpus.Msg(Corpus.crlfBytes(
            "Message-ID: <contract-utf8-header@example.com>",
            "Date: Tue, 14 Jan 2025 09:30:00 +0100",
            "From: Jörg <joerg@example.com>",
            "To: alice@example.com",
            "Subject: Grüße, 日本",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Grüße",
            ""), null, null);

    private static MimeMessage local(Corpus.Msg m) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(m.raw()));
    }

    /** personal|address|group?, comparable across providers. */
    private static List<String> describe(Address[] as) throws MessagingException {
        List<String> out = new ArrayList<>();
        for (Address a : as == null ? new Address[0] : as) {
            InternetAddress ia = (InternetAddress) a;
            String members = "";
            if (ia.isGroup()) {
                List<String> m = describe(ia.getGroup(false));
                members = m.toString();
            }
            out.add(ia.getPersonal() + "|" + (ia.isGroup() ? "group" + members : ia.getAddress()));
        }
        return out;
    }

    @Contract
    void groupAddresses(Target t) throws Exception {
        Folder f = open(t, folderWith(t, DETAILS), Folder.READ_ONLY);
        List<String> expected = describe(local(DETAILS).getRecipients(Message.RecipientType.TO));
        assertEquals(List.of("Doe, John|john@example.com", "null|group[null|a@example.com, Bea|b@example.com]",
                "null|group[]"), expected, "the reference semantics");
        Message m = f.getMessage(1);
        if (t.has(Deviation.GREENMAIL_GROUP_SYNTAX_MANGLED)) {
            if (Set.of("imap", "imaps").contains(t.protocol())) { // Angus cannot parse that envelope
                assertThrows(MessagingException.class, () -> m.getRecipients(Message.RecipientType.TO));
            } else {
                assertEquals(List.of("Doe, John|john@example.com", "null|team: a@example.com, Bea <b",
                        "null|undisclosed:;@localhost"), describe(m.getRecipients(Message.RecipientType.TO)));
            }
            return;
        }
        assertEquals(expected, describe(m.getRecipients(Message.RecipientType.TO)));
    }

    @Contract
    void encodedWordInFilenameIsNotDecoded(Target t) throws Exception {
        Folder f = open(t, folderWith(t, DETAILS), Folder.READ_ONLY);
        String expected = ((Multipart) local(DETAILS).getContent()).getBodyPart(1).getFileName();
        assertEquals("=?UTF-8?B?w7xiZXIudHh0?=", expected, "the reference semantics");
        assertEquals(expected, ((Multipart) f.getMessage(1).getContent()).getBodyPart(1).getFileName());
    }

    @Contract
    void contentLanguageOfPart(Target t) throws Exception {
        Folder f = open(t, folderWith(t, DETAILS), Folder.READ_ONLY);
        MimeBodyPart part = assertInstanceOf(MimeBodyPart.class, ((Multipart) f.getMessage(1).getContent()).getBodyPart(0));
        String[] expected = ((MimeBodyPart) ((Multipart) local(DETAILS).getContent()).getBodyPart(0)).getContentLanguage();
        assertArrayEquals(new String[] {"de", "en"}, expected, "the reference semantics");
        if (t.has(Deviation.ANGUS_PART_CONTENT_LANGUAGE_MISSING)) {
            assertNull(part.getContentLanguage());
        } else {
            assertArrayEquals(expected, part.getContentLanguage());
        }
        assertEquals("Hallo", part.getContent());
    }

    @Contract
    void rawUtf8HeaderIsUtf8(Target t) throws Exception {
        Folder f = open(t, folderWith(t, UTF8_HEADER), Folder.READ_ONLY);
        Message m = f.getMessage(1);
        String subject = m.getSubject();
        String personal = ((InternetAddress) m.getFrom()[0]).getPersonal();
        if (t.has(Deviation.GREENMAIL_8BIT_HEADER_AS_LATIN1)) {
            assertEquals("Grüße, ??", subject);
            assertEquals("Jörg", personal);
        } else if (t.has(Deviation.ANGUS_RAW_UTF8_HEADER_AS_LATIN1)) {
            assertEquals(latin1("Grüße, 日本"), subject);
            assertEquals(latin1("Jörg"), personal);
        } else {
            // RFC 6532 3.2: header field bodies may contain UTF-8
            assertEquals("Grüße, 日本", subject);
            assertEquals("Jörg", personal);
        }
        assertEquals("joerg@example.com", ((InternetAddress) m.getFrom()[0]).getAddress());
        assertArrayEquals(UTF8_HEADER.raw(), bytes(m), "the bytes themselves are untouched");
    }

    /** The characters of {@code s}'s UTF-8 bytes read as ISO-8859-1. */
    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** A name that exists only as the superior of another mailbox (Dovecot: \Noselect). */
    private Folder superiorOnly(Store s) throws Exception {
        String top = unique("N");
        char sep = s.getDefaultFolder().getSeparator();
        Folder deep = s.getFolder(top + sep + "Mid" + sep + "Deep");
        assertTrue(deep.create(Folder.HOLDS_MESSAGES));
        assertTrue(deep.exists());
        Folder mid = s.getFolder(top + sep + "Mid");
        assertTrue(mid.exists(), "RFC 9051 6.3.4: the superior names exist (possibly \\Noselect)");
        assertEquals(Set.of(mid.getFullName() + sep + "Deep"), StoreContractTest.names(mid.list()));
        return mid;
    }

    @Contract
    void superiorCreatedForADeepName(Target t) throws Exception {
        Store s = connect(t);
        Folder mid = superiorOnly(s);
        assertTrue((mid.getType() & Folder.HOLDS_FOLDERS) != 0);
        if ((mid.getType() & Folder.HOLDS_MESSAGES) == 0) {
            // \Noselect: it exists, but cannot be opened
            assertThrows(MessagingException.class, () -> mid.open(Folder.READ_ONLY));
            assertFalse(mid.isOpen());
        } else {
            mid.open(Folder.READ_ONLY);
            assertEquals(0, mid.getMessageCount());
            mid.close(false);
        }
    }

    @Contract
    void noselectFolderIsNotReportedMissing(Target t) throws Exception {
        Store s = connect(t);
        Folder mid = superiorOnly(s);
        if ((mid.getType() & Folder.HOLDS_MESSAGES) != 0) {
            return; // the server made it a real mailbox: nothing to check
        }
        MessagingException open = assertThrows(MessagingException.class, () -> mid.open(Folder.READ_ONLY));
        assertFalse(open instanceof FolderNotFoundException, "open: " + open);
        try {
            mid.getMessageCount();
        } catch (MessagingException e) {
            assertFalse(e instanceof FolderNotFoundException, "getMessageCount: " + e);
        }
    }
}
