package dev.imap4lib.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModifiedUtf7Test {

    @Test
    void rfc3501Example() {
        String natural = "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e";
        String wire = "~peter/mail/&U,BTFw-/&ZeVnLIqe-";
        assertEquals(wire, ModifiedUtf7.encode(natural));
        assertEquals(natural, ModifiedUtf7.decode(wire));
    }

    @Test
    void ampersand() {
        assertEquals("&-", ModifiedUtf7.encode("&"));
        assertEquals("&", ModifiedUtf7.decode("&-"));
        assertEquals("Tom &- Jerry", ModifiedUtf7.encode("Tom & Jerry"));
        assertEquals("a&&b", ModifiedUtf7.decode("a&-&-b"));
    }

    @Test
    void plainAsciiIsUnchanged() {
        String s = "INBOX/Sent Items.2024 ~!@#$%^*()";
        assertSame(s, ModifiedUtf7.encode(s));
        assertEquals(s, ModifiedUtf7.decode(s));
        assertFalse(ModifiedUtf7.needsEncoding(s));
        assertTrue(ModifiedUtf7.needsEncoding("a&b"));
        assertTrue(ModifiedUtf7.needsEncoding("\u00e9"));
    }

    @Test
    void knownNonAsciiNames() {
        assertEquals("Entw&APw-rfe", ModifiedUtf7.encode("Entw\u00fcrfe"));
        assertEquals("&AMk-l&AOk-ments envoy&AOk-s", ModifiedUtf7.encode("\u00c9l\u00e9ments envoy\u00e9s"));
        assertEquals("&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-", ModifiedUtf7.encode(
                "\u041e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043d\u044b\u0435"));
    }

    @Test
    void controlCharactersAreShifted() {
        assertEquals("a&AAk-b", ModifiedUtf7.encode("a\tb"));
        assertEquals("a\tb", ModifiedUtf7.decode("a&AAk-b"));
        assertEquals("&AH8-", ModifiedUtf7.encode("\u007f"));
    }

    @Test
    void emojiUsesSurrogatePair() {
        String grin = "\ud83d\ude00";
        // UTF-16BE D8 3D DE 00 in modified base64.
        assertEquals("&2D3eAA-", ModifiedUtf7.encode(grin));
        assertEquals(grin, ModifiedUtf7.decode("&2D3eAA-"));
        String mixed = "Fun " + grin + "&" + "\u00e9t\u00e9" + grin + grin;
        assertEquals(mixed, ModifiedUtf7.decode(ModifiedUtf7.encode(mixed)));
    }

    @Test
    void mixedRuns() {
        String s = "\u00e4b\u00f6&\u00fc";
        String enc = ModifiedUtf7.encode(s);
        assertEquals("&AOQ-b&APY-&-&APw-", enc);
        assertEquals(s, ModifiedUtf7.decode(enc));
    }

    @Test
    void unpairedSurrogateCannotBeEncoded() {
        assertFalse(ModifiedUtf7.isEncodable("x\ud83d"));
        assertTrue(ModifiedUtf7.isEncodable("x\ud83d\ude00"));
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.encode("x\ud83dy"));
        assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.encode("\ude00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "&",            // unterminated
        "abc&ZeVn",     // unterminated
        "&ZeV/nLIqe-",  // '/' is not in the modified alphabet
        "&ZeVn=-",      // padding is not allowed
        "&Z-",          // a single base64 character cannot hold a UTF-16 unit
        "&AOR-",        // non-zero leftover bits (&AOQ- is U+00E4)
        "&ZeVnLIqeA-",  // superfluous character
        "&AGE-",        // printable ASCII 'a' must not be base64-encoded
        "&2D0-",        // unpaired high surrogate
        "caf\u00e9",    // raw non-ASCII
        "a\tb",         // raw control character
        "&Ze&Vn-",      // '&' inside a run
    })
    void rejectsMalformed(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode(bad));
        assertTrue(e.getMessage().startsWith("malformed modified UTF-7 mailbox name"), e.getMessage());
    }

    @Test
    void errorMessageExplainsProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("x&ZeVn"));
        assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
        assertTrue(e.getMessage().contains("\"x&ZeVn\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("&ZeV/nLIqe-"));
        assertTrue(e.getMessage().contains("invalid character '/'"), e.getMessage());
    }

    @Test
    void randomRoundTrip() {
        Random rnd = new Random(20240501L);
        for (int iter = 0; iter < 5000; iter++) {
            String s = randomName(rnd);
            String enc = ModifiedUtf7.encode(s);
            for (int i = 0; i < enc.length(); i++) {
                char c = enc.charAt(i);
                assertTrue(c >= 0x20 && c <= 0x7e, "encoded form must be printable ASCII");
            }
            assertEquals(s, ModifiedUtf7.decode(enc), "round trip");
            // Our encoder never produces adjacent runs, so its output is canonical.
            assertEquals(enc, ModifiedUtf7.encode(ModifiedUtf7.decode(enc)));
        }
    }

    private static String randomName(Random rnd) {
        int len = rnd.nextInt(12);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) {
            switch (rnd.nextInt(5)) {
                case 0:
                    b.append((char) (0x20 + rnd.nextInt(0x5f)));
                    break;
                case 1:
                    b.append('&');
                    break;
                case 2:
                    b.append((char) rnd.nextInt(0x20));
                    break;
                case 3:
                    b.appendCodePoint(0x10000 + rnd.nextInt(0x100000));
                    break;
                default:
                    int cp;
                    do {
                        cp = 0x80 + rnd.nextInt(0xff80);
                    } while (cp >= 0xd800 && cp <= 0xdfff);
                    b.append((char) cp);
            }
        }
        return b.toString();
    }
}
