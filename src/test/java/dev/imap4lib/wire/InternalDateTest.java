package dev.imap4lib.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InternalDateTest {
    private static final ZonedDateTime RFC_EXAMPLE =
            ZonedDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7));

    @Test
    void parsesWithAndWithoutQuotes() {
        assertEquals(RFC_EXAMPLE, InternalDate.parse("\"17-Jul-1996 02:44:25 -0700\""));
        assertEquals(RFC_EXAMPLE, InternalDate.parse("17-Jul-1996 02:44:25 -0700"));
        assertEquals(ZoneOffset.ofHours(-7), InternalDate.parse("17-Jul-1996 02:44:25 -0700").getZone());
    }

    @Test
    void parsesPaddedAndShortDays() {
        ZonedDateTime expected = ZonedDateTime.of(1996, 7, 7, 2, 44, 25, 0, ZoneOffset.ofHoursMinutes(5, 30));
        assertEquals(expected, InternalDate.parse("\" 7-Jul-1996 02:44:25 +0530\""));
        assertEquals(expected, InternalDate.parse("07-Jul-1996 02:44:25 +0530"));
        assertEquals(expected, InternalDate.parse("7-jul-1996 02:44:25 +0530"));
    }

    @Test
    void parsesByteRange() {
        byte[] buf = "xx\"01-Jan-2000 00:00:00 +0000\"yy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), InternalDate.parse(buf, 2, buf.length - 4));
        assertThrows(IndexOutOfBoundsException.class, () -> InternalDate.parse(buf, 10, buf.length));
    }

    @Test
    void leapSecondIsClamped() {
        assertEquals(59, InternalDate.parse("31-Dec-2016 23:59:60 +0000").getSecond());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "\"\"",
        "\"17-Jul-1996 02:44:25 -0700",
        "17-Jux-1996 02:44:25 -0700",
        "17-Jul-96 02:44:25 -0700",
        "17-Jul-1996 2:44:25 -0700",
        "17-Jul-1996 02:44:25 0700",
        "17-Jul-1996 02:44:25 -07:00",
        "17-Jul-1996 02:44:25 -0700 ",
        "17-Jul-1996 02:44:25 -0760",
        "17-Jul-1996 02:44:25 +1900",
        "31-Feb-1996 02:44:25 -0700",
        "17-Jul-1996 24:00:00 -0700",
        "117-Jul-1996 02:44:25 -0700",
        "17-J\u00fcl-1996 02:44:25 -0700",
    })
    void rejectsMalformed(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InternalDate.parse(bad));
        assertTrue(e.getMessage().startsWith("invalid IMAP date-time"), e.getMessage());
    }

    @Test
    void errorMessageIsEscapedAndShort() {
        String hostile = "\r\n" + "x".repeat(500);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InternalDate.parse(hostile));
        assertTrue(e.getMessage().contains("\\r\\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void parseFromFetchResponse() {
        String line = "* 12 FETCH (UID 5 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" FLAGS (\\Seen))";
        assertEquals(RFC_EXAMPLE, InternalDate.parseFromResponse(line));
        assertEquals(RFC_EXAMPLE, InternalDate.parseFromResponse(line.getBytes(StandardCharsets.US_ASCII)));
        assertNull(InternalDate.parseFromResponse("* 12 FETCH (UID 5 FLAGS (\\Seen))"));
        assertThrows(IllegalArgumentException.class,
                () -> InternalDate.parseFromResponse("* 1 FETCH (INTERNALDATE \"17-Jul-1996 02:44"));
    }

    @Test
    void formatsZonedKeepingOffset() {
        assertEquals("\"17-Jul-1996 02:44:25 -0700\"", InternalDate.format(RFC_EXAMPLE));
        assertEquals("\"17-Jul-1996 02:44:25 -0700\"", InternalDate.format(RFC_EXAMPLE.toOffsetDateTime()));
        ZonedDateTime paris = ZonedDateTime.of(2023, 3, 5, 9, 8, 7, 999_000_000, ZoneId.of("Europe/Paris"));
        assertEquals("\"05-Mar-2023 09:08:07 +0100\"", InternalDate.format(paris));
        OffsetDateTime india = OffsetDateTime.of(2001, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHoursMinutes(5, 30));
        assertEquals("\"31-Dec-2001 23:59:59 +0530\"", InternalDate.format(india));
        OffsetDateTime minus = OffsetDateTime.of(2001, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30));
        assertEquals("\"01-Jan-2001 00:00:00 -0330\"", InternalDate.format(minus));
    }

    @Test
    void offsetWithSecondsKeepsTheInstant() {
        OffsetDateTime odd = OffsetDateTime.of(1900, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, 17, 30));
        String s = InternalDate.format(odd);
        assertEquals("\"01-Jan-1900 11:59:30 +0017\"", s);
        assertEquals(odd.toInstant(), InternalDate.parse(s).toInstant());
    }

    @Test
    void monthNamesAreEnglishWhateverTheLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("\"01-Mar-2020 00:00:00 +0000\"",
                    InternalDate.format(OffsetDateTime.of(2020, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
            assertEquals(12, InternalDate.parse("01-Dec-2020 00:00:00 +0000").getMonthValue());
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void epochSecondsAndInstantUseDefaultZone() {
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            assertEquals("\"17-Jul-1996 02:44:25 -0700\"", InternalDate.formatEpochSeconds(837596665L));
            assertEquals("\"17-Jul-1996 02:44:25 -0700\"", InternalDate.format(Instant.ofEpochSecond(837596665L)));
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            assertEquals("\"01-Jan-1970 00:00:00 +0000\"", InternalDate.formatEpochSeconds(0));
        } finally {
            TimeZone.setDefault(saved);
        }
        assertEquals("\"17-Jul-1996 09:44:25 +0000\"",
                InternalDate.format(Instant.ofEpochSecond(837596665L), ZoneOffset.UTC));
    }

    @Test
    void alreadyQuotedIsPassedThrough() {
        String q = "\"17-Jul-1996 02:44:25 -0700\"";
        assertSame(q, InternalDate.format(q));
        assertThrows(IllegalArgumentException.class, () -> InternalDate.format("17-Jul-1996 02:44:25 -0700"));
        assertThrows(IllegalArgumentException.class, () -> InternalDate.format("\"yesterday\""));
        assertThrows(IllegalArgumentException.class, () -> InternalDate.format("\""));
    }

    @Test
    void rejectsYearsOutsideFourDigits() {
        assertThrows(IllegalArgumentException.class,
                () -> InternalDate.format(OffsetDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
        assertEquals("\"01-Jan-0099 00:00:00 +0000\"",
                InternalDate.format(OffsetDateTime.of(99, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
    }

    @Test
    void randomRoundTrip() {
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
            long epoch = rnd.nextInt(Integer.MAX_VALUE) * 2L;
            ZoneOffset off = ZoneOffset.ofTotalSeconds((rnd.nextInt(18 * 4 * 2 + 1) - 18 * 4) * 15 * 60);
            ZonedDateTime t = Instant.ofEpochSecond(epoch).atZone(off);
            assertEquals(t, InternalDate.parse(InternalDate.format(t)));
        }
    }
}
