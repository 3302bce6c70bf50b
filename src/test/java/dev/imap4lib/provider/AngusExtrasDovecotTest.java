package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Quota;
import jakarta.mail.ReadOnlyFolderException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SearchException;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Angus's IMAPFolder/IMAPStore extras against Dovecot: server SORT (and the client-side order
 * giving the same answer), folder ACL over the shared namespace with {@code allowreadonlyselect},
 * folder quota, {@code addMessages}, {@code FetchProfileItem.MESSAGE}, {@code isSSL},
 * {@code setPassword}, store {@code idle()}, PROXYAUTH refused, {@code throwsearchexception}.
 */
@ExtendWith(DovecotExtension.class)
class AngusExtrasDovecotTest {
    private static final AtomicInteger FOLDERS = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private final DovecotServer dovecot;

    AngusExtrasDovecotTest(DovecotServer dovecot) {
        this.dovecot = dovecot;
    }

    private Session session(ByteArrayOutputStream trace, String... props) {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", dovecot.host());
        p.put("mail.imap4lib.port", String.valueOf(dovecot.imapPort()));
        p.put("mail.imap4lib.starttls.enable", "false");
        for (int i = 0; i + 1 < props.length; i += 2) {
            p.put("mail.imap4lib." + props[i], props[i + 1]);
        }
        Session s = Session.getInstance(p);
        if (trace != null) {
            s.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
            s.setDebug(true);
        }
        return s;
    }

    private Imap4libStore store(String user, ByteArrayOutputStream trace, String... props) throws MessagingException {
        Imap4libStore st = (Imap4libStore) session(trace, props).getStore("imap4lib");
        st.connect(user, DovecotServer.USERS.get(user));
        return st;
    }

    private static String newName(String what) {
        return what + "-" + RUN + "-" + FOLDERS.incrementAndGet();
    }

