package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/** {@link Message} as read through the provider: envelope, structure, content, flags, life cycle. */
class MessageContractTest extends ProviderContract {

    private static InternetAddress addr(String a) throws Exception {
        return new InternetAddress(a);
    }

    private static List<String> addrs(Address[] a) {
        List<String> out = new ArrayList<>();
        for (Address x : a) {
            out.add(((InternetAddress) x).getAddress());
        }
        return out;
    }

    @Contract
    void envelope(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.TEXT), Folder.READ_ONLY);
        Message m = f.getMessage(1);
        assertEquals(Corpus.TEXT_SUBJECT, m.getSubject(), "RFC 2047 decoded");
        assertEquals(1, m.getFrom().length);
        assertEquals("alice@example.com", ((InternetAddress) m.getFrom()[0]).getAddress());
        assertEquals("Alïce Example", ((InternetAddress) m.getFrom()[0]).getPersonal(), "RFC 2047 personal name");
        assertEquals(List.of("bob@example.org", "carol@example.net"), addrs(m.getRecipients(Message.RecipientType.TO)));
        assertEquals("Bob", ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getPersonal());
        assertEquals(List.of("dave@example.com"), addrs(m.getRecipients(Message.RecipientType.CC)));
        assertNull(m.getRecipients(Message.RecipientType.BCC));
        assertEquals(List.of("bob@example.org", "carol@example.net", "dave@example.com"), addrs(m.getAllRecipients()));
        assertEquals(List.of("replies@example.com"), addrs(m.getReplyTo()));
        assertEquals(Corpus.TEXT_SENT, m.getSentDate());
        assertEquals(Corpus.TEXT_INTERNAL, m.getReceivedDate(), "INTERNALDATE as given to APPEND");
        assertEquals("<contract-text-1@example.com>", ((MimeMessage) m).getMessageID());
    }

    @Contract
    void replyToDefaultsToFrom(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.ALTERNATIVE), Folder.READ_ONLY);
        // MimeMessage.getReplyTo: "If the Reply-To header is absent, the From header is used"
        assertEquals(List.of("bob@example.org"), addrs(f.getMessage(1).getReplyTo()));
    }

    @Contract
    void sizeLinesAndType(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.TEXT, Corpus.MIXED), Folder.READ_ONLY);
        Message m = f.getMessage(1);
        assertEquals(expectedSize(t, Corpus.TEXT.raw()), m.getSize(), "RFC822.SIZE of the whole message");
        assertEquals(Corpus.TEXT_BODY_LINES, m.getLineCount(), "body lines (BODYSTRUCTURE)");
        assertTrue(m.getContentType().toLowerCase().startsWith("text/plain"), m.getContentType());
        assertTrue(m.isMimeType("text/plain"));
        assertTrue(m.isMimeType("text/*"));
        assertFalse(m.isMimeType("multipart/*"));
        Message mixed = f.getMessage(2);
        assertEquals(expectedSize(t, Corpus.MIXED.raw()), mixed.getSize());
        assertTrue(mixed.isMimeType("multipart/mixed"), mixed.getContentType());
        assertTrue(mixed.getContentType().contains("mixed-b"), "boundary parameter: " + mixed.getContentType());
    }

    @Contract
    void textContentAndInputStream(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.TEXT), Folder.READ_ONLY);
        Message m = f.getMessage(1);
        String body = bodyText(t, Corpus.TEXT_BODY);
        assertEquals(body, m.getContent(), "quoted-printable decoded, UTF-8");
        try (InputStream in = m.getInputStream()) {
            assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        try (InputStream in = ((MimeMessage) m).getRawInputStream()) {
            String raw = bodyText(t, "Line one\r\nLine two: Gr=C3=BC=C3=9Fe\r\nLine three\r\n");
            assertArrayEquals(raw.getBytes(StandardCharsets.US_ASCII), in.readAllBytes(), "raw (still encoded) body");
        }
        assertEquals("quoted-printable", ((MimeMessage) m).getEncoding());
    }

    @Contract
    void multipartAlternative(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.ALTERNATIVE), Folder.READ_ONLY);
        Message m = f.getMessage(1);
        assertTrue(m.isMimeType("multipart/alternative"));
        Multipart mp = assertInstanceOf(Multipart.class, m.getContent());
        assertTrue(mp.getContentType().toLowerCase().startsWith("multipart/alternative"), mp.getContentType());
        assertEquals(2, mp.getCount());
        assertTrue(mp.getBodyPart(0).isMimeType("text/plain"));
        assertEquals("Plain version", mp.getBodyPart(0).getContent());
        assertTrue(mp.getBodyPart(1).isMimeType("text/html"));
        assertEquals("<p>HTML version</p>", mp.getBodyPart(1).getContent());
    }

    @Contract
    void multipartMixedWithBase64Attachment(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.MIXED), Folder.READ_ONLY);
        Multipart mp = assertInstanceOf(Multipart.class, f.getMessage(1).getContent());
        assertEquals(2, mp.getCount());
        assertEquals("See attachment.", mp.getBodyPart(0).getContent());
        BodyPart att = mp.getBodyPart(1);
        assertTrue(att.isMimeType("application/octet-stream"));
        assertEquals(Part.ATTACHMENT, att.getDisposition());
        assertEquals(Corpus.ATTACHMENT_NAME, att.getFileName());
        try (InputStream in = att.getInputStream()) {
            assertArrayEquals(Corpus.ATTACHMENT, in.readAllBytes(), "base64-decoded attachment bytes");
        }
        Object content = att.getContent();
        if (content instanceof InputStream in) {
            try (in) {
                assertArrayEquals(Corpus.ATTACHMENT, in.readAllBytes());
            }
        } else {
            assertArrayEquals(Corpus.ATTACHMENT, (byte[]) content);
        }
    }

    @Contract
    void nestedMessage(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.NESTED), Folder.READ_ONLY);
        Message m = f.getMessage(1);
        assertEquals("Fwd: Inner subject", m.getSubject());
        Multipart mp = assertInstanceOf(Multipart.class, m.getContent());
        assertEquals(2, mp.getCount());
        assertEquals("See the forwarded message.", mp.getBodyPart(0).getContent());
        BodyPart part = mp.getBodyPart(1);
        assertTrue(part.isMimeType("message/rfc822"));
        Message inner = assertInstanceOf(Message.class, part.getContent());
        assertEquals("Inner subject", inner.getSubject());
        assertEquals("inner@example.com", ((InternetAddress) inner.getFrom()[0]).getAddress());
        assertEquals("Inner Sender", ((InternetAddress) inner.getFrom()[0]).getPersonal());
        assertTrue(inner.isMimeType("text/plain"));
        assertEquals("Inner body", inner.getContent());
    }

    @Contract
    void writeToIsByteIdentical(Target t) throws Exception {
        Corpus.Msg[] all = {Corpus.TEXT, Corpus.ALTERNATIVE, Corpus.MIXED, Corpus.NESTED, Corpus.EIGHT_BIT};
        Folder f = open(t, folderWith(t, all), Folder.READ_ONLY);
        for (int i = 0; i < all.length; i++) {
            assertArrayEquals(all[i].raw(), bytes(f.getMessage(i + 1)), "message " + (i + 1));
        }
    }

    @Contract
    void headers(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.TEXT), Folder.READ_ONLY);
        Message m = f.getMessage(1);
        assertArrayEquals(new String[] {"text-1"}, m.getHeader("X-Contract-Id"));
        assertArrayEquals(new String[] {"text-1"}, m.getHeader("x-contract-id"), "header names are case-insensitive");
        assertNull(m.getHeader("X-Not-There"));
        String folded = m.getHeader("X-Folded")[0];
        assertEquals("first part continued part", folded.replaceAll("\\s+", " "));
        List<String> names = new ArrayList<>();
        for (Header h : Collections.list(m.getAllHeaders())) {
            names.add(h.getName());
        }
        assertEquals(List.of(Corpus.TEXT_HEADER_NAMES), names, "all headers, in order");
        assertEquals("=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4g4oKs?=", m.getHeader("Subject")[0], "getHeader is raw");
    }

    @Contract
    void flagsOfMessage(Target t) throws Exception {
        Flags initial = new Flags(Flags.Flag.SEEN);
        initial.add("$Contract");
        String name = folderWith(t, Corpus.TEXT.withFlags(initial));
        Folder f = open(t, name, Folder.READ_WRITE);
        Message m = f.getMessage(1);
        assertTrue(m.isSet(Flags.Flag.SEEN));
        assertFalse(m.isSet(Flags.Flag.FLAGGED));
        assertTrue(m.getFlags().contains("$Contract"));
        assertFalse(m.getFlags().contains(Flags.Flag.DELETED));

        m.setFlag(Flags.Flag.FLAGGED, true);
        m.setFlag(Flags.Flag.SEEN, false);
        Flags kw = new Flags("$Other");
        m.setFlags(kw, true);
        assertTrue(m.isSet(Flags.Flag.FLAGGED));
        assertFalse(m.isSet(Flags.Flag.SEEN));
        assertTrue(m.getFlags().contains("$Other"));

        Flags seen = fixture(t).flags(name, 1);
        assertTrue(seen.contains(Flags.Flag.FLAGGED));
        assertFalse(seen.contains(Flags.Flag.SEEN));
        assertTrue(seen.contains("$Contract"));
        assertTrue(seen.contains("$Other"));
    }

    @Contract
    void readOnlyFolderRejectsFlagChanges(Target t) throws Exception {
        String name = folderWith(t, Corpus.TEXT);
        Folder f = open(t, name, Folder.READ_ONLY);
        Message m = f.getMessage(1);
        if (!t.has(Deviation.ANGUS_READ_ONLY_LEFT_TO_SERVER)) {
            // Message.setFlags / Folder.setFlags: IllegalStateException if opened READ_ONLY
            assertThrows(IllegalStateException.class, () -> m.setFlag(Flags.Flag.FLAGGED, true));
            assertThrows(IllegalStateException.class,
                    () -> f.setFlags(new int[] {1}, new Flags(Flags.Flag.FLAGGED), true));
            assertFalse(fixture(t).flags(name, 1).contains(Flags.Flag.FLAGGED));
        } else if (t.has(Deviation.GREENMAIL_READ_ONLY_NOT_ENFORCED)) {
            m.setFlag(Flags.Flag.FLAGGED, true); // neither client nor server refuses
            assertTrue(fixture(t).flags(name, 1).contains(Flags.Flag.FLAGGED));
        } else if (t.has(Deviation.DOVECOT_READ_ONLY_CHANGES_IGNORED)) {
            m.setFlag(Flags.Flag.FLAGGED, true); // "OK Store ignored with read-only mailbox."
            assertFalse(fixture(t).flags(name, 1).contains(Flags.Flag.FLAGGED), "the server changed nothing");
        } else {
            // the server refuses the STORE (RFC 9051 6.3.3)
            assertThrows(jakarta.mail.MessagingException.class, () -> m.setFlag(Flags.Flag.FLAGGED, true));
            assertFalse(fixture(t).flags(name, 1).contains(Flags.Flag.FLAGGED));
        }
    }

    @Contract
    void numberAndFolder(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.numbered(3)), Folder.READ_ONLY);
        for (Message m : f.getMessages()) {
            assertSame(f, m.getFolder());
            assertFalse(m.isExpunged());
        }
        assertEquals(2, f.getMessage(2).getMessageNumber());
    }

    @Contract
    void fetchProfileMakesDataAvailable(Target t) throws Exception {
        Corpus.Msg[] msgs = {Corpus.TEXT.withFlags(new Flags(Flags.Flag.ANSWERED)), Corpus.MIXED};
        String name = folderWith(t, msgs);
        long[] uids = fixture(t).uids(name);
        Folder f = open(t, name, Folder.READ_ONLY);
        Message[] ms = f.getMessages();
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        fp.add(FetchProfile.Item.CONTENT_INFO);
        fp.add(FetchProfile.Item.FLAGS);
        fp.add(FetchProfile.Item.SIZE);
        fp.add(UIDFolder.FetchProfileItem.UID);
        fp.add("X-Contract-Id");
        f.fetch(ms, fp);
        // Only the result is observable through the API: everything the profile names is right.
        assertEquals(Corpus.TEXT_SUBJECT, ms[0].getSubject());
        assertEquals("alice@example.com", ((InternetAddress) ms[0].getFrom()[0]).getAddress());
        assertEquals(Corpus.TEXT_SENT, ms[0].getSentDate());
        assertEquals(Corpus.TEXT_INTERNAL, ms[0].getReceivedDate());
        assertTrue(ms[0].isMimeType("text/plain"));
        assertTrue(ms[1].isMimeType("multipart/mixed"));
        assertEquals(Part.ATTACHMENT, ((Multipart) ms[1].getContent()).getBodyPart(1).getDisposition());
        assertTrue(ms[0].isSet(Flags.Flag.ANSWERED));
        assertFalse(ms[1].isSet(Flags.Flag.ANSWERED));
        assertEquals(expectedSize(t, Corpus.TEXT.raw()), ms[0].getSize());
        assertEquals(expectedSize(t, Corpus.MIXED.raw()), ms[1].getSize());
        assertEquals(uids[0], ((UIDFolder) f).getUID(ms[0]));
        assertEquals(uids[1], ((UIDFolder) f).getUID(ms[1]));
        assertArrayEquals(new String[] {"text-1"}, ms[0].getHeader("X-Contract-Id"));
        assertNull(ms[1].getHeader("X-Contract-Id"));
    }

    @Contract
    void fetchOfEmptyArrayIsHarmless(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.numbered(1)), Folder.READ_ONLY);
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        f.fetch(new Message[0], fp);
        assertEquals("Message 1", f.getMessage(1).getSubject());
    }

    @Contract
    void readingSetsSeenUnlessPeek(Target t) throws Exception {
        String name = folderWith(t, Corpus.TEXT, Corpus.ALTERNATIVE);
        Folder f = open(t, name, Folder.READ_WRITE);
        assertEquals(bodyText(t, Corpus.TEXT_BODY), f.getMessage(1).getContent());
        f.close(false);
        // RFC 9051 6.4.5: FETCH BODY[...] (not .PEEK) sets \Seen
        assertTrue(fixture(t).flags(name, 1).contains(Flags.Flag.SEEN), "default: reading the body sets \\Seen");

        Properties peek = new Properties();
        peek.setProperty("mail." + t.protocol() + ".peek", "true");
        Folder p = connect(t, peek).getFolder(name);
        p.open(Folder.READ_WRITE);
        Multipart mp = (Multipart) p.getMessage(2).getContent();
        assertEquals("Plain version", mp.getBodyPart(0).getContent());
        bytes(p.getMessage(2));
        p.close(false);
        assertFalse(fixture(t).flags(name, 2).contains(Flags.Flag.SEEN), "peek=true: BODY.PEEK, \\Seen untouched");
    }

    @Contract
    void readingInReadOnlyFolderLeavesSeenAlone(Target t) throws Exception {
        String name = folderWith(t, Corpus.TEXT);
        Folder f = open(t, name, Folder.READ_ONLY);
        assertEquals(bodyText(t, Corpus.TEXT_BODY), f.getMessage(1).getContent());
        f.close(false);
        boolean seen = fixture(t).flags(name, 1).contains(Flags.Flag.SEEN);
        if (t.has(Deviation.ANGUS_READ_ONLY_LEFT_TO_SERVER) && t.has(Deviation.GREENMAIL_READ_ONLY_NOT_ENFORCED)) {
            assertTrue(seen, "Angus fetches BODY[TEXT] and GreenMail sets \\Seen despite EXAMINE");
        } else {
            assertFalse(seen, "RFC 9051 6.3.3: no per-user state changes in an EXAMINEd mailbox");
        }
    }

    @Contract
    void folderClosedException(Target t) throws Exception {
        Folder f = open(t, folderWith(t, Corpus.TEXT), Folder.READ_WRITE);
        Message m = f.getMessage(1);
        f.close(false);
        assertThrows(FolderClosedException.class, m::getContent);
        assertThrows(FolderClosedException.class, () -> m.setFlag(Flags.Flag.FLAGGED, true));
    }

    @Contract
    void messageRemovedAfterExpungeElsewhere(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(3));
        Folder f = open(t, name, Folder.READ_WRITE);
        Message m2 = f.getMessage(2);
        Message m3 = f.getMessage(3);
        fixture(t).expunge(name, 2);
        awaitExpunged(f, m2);
        assertThrows(MessageRemovedException.class, m2::getContent);
        assertThrows(MessageRemovedException.class, m2::getSubject);
        // MessageCountEvent.isRemoved(): an expunge by another client does not renumber the
        // folder's messages; the client's own expunge() does
        assertFalse(m3.isExpunged());
        assertEquals(3, m3.getMessageNumber());
        assertEquals("Message 3", m3.getSubject());
        f.expunge();
        assertEquals(2, f.getMessageCount());
        assertEquals(2, m3.getMessageNumber());
        assertSame(m3, f.getMessage(2));
    }
}
