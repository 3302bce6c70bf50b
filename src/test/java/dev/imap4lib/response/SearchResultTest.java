package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.after;
import static dev.imap4lib.response.Fixtures.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.ResponseFormatException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchResultTest {

    static SearchResult esearch(String s) throws ResponseFormatException {
        return SearchResult.parseEsearch(after(s, "ESEARCH"));
    }

    @Test
    void search() throws Exception {
        SearchResult r = SearchResult.parseSearch(after("* SEARCH 2 3 6", "SEARCH"));
        assertArrayEquals(new long[] {2, 3, 6}, r.numbers());
        assertEquals(List.of(2L, 3L, 6L), r.numberList());
        assertFalse(r.isEsearch());
        assertEquals(0, SearchResult.parseSearch(after("* SEARCH", "SEARCH")).size());
        assertEquals(0, SearchResult.parseSearch(after("* SEARCH ", "SEARCH")).size());
        SearchResult c = SearchResult.parseSearch(after("* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)", "SEARCH"));
        assertEquals(10, c.size());
        assertEquals(917162500L, c.modseq());
        SearchResult s = SearchResult.parseSort(after("* SORT 2 84 882", "SORT"));
        assertArrayEquals(new long[] {2, 84, 882}, s.numbers());
        StringBuilder big = new StringBuilder("* SEARCH");
        for (int i = 1; i <= 100_000; i++) {
            big.append(' ').append(i);
        }
        assertEquals(100_000, SearchResult.parseSearch(after(big.toString(), "SEARCH")).size());
        for (String bad : new String[] {"* SEARCH 1 x", "* SEARCH 1 (MODSEQ)", "* SEARCH 1 (MODSEQ 5", "* SEARCH -1",
            "* SEARCH 1 (MODSEQ 5) 7"}) {
            assertThrows(ResponseFormatException.class, () -> SearchResult.parseSearch(after(bad, "SEARCH")), bad);
        }
    }

    @Test
    void rfc4731Examples() throws Exception {
        SearchResult a = esearch("* ESEARCH (TAG \"A282\") MIN 2 COUNT 3");
        assertTrue(a.isEsearch());
        assertEquals("A282", a.tag());
        assertEquals(2L, a.min());
        assertEquals(3L, a.count());
        assertNull(a.max());
        SearchResult b = esearch("* ESEARCH (TAG \"A283\") ALL 2,10:11");
        assertEquals(SequenceSet.parse("2,10,11"), b.all());
        assertArrayEquals(new long[] {2, 10, 11}, b.all().toArray(100));
        SearchResult c = esearch("* ESEARCH (TAG \"A285\") UID MIN 7 MAX 3800");
        assertTrue(c.uid());
        assertEquals(3800L, c.max());
        SearchResult d = esearch("* ESEARCH (TAG \"A287\")");
        assertNull(d.count());
        assertNull(d.all());
        SearchResult e = esearch("* ESEARCH (TAG \"a\") UID ALL 1:3 MODSEQ 12345 PARTIAL (1:10 1,3) X-NEW (a b)");
        assertEquals(12345L, e.modseq());
        assertEquals("(1:10 1,3)", e.partial());
        assertEquals(Map.of("X-NEW", "(a b)"), e.other());
        SearchResult f = esearch("* ESEARCH UID COUNT 5");
        assertNull(f.tag());
        assertEquals(5L, f.count());
        SearchResult g = esearch("* ESEARCH (TAG \"m\" MAILBOX \"folder1\" UIDVALIDITY 1) UID ALL 3");
        assertEquals("\"folder1\"", g.other().get("MAILBOX"));
        for (String bad : new String[] {"* ESEARCH (TAG \"A\" MIN 2", "* ESEARCH MIN x", "* ESEARCH ALL 0:3",
            "* ESEARCH COUNT"}) {
            assertThrows(ResponseFormatException.class, () -> esearch(bad), bad);
        }
    }

    @Test
    void sequenceSets() throws Exception {
        SequenceSet s = SequenceSet.parse("1:3,7,10:*");
        assertEquals("1:3,7,10:*", s.toString());
        assertTrue(s.contains(2));
        assertTrue(s.contains(7));
        assertFalse(s.contains(8));
        assertTrue(s.contains(1_000_000));
        assertEquals(Long.MAX_VALUE, s.size());
        assertArrayEquals(new long[] {1, 2, 3, 7, 10, 11, 12}, s.toArray(12));
        assertArrayEquals(new long[] {1, 2}, s.toArray(2));
        assertEquals(5, SequenceSet.parse("5:3,1,2,2").size());
        assertEquals("5:3".length(), SequenceSet.parse("5:3").toString().length());
        assertEquals(SequenceSet.parse("3:5"), SequenceSet.parse("5:3"));
        assertEquals(1, SequenceSet.parse("*").size());
        assertArrayEquals(new long[] {4}, SequenceSet.parse("*").toArray(4));
        assertArrayEquals(new long[] {5}, SequenceSet.parse("10:*").toArray(5));
        assertEquals(4294967295L, SequenceSet.parse("1:4294967295").size());
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.parse("1:4294967295").toArray(4294967295L));
        for (String bad : new String[] {"", "0", "1,", ",1", "1::2", "a", "1:2:3", "4294967296", "1 2", "$", "1,,2", "-1"}) {
            assertThrows(IllegalArgumentException.class, () -> SequenceSet.parse(bad), bad);
        }
        assertThrows(ResponseFormatException.class, () -> SequenceSet.parse(of("1:0")));
        assertThrows(ResponseFormatException.class, () -> SequenceSet.parse(of("(1)")));
        assertEquals(SequenceSet.parse("4:6"), SequenceSet.parse(of("4:6 rest")));
    }

    @Test
    void sequenceSetBuilder() {
        assertEquals("1:3,7,9:10", SequenceSet.of(1, 2, 3, 7, 9, 10).toString());
        assertEquals("5", SequenceSet.of(5, 5).toString());
        assertEquals("4294967295", SequenceSet.of(4294967295L).toString());
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.of());
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.of(3, 2));
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.of(0));
        assertThrows(IllegalArgumentException.class, () -> SequenceSet.of(4294967296L));
        assertEquals("3:*", SequenceSet.range(3, Long.MAX_VALUE).toString());
        long[] many = new long[100_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = 2L * i + 1;
        }
        SequenceSet odd = SequenceSet.of(many);
        assertTrue(odd.contains(199_999));
        assertFalse(odd.contains(2));
        assertEquals(100_000, odd.size());
    }
}
