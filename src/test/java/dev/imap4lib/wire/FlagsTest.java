package dev.imap4lib.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlagsTest {

    @Test
    void parsesFetchFlags() {
        assertEquals(List.of("\\Seen", "$Forwarded", "Junk"),
                Flags.parse("* 12 FETCH (UID 7 FLAGS (\\Seen $Forwarded Junk))"));
        assertEquals(List.of("\\Seen"), Flags.parse("* 1 FETCH (FLAGS (\\Seen) UID 3)".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of("\\Answered", "\\Deleted"), Flags.parse("* FLAGS (\\Answered \\Deleted)"));
        assertEquals(List.of("\\Seen"), Flags.parse("* 1 fetch (flags (\\Seen))"));
    }

    @Test
    void emptyWhenAbsentOrEmpty() {
        assertEquals(List.of(), Flags.parse("* 1 FETCH (UID 3)"));
        assertEquals(List.of(), Flags.parse("* 1 FETCH (FLAGS ())"));
        assertEquals(List.of(), Flags.parse("* 1 FETCH (FLAGS (\\Seen"));
        assertEquals(List.of(), Flags.parse(""));
    }

    @Test
    void ignoresPermanentFlagsAndStrings() {
        assertEquals(List.of(), Flags.parse("* OK [PERMANENTFLAGS (\\Deleted \\*)] Limited"));
        String line = "* 1 FETCH (ENVELOPE (NIL \"about FLAGS (\\\\Hacked) stuff\" NIL) FLAGS (\\Seen))";
        assertEquals(List.of("\\Seen"), Flags.parse(line));
    }

    @Test
    void skipsLiterals() {
        String line = "* 1 FETCH (BODY[HEADER] {20}\r\nX: FLAGS (\\Fake)\r\n\r\n FLAGS (\\Flagged))";
        assertEquals(List.of("\\Flagged"), Flags.parse(line));
        assertEquals(List.of("\\Flagged"), Flags.parse("* 1 FETCH (BODY[] {5}\r\nFLAG) FLAGS (\\Flagged))"));
    }

    @Test
    void keepsUtf8Keywords() {
        assertEquals(List.of("\u00e4rger"), Flags.parse("* 1 FETCH (FLAGS (\u00e4rger))"));
    }

    @Test
    void toListFormats() {
        assertEquals("(\\Seen \\Flagged)", Flags.toList(List.of("\\Seen", "\\Flagged")));
        assertEquals("()", Flags.toList(List.of()));
        assertEquals("($Forwarded)", Flags.toList(new LinkedHashSet<>(List.of("$Forwarded"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\\", "a b", "(x", "x)", "a\r\nb", "\\\\Seen", "\\*", "a%", "x]", "{3}", "\"q\"", "caf\u00e9"})
    void toListRejectsBadFlags(String bad) {
        assertFalse(Flags.isValidFlag(bad));
        assertThrows(IllegalArgumentException.class, () -> Flags.toList(List.of("\\Seen", bad)));
    }

    @Test
    void toListRejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> Flags.toList(Arrays.asList("\\Seen", null)));
        assertTrue(Flags.isValidFlag("$MDNSent"));
        assertTrue(Flags.isValidFlag("\\Draft"));
    }

    @Test
    void roundTrip() {
        List<String> flags = List.of("\\Seen", "\\Answered", "$Label1", "NonJunk");
        assertEquals(flags, Flags.parse("* 3 FETCH (FLAGS " + Flags.toList(flags) + ")"));
    }
}
