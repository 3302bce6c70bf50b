package dev.imap4lib.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static Tokenizer t(String s) {
        return RawResponse.of(s).tokenizer();
    }

    @Test
    void atomsNumbersAndNil() throws Exception {
        Tokenizer t = t("FLAGS 12 nil \\Seen");
        assertTrue(t.tryAtom("FLAGS"));
        t.space();
        assertEquals(12, t.number());
        t.space();
        assertTrue(t.tryNil());
        t.space();
        assertEquals("\\Seen", t.atom());
        assertTrue(t.atEnd());
    }

    @Test
    void tryAtomNeedsADelimiter() {
        Tokenizer t = t("FLAGSX");
        assertFalse(t.tryAtom("FLAGS"));
        assertEquals(0, t.position());
    }

    @Test
    void quotedStringsWithEscapesAndUtf8() throws Exception {
        assertEquals("a \"b\" \\c", t("\"a \\\"b\\\" \\\\c\"").string());
        assertEquals("Grüße", t("\"Grüße\"").string());
        // Not UTF-8: Latin-1 fallback, never an exception.
        byte[] latin = {'"', (byte) 0xe9, '"'};
        assertEquals("é", RawResponse.of(latin).tokenizer().string());
    }

    @Test
    void literalsAndLiteral8() throws Exception {
        Tokenizer t = t("{5}\r\nhe)lo ~{2}\r\n\0x");
        assertEquals("he)lo", t.string());
        t.space();
        assertArrayEquals(new byte[] {0, 'x'}, t.stringBytes());
        assertThrows(ResponseFormatException.class, () -> t("{50}\r\nshort").string());
        assertThrows(ResponseFormatException.class, () -> t("{5x}\r\nabcde").string());
    }

    @Test
    void nstringAndAstring() throws Exception {
        assertNull(t("NIL").nstring());
        assertEquals("INBOX", t("INBOX").astring());
        assertEquals("a]b", t("a]b").astring());
    }

    @Test
    void numbersAreChecked() {
        assertThrows(ResponseFormatException.class, () -> t("99999999999999999999").number());
        assertThrows(ResponseFormatException.class, () -> t("4294967296").number32());
        assertThrows(ResponseFormatException.class, () -> t("x").number());
    }

    @Test
    void skipValueHandlesDeepNestingWithoutRecursion() throws Exception {
        int depth = 100_000;
        String deep = "(".repeat(depth) + ")".repeat(depth) + " NEXT";
        Tokenizer t = t(deep);
        t.skipValue();
        t.space();
        assertTrue(t.tryAtom("NEXT"));
        assertThrows(ResponseFormatException.class, () -> t("(".repeat(depth)).skipValue());
    }

    @Test
    void skipValueSkipsSectionsStringsAndLiterals() throws Exception {
        Tokenizer t = t("(BODY[HEADER.FIELDS (A B)]<0> \"x)\" {2}\r\n)) NIL) END");
        t.skipValue();
        t.space();
        assertTrue(t.tryAtom("END"));
    }

    @Test
    void errorsQuoteTheInputEscaped() {
        ResponseFormatException e = assertThrows(ResponseFormatException.class, () -> t("\"abc\r\n").string());
        assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
        assertFalse(e.getMessage().contains("\r"), "control characters are escaped");
    }

    @Test
    void decodeFallsBackToLatin1() {
        byte[] b = "ok".getBytes(StandardCharsets.US_ASCII);
        assertEquals("ok", Tokenizer.decode(b, 0, 2));
    }
}
