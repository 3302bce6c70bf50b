package dev.imap4lib.wire;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Conversion between IMAP {@code date-time} strings (INTERNALDATE, the APPEND date argument)
 * and {@code java.time} values.
 *
 * <p>This is the counterpart of {@code imaplib.Internaldate2tuple} ({@link #parse},
 * {@link #parseFromResponse}) and {@code imaplib.Time2Internaldate} ({@link #format} and
 * {@link #formatEpochSeconds}). The wire form is {@code "17-Jul-1996 02:44:25 -0700"}, always
 * with English month abbreviations whatever the default locale is.
 */
public final class InternalDate {
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };
    private static final byte[] KEYWORD = "INTERNALDATE".getBytes(StandardCharsets.US_ASCII);

    private InternalDate() {
    }

    /**
     * Parses an IMAP date-time such as {@code "17-Jul-1996 02:44:25 -0700"}.
     *
     * <p>The surrounding double quotes are optional; the day may be two digits, a space followed
     * by one digit (the RFC 3501 {@code date-day-fixed} form) or a single digit, and the month
     * name is matched without regard to case. A leap second ({@code :60}) is read as {@code :59}
     * because {@code java.time} cannot represent it.
     *
     * @param s the date-time text
     * @return the time with a {@link ZoneOffset} as its zone, as given in the text
     * @throws IllegalArgumentException if {@code s} is not a valid date-time
     */
    public static ZonedDateTime parse(String s) {
        Objects.requireNonNull(s, "s");
        // Any character outside Latin-1 becomes '?', which the parser rejects anyway.
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return parse(b, 0, b.length);
    }

    /**
     * Parses an IMAP date-time held as US-ASCII bytes, as {@link #parse(String)} does.
     *
     * @param buf the buffer
     * @param off start of the date-time text in {@code buf}
     * @param len length of the date-time text
     * @return the time with a {@link ZoneOffset} as its zone
     * @throws IllegalArgumentException if the bytes are not a valid date-time
     * @throws IndexOutOfBoundsException if {@code off}/{@code len} lie outside {@code buf}
     */
    public static ZonedDateTime parse(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        Scanner sc = new Scanner(buf, off, len);
        if (len >= 2 && buf[off] == '"' && buf[off + len - 1] == '"') {
            sc.pos++;
            sc.end--;
        }
        if (sc.pos < sc.end && buf[sc.pos] == ' ') {
            sc.pos++;
        }
        int day = sc.digit();
        if (sc.pos < sc.end && isDigit(buf[sc.pos])) {
            day = day * 10 + sc.digit();
        }
        sc.expect('-');
        int month = sc.month();
        sc.expect('-');
        int year = sc.number(4);
        sc.expect(' ');
        int hour = sc.number(2);
        sc.expect(':');
        int minute = sc.number(2);
        sc.expect(':');
        int second = sc.number(2);
        sc.expect(' ');
        byte sign = sc.next();
        if (sign != '+' && sign != '-') {
            throw sc.fail("zone must start with '+' or '-'");
        }
        int zh = sc.number(2);
        int zm = sc.number(2);
        if (sc.pos != sc.end) {
            throw sc.fail("unexpected text after the zone");
        }
        if (second == 60) {
            second = 59;
        }
        if (zm > 59) {
            throw sc.fail("zone minutes out of range");
        }
        try {
            int total = (zh * 3600 + zm * 60) * (sign == '-' ? -1 : 1);
            return ZonedDateTime.of(year, month, day, hour, minute, second, 0, ZoneOffset.ofTotalSeconds(total));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid IMAP date-time " + Excerpt.quote(buf, off, len)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Finds {@code INTERNALDATE "..."} in a FETCH response line and parses the date, like
     * {@code imaplib.Internaldate2tuple}.
     *
     * @param response a FETCH response, e.g. {@code * 1 FETCH (INTERNALDATE "17-Jul-1996 02:44:25 -0700")}
     * @return the parsed date, or {@code null} when the response has no INTERNALDATE item
     *         (imaplib returns {@code None} in that case)
     * @throws IllegalArgumentException if an INTERNALDATE item is present but malformed
     */
    public static ZonedDateTime parseFromResponse(byte[] response) {
        Objects.requireNonNull(response, "response");
        int n = response.length;
        outer:
        for (int i = 0; i + KEYWORD.length <= n; i++) {
            for (int k = 0; k < KEYWORD.length; k++) {
                if ((response[i + k] & 0xdf) != KEYWORD[k]) {
                    continue outer;
                }
            }
            if (i > 0 && response[i - 1] != ' ' && response[i - 1] != '(') {
                continue;
            }
            int p = i + KEYWORD.length;
            while (p < n && response[p] == ' ') {
                p++;
            }
            if (p >= n || response[p] != '"') {
                continue;
            }
            int close = p + 1;
            while (close < n && response[close] != '"') {
                close++;
            }
            if (close >= n) {
                throw new IllegalArgumentException("unterminated INTERNALDATE in " + Excerpt.quote(response, i, n - i));
            }
            return parse(response, p, close - p + 1);
        }
        return null;
    }

    /**
     * String variant of {@link #parseFromResponse(byte[])}.
     *
     * @param response a FETCH response line
     * @return the parsed date, or {@code null} when there is no INTERNALDATE item
     * @throws IllegalArgumentException if an INTERNALDATE item is present but malformed
     */
    public static ZonedDateTime parseFromResponse(String response) {
        Objects.requireNonNull(response, "response");
        return parseFromResponse(response.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Formats a time in its own offset, like {@code imaplib.Time2Internaldate} given an aware
     * {@code datetime}.
     *
     * <p>Fractions of a second are dropped. IMAP zones have minute precision, so an offset with
     * a seconds part (historic local mean times) is cut to whole minutes and the local time
     * shifted accordingly, which keeps the instant right to the second.
     *
     * @param time the time
     * @return the quoted form, e.g. {@code "17-Jul-1996 02:44:25 -0700"} including the quotes
     * @throws IllegalArgumentException if the year is outside 0000..9999
     */
    public static String format(ZonedDateTime time) {
        Objects.requireNonNull(time, "time");
        return format(time.toOffsetDateTime());
    }

    /**
     * Formats a time in its own offset; see {@link #format(ZonedDateTime)}.
     *
     * @param time the time
     * @return the quoted form including the double quotes
     * @throws IllegalArgumentException if the year is outside 0000..9999
     */
    public static String format(OffsetDateTime time) {
        Objects.requireNonNull(time, "time");
        int offsetSeconds = time.getOffset().getTotalSeconds();
        if (offsetSeconds % 60 != 0) {
            time = time.withOffsetSameInstant(ZoneOffset.ofTotalSeconds(offsetSeconds / 60 * 60));
            offsetSeconds = time.getOffset().getTotalSeconds();
        }
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year " + year + " cannot be written as an IMAP date-time");
        }
        StringBuilder b = new StringBuilder(28).append('"');
        pad2(b, time.getDayOfMonth()).append('-').append(MONTHS[time.getMonthValue() - 1]).append('-');
        pad2(b, year / 100);
        pad2(b, year % 100).append(' ');
        pad2(b, time.getHour()).append(':');
        pad2(b, time.getMinute()).append(':');
        pad2(b, time.getSecond()).append(' ');
        int offsetMinutes = offsetSeconds / 60;
        b.append(offsetMinutes < 0 ? '-' : '+');
        offsetMinutes = Math.abs(offsetMinutes);
        pad2(b, offsetMinutes / 60);
        pad2(b, offsetMinutes % 60);
        return b.append('"').toString();
    }

    /**
     * Formats an instant in the JVM's default time zone, as imaplib does for a number of
     * seconds since the epoch.
     *
     * @param instant the instant
     * @return the quoted form including the double quotes
     */
    public static String format(Instant instant) {
        return format(instant, ZoneId.systemDefault());
    }

    /**
     * Formats an instant in the given zone.
     *
     * @param instant the instant
     * @param zone the zone whose offset at {@code instant} is written
     * @return the quoted form including the double quotes
     */
    public static String format(Instant instant, ZoneId zone) {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(zone, "zone");
        return format(instant.atZone(zone));
    }

    /**
     * Formats seconds since the epoch in the JVM's default time zone, like
     * {@code imaplib.Time2Internaldate} given an {@code int} or {@code float}.
     *
     * @param epochSeconds seconds since 1970-01-01T00:00:00Z
     * @return the quoted form including the double quotes
     */
    public static String formatEpochSeconds(long epochSeconds) {
        return format(Instant.ofEpochSecond(epochSeconds));
    }

    /**
     * Accepts a date-time that is already in quoted IMAP form and returns it unchanged, like
     * {@code imaplib.Time2Internaldate} given a {@code str}. Unlike imaplib the content is
     * checked, so that a bad value fails here rather than as a server {@code BAD}.
     *
     * @param alreadyQuoted text such as {@code "17-Jul-1996 02:44:25 -0700"} including the quotes
     * @return {@code alreadyQuoted}
     * @throws IllegalArgumentException if the text is not quoted or not a valid date-time
     */
    public static String format(String alreadyQuoted) {
        Objects.requireNonNull(alreadyQuoted, "alreadyQuoted");
        int n = alreadyQuoted.length();
        if (n < 2 || alreadyQuoted.charAt(0) != '"' || alreadyQuoted.charAt(n - 1) != '"') {
            throw new IllegalArgumentException("date-time string must be enclosed in double quotes: "
                    + Excerpt.quote(alreadyQuoted));
        }
        parse(alreadyQuoted);
        return alreadyQuoted;
    }

    private static StringBuilder pad2(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Cursor over the input; keeps the original bounds for error messages. */
    private static final class Scanner {
        final byte[] buf;
        final int off;
        final int len;
        int pos;
        int end;

        Scanner(byte[] buf, int off, int len) {
            this.buf = buf;
            this.off = off;
            this.len = len;
            this.pos = off;
            this.end = off + len;
        }

        byte next() {
            if (pos >= end) {
                throw fail("unexpected end of input");
            }
            return buf[pos++];
        }

        void expect(char c) {
            if (next() != c) {
                throw fail("expected '" + c + "' at offset " + (pos - 1 - off));
            }
        }

        int digit() {
            byte c = next();
            if (!isDigit(c)) {
                throw fail("expected a digit at offset " + (pos - 1 - off));
            }
            return c - '0';
        }

        int number(int digits) {
            int v = 0;
            for (int i = 0; i < digits; i++) {
                v = v * 10 + digit();
            }
            return v;
        }

        int month() {
            if (end - pos < 3) {
                throw fail("unexpected end of input");
            }
            int a = buf[pos] | 0x20;
            int b = buf[pos + 1] | 0x20;
            int c = buf[pos + 2] | 0x20;
            for (int m = 0; m < 12; m++) {
                String name = MONTHS[m];
                if (a == (name.charAt(0) | 0x20) && b == name.charAt(1) && c == name.charAt(2)) {
                    pos += 3;
                    return m + 1;
                }
            }
            throw fail("unknown month at offset " + (pos - off));
        }

        IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("invalid IMAP date-time " + Excerpt.quote(buf, off, len) + ": " + what);
        }
    }
}
