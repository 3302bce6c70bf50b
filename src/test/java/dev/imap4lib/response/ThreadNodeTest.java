package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.after;
import static dev.imap4lib.response.Fixtures.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.ResponseLimitException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadNodeTest {

    static List<ThreadNode> parse(String s) throws ResponseFormatException {
        return ThreadNode.parse(after(s, "THREAD"), 64);
    }

    @Test
    void rfc5256Example() throws Exception {
        List<ThreadNode> f = parse("* THREAD (2)(3 6 (4 23)(44 7 96))");
        assertEquals(2, f.size());
        assertEquals(new ThreadNode(2, List.of()), f.get(0));
        ThreadNode three = f.get(1);
        assertEquals(3, three.message());
        ThreadNode six = three.children().get(0);
        assertEquals(6, six.message());
        assertEquals(2, six.children().size());
        assertEquals(23, six.children().get(0).children().get(0).message());
        assertEquals(96, six.children().get(1).children().get(0).children().get(0).message());
        assertEquals("(3 6 (4 23)(44 7 96))", three.toString());
        assertArrayEquals(new long[] {3, 6, 4, 23, 44, 7, 96}, three.messages());
        assertEquals(three, parse("* THREAD (3 6 (4 23)(44 7 96))").get(0));
        assertEquals(three.hashCode(), parse("* THREAD (3 6 (4 23)(44 7 96))").get(0).hashCode());
        assertNotEquals(three, parse("* THREAD (3 6 (4 23)(44 96 7))").get(0));
    }

    @Test
    void longerRfcExampleAndDummies() throws Exception {
        List<ThreadNode> f = parse("* THREAD (166)(167)(168)(169)(172)(170)(171)(173)(174 (175)(176)(178)(181)(180))"
                + "(179)(177 (183)(182)(188)(184)(185)(186)(187)(189))(190)(191)(192)(193)(194 195)(196 (197)(198))"
                + "(199)(200 202)(201)(203)(204)(205)(206 207)(208)");
        assertEquals(25, f.size());
        assertEquals(5, f.get(8).children().size());
        ThreadNode dummy = parse("* THREAD ((3)(5 6))").get(0);
        assertTrue(dummy.isDummy());
        assertEquals(2, dummy.children().size());
        assertEquals("((3)(5 6))", dummy.toString());
        assertEquals(List.of(), parse("* THREAD"));
        assertEquals(List.of(), parse("* THREAD "));
        // "(1 (2 (3)))" is the same tree as "(1 2 3)"
        assertEquals(parse("* THREAD (1 2 3)"), parse("* THREAD (1 (2 (3)))"));
    }

    @Test
    void deepInputIsRefused() throws Exception {
        int n = 100_000;
        StringBuilder chain = new StringBuilder("* THREAD (");
        for (int i = 1; i <= n; i++) {
            chain.append(i).append(' ');
        }
        chain.append(')');
        assertThrows(ResponseLimitException.class, () -> parse(chain.toString()));
        StringBuilder nested = new StringBuilder("* THREAD ");
        for (int i = 1; i <= n; i++) {
            nested.append('(').append(i).append(' ');
        }
        nested.append(")".repeat(n));
        assertThrows(ResponseLimitException.class, () -> parse(nested.toString()));
        assertThrows(ResponseFormatException.class, () -> parse("* THREAD " + "(".repeat(n)));
        assertThrows(ResponseLimitException.class,
                () -> ThreadNode.parse(of("(".repeat(n) + "1" + ")".repeat(n)), Integer.MAX_VALUE));
    }

    @Test
    void longChainWithinLimitsWorksWithoutRecursion() throws Exception {
        StringBuilder chain = new StringBuilder("* THREAD (");
        for (int i = 1; i <= 9_000; i++) {
            chain.append(i).append(' ');
        }
        chain.append(')');
        ThreadNode t = parse(chain.toString()).get(0);
        assertEquals(9_000, t.messages().length);
        assertEquals(t, parse(chain.toString()).get(0));
        assertTrue(t.toString().startsWith("(1 2 3 "));
        assertEquals(t.hashCode(), parse(chain.toString()).get(0).hashCode());
    }

    @Test
    void malformed() {
        for (String s : new String[] {"* THREAD (1 2", "* THREAD (1 (2)", "* THREAD ()", "* THREAD (1 x)", "* THREAD 1 2",
            "* THREAD (1 (2)(3) 4)", "* THREAD (0)", "* THREAD (1))", "* THREAD (-1)"}) {
            assertThrows(ResponseFormatException.class, () -> parse(s), s);
        }
    }
}
