package dev.imap4lib.provider;

import dev.imap4lib.provider.SearchTranslator.ImapSearch;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.NewsAddress;
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
import jakarta.mail.search.StringTerm;
import jakarta.mail.search.SubjectTerm;
import org.eclipse.angus.mail.imap.ModifiedSinceTerm;
import org.eclipse.angus.mail.imap.OlderTerm;
import org.eclipse.angus.mail.imap.YoungerTerm;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchTranslatorTest {

    private static final SubjectTerm A = new SubjectTerm("a");
    private static final SubjectTerm B = new SubjectTerm("b");
    private static final SubjectTerm C = new SubjectTerm("c");
    private static final SubjectTerm D = new SubjectTerm("d");
    private static final SubjectTerm CRLF = new SubjectTerm("x\r\ny");

    private static ImapSearch ok(SearchTerm t) {
        return ok(t, Set.of());
    }

    private static ImapSearch ok(SearchTerm t, Set<String> caps) {
        Optional<ImapSearch> r = SearchTranslator.translate(t, caps);
        assertTrue(r.isPresent(), () -> "expected a translation of " + t);
        return r.get();
    }

    private static void exact(String expected, SearchTerm t) {
        ImapSearch s = ok(t);
        assertEquals(expected, s.criteria());
        assertTrue(s.exact(), () -> "expected exact: " + expected);
    }

    private static void superset(String expected, SearchTerm t) {
        ImapSearch s = ok(t);
        assertEquals(expected, s.criteria());
        assertFalse(s.exact(), () -> "expected inexact: " + expected);
    }

    private static void none(SearchTerm t) {
        assertEquals(Optional.empty(), SearchTranslator.translate(t));
    }

    private static Date at(String iso) {
        return Date.from(Instant.parse(iso));
    }

    // ---- strings ---------------------------------------------------------------------------

    @Test
    void stringTerms() {
        exact("SUBJECT \"hello\"", new SubjectTerm("hello"));
        exact("BODY \"some words\"", new BodyTerm("some words"));
        exact("FROM \"alice\"", new FromStringTerm("alice"));
        exact("TO \"bob\"", new RecipientStringTerm(Message.RecipientType.TO, "bob"));
        exact("CC \"carol\"", new RecipientStringTerm(Message.RecipientType.CC, "carol"));
        exact("BCC \"dave\"", new RecipientStringTerm(Message.RecipientType.BCC, "dave"));
        exact("HEADER X-Mailer \"mutt\"", new HeaderTerm("X-Mailer", "mutt"));
        exact("HEADER Message-ID \"<1@x>\"", new MessageIDTerm("<1@x>"));
        exact("SUBJECT \"\"", new SubjectTerm(""));
        none(new RecipientStringTerm(MimeMessage.RecipientType.NEWSGROUPS, "comp.lang"));
    }

    @Test
    void headerNameThatIsNoAtomIsQuoted() {
        exact("HEADER \"X(odd)\" \"v\"", new HeaderTerm("X(odd)", "v"));
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        exact("SUBJECT \"say \\\"hi\\\" \\\\o/\"", new SubjectTerm("say \"hi\" \\o/"));
        exact("HEADER X-A \"\\\\\"", new HeaderTerm("X-A", "\\"));
    }

    @Test
    void nonAsciiNeedsCharset() {
        ImapSearch s = ok(new SubjectTerm("Grüße"));
        assertEquals("SUBJECT \"Grüße\"", s.criteria());
        assertTrue(s.needsCharset());
        assertTrue(s.exact());
        assertFalse(ok(new SubjectTerm("plain")).needsCharset());
        assertTrue(ok(new AndTerm(new FromStringTerm("x"), new BodyTerm("日本語"))).needsCharset());
        assertTrue(ok(new SubjectTerm("emoji \uD83D\uDE00")).needsCharset());
    }

    @Test
    void lineBreaksNulAndLoneSurrogatesAreNotExpressible() {
        none(new SubjectTerm("a\rb"));
        none(new SubjectTerm("a\nb"));
        none(new BodyTerm("a\u0000b"));
        none(new HeaderTerm("X-A", "line1\r\nline2"));
        none(new HeaderTerm("X-\r\nA", "v"));
        none(new SubjectTerm("bad \uD83D"));
        // Under AND the rest still narrows the search; the caller re-checks.
        superset("FROM \"x\"", new AndTerm(CRLF, new FromStringTerm("x")));
        // Under OR or NOT it cannot be split.
        none(new OrTerm(CRLF, A));
        none(new NotTerm(CRLF));
        // A tab is an ordinary TEXT-CHAR.
        exact("SUBJECT \"a\tb\"", new SubjectTerm("a\tb"));
    }

    @Test
    void nullPiecesAreNotExpressible() {
        none(new SubjectTerm(null));
        none(new NotTerm(null));
        none(new SentDateTerm(ComparisonTerm.LT, null));
        none(new FromTerm(null));
        none(new HeaderTerm(null, "x"));
    }

    // ---- addresses -------------------------------------------------------------------------

    @Test
    void addressTermsSendTheBareAddressAndAreRechecked() throws AddressException {
        InternetAddress alice = new InternetAddress("Alice Example <alice@example.com>");
        superset("FROM \"alice@example.com\"", new FromTerm(alice));
        superset("TO \"alice@example.com\"", new RecipientTerm(Message.RecipientType.TO, alice));
        superset("CC \"alice@example.com\"", new RecipientTerm(Message.RecipientType.CC, alice));
        superset("BCC \"alice@example.com\"", new RecipientTerm(Message.RecipientType.BCC, alice));
        none(new RecipientTerm(MimeMessage.RecipientType.NEWSGROUPS, alice));
        none(new FromTerm(new NewsAddress("comp.lang.java")));
        // NOT of an address term: nothing is known to match exactly, so nothing can be excluded.
        none(new NotTerm(new FromTerm(alice)));
        superset("SEEN", new AndTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), true), new NotTerm(new FromTerm(alice))));
    }

    @Test
    void unicodeAddress() {
        ImapSearch s = ok(new FromTerm(new InternetAddress() {
            @Override
            public String getAddress() {
                return "jörg@exämple.de";
            }
        }));
        assertEquals("FROM \"jörg@exämple.de\"", s.criteria());
        assertTrue(s.needsCharset());
    }

    // ---- numbers ---------------------------------------------------------------------------

    @Test
    void messageNumber() {
        exact("5", new MessageNumberTerm(5));
        exact("NOT ALL", new MessageNumberTerm(0));
        exact("NOT ALL", new MessageNumberTerm(-3));
        exact("OR 1 7", new OrTerm(new MessageNumberTerm(1), new MessageNumberTerm(7)));
    }

    @Test
    void sizeComparisons() {
        exact("SMALLER 100", new SizeTerm(ComparisonTerm.LT, 100));
        exact("SMALLER 101", new SizeTerm(ComparisonTerm.LE, 100));
        exact("LARGER 100", new SizeTerm(ComparisonTerm.GT, 100));
        exact("LARGER 99", new SizeTerm(ComparisonTerm.GE, 100));
        exact("LARGER 99 SMALLER 101", new SizeTerm(ComparisonTerm.EQ, 100));
        exact("OR SMALLER 100 LARGER 100", new SizeTerm(ComparisonTerm.NE, 100));
    }

    @Test
    void sizeEdges() {
        exact("ALL", new SizeTerm(ComparisonTerm.GE, 0));
        exact("LARGER 0", new SizeTerm(ComparisonTerm.GE, 1));
        exact("NOT ALL", new SizeTerm(ComparisonTerm.LT, 0));
        exact("NOT ALL", new SizeTerm(ComparisonTerm.LE, -1));
        exact("SMALLER 1", new SizeTerm(ComparisonTerm.LE, 0));
        exact("SMALLER 1", new SizeTerm(ComparisonTerm.EQ, 0));
        exact("NOT ALL", new SizeTerm(ComparisonTerm.EQ, -5));
        exact("ALL", new SizeTerm(ComparisonTerm.NE, -5));
        exact("SMALLER 2147483648", new SizeTerm(ComparisonTerm.LE, Integer.MAX_VALUE));
        exact("LARGER 2147483647", new SizeTerm(ComparisonTerm.GT, Integer.MAX_VALUE));
        exact("NOT ALL", new SizeTerm(42, 10)); // not a comparison: SizeTerm.match is always false
    }

    // ---- flags -----------------------------------------------------------------------------

    @Test
    void systemFlagsSet() {
        exact("ANSWERED", new FlagTerm(new Flags(Flags.Flag.ANSWERED), true));
        exact("DELETED", new FlagTerm(new Flags(Flags.Flag.DELETED), true));
        exact("DRAFT", new FlagTerm(new Flags(Flags.Flag.DRAFT), true));
        exact("FLAGGED", new FlagTerm(new Flags(Flags.Flag.FLAGGED), true));
        exact("RECENT", new FlagTerm(new Flags(Flags.Flag.RECENT), true));
        exact("SEEN", new FlagTerm(new Flags(Flags.Flag.SEEN), true));
    }

    @Test
    void systemFlagsClear() {
        exact("UNANSWERED", new FlagTerm(new Flags(Flags.Flag.ANSWERED), false));
        exact("UNDELETED", new FlagTerm(new Flags(Flags.Flag.DELETED), false));
        exact("UNDRAFT", new FlagTerm(new Flags(Flags.Flag.DRAFT), false));
        exact("UNFLAGGED", new FlagTerm(new Flags(Flags.Flag.FLAGGED), false));
        exact("OLD", new FlagTerm(new Flags(Flags.Flag.RECENT), false));
        exact("UNSEEN", new FlagTerm(new Flags(Flags.Flag.SEEN), false));
    }

    @Test
    void userFlags() {
        exact("KEYWORD $Label1", new FlagTerm(new Flags("$Label1"), true));
        exact("UNKEYWORD work", new FlagTerm(new Flags("work"), false));
        // Not an atom: no server message can carry it, but let the client decide.
        none(new FlagTerm(new Flags("two words"), true));
        none(new FlagTerm(new Flags("\\Seen"), true));
        none(new FlagTerm(new Flags("ünï"), false));
    }

    @Test
    void severalFlagsAreAndedBothWays() {
        Flags f = new Flags();
        f.add(Flags.Flag.SEEN);
        f.add(Flags.Flag.FLAGGED);
        f.add("todo");
        ImapSearch set = ok(new FlagTerm(f, true));
        assertEquals(Set.of("SEEN", "FLAGGED", "KEYWORD", "todo"), Set.of(set.criteria().split(" ")));
        assertTrue(set.exact());
        // FlagTerm(f, false).match: none of the flags is set (not "not all of them").
        ImapSearch clear = ok(new FlagTerm(f, false));
        assertEquals(Set.of("UNSEEN", "UNFLAGGED", "UNKEYWORD", "todo"), Set.of(clear.criteria().split(" ")));
        assertTrue(clear.exact());
        assertFalse(Set.of(clear.criteria().split(" ")).contains("OR"));
    }

    @Test
    void flagEdges() {
        exact("ALL", new FlagTerm(new Flags(), true));
        exact("ALL", new FlagTerm(new Flags(), false));
        none(new FlagTerm(new Flags(Flags.Flag.USER), true));
        Flags seenAndOdd = new Flags(Flags.Flag.SEEN);
        seenAndOdd.add("odd word");
        superset("SEEN", new FlagTerm(seenAndOdd, true));
    }

    @Test
    void recentNeedsIMAP4rev1() {
        FlagTerm recent = new FlagTerm(new Flags(Flags.Flag.RECENT), true);
        assertEquals(Optional.empty(), SearchTranslator.translate(recent, Set.of("IMAP4rev2")));
        assertEquals("RECENT", ok(recent, Set.of("IMAP4rev1", "IMAP4rev2")).criteria());
        assertEquals("OLD", ok(new FlagTerm(new Flags(Flags.Flag.RECENT), false), Set.of("imap4rev1")).criteria());
    }

    // ---- dates -----------------------------------------------------------------------------

    @Test
    void receivedDateComparisons() {
        Date t = at("2024-03-15T10:30:00Z"); // T-18h is on the 14th, T+18h on the 16th
        superset("BEFORE 17-Mar-2024", new ReceivedDateTerm(ComparisonTerm.LT, t));
        superset("BEFORE 17-Mar-2024", new ReceivedDateTerm(ComparisonTerm.LE, t));
        superset("SINCE 14-Mar-2024", new ReceivedDateTerm(ComparisonTerm.GT, t));
        superset("SINCE 14-Mar-2024", new ReceivedDateTerm(ComparisonTerm.GE, t));
        superset("SINCE 14-Mar-2024 BEFORE 17-Mar-2024", new ReceivedDateTerm(ComparisonTerm.EQ, t));
        none(new ReceivedDateTerm(ComparisonTerm.NE, t));
    }

    @Test
    void sentDateComparisons() {
        Date t = at("2024-03-15T00:00:00Z"); // midnight: T-18h on the 14th, T+18h on the 15th
        superset("SENTBEFORE 16-Mar-2024", new SentDateTerm(ComparisonTerm.LT, t));
        superset("SENTBEFORE 16-Mar-2024", new SentDateTerm(ComparisonTerm.LE, t));
        superset("SENTSINCE 14-Mar-2024", new SentDateTerm(ComparisonTerm.GT, t));
        superset("SENTSINCE 14-Mar-2024", new SentDateTerm(ComparisonTerm.GE, t));
        superset("SENTSINCE 14-Mar-2024 SENTBEFORE 16-Mar-2024", new SentDateTerm(ComparisonTerm.EQ, t));
        none(new SentDateTerm(ComparisonTerm.NE, t));
        exact("NOT ALL", new SentDateTerm(0, t));
    }

    @Test
    void negatedDatesUseTheSafeSideOfTheWindow() {
        Date t = at("2024-03-15T10:30:00Z");
        // not(t' < T) = t' >= T: the server may exclude only days certainly before T.
        superset("NOT BEFORE 14-Mar-2024", new NotTerm(new ReceivedDateTerm(ComparisonTerm.LT, t)));
        superset("NOT SINCE 17-Mar-2024", new NotTerm(new ReceivedDateTerm(ComparisonTerm.GE, t)));
        superset("NOT OR BEFORE 14-Mar-2024 SINCE 17-Mar-2024", new NotTerm(new ReceivedDateTerm(ComparisonTerm.NE, t)));
        none(new NotTerm(new ReceivedDateTerm(ComparisonTerm.EQ, t)));
        superset("NOT OR SENTBEFORE 14-Mar-2024 SENTSINCE 17-Mar-2024",
            new NotTerm(new SentDateTerm(ComparisonTerm.NE, t)));
    }

    @Test
    void dateFormatting() {
        superset("SINCE 1-Jan-2024", new ReceivedDateTerm(ComparisonTerm.GE, at("2024-01-01T18:00:00Z")));
        superset("BEFORE 1-Jan-2000", new ReceivedDateTerm(ComparisonTerm.LT, at("1999-12-30T12:00:00Z")));
        superset("SINCE 31-Dec-1969", new ReceivedDateTerm(ComparisonTerm.GE, new Date(0)));
        superset("SINCE 30-Sep-0999", new ReceivedDateTerm(ComparisonTerm.GE, at("0999-10-01T00:00:00Z")));
    }

    @Test
    void datesBeyondImapYears() {
        // Every IMAP day lies before year 10000 and after year 0, so these are certain.
        Date far = new Date(Long.MAX_VALUE);
        exact("ALL", new ReceivedDateTerm(ComparisonTerm.LT, far));
        exact("NOT ALL", new ReceivedDateTerm(ComparisonTerm.GT, far));
        Date ancient = new Date(Long.MIN_VALUE);
        exact("ALL", new ReceivedDateTerm(ComparisonTerm.GT, ancient));
        exact("NOT ALL", new ReceivedDateTerm(ComparisonTerm.LT, ancient));
    }

    // ---- combinations ----------------------------------------------------------------------

    @Test
    void andIsJuxtapositionAndFlattens() {
        exact("SUBJECT \"a\" SUBJECT \"b\" SUBJECT \"c\"", new AndTerm(A, new AndTerm(B, C)));
        exact("SUBJECT \"a\" SUBJECT \"b\" SUBJECT \"c\" SUBJECT \"d\"", new AndTerm(new SearchTerm[] {A, B, C, D}));
        exact("SUBJECT \"a\"", new AndTerm(A, new FlagTerm(new Flags(), true)));
    }

    @Test
    void orIsBinaryAndNested() {
        exact("OR SUBJECT \"a\" SUBJECT \"b\"", new OrTerm(A, B));
        exact("OR SUBJECT \"a\" OR SUBJECT \"b\" SUBJECT \"c\"", new OrTerm(new SearchTerm[] {A, B, C}));
        exact("OR OR SUBJECT \"a\" SUBJECT \"b\" OR SUBJECT \"c\" SUBJECT \"d\"",
            new OrTerm(new SearchTerm[] {A, B, C, D}));
        // Nested ORs are flattened first, then balanced.
        exact("OR OR SUBJECT \"a\" SUBJECT \"b\" OR SUBJECT \"c\" SUBJECT \"d\"",
            new OrTerm(new OrTerm(A, new OrTerm(B, C)), D));
    }

    @Test
    void operandsWithSeveralKeysAreParenthesised() {
        exact("OR (SUBJECT \"a\" SUBJECT \"b\") SUBJECT \"c\"", new OrTerm(new AndTerm(A, B), C));
        exact("NOT (SUBJECT \"a\" SUBJECT \"b\")", new NotTerm(new AndTerm(A, B)));
        exact("NOT OR SUBJECT \"a\" SUBJECT \"b\"", new NotTerm(new OrTerm(A, B)));
        exact("OR (LARGER 9 SMALLER 11) SEEN",
            new OrTerm(new SizeTerm(ComparisonTerm.EQ, 10), new FlagTerm(new Flags(Flags.Flag.SEEN), true)));
        Flags two = new Flags(Flags.Flag.SEEN);
        two.add(Flags.Flag.DELETED);
        ImapSearch s = ok(new NotTerm(new FlagTerm(two, false)));
        assertTrue(s.criteria().equals("NOT (UNDELETED UNSEEN)") || s.criteria().equals("NOT (UNSEEN UNDELETED)"), s.criteria());
        exact("SUBJECT \"a\" OR SUBJECT \"b\" SUBJECT \"c\"", new AndTerm(A, new OrTerm(B, C)));
    }

    @Test
    void not() {
        exact("NOT SUBJECT \"a\"", new NotTerm(A));
        exact("SUBJECT \"a\"", new NotTerm(new NotTerm(A)));
        exact("NOT ALL", new NotTerm(new FlagTerm(new Flags(), true)));
        exact("NOT 3", new NotTerm(new MessageNumberTerm(3)));
    }

    @Test
    void inexactnessPropagates() throws AddressException {
        FromTerm from = new FromTerm(new InternetAddress("a@b.c"));
        superset("OR FROM \"a@b.c\" SUBJECT \"a\"", new OrTerm(from, A));
        superset("SUBJECT \"a\" FROM \"a@b.c\"", new AndTerm(A, from));
        // OR of an exact part with an unknown part cannot narrow anything.
        none(new OrTerm(A, new SearchTerm() {
            @Override
            public boolean match(Message msg) {
                return true;
            }
        }));
        // Both sides of an And(unknown, x) under Not are kept apart correctly:
        // not(unknown and a) = not(unknown) or not(a) → upper bound ALL.
        none(new NotTerm(new AndTerm(CRLF, A)));
        // not(unknown or a) = not(unknown) and not(a) → NOT a, re-checked.
        superset("NOT SUBJECT \"a\"", new NotTerm(new OrTerm(CRLF, A)));
    }

    // ---- unknown terms and extensions -------------------------------------------------------

    @Test
    void unknownTermsAreNotExpressible() {
        none(new SearchTerm() {
            @Override
            public boolean match(Message msg) {
                return false;
            }
        });
        // An application's StringTerm (here a case-sensitive one) means whatever its match says.
        none(new StringTerm("x", false) {
            @Override
            public boolean match(Message msg) {
                return true;
            }
        });
    }

    @Test
    void withinExtension() {
        OlderTerm older = new OlderTerm(3600);
        YoungerTerm younger = new YoungerTerm(60);
        none(older);
        none(younger);
        assertEquals("OLDER 3600", ok(older, Set.of("IMAP4rev1", "WITHIN")).criteria());
        assertEquals("YOUNGER 60", ok(younger, Set.of("within")).criteria());
        assertTrue(ok(younger, Set.of("WITHIN")).exact());
        assertEquals(Optional.empty(), SearchTranslator.translate(new OlderTerm(0), Set.of("WITHIN")));
        assertEquals("SEEN", ok(new AndTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), true), older)).criteria());
    }

    @Test
    void saveDateExtension() {
        SaveDateTerm since = new SaveDateTerm(ComparisonTerm.GE, at("2024-03-10T12:00:00Z"));
        SavedOnTerm on = new SavedOnTerm(java.time.LocalDate.of(2024, 3, 10));
        SaveDateSupportedTerm supported = new SaveDateSupportedTerm();
        none(since);
        none(on);
        none(supported);
        Set<String> caps = Set.of("IMAP4rev1", "savedate");
        ImapSearch s = ok(since, caps);
        assertEquals("SAVEDSINCE 9-Mar-2024", s.criteria(), "the day rounding of the other date terms");
        assertFalse(s.exact());
        assertEquals("SAVEDBEFORE 12-Mar-2024", ok(new SaveDateTerm(ComparisonTerm.LT, at("2024-03-10T12:00:00Z")), caps).criteria());
        assertEquals("SAVEDON 10-Mar-2024", ok(on, caps).criteria());
        assertTrue(ok(on, caps).exact());
        assertEquals("SAVEDATESUPPORTED", ok(supported, caps).criteria());
        assertEquals("NOT SAVEDATESUPPORTED", ok(new NotTerm(supported), caps).criteria());
        assertFalse(since.equals(new ReceivedDateTerm(ComparisonTerm.GE, at("2024-03-10T12:00:00Z"))));
    }

    @Test
    void condstoreExtension() {
        ModifiedSinceTerm m = new ModifiedSinceTerm(42);
        none(m);
        assertEquals("MODSEQ 42", ok(m, Set.of("CONDSTORE")).criteria());
        assertEquals("MODSEQ 42", ok(m, Set.of("QRESYNC", "CONDSTORE")).criteria());
        assertTrue(ok(m, Set.of("CONDSTORE")).exact());
    }

    @Test
    void arguments() {
        assertThrows(NullPointerException.class, () -> SearchTranslator.translate(null));
        assertThrows(NullPointerException.class, () -> SearchTranslator.translate(A, null));
        assertThrows(NullPointerException.class, () -> new ImapSearch(null, false, true));
    }
}
