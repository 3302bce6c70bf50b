package dev.imap4lib.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes {@link dev.imap4lib.wire.ModifiedUtf7}: the round trip of any name, and decode of any text. */
class ModifiedUtf7FuzzTest {
    @FuzzTest
    void roundTrip(FuzzedDataProvider data) throws Throwable {
        PerInput.bounded(() -> {
            String name = data.consumeString(200);
            RoundTrips.modifiedUtf7(name);
            RoundTrips.modifiedUtf7Decode(name);
            RoundTrips.modifiedUtf7Decode(data.consumeRemainingAsAsciiString());
        });
    }
}