    private static MimeMessage msg(String subject, String from, Date sent, int bodyBytes) throws MessagingException {
        MimeMessage m = new MimeMessage((Session) null);
        m.setSubject(subject);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, "to@example.com");
        m.setSentDate(sent);
        m.setText(body(bodyBytes));
        return m;
    }

    /** {@code n} bytes of short lines (so no transfer encoding changes them). */
    private static String body(int n) {
        StringBuilder sb = new StringBuilder(n);
        while (sb.length() < n) {
            sb.append(sb.length() % 70 == 69 ? '\n' : 'x');
        }
        return sb.toString();
    }

    /** Five messages whose subject, sender, date and size orders all differ from the arrival order. */
    private static Message[] fiveMessages() throws MessagingException {
        long day = 86_400_000L;
        long t0 = 1_700_000_000_000L;
        return new Message[] {
            msg("Re: banana", "carol@example.com", new Date(t0 + 3 * day), 300),
            msg("apple", "bob@example.com", new Date(t0 + 1 * day), 1900),
            msg("Fwd: cherry", "alice@example.com", new Date(t0 + 4 * day), 100),
            msg("date", "erin@example.com", new Date(t0), 1100),
            msg("[list] elder", "dave@example.com", new Date(t0 + 2 * day), 1500),
        };
    }

    private static String[] subjects(Message[] msgs) throws MessagingException {
        String[] out = new String[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            out[i] = msgs[i].getSubject();
        }
        return out;
    }

    private static long sortCommands(ByteArrayOutputStream trace) {
        return trace.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("imap4lib > ") && l.contains(" SORT ")).count();
    }

    @Test
    void sortUsesServerSortAndTheClientOrderAgreesWithIt() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Imap4libStore st = store("user1", trace)) {
            String name = newName("sort");
            Imap4libFolder f = (Imap4libFolder) st.getFolder(name);
            assertTrue(f.create(Folder.HOLDS_MESSAGES));
            f.appendMessages(fiveMessages());
            f.open(Folder.READ_ONLY);

            Message[] bySubject = f.getSortedMessages(new SortTerm[] {SortTerm.SUBJECT});
            assertArrayEquals(new String[] {"apple", "Re: banana", "Fwd: cherry", "date", "[list] elder"},
                    subjects(bySubject));
            Message[] newestFirst = f.getSortedMessages(new SortTerm[] {SortTerm.REVERSE, SortTerm.DATE});
            assertArrayEquals(new String[] {"Fwd: cherry", "Re: banana", "[list] elder", "apple", "date"},
                    subjects(newestFirst));
            Message[] byFrom = f.getSortedMessages(new SortTerm[] {SortTerm.FROM});
            assertArrayEquals(new String[] {"Fwd: cherry", "apple", "Re: banana", "[list] elder", "date"},
                    subjects(byFrom));
            Message[] bigOnes = f.getSortedMessages(new SortTerm[] {SortTerm.SIZE}, new jakarta.mail.search.SizeTerm(
                    jakarta.mail.search.ComparisonTerm.GT, 1000));
            assertArrayEquals(new String[] {"date", "[list] elder", "apple"}, subjects(bigOnes));
            assertEquals(4, sortCommands(trace), "each getSortedMessages is one SORT");

            // The fallback for servers without SORT orders as Dovecot does.
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.ENVELOPE);
            Message[] all = f.getMessages();
            f.fetch(all, fp);
            for (SortTerm[] terms : new SortTerm[][] {{SortTerm.SUBJECT}, {SortTerm.REVERSE, SortTerm.DATE},
                    {SortTerm.FROM}, {SortTerm.SIZE}, {SortTerm.ARRIVAL}, {SortTerm.REVERSE, SortTerm.ARRIVAL},
                    {SortTerm.TO, SortTerm.REVERSE, SortTerm.SIZE}}) {
                assertArrayEquals(subjects(f.getSortedMessages(terms)), subjects(ServerSort.clientOrder(all, terms)),
                        Arrays.toString(terms));
            }
            assertThrows(MessagingException.class, () -> f.getSortedMessages(new SortTerm[] {SortTerm.REVERSE}));
            assertThrows(MessagingException.class, () -> f.getSortedMessages(new SortTerm[0]));
            f.close(false);
        }
    }

    /** A term IMAP SEARCH cannot express: matched on the client, or refused with throwsearchexception. */
    private static final class OddLength extends SearchTerm {
        @Override
        public boolean match(Message m) {
            try {
                return m.getSubject().length() % 2 == 1;
            } catch (MessagingException e) {
                return false;
            }
        }
    }

    @Test
    void untranslatableTermsAreMatchedOnTheClientUnlessThrowSearchException() throws Exception {
        String name = newName("odd");
        try (Imap4libStore st = store("user1", null)) {
            Imap4libFolder f = (Imap4libFolder) st.getFolder(name);
            assertTrue(f.create(Folder.HOLDS_MESSAGES));
            f.appendMessages(fiveMessages());
            f.open(Folder.READ_ONLY);
            assertArrayEquals(new String[] {"apple", "Fwd: cherry"}, subjects(f.search(new OddLength())));
            assertArrayEquals(new String[] {"apple", "Fwd: cherry"},
                    subjects(f.getSortedMessages(new SortTerm[] {SortTerm.SUBJECT}, new OddLength())));
            f.close(false);
        }
        try (Imap4libStore st = store("user1", null, "throwsearchexception", "true")) {
            Imap4libFolder f = (Imap4libFolder) st.getFolder(name);
            f.open(Folder.READ_ONLY);
            assertThrows(SearchException.class, () -> f.search(new OddLength()));
            assertThrows(SearchException.class,
                    () -> f.getSortedMessages(new SortTerm[] {SortTerm.SUBJECT}, new OddLength()));
            assertEquals(1, f.search(new SubjectTerm("apple")).length, "translatable terms still work");
            f.close(false);
        }
    }

    @Test
    void aclIsReadAndChangedAndASharedReadOnlyFolderOpensWithAllowReadOnlySelect() throws Exception {
        String name = newName("acl");
        try (Imap4libStore owner = store("user1", null)) {
            Imap4libFolder f = (Imap4libFolder) owner.getFolder(name);
            assertTrue(f.create(Folder.HOLDS_MESSAGES));
            f.appendMessages(new Message[] {msg("shared", "a@example.com", new Date(), 10)});
            assertTrue(f.myRights().contains(Rights.Right.ADMINISTER));

            f.addACL(new ACL("user2", new Rights("lr")));
            assertEquals(new Rights("lr"), rightsOf(f, "user2"));
            f.addRights(new ACL("user2", new Rights(Rights.Right.WRITE)));
            assertEquals(new Rights("lrw"), rightsOf(f, "user2"));
            f.removeRights(new ACL("user2", new Rights("w")));
            assertEquals(new Rights("lr"), rightsOf(f, "user2"));
            Rights[] listable = f.listRights("user2");
            assertTrue(listable.length >= 2, "required rights plus optional groups: " + Arrays.toString(listable));
            Rights any = new Rights(listable[0]);
            for (Rights r : listable) {
                any.add(r);
            }
            assertTrue(any.contains(new Rights("lrwi")), "grantable: " + any);

            String shared = "Shared/user1/" + name;
            try (Imap4libStore reader = store("user2", null)) {
                Imap4libFolder sf = (Imap4libFolder) reader.getFolder(shared);
                assertEquals(new Rights("lr"), sf.myRights());
                assertThrows(ReadOnlyFolderException.class, () -> sf.open(Folder.READ_WRITE));
                sf.open(Folder.READ_ONLY);
                assertEquals(1, sf.getMessageCount());
                sf.close(false);
            }
            ByteArrayOutputStream trace = new ByteArrayOutputStream();
            try (Imap4libStore reader = store("user2", trace, "allowreadonlyselect", "true")) {
                Imap4libFolder sf = (Imap4libFolder) reader.getFolder(shared);
                sf.open(Folder.READ_WRITE);
                assertEquals(Folder.READ_ONLY, sf.getMode());
                assertEquals("shared", sf.getMessage(1).getSubject());
                sf.close(false);
                assertTrue(trace.toString(StandardCharsets.UTF_8).contains("allowreadonlyselect"));
            }
            f.removeACL("user2");
            assertEquals(null, rightsOf(f, "user2"));
            try (Imap4libStore reader = store("user2", null)) {
                assertThrows(MessagingException.class, () -> reader.getFolder(shared).open(Folder.READ_ONLY));
            }
        }
    }

    private static Rights rightsOf(Imap4libFolder f, String who) throws MessagingException {
        for (ACL a : f.getACL()) {
            if (a.getName().equals(who)) {
                return a.getRights();
            }
        }
        return null;
    }

    @Test
    void folderQuotaIsTheQuotaOfItsRoot() throws Exception {
        try (Imap4libStore st = store("quotauser", null)) {
            Imap4libFolder inbox = (Imap4libFolder) st.getFolder("INBOX");
            Quota[] q = inbox.getQuota();
            assertTrue(q.length >= 1);
            long storage = -1;
            long messages = -1;
            for (Quota.Resource r : q[0].resources) {
                if (r.name.equalsIgnoreCase("STORAGE")) {
                    storage = r.limit;
                } else if (r.name.equalsIgnoreCase("MESSAGE")) {
                    messages = r.limit;
                }
            }
            assertEquals(100, storage, "100 KiB");
            assertEquals(20, messages);
            // Dovecot's quota is configured, not set over IMAP: SETQUOTA is refused, as an exception.
            assertThrows(MessagingException.class, () -> inbox.setQuota(q[0]));
        }
    }

    @Test
    void addMessagesReturnsTheAddedMessagesOfTheOpenFolder() throws Exception {
        try (Imap4libStore st = store("user1", null)) {
            Imap4libFolder f = (Imap4libFolder) st.getFolder(newName("add"));
            assertTrue(f.create(Folder.HOLDS_MESSAGES));
            f.open(Folder.READ_WRITE);
            Message[] added = f.addMessages(new Message[] {msg("one", "a@example.com", new Date(), 5),
                msg("two", "a@example.com", new Date(), 5)});
            assertEquals(2, added.length);
            assertEquals("one", added[0].getSubject());
            assertEquals("two", added[1].getSubject());
            assertEquals(2, f.getMessageCount());
            assertEquals(f, added[0].getFolder());
            f.close(false);
        }
    }

    @Test
    void fetchProfileMessageKeepsSmallMessagesSoReadingAsksNothing() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Imap4libStore st = store("user1", trace, "fetchsize", "1024")) {
            Imap4libFolder f = (Imap4libFolder) st.getFolder(newName("whole"));
            assertTrue(f.create(Folder.HOLDS_MESSAGES));
            f.appendMessages(new Message[] {msg("small", "a@example.com", new Date(), 2000),
                msg("big", "a@example.com", new Date(), 100_000)});
            f.open(Folder.READ_ONLY);
            FetchProfile fp = new FetchProfile();
            fp.add(Imap4libFolder.FetchProfileItem.MESSAGE);
            Message[] msgs = f.getMessages();
            f.fetch(msgs, fp);
            int before = trace.size();
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            msgs[0].writeTo(whole);
            assertEquals("small", msgs[0].getSubject());
            assertTrue(whole.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n").contains(body(2000).trim()));
            assertEquals(body(2000).trim(), ((String) msgs[0].getContent()).replace("\r\n", "\n").trim());
            assertFalse(trace.toString(StandardCharsets.UTF_8).substring(before).contains("imap4lib > "),
                    trace.toString(StandardCharsets.UTF_8).substring(before));
            // above max(64 KiB, fetchsize): not held, streamed when read
            ByteArrayOutputStream big = new ByteArrayOutputStream();
            msgs[1].writeTo(big);
            assertTrue(big.size() > 100_000);
            assertTrue(trace.toString(StandardCharsets.UTF_8).substring(before).contains("[]<0."),
                    trace.toString(StandardCharsets.UTF_8).substring(before));
            f.close(false);
        }
    }

    @Test
    void isSslSaysWhetherTheStoreConnectionIsEncrypted() throws Exception {
        try (Imap4libStore plain = store("user1", null)) {
            assertFalse(plain.isSSL());
        }
        try (Imap4libStore tls = store("user1", null, "starttls.enable", "true", "ssl.trust", "*")) {
            assertTrue(tls.isSSL());
        }
    }

    @Test
    void setPasswordIsUsedForConnectionsOpenedAfterwards() throws Exception {
        try (Imap4libStore st = store("user1", null, "separatestoreconnection", "true")) {
            st.setPassword("wrong");
            Folder inbox = st.getFolder("INBOX");
            assertThrows(AuthenticationFailedException.class, () -> inbox.open(Folder.READ_ONLY));
            st.setPassword(DovecotServer.USERS.get("user1"));
            inbox.open(Folder.READ_ONLY);
            inbox.close(false);
            String onlyUser2 = newName("u2");
            try (Imap4libStore u2 = store("user2", null)) {
                assertTrue(u2.getFolder(onlyUser2).create(Folder.HOLDS_MESSAGES));
            }
            Folder theirs = st.getFolder(onlyUser2);
            assertThrows(MessagingException.class, () -> theirs.open(Folder.READ_ONLY), "user1 has no such folder");
            st.setUsername("user2");
            st.setPassword(DovecotServer.USERS.get("user2"));
            theirs.open(Folder.READ_ONLY); // a new connection, logged in as user2
            theirs.close(false);
        }
    }

    @Test
    void storeIdleEndsWhenAnotherStoreOperationNeedsTheConnection() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Imap4libStore st = store("user1", trace)) {
            CompletableFuture<Void> idling = CompletableFuture.runAsync(() -> {
                try {
                    st.idle();
                } catch (MessagingException e) {
                    throw new RuntimeException(e);
                }
            });
            long deadline = System.currentTimeMillis() + 10_000;
            while (!idleSent(trace) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(idleSent(trace), "IDLE sent");
            assertTrue(st.getFolder("INBOX").exists());
            try {
                idling.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError(trace.toString(StandardCharsets.UTF_8), e);
            }
            assertTrue(trace.toString(StandardCharsets.UTF_8).contains("DONE"));
        }
    }

    private static boolean idleSent(ByteArrayOutputStream trace) {
        return trace.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> l.contains("imap4lib > ") && l.endsWith(" IDLE"));
    }

    @Test
    void proxyAuthUserOnAServerWithoutProxyAuthFailsTheConnect() throws Exception {
        Session s = session(null, "proxyauth.user", "user2");
        Store st = s.getStore("imap4lib");
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> st.connect("user1", DovecotServer.USERS.get("user1")));
        assertTrue(e.getMessage().contains("PROXYAUTH as user2 refused"), e.getMessage());
        assertFalse(st.isConnected());
        Imap4libStore st2 = (Imap4libStore) session(null).getStore("imap4lib");
        st2.setProxyAuthUser("user2");
        assertEquals("user2", st2.getProxyAuthUser());
        assertThrows(AuthenticationFailedException.class, () -> st2.connect("user1", DovecotServer.USERS.get("user1")));
        assertNotNull(st2.getProxyAuthUser());
    }
}
