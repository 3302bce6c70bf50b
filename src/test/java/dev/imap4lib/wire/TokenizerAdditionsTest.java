package dev.imap4lib.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Tokenizer methods added for the typed response parsers. */
class TokenizerAdditionsTest {
    private static Tokenizer t(String s) {
        return RawResponse.of(s).tokenizer();
    }

    @Test
    void flagList() throws Exception {
        Tokenizer t = t("(\\seen \\Answered  $Forwarded \\* \"\\\\Starred\" Junk) rest");
        List<String> f = t.flagList();
        assertEquals(List.of("\\Seen", "\\Answered", "$Forwarded", "\\*", "\\Starred", "Junk"), f);
        assertSame("\\Seen", f.get(0));
        assertEquals(' ', t.peek());
        assertEquals(List.of(), t("()").flagList());
        assertEquals(List.of("\\Seenx"), t("(\\Seenx)").flagList());
        assertThrows(ResponseFormatException.class, () -> t("(\\Seen").flagList());
        assertThrows(ResponseFormatException.class, () -> t("\\Seen").flagList());
        // '[' and ']' are flag characters (issue 15: Gmail's "[test]"); a brace is not
        assertEquals(List.of("\\Seen", "["), t("(\\Seen [)").flagList());
        assertThrows(ResponseFormatException.class, () -> t("(\\Seen {)").flagList());
    }

    @Test
    void bracketed() throws Exception {
        Tokenizer t = t("[HEADER.FIELDS (From \"a]\")]<0>");
        assertEquals("HEADER.FIELDS (From \"a]\")", t.bracketed());
        assertEquals('<', t.peek());
        assertEquals("", t("[]").bracketed());
        assertThrows(ResponseFormatException.class, () -> t("[1.2").bracketed());
        assertThrows(ResponseFormatException.class, () -> t("[1\r\n]").bracketed());
    }

    @Test
    void signedNumber() throws Exception {
        assertEquals(-1, t("-1").signedNumber());
        assertEquals(42, t("42").signedNumber());
        assertThrows(ResponseFormatException.class, () -> t("-").signedNumber());
        assertThrows(ResponseFormatException.class, () -> t("-x").signedNumber());
    }

    @Test
    void boundedSkipValue() throws Exception {
        int n = 100_000;
        String deep = "(".repeat(n) + ")".repeat(n);
        Tokenizer unbounded = t(deep);
        unbounded.skipValue();
        assertTrue(unbounded.atEnd());
        assertThrows(ResponseLimitException.class, () -> t(deep).skipValue(64));
        assertThrows(ResponseFormatException.class, () -> t("(".repeat(n)).skipValue());
        assertThrows(ResponseFormatException.class, () -> t("(".repeat(n)).skipValue(Integer.MAX_VALUE));
        Tokenizer ok = t("(a (b {3}\r\n)))) \"c)\") x");
        ok.skipValue(2);
        assertEquals(' ', ok.peek());
    }

    @Test
    void astringAtomsAndPeekString() throws Exception {
        assertEquals("~/Mail/foo", t("~/Mail/foo").astring());
        assertEquals("[Gmail]/Sent Mail".substring(0, 12), t("[Gmail]/Sent Mail").astring());
        assertEquals("ab", t("~{2}\r\nab").astring());
        assertTrue(t("~{2}\r\nab").peekString());
        assertTrue(t("\"x\"").peekString());
        assertFalse(t("~x").peekString());
        assertFalse(t("").peekString());
        // atoms proper still stop at '[' so that BODY[ splits from its section
        Tokenizer b = t("BODY[1]");
        assertEquals("BODY", b.atom());
        assertEquals('[', b.peek());
    }
}
