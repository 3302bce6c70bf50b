package dev.imap4lib.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.Arg;
import dev.imap4lib.wire.CommandEncoder;
import dev.imap4lib.wire.Excerpt;
import dev.imap4lib.wire.InternalDate;
import dev.imap4lib.wire.ModifiedUtf7;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The round-trip properties of the encoders, shared by the seeded random tests
 * ({@link EncoderPropertiesTest}) and the fuzz targets: what the client writes, read back the
 * way a server (or our own tokenizer) reads it, is what the caller gave.
 */
final class RoundTrips {
    private RoundTrips() {
    }

    // ------------------------------------------------------------------ modified UTF-7

    /** encode→decode is the identity for every encodable name; the encoded form is printable ASCII. */
    static void modifiedUtf7(String name) {
        if (!ModifiedUtf7.isEncodable(name)) {
            assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.encode(name));
            return;
        }
        String wire = ModifiedUtf7.encode(name);
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            assertTrue(c >= 0x20 && c <= 0x7e, "non-printable " + (int) c + " in " + wire);
        }
        assertEquals(name, ModifiedUtf7.decode(wire), "decode(encode(name))");
        assertEquals(ModifiedUtf7.needsEncoding(name), !wire.equals(name), "needsEncoding");
    }

    /** decode refuses with IllegalArgumentException only; what it accepts re-encodes and decodes to itself. */
    static void modifiedUtf7Decode(String wire) {
        String name;
        try {
            name = ModifiedUtf7.decode(wire);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertTrue(ModifiedUtf7.isEncodable(name), "decoded an unpaired surrogate from " + wire);
        assertEquals(name, ModifiedUtf7.decode(ModifiedUtf7.encode(name)));
    }

    // ------------------------------------------------------------------ command arguments

    /** The string kinds of {@link Arg}. */
    enum Kind { ASTRING, STR, SECRET, MAILBOX }

    /**
     * Encodes {@code value} as the only argument of a command and reads it back with the
     * tokenizer: the same text, one line, literals announced as the options allow, and no
     * 8-bit byte outside a literal unless UTF8=ACCEPT is on.
     */
    static void stringArgument(String value, Kind kind, CommandEncoder.Options opts) {
        Arg arg = switch (kind) {
            case ASTRING -> new Arg.AString(value);
            case STR -> new Arg.Str(value);
            case SECRET -> new Arg.Secret(value);
            case MAILBOX -> new Arg.Mailbox(value);
        };
        if (kind == Kind.MAILBOX && !opts.utf8Accept() && !value.equalsIgnoreCase("INBOX")
                && !ModifiedUtf7.isEncodable(value)) {
            assertThrows(IllegalArgumentException.class, () -> encode(List.of(arg), opts));
            return;
        }
        byte[] wire = encode(List.of(arg), opts);
        String back = readBack(wire, t -> kind == Kind.STR ? t.string() : t.astring());
        String expected = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        if (kind == Kind.MAILBOX) {
            if (value.equalsIgnoreCase("INBOX")) {
                expected = "INBOX";
            } else if (!opts.utf8Accept()) {
                back = ModifiedUtf7.decode(back);
            }
        }
        assertEquals(expected, back, "argument read back");
        if (kind == Kind.SECRET) {
            String trace = CommandEncoder.encode("A1", "CMD", List.of(arg), opts).trace();
            assertTrue(trace.stripTrailing().matches("A1 CMD (\\*\\*\\*|\"\\*\\*\\*\"|\\{\\d+\\+?}<\\*\\*\\*>)"),
                    "a secret shows only as a mask in the trace: " + trace);
        }
    }

    /** Any bytes as a literal (or literal8) come back unchanged. */
    static void literalArgument(byte[] data, boolean binary, CommandEncoder.Options opts) {
        byte[] wire = encode(List.of(new Arg.Literal(data, binary)), opts);
        byte[] back = readBack(wire, Tokenizer::stringBytes);
        assertArrayEquals(data, back, "literal read back");
    }

    /**
     * Raw text (sequence sets, search keys) with CR, LF or NUL, or ending in a literal
     * announcement, is refused; anything else is one command line (8-bit words and quoted
     * strings become literals).
     */
    static void rawArgument(String text, CommandEncoder.Options opts) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0
                || text.matches("(?s).*\\{[0-9]+\\+?}")) {
            assertThrows(IllegalArgumentException.class, () -> encode(List.of(new Arg.Raw(text)), opts));
            return;
        }
        encode(List.of(new Arg.Raw(text)), opts, balancedQuotes(text));
    }

    /**
     * Whether every quoted string in raw text is closed; an unclosed one is sent as it is (the
     * server refuses the command), so its 8-bit bytes are not turned into a literal.
     */
    private static boolean balancedQuotes(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            }
        }
        return !quoted;
    }

    /** {@code A1 CMD args CRLF} as sent, with the checks every encoding must pass. */
    private static byte[] encode(List<Arg> args, CommandEncoder.Options opts) {
        return encode(args, opts, true);
    }

    private static byte[] encode(List<Arg> args, CommandEncoder.Options opts, boolean sevenBit) {
        CommandEncoder.Encoded e = CommandEncoder.encode("A1", "CMD", args, opts);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<byte[]> pieces = e.pieces();
        for (int i = 0; i < pieces.size(); i++) {
            byte[] p = pieces.get(i);
            all.writeBytes(p);
            if (i < pieces.size() - 1) {
                // a piece waits for '+': it must end in a synchronising literal announcement
                String tail = new String(p, Math.max(0, p.length - 3), Math.min(3, p.length), StandardCharsets.ISO_8859_1);
                assertEquals("}\r\n", tail, "piece " + i + " does not end in a literal announcement");
                assertFalse(p.length >= 4 && p[p.length - 4] == '+', "a non-synchronising literal split the command");
            }
        }
        byte[] wire = all.toByteArray();
        List<String> lines = WireChecks.lines(wire);
        assertEquals(1, lines.size(), "one command line: " + lines);
        String line = lines.get(0);
        if (!opts.utf8Accept() && sevenBit) {
            for (int i = 0; i < line.length(); i++) {
                assertTrue(line.charAt(i) < 0x7f, "8-bit byte outside a literal: " + line);
            }
        }
        assertEquals(pieces.size() - 1, count(line, "}" + WireChecks.LITERAL_DATA) - count(line, "+}" + WireChecks.LITERAL_DATA),
                "every synchronising literal, and only those, waits for '+': " + Excerpt.escape(wire));
        if (!opts.literalPlus() && !opts.literalMinus()) {
            assertEquals(0, count(line, "+}" + WireChecks.LITERAL_DATA), "LITERAL+ used without the capability: " + line);
        }
        return wire;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @FunctionalInterface
    private interface Read<T> {
        T read(Tokenizer t) throws ResponseFormatException;
    }

    private static <T> T readBack(byte[] wire, Read<T> r) {
        int start = "A1 CMD ".length();
        Tokenizer t = new Tokenizer(wire, start, wire.length - 2);
        try {
            T v = r.read(t);
            assertTrue(t.atEnd(), "bytes left after the argument: " + new String(wire, StandardCharsets.ISO_8859_1));
            return v;
        } catch (ResponseFormatException e) {
            throw new AssertionError("tokenizer cannot read back " + new String(wire, StandardCharsets.ISO_8859_1), e);
        }
    }

    // ------------------------------------------------------------------ INTERNALDATE

    /**
     * format→parse keeps the instant to the second and the offset cut to whole minutes; the
     * text is stable under a second round; years outside 0000..9999 are refused.
     */
    static void internalDate(long epochSecond, int nanos, int offsetSeconds) {
        OffsetDateTime t = Instant.ofEpochSecond(epochSecond, nanos).atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds));
        int minuteOffset = offsetSeconds / 60 * 60;
        int year = t.withOffsetSameInstant(ZoneOffset.ofTotalSeconds(minuteOffset)).getYear();
        if (year < 0 || year > 9999) {
            assertThrows(IllegalArgumentException.class, () -> InternalDate.format(t));
            return;
        }
        String text = InternalDate.format(t);
        assertEquals(text, InternalDate.format(t.toZonedDateTime()));
        ZonedDateTime back = InternalDate.parse(text);
        assertEquals(epochSecond, back.toEpochSecond(), "instant of " + text);
        assertEquals(minuteOffset, back.getOffset().getTotalSeconds(), "offset of " + text);
        assertEquals(text, InternalDate.format(back), "second round");
        assertEquals(text, InternalDate.format(text));
    }

    /** parse refuses with IllegalArgumentException only; what it accepts formats to text that parses to it. */
    static void internalDateParse(String text) {
        ZonedDateTime t;
        try {
            t = InternalDate.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertEquals(t, InternalDate.parse(InternalDate.format(t)), "format(parse(" + text + "))");
    }
}
