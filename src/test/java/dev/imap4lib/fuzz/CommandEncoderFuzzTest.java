package dev.imap4lib.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imap4lib.wire.CommandEncoder;

/**
 * Fuzzes {@link CommandEncoder}: any string as an atom/quoted/literal argument, any bytes as a
 * literal, any raw text; see {@link RoundTrips} for what must hold.
 */
class CommandEncoderFuzzTest {
    @FuzzTest
    void arguments(FuzzedDataProvider data) throws Throwable {
        PerInput.bounded(() -> {
            CommandEncoder.Options opts = new CommandEncoder.Options(data.consumeBoolean(), data.consumeBoolean(),
                    data.consumeBoolean());
            int what = data.consumeInt(0, 5);
            switch (what) {
                case 4 -> RoundTrips.literalArgument(data.consumeRemainingAsBytes(), opts.literalPlus(), opts);
                case 5 -> RoundTrips.rawArgument(data.consumeRemainingAsString(), opts);
                default -> RoundTrips.stringArgument(data.consumeRemainingAsString(), RoundTrips.Kind.values()[what], opts);
            }
        });
    }
}
