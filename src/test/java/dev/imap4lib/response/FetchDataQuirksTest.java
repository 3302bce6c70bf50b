package dev.imap4lib.response;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.Tokenizer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Replies real servers send that bend the grammar. */
class FetchDataQuirksTest {
    @Test
    void greenMailPutsNoSpaceBetweenPartialOriginAndLiteral() throws Exception {
        RawResponse r = RawResponse.of("* 1 FETCH (FLAGS (\\Seen) UID 1 BODY[TEXT]<0>{5}\r\nhello)");
        Tokenizer t = r.tokenizer();
        t.position("* 1 FETCH ".length());
        FetchData d = FetchData.parse(1, t, 64);
        assertEquals("hello", new String(d.section("BODY[TEXT]"), StandardCharsets.US_ASCII));
        assertEquals(0L, d.sectionOrigin("BODY[TEXT]<0>"));
    }
}
