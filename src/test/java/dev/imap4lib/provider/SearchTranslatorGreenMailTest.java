package dev.imap4lib.provider;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.provider.SearchTranslator.ImapSearch;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.FromTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.MessageIDTerm;
import jakarta.mail.search.MessageNumberTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.RecipientTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SentDateTerm;
import jakarta.mail.search.SizeTerm;
import jakarta.mail.search.SubjectTerm;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.ModifiedSinceTerm;
import org.eclipse.angus.mail.imap.OlderTerm;
import org.eclipse.angus.mail.imap.YoungerTerm;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: the criteria of {@link SearchTranslator} are sent verbatim as {@code UID SEARCH}
 * to GreenMail through Angus Mail's {@code imap} provider, and the UIDs the server returns
 * (re-checked with {@code match} when the translation is not exact) must be exactly the
 * messages for which {@code term.match(message)} is true.
 *
 * <p>GreenMail evaluates IMAP search keys by building Jakarta Mail terms itself, which leaves
 * gaps; {@link #greenMailGaps()} pins them down so that the main test only uses what GreenMail
 * implements, rather than the translation bending to GreenMail:
 * <ul>
 * <li>{@code FROM}/{@code TO}/{@code CC}/{@code BCC} compare whole addresses (GreenMail builds a
 *     {@code FromTerm}/{@code RecipientTerm}), not substrings of the header as RFC 3501 says, so
 *     only full addresses are used as patterns here;</li>
 * <li>{@code ON}/{@code SENTON} compare with the instant of midnight (never used by the
 *     translator, which only sends {@code BEFORE}/{@code SINCE});</li>
 * <li>no {@code WITHIN} ({@code OLDER}/{@code YOUNGER}) and no {@code CONDSTORE}
 *     ({@code MODSEQ}): GreenMail does not advertise them, so those terms are not translated.</li>
 * </ul>
 */
class SearchTranslatorGreenMailTest {

    private static final String USER = "searcher@example.com";
    private static final Date T = at("2024-03-15T10:30:00Z");

    private static GreenMail greenMail;
    private static Store store;
    private static IMAPFolder inbox;
    private static Set<String> capabilities;
    /** Messages by UID, in UID order. */
    private static final Map<Long, Message> BY_UID = new LinkedHashMap<>();

    private static Date at(String iso) {
        return Date.from(Instant.parse(iso));
    }

    @BeforeAll
    static void setUp() throws Exception {
        greenMail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        greenMail.start();
        greenMail.setUser(USER, "searcher", "secret");

        Properties props = new Properties();
        props.setProperty("mail.imap.host", "127.0.0.1");
        props.setProperty("mail.imap.port", Integer.toString(greenMail.getImap().getPort()));
        // BodyTerm.match fetches content; without PEEK that would set \Seen on every message.
        props.setProperty("mail.imap.peek", "true");
        Session session = Session.getInstance(props);
        store = session.getStore("imap");
        store.connect("searcher", "secret");
        inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        inbox.appendMessages(corpus(session).toArray(new Message[0]));
        inbox.close(false);
        inbox.open(Folder.READ_WRITE);
        Message[] all = inbox.getMessages();
        // Prefetching whole messages (FetchProfileItem.MESSAGE) would be faster, but then
        // IMAPMessage.getSize() no longer reports RFC822.SIZE, which SizeTerm.match relies on.
        jakarta.mail.FetchProfile fp = new jakarta.mail.FetchProfile();
        fp.add(jakarta.mail.FetchProfile.Item.ENVELOPE);
        fp.add(jakarta.mail.FetchProfile.Item.FLAGS);
        fp.add(jakarta.mail.FetchProfile.Item.SIZE);
        fp.add(UIDFolder.FetchProfileItem.UID);
        inbox.fetch(all, fp);
        for (Message m : all) {
            BY_UID.put(inbox.getUID(m), m);
        }
        @SuppressWarnings("unchecked")
        Set<String> caps = (Set<String>) inbox.doCommand(p -> new TreeSet<>(p.getCapabilities().keySet()));
        capabilities = caps;
    }

    @AfterAll
    static void tearDown() throws MessagingException {
        if (store != null) {
            store.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    /** A message whose Message-ID and received (APPEND) date are ours to choose. */
    private static final class Msg extends MimeMessage {
        private final String id;
        private final Date received;

        Msg(Session s, int n, Date received) {
            super(s);
            this.id = "<m" + n + "@example.com>";
            this.received = received;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }

        @Override
        public Date getReceivedDate() {
            return received;
        }
    }

    private static Msg msg(Session s, int n, String from, String to, String subject, String body,
                           Date sent, Date received, Flags flags) throws MessagingException {
        Msg m = new Msg(s, n, received);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
        if (subject != null) {
            m.setSubject(subject, "UTF-8");
        }
        m.setText(body, "UTF-8");
        if (sent != null) {
            m.setSentDate(sent);
        }
        if (flags != null) {
            m.setFlags(flags, true);
        }
        return m;
    }

    private static Flags flags(Object... fs) {
        Flags f = new Flags();
        for (Object o : fs) {
            if (o instanceof Flags.Flag sf) {
                f.add(sf);
            } else {
                f.add((String) o);
            }
        }
        return f;
    }

    private static List<Message> corpus(Session s) throws MessagingException {
        List<Message> out = new ArrayList<>();
        Msg m;
        m = msg(s, 1, "Alice Example <alice@example.com>", "bob@example.com", "Quarterly report",
            "Please find the invoice attached.", at("2024-03-10T09:00:00Z"), at("2024-03-10T09:05:00Z"),
            flags(Flags.Flag.SEEN));
        m.setHeader("X-Priority", "1");
        out.add(m);
        m = msg(s, 2, "bob@example.com", "alice@example.com", "Re: Quarterly report", "Thanks, got it.",
            at("2024-03-14T16:00:00Z"), at("2024-03-14T16:01:00Z"), flags(Flags.Flag.SEEN, Flags.Flag.ANSWERED));
        m.setRecipients(Message.RecipientType.CC, "carol@example.com");
        out.add(m);
        // Sent and received exactly at T.
        out.add(msg(s, 3, "Carol C <carol@example.com>", "alice@example.com, bob@example.com", "Lunch?",
            "Noodles at noon?", T, T, flags(Flags.Flag.FLAGGED)));
        m = msg(s, 4, "alice@example.com", "dave@example.org", "say \"hi\" \\o/", "A quote test.",
            at("2024-03-15T23:00:00Z"), at("2024-03-16T01:00:00Z"), flags("$Work"));
        m.setRecipients(Message.RecipientType.CC, "bob@example.com");
        out.add(m);
        out.add(msg(s, 5, "dave@example.org", "alice@example.com", "Grüße aus Köln", "Schöne Grüße, Dave",
            at("2024-03-16T03:00:00Z"), at("2024-03-16T03:00:00Z"), null));
        out.add(msg(s, 6, "eve@example.net", "alice@example.com", "invoice 42",
            "Invoice text follows. " + "lorem ipsum ".repeat(200), at("2024-03-18T12:00:00Z"),
            at("2024-03-18T12:00:00Z"), flags(Flags.Flag.SEEN, Flags.Flag.FLAGGED, "urgent")));
        out.add(msg(s, 7, "alice.smith@example.com", "bob@example.com", "Quarterly numbers", "Numbers.",
            at("2024-03-12T08:00:00Z"), at("2024-03-12T08:00:00Z"), flags(Flags.Flag.DRAFT)));
        // The personal name holds alice's address: a substring FROM search finds it, FromTerm does not.
        out.add(msg(s, 8, "\"alice@example.com via list\" <list@example.com>", "bob@example.com", "Digest",
            "Digest body.", at("2024-03-15T10:30:01Z"), at("2024-03-15T10:29:59Z"), null));
        out.add(msg(s, 9, "bob@example.com", "carol@example.com", "Meeting", "The agenda.",
            at("2024-03-20T10:00:00Z"), at("2024-03-20T10:00:00Z"), flags(Flags.Flag.DELETED)));
        // Date header in +13:00 and -11:00: the IMAP day differs from the UTC day.
        m = msg(s, 10, "carol@example.com", "bob@example.com", "Re: Meeting", "See you.", null,
            at("2024-03-13T09:00:00Z"), null);
        m.setRecipients(Message.RecipientType.CC, "alice@example.com");
        m.setHeader("Date", "Wed, 13 Mar 2024 22:00:00 +1300");
        out.add(m);
        m = msg(s, 11, "frank@example.com", "bob@example.com", "Status", "All good.", null,
            at("2024-03-15T07:00:00Z"), null);
        m.setHeader("Date", "Thu, 14 Mar 2024 20:00:00 -1100");
        out.add(m);
        m = msg(s, 12, "alice@example.com", "bob@example.com", "Secret", "Between us.",
            at("2024-03-11T11:00:00Z"), at("2024-03-11T11:00:00Z"), flags(Flags.Flag.ANSWERED, "$Work"));
        m.setRecipients(Message.RecipientType.BCC, "carol@example.com");
        out.add(m);
        out.add(msg(s, 13, "bob@example.com", "alice@example.com", "Photos", "Pictures from the trip.",
            at("2024-03-17T18:00:00Z"), at("2024-03-17T18:00:00Z"), flags(Flags.Flag.SEEN, "urgent")));
        out.add(msg(s, 14, "grace@example.com", "alice@example.com", "Newsletter", "News, news, news.",
            at("2024-03-09T06:00:00Z"), at("2024-03-09T06:00:00Z"), null));
        out.add(msg(s, 15, "heidi@example.com", "alice@example.com", null, "A message without a subject.",
            at("2024-03-19T00:00:00Z"), at("2024-03-19T00:00:00Z"), flags(Flags.Flag.FLAGGED, Flags.Flag.DRAFT)));
        return out;
    }

    // ---- sending criteria verbatim ---------------------------------------------------------

    /** {@code UID SEARCH [CHARSET UTF-8] criteria}, sent as protocol text through Angus Mail. */
    private static Set<Long> uidSearch(ImapSearch s) throws MessagingException {
        Object r = inbox.doCommand(p -> {
            Response[] rs;
            if (!s.needsCharset()) {
                rs = p.command("UID SEARCH " + s.criteria(), null);
            } else {
                rs = p.command("UID SEARCH", withLiterals("CHARSET UTF-8 " + s.criteria()));
            }
            p.handleResult(rs[rs.length - 1]);
            Set<Long> uids = new TreeSet<>();
            for (Response x : rs) {
                if (x instanceof IMAPResponse ir && ir.keyEquals("SEARCH")) {
                    for (long n = ir.readLong(); n != -1; n = ir.readLong()) {
                        uids.add(n);
                    }
                }
            }
            return uids;
        });
        @SuppressWarnings("unchecked")
        Set<Long> uids = (Set<Long>) r;
        return uids;
    }

    /**
     * Angus Mail writes a command string byte by byte, so quoted strings with non-ASCII text
     * become literals here, as imap4lib's command encoder does. Argument puts a space between
     * items, so this is only right when no ')' follows a string, which the test's criteria
     * with non-ASCII text respect.
     */
    private static Argument withLiterals(String criteria) {
        assertFalse(criteria.contains(")"), criteria);
        Argument a = new Argument();
        int i = 0;
        while (i < criteria.length()) {
            int q = criteria.indexOf('"', i);
            String raw = (q < 0 ? criteria.substring(i) : criteria.substring(i, q)).trim();
            if (!raw.isEmpty()) {
                a.writeAtom(raw);
            }
            if (q < 0) {
                break;
            }
            StringBuilder val = new StringBuilder();
            int j = q + 1;
            for (; criteria.charAt(j) != '"'; j++) {
                if (criteria.charAt(j) == '\\') {
                    j++;
                }
                val.append(criteria.charAt(j));
            }
            a.writeString(val.toString(), StandardCharsets.UTF_8);
            i = j + 1;
        }
        return a;
    }

    /** Client-side answers; BodyTerm.match fetches every body, so each term is matched once. */
    private static final Map<SearchTerm, Set<Long>> MATCHED = new java.util.IdentityHashMap<>();

    private static Set<Long> matching(SearchTerm term) {
        return MATCHED.computeIfAbsent(term, SearchTranslatorGreenMailTest::matchAll);
    }

    private static Set<Long> matchAll(SearchTerm term) {
        Set<Long> out = new TreeSet<>();
        BY_UID.forEach((uid, m) -> {
            if (term.match(m)) {
                out.add(uid);
            }
        });
        return out;
    }

    /** The outcome for one term: what match says, what the server said, and the translation. */
    private record Outcome(SearchTerm term, ImapSearch search, Set<Long> expected, Set<Long> server,
                           Set<Long> filtered) {
        @Override
        public String toString() {
            return search.criteria() + (search.exact() ? "" : " (re-checked)") + ": expected " + expected
                + ", server " + server + (search.exact() ? "" : ", after re-check " + filtered);
        }
    }

    private static Outcome run(SearchTerm term) throws MessagingException {
        Optional<ImapSearch> t = SearchTranslator.translate(term, capabilities);
        assertTrue(t.isPresent(), () -> "no translation for " + term);
        Set<Long> server = uidSearch(t.get());
        Set<Long> filtered = new TreeSet<>();
        for (Long uid : server) {
            if (t.get().exact() || term.match(BY_UID.get(uid))) {
                filtered.add(uid);
            }
        }
        return new Outcome(term, t.get(), matching(term), server, filtered);
    }

    private static void check(SearchTerm term) throws MessagingException {
        Outcome o = run(term);
        assertTrue(o.server().containsAll(o.expected()), () -> "server missed messages: " + o);
        assertEquals(o.expected(), o.filtered(), o::toString);
    }

    // ---- the terms -------------------------------------------------------------------------

    private static List<SearchTerm> terms;

    private static List<SearchTerm> terms() throws MessagingException {
        if (terms == null) {
            terms = buildTerms();
        }
        return terms;
    }

    private static List<SearchTerm> buildTerms() throws MessagingException {
        InternetAddress alice = new InternetAddress("Alice Example <alice@example.com>");
        InternetAddress bob = new InternetAddress("bob@example.com");
        InternetAddress carol = new InternetAddress("carol@example.com");
        List<SearchTerm> ts = new ArrayList<>(List.of(
            new SubjectTerm("quarterly"),
            new SubjectTerm("\"hi\" \\o"),
            new SubjectTerm("Grüße"),
            new BodyTerm("invoice"),
            new BodyTerm("Schöne"),
            new FromStringTerm("bob@example.com"),
            new FromTerm(alice),
            new RecipientStringTerm(Message.RecipientType.TO, "bob@example.com"),
            new RecipientStringTerm(Message.RecipientType.CC, "alice@example.com"),
            new RecipientTerm(Message.RecipientType.CC, bob),
            new RecipientTerm(Message.RecipientType.BCC, carol),
            new HeaderTerm("X-Priority", "1"),
            new MessageIDTerm("<m7@example.com>"),
            new MessageNumberTerm(3),
            new FlagTerm(flags(Flags.Flag.SEEN), true),
            new FlagTerm(flags(Flags.Flag.SEEN), false),
            new FlagTerm(flags(Flags.Flag.SEEN, Flags.Flag.FLAGGED), true),
            new FlagTerm(flags(Flags.Flag.SEEN, Flags.Flag.FLAGGED), false),
            new FlagTerm(flags(Flags.Flag.ANSWERED), true),
            new FlagTerm(flags(Flags.Flag.DELETED), false),
            new FlagTerm(flags(Flags.Flag.DRAFT), true),
            new FlagTerm(flags(Flags.Flag.RECENT), true),
            new FlagTerm(flags(Flags.Flag.RECENT), false),
            new FlagTerm(flags("$Work"), true),
            new FlagTerm(flags("urgent", "$Work"), false),
            new FlagTerm(flags(Flags.Flag.SEEN, "urgent"), true),
            new OrTerm(new SearchTerm[] {
                new SubjectTerm("lunch"), new SubjectTerm("photos"), new SubjectTerm("status"), new BodyTerm("agenda")}),
            new NotTerm(new SubjectTerm("re:")),
            new AndTerm(new OrTerm(new FlagTerm(flags(Flags.Flag.SEEN), true), new FlagTerm(flags(Flags.Flag.FLAGGED), true)),
                new NotTerm(new FlagTerm(flags("urgent"), true))),
            new NotTerm(new AndTerm(new SubjectTerm("quarterly"), new FlagTerm(flags(Flags.Flag.SEEN), true))),
            new OrTerm(new FromTerm(alice), new SubjectTerm("meeting")),
            new NotTerm(new OrTerm(new FromTerm(alice), new MessageNumberTerm(1)))));
        for (int cmp : new int[] {ComparisonTerm.LT, ComparisonTerm.LE, ComparisonTerm.EQ,
                                  ComparisonTerm.GT, ComparisonTerm.GE}) {
            ts.add(new ReceivedDateTerm(cmp, T));
            ts.add(new SentDateTerm(cmp, T));
            if (cmp != ComparisonTerm.EQ) { // NOT EQ is as unnarrowable as NE
                ts.add(new NotTerm(new SentDateTerm(cmp, T)));
            }
        }
        ts.add(new NotTerm(new ReceivedDateTerm(ComparisonTerm.NE, T)));
        ts.add(new AndTerm(new SentDateTerm(ComparisonTerm.GE, at("2024-03-14T00:00:00Z")),
            new SentDateTerm(ComparisonTerm.LT, at("2024-03-16T00:00:00Z"))));
        return ts;
    }

    @Test
    void serverAnswersMatchTermMatch() throws MessagingException {
        assertEquals(15, BY_UID.size());
        List<SearchTerm> ts = terms();
        assertTrue(ts.size() >= 25, "term count " + ts.size());
        List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
        for (SearchTerm t : ts) {
            checks.add(() -> check(t));
        }
        assertAll(checks);
    }

    @Test
    void everyTermMatchesSomethingAndNotEverything() throws MessagingException {
        // Guards the corpus: a term matching nothing or everything would prove little.
        for (SearchTerm t : terms()) {
            Set<Long> m = matching(t);
            if (!(t instanceof FlagTerm ft && ft.getFlags().contains(Flags.Flag.RECENT))) {
                assertFalse(m.isEmpty(), () -> "matches nothing: " + t);
                assertNotEquals(BY_UID.keySet(), m, () -> "matches everything: " + t);
            }
        }
    }

    @Test
    void sizes() throws MessagingException {
        int size = BY_UID.values().stream().skip(2).findFirst().orElseThrow().getSize();
        for (int cmp : new int[] {ComparisonTerm.LT, ComparisonTerm.LE, ComparisonTerm.EQ,
                                  ComparisonTerm.NE, ComparisonTerm.GT, ComparisonTerm.GE}) {
            for (int n : new int[] {size - 1, size, size + 1}) {
                SizeTerm t = new SizeTerm(cmp, n);
                check(t);
                assertTrue(SearchTranslator.translate(t).orElseThrow().exact());
            }
        }
    }

    @Test
    void dateCandidatesIncludeTheWindow() throws MessagingException {
        // Message 8 is received 1 s before T and sent 1 s after it: only the re-check tells.
        Outcome lt = run(new ReceivedDateTerm(ComparisonTerm.LT, T));
        assertFalse(lt.search().exact());
        assertTrue(lt.server().size() > lt.expected().size(), lt::toString);
        Outcome eq = run(new SentDateTerm(ComparisonTerm.EQ, T));
        assertEquals(Set.of(uidOf(3)), eq.expected());
    }

    private static long uidOf(int messageNumber) throws MessagingException {
        return inbox.getUID(inbox.getMessage(messageNumber));
    }

    @Test
    void extensionsGreenMailLacksAreLeftToTheClient() {
        assertFalse(capabilities.contains("WITHIN"), capabilities::toString);
        assertFalse(capabilities.contains("CONDSTORE"), capabilities::toString);
        assertEquals(Optional.empty(), SearchTranslator.translate(new OlderTerm(60), capabilities));
        assertEquals(Optional.empty(), SearchTranslator.translate(new YoungerTerm(60), capabilities));
        assertEquals(Optional.empty(), SearchTranslator.translate(new ModifiedSinceTerm(1), capabilities));
        assertEquals(Optional.empty(), SearchTranslator.translate(new SentDateTerm(ComparisonTerm.NE, T), capabilities));
        assertEquals(Optional.empty(),
            SearchTranslator.translate(new NotTerm(new ReceivedDateTerm(ComparisonTerm.EQ, T)), capabilities));
    }

    /** Where GreenMail departs from RFC 3501; the translation is right, GreenMail answers less. */
    @Test
    void greenMailGaps() throws MessagingException {
        // FROM "alice" should find every From header containing "alice" (messages 1, 4, 7, 8, 12).
        Outcome from = run(new FromStringTerm("alice"));
        assertEquals(Set.of(uidOf(1), uidOf(4), uidOf(7), uidOf(8), uidOf(12)), from.expected());
        assertTrue(from.server().isEmpty(), from::toString);
        // FROM "alice@example.com" should also find message 8, whose display name holds it.
        Outcome full = run(new FromStringTerm("alice@example.com"));
        assertEquals(Set.of(uidOf(1), uidOf(4), uidOf(8), uidOf(12)), full.expected());
        assertEquals(Set.of(uidOf(1), uidOf(4), uidOf(12)), full.server(), full::toString);
        // ON compares with midnight as an instant, so a message sent at 10:30 is not ON its day.
        assertEquals(Set.of(), uidSearch(new ImapSearch("SENTON 15-Mar-2024 FROM \"carol@example.com\"", false, true)));
    }
}
