package dev.imap4lib.fuzz;

import dev.imap4lib.wire.CommandEncoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random round trips of the encoders ({@link RoundTrips}), many cases each and the same
 * cases in every run; the Jazzer targets of the same properties search further when fuzzing.
 */
@Timeout(60)
class EncoderPropertiesTest {
    private static final int CASES = 20_000;
    private static final String SPECIALS = "&-\"\\(){}%*[] ~+,";

    /** Characters weighted toward the ones encoders treat specially. */
    private static String randomString(Random rnd, int maxLen) {
        int n = rnd.nextInt(maxLen + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(10)) {
                case 0 -> b.append(SPECIALS.charAt(rnd.nextInt(SPECIALS.length())));
                case 1 -> b.append((char) rnd.nextInt(0x20)); // controls, CR, LF, NUL
                case 2 -> b.append((char) (0x80 + rnd.nextInt(0x780))); // Latin-1 .. Arabic
                case 3 -> b.appendCodePoint(0x1F300 + rnd.nextInt(0x300)); // emoji: surrogate pairs
                case 4 -> b.append((char) (0x3000 + rnd.nextInt(0x6000))); // CJK
                case 5 -> b.append((char) (0xD800 + rnd.nextInt(0x800))); // a lone surrogate
                case 6 -> b.append("INBOX NIL ".charAt(rnd.nextInt(10)));
                case 7 -> b.append((char) 0x7f);
                default -> b.append((char) (0x21 + rnd.nextInt(0x5e)));
            }
        }
        return b.toString();
    }

    private static CommandEncoder.Options randomOptions(Random rnd) {
        return new CommandEncoder.Options(rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean());
    }

    @Test
    void modifiedUtf7RoundTripsEveryEncodableName() {
        Random rnd = new Random(7);
        for (int i = 0; i < CASES; i++) {
            String s = randomString(rnd, 24);
            RoundTrips.modifiedUtf7(s);
            RoundTrips.modifiedUtf7Decode(s);
        }
    }

    @Test
    void modifiedUtf7DecodeAcceptsOnlyWhatReencodes() {
        Random rnd = new Random(8);
        String alphabet = "&-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,/ .";
        for (int i = 0; i < CASES; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = rnd.nextInt(16); k > 0; k--) {
                b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            RoundTrips.modifiedUtf7Decode(b.toString());
        }
    }

    @Test
    void stringArgumentsReadBackUnchanged() {
        Random rnd = new Random(9);
        RoundTrips.Kind[] kinds = RoundTrips.Kind.values();
        for (int i = 0; i < CASES; i++) {
            RoundTrips.stringArgument(randomString(rnd, 12), kinds[rnd.nextInt(kinds.length)], randomOptions(rnd));
        }
        for (String edge : new String[] {"", "NIL", "nil", "INBOX", "inbox", "\"", "\\", "a b", "{3}", "]", "\r\n", "\0"}) {
            for (RoundTrips.Kind k : kinds) {
                RoundTrips.stringArgument(edge, k, CommandEncoder.Options.BASIC);
                RoundTrips.stringArgument(edge, k, new CommandEncoder.Options(true, true, true));
            }
        }
    }

    @Test
    void literalsCarryAnyBytes() {
        Random rnd = new Random(10);
        for (int i = 0; i < CASES / 4; i++) {
            byte[] data = new byte[rnd.nextInt(rnd.nextInt(10) == 0 ? 9000 : 40)];
            rnd.nextBytes(data);
            RoundTrips.literalArgument(data, rnd.nextBoolean(), randomOptions(rnd));
        }
    }

    @Test
    void rawArgumentsNeverBreakTheLine() {
        Random rnd = new Random(11);
        for (int i = 0; i < CASES; i++) {
            RoundTrips.rawArgument(randomString(rnd, 16), randomOptions(rnd));
        }
    }

    @Test
    void internalDateRoundTrips() {
        Random rnd = new Random(12);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond() - 86_400 * 2;
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() + 86_400 * 2;
        for (int i = 0; i < CASES; i++) {
            long t = min + (long) (rnd.nextDouble() * (max - min));
            int offset = rnd.nextInt(4) == 0 ? rnd.nextInt(2 * 64_800 + 1) - 64_800 // any seconds (historic zones)
                    : (rnd.nextInt(57) - 24) * 30 * 60; // half hours
            RoundTrips.internalDate(t, rnd.nextInt(1_000_000_000), offset);
        }
        RoundTrips.internalDate(max, 0, ZoneOffset.MAX.getTotalSeconds());
        RoundTrips.internalDate(min, 0, ZoneOffset.MIN.getTotalSeconds());
    }

    @Test
    void internalDateParseIsStable() {
        Random rnd = new Random(13);
        String[] valid = {"\"17-Jul-1996 02:44:25 -0700\"", " 1-Jan-2000 00:00:60 +1400", "29-Feb-2024 23:59:59 -1259"};
        String edits = "0123456789 -:+\"JanFebDec";
        for (int i = 0; i < CASES; i++) {
            // a valid date-time with a few characters inserted or deleted
            StringBuilder s = new StringBuilder(valid[rnd.nextInt(valid.length)]);
            for (int k = rnd.nextInt(4); k > 0; k--) {
                if (rnd.nextBoolean()) {
                    s.insert(rnd.nextInt(s.length() + 1), edits.charAt(rnd.nextInt(edits.length())));
                } else if (s.length() > 0) {
                    s.deleteCharAt(rnd.nextInt(s.length()));
                }
            }
            RoundTrips.internalDateParse(s.toString());
        }
    }
}
