package dev.imap4lib.interop;

import static dev.imap4lib.interop.Switching.ANGUS;
import static dev.imap4lib.interop.Switching.OURS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.provider.Imap4libStore;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The behaviour a user switching from Angus's {@code imap} relies on: the same user code runs
 * against Angus and against imap4lib on one Dovecot, and both must answer alike.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(60)
class AngusSwitchTest {

    @FunctionalInterface
    interface Getter {
        Object get(Message m) throws Exception;
    }

    /** Every getter of a message a user calls (IMAPMessage's public getters and MimeMessage's). */
    private static Map<String, Getter> getters() {
        Map<String, Getter> g = new LinkedHashMap<>();
        g.put("getFrom", Message::getFrom);
        g.put("getSender", m -> ((jakarta.mail.internet.MimeMessage) m).getSender());
        g.put("getRecipients(TO)", m -> m.getRecipients(Message.RecipientType.TO));
        g.put("getRecipients(CC)", m -> m.getRecipients(Message.RecipientType.CC));
        g.put("getAllRecipients", Message::getAllRecipients);
        g.put("getReplyTo", Message::getReplyTo);
        g.put("getSubject", Message::getSubject);
        g.put("getSentDate", Message::getSentDate);
        g.put("getReceivedDate", Message::getReceivedDate);
        g.put("getSize", Message::getSize);
        g.put("getSizeLong", m -> m.getClass().getMethod("getSizeLong").invoke(m));
        g.put("getLineCount", Message::getLineCount);
        g.put("getContentLanguage", m -> ((jakarta.mail.internet.MimeMessage) m).getContentLanguage());
        g.put("getInReplyTo", m -> m.getClass().getMethod("getInReplyTo").invoke(m));
        g.put("getContentType", Message::getContentType);
        g.put("getDisposition", Message::getDisposition);
        g.put("getEncoding", m -> ((jakarta.mail.internet.MimeMessage) m).getEncoding());
        g.put("getContentID", m -> ((jakarta.mail.internet.MimeMessage) m).getContentID());
        g.put("getContentMD5", m -> ((jakarta.mail.internet.MimeMessage) m).getContentMD5());
        g.put("getDescription", Message::getDescription);
        g.put("getMessageID", m -> ((jakarta.mail.internet.MimeMessage) m).getMessageID());
        g.put("getFileName", Message::getFileName);
        g.put("getDataHandler", Message::getDataHandler);
        g.put("getContent", Message::getContent);
        g.put("getInputStream", Message::getInputStream);
        g.put("getMimeStream", m -> m.getClass().getMethod("getMimeStream").invoke(m));
        g.put("writeTo", m -> {
            m.writeTo(OutputStream.nullOutputStream());
            return null;
        });
        g.put("getHeader(name)", m -> m.getHeader("Subject"));
        g.put("getHeader(name,delim)", m -> ((jakarta.mail.internet.MimeMessage) m).getHeader("Subject", ","));
        g.put("getAllHeaders", Message::getAllHeaders);
        g.put("getMatchingHeaders", m -> m.getMatchingHeaders(new String[] {"Subject"}));
        g.put("getNonMatchingHeaders", m -> m.getNonMatchingHeaders(new String[] {"Subject"}));
        g.put("getAllHeaderLines", m -> ((jakarta.mail.internet.MimeMessage) m).getAllHeaderLines());
        g.put("getMatchingHeaderLines", m -> ((jakarta.mail.internet.MimeMessage) m).getMatchingHeaderLines(new String[] {"Subject"}));
        g.put("getNonMatchingHeaderLines", m -> ((jakarta.mail.internet.MimeMessage) m).getNonMatchingHeaderLines(new String[] {"Subject"}));
        g.put("getFlags", Message::getFlags);
        g.put("isSet", m -> m.isSet(Flags.Flag.SEEN));
        return g;
    }

    private static Object unwrap(Exception e) {
        Throwable t = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
        return t.getClass().getSimpleName();
    }

