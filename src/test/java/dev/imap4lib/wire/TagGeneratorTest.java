package dev.imap4lib.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TagGeneratorTest {

    @Test
    void int2apMatchesImaplib() {
        assertEquals("", TagGenerator.int2ap(0));
        assertEquals("B", TagGenerator.int2ap(1));
        assertEquals("P", TagGenerator.int2ap(15));
        assertEquals("BA", TagGenerator.int2ap(16));
        assertEquals("BAAA", TagGenerator.int2ap(4096));
        assertEquals("PPPP", TagGenerator.int2ap(65535));
        assertEquals("BCDE", TagGenerator.int2ap(0x1234));
        assertEquals("BCDE", TagGenerator.int2ap(-0x1234));
        assertEquals("HPPPPPPP", TagGenerator.int2ap(Integer.MAX_VALUE));
        assertEquals("IAAAAAAA", TagGenerator.int2ap(Integer.MIN_VALUE));
    }

    @Test
    void deterministicPrefix() {
        TagGenerator g = new TagGenerator("KDAB");
        assertEquals("KDAB0", g.next());
        assertEquals("KDAB1", g.next());
        assertEquals("KDAB2", g.next());
        assertEquals("KDAB", g.prefix());
        assertTrue(g.matches("KDAB17"));
        assertFalse(g.matches("KDAB"));
        assertFalse(g.matches("KDABx"));
        assertFalse(g.matches("ABCD1"));
        assertFalse(g.matches(null));
    }

    @Test
    void randomPrefixLooksLikeImaplib() {
        for (int i = 0; i < 200; i++) {
            TagGenerator g = new TagGenerator();
            assertTrue(g.prefix().matches("[B-P][A-P]{3}"), g.prefix());
            assertEquals(g.prefix() + "0", g.next());
        }
    }

    @Test
    void rejectsInvalidPrefix() {
        for (String bad : new String[] {"A+", "A B", "A(", "A*", "A%", "A\"", "A\\", "A{", "\u00e9", "A\r"}) {
            assertThrows(IllegalArgumentException.class, () -> new TagGenerator(bad), bad);
        }
        assertEquals("]0", new TagGenerator("]").next());
        assertEquals("0", new TagGenerator("").next());
    }

    @Test
    void threadSafe() {
        TagGenerator g = new TagGenerator("T");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 10_000).parallel().forEach(i -> seen.add(g.next()));
        assertEquals(10_000, seen.size());
        assertTrue(seen.contains("T9999"));
    }
}
