package dev.imap4lib.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/** Fuzzes {@link dev.imap4lib.wire.ModifiedUtf7}: the round trip of any name, and decode of any text. */
class ModifiedUtf7FuzzTest {
    @FuzzTest
    @Timeout(10)
    void roundTrip(FuzzedDataProvider data) {
        String name = data.consumeString(200);
        RoundTrips.modifiedUtf7(name);
        RoundTrips.modifiedUtf7Decode(name);
        RoundTrips.modifiedUtf7Decode(data.consumeRemainingAsAsciiString());
    }
}
