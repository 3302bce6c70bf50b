package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.FromTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.MessageIDTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.RecipientTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SentDateTerm;
import jakarta.mail.search.SizeTerm;
import jakarta.mail.search.SubjectTerm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@link Folder#search}: the server-side result equals the set of messages for which the term's
 * own client-side {@link SearchTerm#match} is true, for a dozen kinds of terms. The corpus avoids
 * the cases where IMAP SEARCH and {@code match} legitimately differ (dates compare by day in IMAP
 * and by instant in {@code match}: the dates here are days apart).
 */
class SearchContractTest extends ProviderContract {

    private static Corpus.Msg[] corpus() {
        Corpus.Msg[] m = {
            Corpus.simple("Quarterly report", "Alice <alice@example.com>", "bob@example.org, team@example.com",
                    "Mon, 6 Jan 2025 09:00:00 +0000", "The numbers are in. Revenue grew.", "finance"),
            Corpus.simple("Lunch on Friday?", "Carol <carol@example.net>", "alice@example.com",
                    "Wed, 15 Jan 2025 12:00:00 +0000", "Pizza or sushi, your call.", "social"),
            Corpus.simple("Re: Quarterly report", "bob@example.org", "alice@example.com",
                    "Mon, 20 Jan 2025 08:30:00 +0000", "Thanks, the revenue numbers look fine.", "finance"),
            Corpus.simple("Server maintenance", "ops@example.com", "all@example.com",
                    "Sat, 1 Feb 2025 22:00:00 +0000", "Downtime tonight between 23:00 and 01:00. "
                    + "x".repeat(600), "ops"),
            Corpus.simple("Invitation", "Dave <dave@example.com>", "alice@example.com, carol@example.net",
                    "Mon, 10 Feb 2025 10:00:00 +0000", "Join us for the launch party.", "social"),
            Corpus.TEXT, Corpus.ALTERNATIVE,
        };
        m[1] = m[1].withFlags(new Flags(Flags.Flag.SEEN));
        Flags f = new Flags(Flags.Flag.FLAGGED);
        f.add(Flags.Flag.SEEN);
        m[2] = m[2].withFlags(f);
        m[4] = m[4].withFlags(new Flags(Flags.Flag.ANSWERED));
        return m;
    }

    private static Map<String, SearchTerm> terms() throws Exception {
        Map<String, SearchTerm> t = new LinkedHashMap<>();
        t.put("subject", new SubjectTerm("quarterly"));
        t.put("subject (RFC 2047 encoded header)", new SubjectTerm("Köln"));
        t.put("from string", new FromStringTerm("example.net"));
        t.put("from address", new FromTerm(new InternetAddress("bob@example.org")));
        t.put("to string", new RecipientStringTerm(Message.RecipientType.TO, "alice@example.com"));
        t.put("to substring", new RecipientStringTerm(Message.RecipientType.TO, "TEAM@example"));
        t.put("cc substring", new RecipientStringTerm(Message.RecipientType.CC, "dave"));
        t.put("from full address string", new FromStringTerm("carol@example.net"));
        t.put("cc address", new RecipientTerm(Message.RecipientType.CC, new InternetAddress("dave@example.com")));
        t.put("body", new BodyTerm("revenue"));
        t.put("seen", new FlagTerm(new Flags(Flags.Flag.SEEN), true));
        t.put("not seen", new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        t.put("flagged and seen", new FlagTerm(flags(Flags.Flag.FLAGGED, Flags.Flag.SEEN), true));
        t.put("header", new HeaderTerm("X-Tag", "finance"));
        t.put("larger than 500", new SizeTerm(ComparisonTerm.GT, 500));
        t.put("smaller than 500", new SizeTerm(ComparisonTerm.LT, 500));
        t.put("sent since", new SentDateTerm(ComparisonTerm.GE, Corpus.date("2025-01-17T00:00:00Z")));
        t.put("sent before", new SentDateTerm(ComparisonTerm.LT, Corpus.date("2025-01-15T00:00:00Z")));
        t.put("message-id", new MessageIDTerm("<contract-alt-1@example.com>"));
        t.put("and", new AndTerm(new SubjectTerm("report"), new FlagTerm(new Flags(Flags.Flag.SEEN), false)));
        t.put("or", new OrTerm(new FromStringTerm("dave"), new SubjectTerm("lunch")));
        t.put("not", new NotTerm(new HeaderTerm("X-Tag", "social")));
        t.put("nothing", new SubjectTerm("no-such-subject-anywhere"));
        return t;
    }

    /**
     * {@link Deviation#GREENMAIL_ADDRESS_SEARCH_NOT_SUBSTRING}: what GreenMail returns instead
     * (message numbers) for the terms using a part of an address.
     */
    private static final Map<String, List<Integer>> GREENMAIL_ADDRESS_RESULTS = Map.of(
            "from string", List.of(),
            "to substring", List.of(),
            "cc substring", List.of(),
            "or", List.of(2));

    private static Flags flags(Flags.Flag... f) {
        Flags out = new Flags();
        for (Flags.Flag x : f) {
            out.add(x);
        }
        return out;
    }

    @Contract
    void searchEqualsClientSideMatch(Target t) throws Exception {
        Folder f = open(t, folderWith(t, corpus()), Folder.READ_ONLY);
        Message[] all = f.getMessages();
        List<String> failures = new ArrayList<>();
        int nonEmpty = 0;
        for (Map.Entry<String, SearchTerm> e : terms().entrySet()) {
            TreeSet<Integer> expected = new TreeSet<>();
            for (Message m : all) {
                if (e.getValue().match(m)) {
                    expected.add(m.getMessageNumber());
                }
            }
            TreeSet<Integer> got = new TreeSet<>();
            for (Message m : f.search(e.getValue())) {
                got.add(m.getMessageNumber());
            }
            if (t.has(Deviation.GREENMAIL_ADDRESS_SEARCH_NOT_SUBSTRING) && GREENMAIL_ADDRESS_RESULTS.containsKey(e.getKey())) {
                expected = new TreeSet<>(GREENMAIL_ADDRESS_RESULTS.get(e.getKey()));
            }
            if (!expected.equals(got)) {
                failures.add(e.getKey() + ": server " + got + ", match() " + expected);
            }
            if (!expected.isEmpty() && expected.size() < all.length) {
                nonEmpty++;
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(nonEmpty >= 15, "the terms discriminate: " + nonEmpty);
    }

    @Contract
    void searchWithinGivenMessages(Target t) throws Exception {
        Folder f = open(t, folderWith(t, corpus()), Folder.READ_ONLY);
        Message[] subset = f.getMessages(1, 3);
        Message[] got = f.search(new SubjectTerm("report"), subset);
        assertEquals(List.of(1, 3), List.of(got[0].getMessageNumber(), got[1].getMessageNumber()));
        assertEquals(2, got.length);
        assertEquals(0, f.search(new SubjectTerm("Invitation"), subset).length);
    }

    @Contract
    void searchNeedsOpenFolder(Target t) throws Exception {
        Folder f = connect(t).getFolder(folderWith(t, Corpus.numbered(1)));
        assertFalse(f.isOpen());
        // Folder.search: "IllegalStateException if this folder is not opened"
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> f.search(new SubjectTerm("x")));
    }
}
