package dev.imap4lib.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes {@link dev.imap4lib.wire.InternalDate}: format→parse of any time, parse of any text. */
class InternalDateFuzzTest {
    /** 0001-01-01 minus a day to 9999-12-31 plus a day: both ends of the year range. */
    private static final long MIN = -62_135_596_800L - 86_400;
    private static final long MAX = 253_402_300_799L + 86_400;

    @FuzzTest
    void roundTrip(FuzzedDataProvider data) throws Throwable {
        PerInput.bounded(() -> {
            RoundTrips.internalDate(data.consumeLong(MIN - 366L * 86_400, MAX), data.consumeInt(0, 999_999_999),
                    data.consumeInt(-18 * 3600, 18 * 3600));
            RoundTrips.internalDateParse(data.consumeRemainingAsString());
        });
    }
}
