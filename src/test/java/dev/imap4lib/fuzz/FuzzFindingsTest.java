package dev.imap4lib.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One plain test per fuzzing finding, reduced to its cause; the crashing input itself stays in
 * the target's inputs directory ({@code src/test/resources/dev/imap4lib/fuzz/...Inputs/}) and is
 * replayed by the target in every test run.
 */
@Timeout(10)
class FuzzFindingsTest {

    private static Tokenizer at(String response, char c) {
        RawResponse r = RawResponse.of(response);
        Tokenizer t = r.tokenizer();
        t.position(response.indexOf(c));
        return t;
    }

    /**
     * ResponseParserFuzzTest crash-b2c151908c2da49831169547020c42056b3f77f4: a control byte in a
     * {@code [CAPABILITY ...]} code made {@code ResponseCode.parse} throw the accessor's
     * IllegalStateException instead of a ResponseFormatException.
     */
    @Test
    void capabilityCodeWithAControlByteIsAFormatError() {
        Tokenizer t = at("a1 OK [CAPABILITY IMAP4rev1 X-S\u001fEVE] Logged in", '[');
        assertThrows(ResponseFormatException.class, () -> ResponseCode.parse(t));
    }

    @Test
    void capabilityCodeStillParses() throws ResponseFormatException {
        ResponseCode c = ResponseCode.parse(at("a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in", '['));
        assertEquals(List.of("IMAP4rev1", "IDLE"), c.capabilities());
    }
}