    /** What each getter does on a message that was loaded, then expunged by this folder. */
    private static Map<String, Object> gettersAfterExpunge(DovecotServer d, String protocol) throws Exception {
        Store s = Switching.connect(d, protocol, "user1");
        Folder f = Switching.newFolder(s, "expunged");
        try {
            Session session = Session.getInstance(new Properties());
            f.appendMessages(new Message[] {Switching.sample(session, "one"), Switching.sample(session, "two")});
            f.open(Folder.READ_WRITE);
            Message m = f.getMessage(1);
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.ENVELOPE);
            fp.add(FetchProfile.Item.FLAGS);
            fp.add(FetchProfile.Item.CONTENT_INFO);
            f.fetch(new Message[] {m}, fp);
            m.getHeader("Subject");
            assertEquals("one", m.getSubject(), protocol);
            m.setFlag(Flags.Flag.DELETED, true);
            Message[] gone = f.expunge();
            assertEquals(1, gone.length, protocol);
            assertTrue(m.isExpunged(), protocol);
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : getters().entrySet()) {
                try {
                    e.getValue().get(m);
                    out.put(e.getKey(), "answered");
                } catch (Exception x) {
                    out.put(e.getKey(), unwrap(x));
                }
            }
            return out;
        } finally {
            Switching.deleteQuietly(f);
            s.close();
        }
    }

    @Test
    void everyGetterOfAnExpungedMessageThrowsMessageRemovedException(DovecotServer d) throws Exception {
        Map<String, Object> angus = gettersAfterExpunge(d, ANGUS);
        Map<String, Object> ours = gettersAfterExpunge(d, OURS);
        String removed = MessageRemovedException.class.getSimpleName();
        for (var e : ours.entrySet()) {
            assertEquals(removed, e.getValue(), "imap4lib " + e.getKey());
        }
        assertEquals(angus, ours, "Angus and imap4lib answer the same");
    }

    /** The public Jakarta/JDK type behind an object (skipping provider classes), arrays by element. */
    private static String publicType(Object o) {
        if (o == null) {
            return "null";
        }
        Class<?> c = o.getClass();
        if (c.isArray()) {
            return publicTypeOf(c.getComponentType()) + "[" + Array.getLength(o) + "]";
        }
        return publicTypeOf(c);
    }

    private static String publicTypeOf(Class<?> c) {
        while (c.getName().startsWith("org.eclipse.angus.mail.") || c.getName().startsWith("dev.imap4lib.")
                || java.lang.reflect.Modifier.isPrivate(c.getModifiers()) || c.isAnonymousClass()) {
            c = c.getSuperclass();
        }
        return c.getName();
    }

    private static Map<String, String> runtimeTypes(DovecotServer d, String protocol) throws Exception {
        Store s = Switching.connect(d, protocol, "user1");
        Folder f = Switching.newFolder(s, "types");
        try {
            f.appendMessages(new Message[] {Switching.sample(Session.getInstance(new Properties()), "types")});
            f.open(Folder.READ_ONLY);
            Message m = f.getMessage(1);
            // the everyday idioms of Angus users
            InternetAddress[] from = (InternetAddress[]) m.getFrom();
            assertEquals("ann@example.com", from[0].getAddress(), protocol);
            InternetAddress[] to = (InternetAddress[]) m.getRecipients(Message.RecipientType.TO);
            assertEquals(2, to.length, protocol);
            InternetAddress[] replyTo = (InternetAddress[]) m.getReplyTo();
            assertEquals("replies@example.com", replyTo[0].getAddress(), protocol);
            Map<String, String> out = new LinkedHashMap<>();
            for (var e : getters().entrySet()) {
                if (!e.getKey().equals("writeTo")) {
                    out.put(e.getKey(), publicType(e.getValue().get(m)));
                }
            }
            Multipart mp = (Multipart) m.getContent();
            out.put("part(0)", publicType(mp.getBodyPart(0)));
            out.put("part(0).getContent", publicType(mp.getBodyPart(0).getContent()));
            out.put("part(1).getContent", publicType(mp.getBodyPart(1).getContent()));
            out.put("part(1).getInputStream", publicType(mp.getBodyPart(1).getInputStream()));
            out.put("getFolder", publicType(m.getFolder()));
            return out;
        } finally {
            Switching.deleteQuietly(f);
            s.close();
        }
    }

    @Test
    void gettersAnswerWithAngusRuntimeTypes(DovecotServer d) throws Exception {
        Map<String, String> angus = runtimeTypes(d, ANGUS);
        Map<String, String> ours = runtimeTypes(d, OURS);
        assertEquals(angus, ours);
    }

    @Test
    void appendingToAnOpenFolderShowsTheNewMessages(DovecotServer d) throws Exception {
        for (String protocol : new String[] {ANGUS, OURS}) {
            Store s = Switching.connect(d, protocol, "user1");
            Folder f = Switching.newFolder(s, "append-open");
            try {
                f.open(Folder.READ_WRITE);
                assertEquals(0, f.getMessageCount(), protocol);
                Session session = Session.getInstance(new Properties());
                f.appendMessages(new Message[] {Switching.sample(session, "a"), Switching.sample(session, "b")});
                assertEquals(2, f.getMessageCount(), protocol + ": the open folder sees what it appended");
                assertEquals("b", f.getMessage(2).getSubject(), protocol);
            } finally {
                Switching.deleteQuietly(f);
                s.close();
            }
        }
    }

    /**
     * Under the drop-in, every way of getting the store reads {@code mail.imap.*}: only the
     * {@code mail.imap.} properties name the server's port and the credentials here, so a store
     * reading any other prefix cannot connect.
     */
    @Test
    void underTheDropInEveryWayOfGettingTheStoreReadsMailImap(DovecotServer d) throws Exception {
        Properties p = Switching.props(d, "imap");
        p.setProperty("mail.imap.user", "user1");
        p.setProperty("mail.imap.class", Imap4libStore.class.getName());
        Session session = Session.getInstance(p);
        String pw = DovecotServer.USERS.get("user1");
        Map<String, Store> ways = new LinkedHashMap<>();
        ways.put("getStore(\"imap\")", session.getStore("imap"));
        ways.put("getStore(getProvider(\"imap\"))", session.getStore(session.getProvider("imap")));
        ways.put("getStore(URLName imap:)", session.getStore(new URLName("imap", null, -1, null, null, null)));
        p.setProperty("mail.store.protocol", "imap");
        ways.put("getStore()", Session.getInstance(p).getStore());
        for (var e : ways.entrySet()) {
            Store s = e.getValue();
            assertInstanceOf(Imap4libStore.class, s, e.getKey());
            s.connect(null, pw); // host, port and user only from mail.imap.*
            try {
                assertTrue(s.getFolder("INBOX").exists(), e.getKey());
            } finally {
                s.close();
            }
        }
    }

    @Test
    void statusItemAndIdAnswerAsAngus(DovecotServer d) throws Exception {
        Store angus = Switching.connect(d, ANGUS, "user1");
        Store ours = Switching.connect(d, OURS, "user1");
        Folder mine = Switching.newFolder(ours, "status");
        try {
            mine.appendMessages(new Message[] {Switching.sample(Session.getInstance(new Properties()), "s")});
            var a = (org.eclipse.angus.mail.imap.IMAPFolder) angus.getFolder(mine.getFullName());
            var o = (dev.imap4lib.provider.Imap4libFolder) ours.getFolder(mine.getFullName());
            for (String item : new String[] {"MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "HIGHESTMODSEQ"}) {
                assertEquals(a.getStatusItem(item), o.getStatusItem(item), item);
            }
            assertEquals(1, o.getStatusItem("messages"), "names are case-insensitive");
            org.junit.jupiter.api.Assertions.assertThrows(jakarta.mail.MessagingException.class,
                    () -> o.getStatusItem("MESSAGES) (UNSEEN"), "not an item name: refused before sending");
            Map<String, String> mineId = Map.of("name", "switch-test");
            Map<String, String> angusAnswer = ((org.eclipse.angus.mail.imap.IMAPStore) angus).id(mineId);
            Map<String, String> ourAnswer = ((Imap4libStore) ours).id(mineId);
            assertEquals(angusAnswer.get("name"), ourAnswer.get("name"));
            assertTrue(ourAnswer.get("name").toLowerCase(java.util.Locale.ROOT).contains("dovecot"), ourAnswer.toString());
        } finally {
            Switching.deleteQuietly(mine);
            angus.close();
            ours.close();
        }
    }

    /** The FETCH commands a prefetch leaves for the getters to send, from the session's debug trace. */
    private static int fetchesAfterPrefetch(DovecotServer d, String protocol, FetchProfile.Item... items) throws Exception {
        java.io.ByteArrayOutputStream trace = new java.io.ByteArrayOutputStream();
        Session session = Session.getInstance(Switching.props(d, protocol));
        session.setDebug(true);
        session.setDebugOut(new java.io.PrintStream(trace, true, java.nio.charset.StandardCharsets.UTF_8));
        Store s = session.getStore(protocol);
        s.connect("user1", DovecotServer.USERS.get("user1"));
        Folder f = Switching.newFolder(s, "fp");
        try {
            f.appendMessages(new Message[] {Switching.sample(session, "p1"), Switching.sample(session, "p2")});
            f.open(Folder.READ_ONLY);
            FetchProfile fp = new FetchProfile();
            for (FetchProfile.Item i : items) {
                fp.add(i);
            }
            Message[] msgs = f.getMessages();
            f.fetch(msgs, fp);
            int before = count(trace.toString(java.nio.charset.StandardCharsets.UTF_8));
            for (Message m : msgs) {
                assertTrue(m.getSize() > 0, protocol);
                assertTrue(m.getReceivedDate() != null, protocol);
                assertEquals(1, m.getHeader("Subject").length, protocol);
                assertTrue(m.getHeader("In-Reply-To")[0].contains("parent@example.com"), protocol);
            }
            return count(trace.toString(java.nio.charset.StandardCharsets.UTF_8)) - before;
        } finally {
            Switching.deleteQuietly(f);
            s.close();
        }
    }

    private static int count(String trace) {
        int n = 0;
        for (String line : trace.split("\\R")) {
            if (line.matches("(?i).*\\b(UID )?FETCH\\b.*") && !line.startsWith("*") && !line.contains("* ")) {
                n++;
            }
        }
        return n;
    }

    @Test
    void fetchProfileItemsHeadersSizeInternalDateAsAngus(DovecotServer d) throws Exception {
        assertEquals(0, fetchesAfterPrefetch(d, ANGUS, org.eclipse.angus.mail.imap.IMAPFolder.FetchProfileItem.HEADERS,
                org.eclipse.angus.mail.imap.IMAPFolder.FetchProfileItem.SIZE,
                org.eclipse.angus.mail.imap.IMAPFolder.FetchProfileItem.INTERNALDATE), "Angus");
        assertEquals(0, fetchesAfterPrefetch(d, OURS, dev.imap4lib.provider.Imap4libFolder.FetchProfileItem.HEADERS,
                dev.imap4lib.provider.Imap4libFolder.FetchProfileItem.SIZE,
                dev.imap4lib.provider.Imap4libFolder.FetchProfileItem.INTERNALDATE), "imap4lib");
        assertTrue(fetchesAfterPrefetch(d, OURS) > 0, "without the items the getters fetch: the count can tell");
    }

    private static java.util.List<String> subjects(Message[] msgs) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Message m : msgs) {
            out.add(m.getSubject());
        }
        return out;
    }

    /** OLDER/YOUNGER (WITHIN): Angus's terms on Angus, ours on imap4lib, same answers; ours go to the server. */
    @Test
    void olderAndYoungerTermsSearchAsAngus(DovecotServer d) throws Exception {
        java.io.ByteArrayOutputStream trace = new java.io.ByteArrayOutputStream();
        Session session = Session.getInstance(Switching.props(d, OURS));
        session.setDebug(true);
        session.setDebugOut(new java.io.PrintStream(trace, true, java.nio.charset.StandardCharsets.UTF_8));
        Store ours = session.getStore(OURS);
        ours.connect("user1", DovecotServer.USERS.get("user1"));
        Store angus = Switching.connect(d, ANGUS, "user1");
        Folder f = Switching.newFolder(ours, "within");
        try {
            jakarta.mail.internet.MimeMessage old = new jakarta.mail.internet.MimeMessage(Switching.sample(session, "old")) {
                @Override
                public java.util.Date getReceivedDate() {
                    return new java.util.Date(System.currentTimeMillis() - 2 * 86_400_000L);
                }
            };
            f.appendMessages(new Message[] {old, Switching.sample(session, "new")});
            Folder a = angus.getFolder(f.getFullName());
            f.open(Folder.READ_ONLY);
            a.open(Folder.READ_ONLY);
            assertEquals(java.util.List.of("old"), subjects(a.search(new org.eclipse.angus.mail.imap.OlderTerm(86_400))));
            assertEquals(java.util.List.of("new"), subjects(a.search(new org.eclipse.angus.mail.imap.YoungerTerm(3_600))));
            assertEquals(java.util.List.of("old"), subjects(f.search(new dev.imap4lib.provider.OlderTerm(86_400))));
            assertEquals(java.util.List.of("new"), subjects(f.search(new dev.imap4lib.provider.YoungerTerm(3_600))));
            String t = trace.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(t.contains("SEARCH OLDER 86400") && t.contains("SEARCH YOUNGER 3600"), "searched on the server");
            // matched on the client the same way
            assertTrue(new dev.imap4lib.provider.OlderTerm(86_400).match(f.getMessage(1)));
            assertTrue(new dev.imap4lib.provider.YoungerTerm(3_600).match(f.getMessage(2)));
            assertEquals(new dev.imap4lib.provider.OlderTerm(5), new dev.imap4lib.provider.OlderTerm(5));
        } finally {
            angus.close();
            Switching.deleteQuietly(f);
            ours.close();
        }
    }

    /** setPeek(true) leaves \\Seen alone when the content is read; invalidateHeaders refetches. Same code, both providers. */
    @Test
    void setPeekAndInvalidateHeadersAsAngus(DovecotServer d) throws Exception {
        for (String protocol : new String[] {ANGUS, OURS}) {
            Store s = Switching.connect(d, protocol, "user1");
            Folder f = Switching.newFolder(s, "peek");
            try {
                Session session = Session.getInstance(new Properties());
                f.appendMessages(new Message[] {Switching.sample(session, "p"), Switching.sample(session, "q")});
                f.open(Folder.READ_WRITE);
                Message peeked = f.getMessage(1);
                Message read = f.getMessage(2);
                peeked.getClass().getMethod("setPeek", boolean.class).invoke(peeked, true);
                assertEquals(true, peeked.getClass().getMethod("getPeek").invoke(peeked), protocol);
                peeked.writeTo(OutputStream.nullOutputStream());
                read.writeTo(OutputStream.nullOutputStream());
                f.close(false);
                f.open(Folder.READ_ONLY);
                assertEquals(false, f.getMessage(1).isSet(Flags.Flag.SEEN), protocol + ": peeked");
                assertEquals(true, f.getMessage(2).isSet(Flags.Flag.SEEN), protocol + ": read");
                Message m = f.getMessage(1);
                assertEquals("p", m.getSubject(), protocol);
                m.getClass().getMethod("invalidateHeaders").invoke(m);
                assertEquals("p", m.getSubject(), protocol + ": refetched");
                assertEquals(1, m.getHeader("Subject").length, protocol);
            } finally {
                Switching.deleteQuietly(f);
                s.close();
            }
        }
    }
}
