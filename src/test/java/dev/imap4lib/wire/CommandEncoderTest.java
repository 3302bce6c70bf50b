package dev.imap4lib.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandEncoderTest {
    private static final CommandEncoder.Options PLUS = new CommandEncoder.Options(true, false, false);
    private static final CommandEncoder.Options MINUS = new CommandEncoder.Options(false, true, false);

    private static String wire(CommandEncoder.Encoded e) {
        StringBuilder sb = new StringBuilder();
        for (byte[] p : e.pieces()) {
            sb.append(new String(p, StandardCharsets.UTF_8)).append('|');
        }
        return sb.toString();
    }

    @Test
    void chooseAtomQuotedOrLiteral() {
        var e = CommandEncoder.encode("A1", "LOGIN", List.of(Arg.astring("joe"), Arg.secret("p w\"d")),
                CommandEncoder.Options.BASIC);
        assertEquals("A1 LOGIN joe \"p w\\\"d\"\r\n|", wire(e));
        assertEquals("A1 LOGIN joe \"***\"\r\n", e.trace());
    }

    @Test
    void crlfInAStringForcesASynchronisingLiteral() {
        var e = CommandEncoder.encode("A1", "LOGIN", List.of(Arg.astring("x"), Arg.secret("a\r\nA2 LOGOUT")),
                CommandEncoder.Options.BASIC);
        assertEquals(2, e.pieces().size());
        assertEquals("A1 LOGIN x {12}\r\n|a\r\nA2 LOGOUT\r\n|", wire(e));
        assertFalse(e.trace().contains("LOGOUT"), e.trace());
    }

    @Test
    void literalPlusAndMinus() {
        byte[] small = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] big = new byte[5000];
        assertEquals(1, CommandEncoder.encode("A", "APPEND", List.of(Arg.mailbox("INBOX"), Arg.literal(big)), PLUS).pieces().size());
        assertEquals(1, CommandEncoder.encode("A", "APPEND", List.of(Arg.mailbox("INBOX"), Arg.literal(small)), MINUS).pieces().size());
        assertEquals(2, CommandEncoder.encode("A", "APPEND", List.of(Arg.mailbox("INBOX"), Arg.literal(big)), MINUS).pieces().size());
        assertTrue(wire(CommandEncoder.encode("A", "APPEND", List.of(Arg.mailbox("INBOX"), Arg.literal(small)), PLUS))
                .startsWith("A APPEND INBOX {5+}\r\nhello"));
    }

    @Test
    void mailboxNamesAreEncoded() {
        var e = CommandEncoder.encode("A", "SELECT", List.of(Arg.mailbox("台北 box")), CommandEncoder.Options.BASIC);
        assertEquals("A SELECT \"&U,BTFw- box\"\r\n|", wire(e));
        assertEquals("A SELECT inbox_x\r\n|", wire(CommandEncoder.encode("A", "SELECT", List.of(Arg.mailbox("inbox_x")),
                CommandEncoder.Options.BASIC)));
        assertEquals("A SELECT INBOX\r\n|", wire(CommandEncoder.encode("A", "SELECT", List.of(Arg.mailbox("inbox")),
                CommandEncoder.Options.BASIC)));
        var utf8 = new CommandEncoder.Options(false, false, true);
        assertEquals("A SELECT \"台北 box\"\r\n|", wire(CommandEncoder.encode("A", "SELECT", List.of(Arg.mailbox("台北 box")), utf8)));
    }

    @Test
    void rawArgumentsCannotStartANewLine() {
        assertThrows(IllegalArgumentException.class, () -> CommandEncoder.encode("A", "FETCH",
                List.of(Arg.raw("1\r\nA2 LOGOUT"), Arg.raw("(FLAGS)")), CommandEncoder.Options.BASIC));
        assertThrows(IllegalArgumentException.class, () -> CommandEncoder.encode("A", "FETCH",
                List.of(Arg.raw("1\0"), Arg.raw("(FLAGS)")), CommandEncoder.Options.BASIC));
    }

    @Test
    void eightBitQuotedStringInRawTextBecomesALiteral() {
        var e = CommandEncoder.encode("A", "SEARCH", List.of(Arg.raw("CHARSET"), Arg.astring("UTF-8"),
                Arg.raw("SUBJECT \"Grüße\" UNSEEN")), CommandEncoder.Options.BASIC);
        assertEquals("A SEARCH CHARSET UTF-8 SUBJECT {7}\r\n|Grüße UNSEEN\r\n|", wire(e));
    }

    @Test
    void eightBitBareWordsInRawTextBecomeLiteralsToo() {
        var e = CommandEncoder.encode("A", "SEARCH", List.of(Arg.raw("(FROM Jürgen SUBJECT x)")), CommandEncoder.Options.BASIC);
        assertEquals("A SEARCH (FROM {7}\r\n|Jürgen SUBJECT x)\r\n|", wire(e));
    }

    @Test
    void emptyAndNilStringsAreQuoted() {
        assertEquals("A LIST \"\" \"*\"\r\n|", wire(CommandEncoder.encode("A", "LIST",
                List.of(Arg.mailbox(""), Arg.mailbox("*")), CommandEncoder.Options.BASIC)));
        assertEquals("A X \"NIL\"\r\n|", wire(CommandEncoder.encode("A", "X", List.of(Arg.astring("NIL")),
                CommandEncoder.Options.BASIC)));
    }
}
