package dev.imap4lib.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ReaderLimits;
import java.io.IOException;

/**
 * Fuzzes the tokenizer and every typed parser: the input is framed into responses as the client
 * frames a server's bytes, and each response goes to all parsers (see {@link ParseEverything}).
 * Only {@link dev.imap4lib.wire.ResponseFormatException} may come out of a parser.
 */
class ResponseParserFuzzTest {
    /** Room for real responses (the seeds), but a nesting bound small enough to be reached. */
    static final ReaderLimits LIMITS = new ReaderLimits(16 * 1024, 16 * 1024, 64 * 1024, 16);

    @FuzzTest
    void parsers(byte[] data) throws Throwable {
        PerInput.bounded(() -> {
            for (RawResponse r : Framing.readAll(data, LIMITS).responses()) {
                ParseEverything.response(r, LIMITS.maxDepth());
            }
        });
    }
}
