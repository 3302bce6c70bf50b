package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.after;
import static dev.imap4lib.response.Fixtures.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.Flags;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Flags with {@code [} or {@code ]} (issue 15): {@code x[y} is a valid keyword of RFC 3501,
 * {@code [test]} is not but Gmail sends it and imaplib reads it; every reader of flags accepts both.
 */
class BracketFlagsTest {

    @Test
    void fetchFlagsWithABracketInsideAKeyword() throws Exception {
        FetchData f = FetchData.parse(1, after("* 1 FETCH (FLAGS (\\Seen x[y))", "FETCH"), 64);
        assertEquals(List.of("\\Seen", "x[y"), f.flags());
    }

    @Test
    void fetchFlagsWithGmailStyleBracketedKeywords() throws Exception {
        FetchData f = FetchData.parse(3, after("* 3 FETCH (UID 9 FLAGS ([test] \\Seen a]b $Junk) RFC822.SIZE 12)", "FETCH"), 64);
        assertEquals(List.of("[test]", "\\Seen", "a]b", "$Junk"), f.flags());
        assertEquals(9L, f.uid(), "the items after FLAGS are still read");
        assertEquals(12L, f.rfc822Size());
        assertTrue(f.hasFlag("[TEST]"));
    }

    @Test
    void systemFlagsStaySharedConstantsAndABracketAfterOneIsPartOfTheFlag() throws Exception {
        List<String> l = of("(\\Seen \\Seen[x] \\[test] \\*)").flagList();
        assertEquals(List.of("\\Seen", "\\Seen[x]", "\\[test]", "\\*"), l);
        assertSame(l.get(0), of("(\\SEEN)").flagList().get(0), "the RFC spelling, shared");
    }

    @Test
    void permanentFlagsCodeKeepsBracketsInsideItsParentheses() throws Exception {
        // The code ends at the first ']' outside the parentheses: the one in x[y] is a flag's.
        ResponseCode c = ResponseCodeTest.code("* OK [PERMANENTFLAGS (\\Seen x[y] [test] \\*)] Flags permitted.");
        assertEquals("PERMANENTFLAGS", c.name());
        assertEquals(List.of("\\Seen", "x[y]", "[test]", "\\*"), c.permanentFlags());
    }

    @Test
    void permanentFlagsCodeEndsAtTheFirstBracketOutsideTheList() throws Exception {
        // imaplib's greedy pattern would take "(\Seen)] see [docs" as the data; we stop at the code's end.
        ResponseCode c = ResponseCodeTest.code("* OK [PERMANENTFLAGS (\\Seen)] see [docs]");
        assertEquals(List.of("\\Seen"), c.permanentFlags());
    }

    @Test
    void listAttributesAndGmailLabelsWithBrackets() throws Exception {
        FetchData f = FetchData.parse(1, after("* 1 FETCH (X-GM-LABELS (\\Inbox [Gmail]/Sent \"[Imap]/Trash\"))", "FETCH"), 64);
        assertEquals(List.of("\\Inbox", "[Gmail]/Sent", "[Imap]/Trash"), f.gmLabels());
    }

    @Test
    void imaplibParseFlagsCounterpartKeepsBrackets() {
        assertEquals(List.of("\\Seen", "x[y"), Flags.parse("* 1 FETCH (FLAGS (\\Seen x[y))"));
        assertEquals(List.of("\\Answered", "[test]", "\\*"), Flags.parse("* FLAGS (\\Answered [test] \\*)"));
    }

    @Test
    void writingKeepsTheRfcRule() {
        assertTrue(Flags.isValidFlag("x[y"), "'[' is an ATOM-CHAR");
        assertTrue(!Flags.isValidFlag("[test]"), "']' is not: a client cannot send it validly");
    }
}
