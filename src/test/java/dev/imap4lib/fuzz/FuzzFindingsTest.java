package dev.imap4lib.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.wire.Arg;
import dev.imap4lib.wire.CommandEncoder;
import dev.imap4lib.wire.LiteralSink;
import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ReaderLimits;
import dev.imap4lib.wire.ResponseReader;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /**
     * ResponseReaderFuzzTest crash-76bd105887b829bd22461b8fd4b09c5cb5cadcb7: with a LiteralSink
     * (fetch with streaming), a literal after an item ending in {@code >} or {@code ]} without its
     * opening partner threw StringIndexOutOfBoundsException out of the reader (and so out of
     * {@code Imap4.fetch}) while naming the item for the sink.
     */
    @Test
    void streamedLiteralAfterAnUnopenedPartialIsRead() throws IOException {
        for (String item : new String[] {"BODY>", "X]", ">", "]"}) {
            byte[] wire = ("* 3 FETCH (" + item + " {5}\r\nHello)\r\n").getBytes(StandardCharsets.US_ASCII);
            ResponseReader reader = new ResponseReader(new ByteArrayInputStream(wire), ReaderLimits.DEFAULT);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<LiteralSink.LiteralContext> seen = new ArrayList<>();
            reader.setLiteralSink(ctx -> {
                seen.add(ctx);
                return body;
            });
            RawResponse r = reader.read();
            assertEquals("* 3 FETCH (" + item + " {0}\r\n)", r.toString());
            assertEquals("Hello", body.toString(StandardCharsets.US_ASCII));
            assertEquals(3, seen.get(0).messageNumber(), item);
        }
    }

    /**
     * ResponseReaderFuzzTest crash-3446e99b24916ba78c7747b6a8d371ddaf06c766: a response whose
     * last line ended in {@code {5}} CR CR LF (so the response ends in {@code {5}} CR) made the
     * imaplib view ({@code Result.data()}, {@code Untagged.data()}) throw
     * ArrayIndexOutOfBoundsException; it is no literal, so the data is one segment.
     */
    @Test
    void responseEndingInABraceAndCrHasNoLiteral() {
        RawResponse r = RawResponse.of("* 1 FETCH (X {5}\r");
        List<Object> data = r.imaplibData(0);
        assertEquals(1, data.size());
        assertEquals("* 1 FETCH (X {5}\r", new String((byte[]) data.get(0), StandardCharsets.US_ASCII));
    }

    @Test
    void literalsStillSplitTheImaplibView() {
        List<Object> data = RawResponse.of("* 1 FETCH (BODY[] {5}\r\nHello)").imaplibData(0);
        assertEquals(2, data.size());
        RawResponse.LiteralPair p = (RawResponse.LiteralPair) data.get(0);
        assertEquals("* 1 FETCH (BODY[] {5}", new String(p.header(), StandardCharsets.US_ASCII));
        assertEquals("Hello", new String(p.literal(), StandardCharsets.US_ASCII));
    }

    /**
     * ResponseParserFuzzTest crash-6d6551cba389577f46a294b9fdddd1108a76ac10: a literal
     * announcement at the very end of a response, {@code {5}} CR, made {@code Tokenizer.string}
     * (and every parser reading a string there, e.g. QUOTAROOT) read past the buffer.
     */
    @Test
    void literalAnnouncementCutAfterItsCrIsAFormatError() {
        byte[] b = "* QUOTAROOT {5}\r".getBytes(StandardCharsets.US_ASCII);
        Tokenizer t = new Tokenizer(b, "* QUOTAROOT ".length(), b.length);
        assertThrows(ResponseFormatException.class, t::string);
        Tokenizer u = new Tokenizer(b, "* QUOTAROOT ".length(), b.length);
        assertThrows(ResponseFormatException.class, () -> dev.imap4lib.response.QuotaRoot.parse(u));
    }

    @Test
    void literalStillReadsToTheEnd() throws ResponseFormatException {
        byte[] b = "* QUOTAROOT {5}\r\nINBOX".getBytes(StandardCharsets.US_ASCII);
        assertEquals("INBOX", new Tokenizer(b, "* QUOTAROOT ".length(), b.length).string());
    }

    /**
     * CommandEncoderFuzzTest crash-fe01335a82e668ae678f7d843c8c512d7f23d1ef: a raw argument (a search
     * key, an item list) ending in {@code {18+}} was sent with the command's CRLF after it, so the
     * server would have taken the next 18 bytes, the start of the next command, as a literal
     * ({@code {18}} instead: both sides wait until the timeout). It is refused like CR and LF.
     */
    @Test
    void rawArgumentEndingInALiteralAnnouncementIsRefused() {
        for (String key : new String[] {"TEXT {18+}", "{5}", "SUBJECT x {0}"}) {
            assertThrows(IllegalArgumentException.class, () -> CommandEncoder.encode("A1", "SEARCH",
                    List.of(new Arg.Raw(key)), CommandEncoder.Options.BASIC), key);
        }
    }

    @Test
    void rawArgumentsWithBracesElsewhereStillEncode() {
        for (String key : new String[] {"SUBJECT \"{5}\"", "{5} UNSEEN", "HEADER X-Y {}", "TEXT {a}"}) {
            CommandEncoder.Encoded e = CommandEncoder.encode("A1", "SEARCH", List.of(new Arg.Raw(key)),
                    CommandEncoder.Options.BASIC);
            assertEquals("A1 SEARCH " + key + "\r\n", new String(e.pieces().get(0), StandardCharsets.UTF_8));
        }
    }

    /**
     * ResponseParserFuzzTest crash-0852aadf4acb23aca75cbfb006c071782900ff1e: a LIST-EXTENDED
     * CHILDINFO (or OLDNAME) value that is no parenthesised list parsed, and then
     * {@code ListEntry.childInfo()} ({@code oldName()}) threw IllegalStateException at the caller.
     */
    @Test
    void malformedChildInfoAndOldNameAreEmpty() throws ResponseFormatException {
        ListEntry e = ListEntry.parse(at("* LIST () \"/\" foo (\"CHILDINFO\" \"(SUBSCRIBED\" \"OLDNAME\" bar)", '('),
                false);
        assertEquals("\"(SUBSCRIBED\"", e.extended().get("CHILDINFO"));
        assertEquals(List.of(), e.childInfo());
        assertEquals(Optional.empty(), e.oldName());
    }

    @Test
    void wellFormedChildInfoAndOldNameStillRead() throws ResponseFormatException {
        ListEntry e = ListEntry.parse(at("* LIST () \"/\" foo (\"CHILDINFO\" (\"SUBSCRIBED\") \"OLDNAME\" (\"bar\"))",
                '('), false);
        assertEquals(List.of("SUBSCRIBED"), e.childInfo());
        assertEquals(Optional.of("bar"), e.oldName());
    }

    /**
     * ResponseReaderFuzzTest crash-25251beb95353f5462665e9afc87c652050edaf6: the reader handed out
     * a response up to 4 bytes over {@code maxResponseSize} (its buffer keeps room for line ends),
     * although ReaderLimits promises that no response exceeds it.
     */
    @Test
    void noResponseExceedsTheResponseLimit() throws IOException {
        ReaderLimits limits = new ReaderLimits(1024, 4096, 4096, 8);
        // 4094 bytes of line, then "{1}" CR LF and one byte: 4101 bytes in all
        String line = "* 1 FETCH (X " + "a".repeat(4094 - 13 - 4) + " {1}";
        byte[] over = (line + "\r\nz)\r\n").getBytes(StandardCharsets.US_ASCII);
        ResponseReader reader = new ResponseReader(new ByteArrayInputStream(over), limits.withMaxLineLength(4096));
        assertThrows(dev.imap4lib.wire.ResponseLimitException.class, reader::read);

        String exact = "* OK " + "b".repeat(4096 - 5);
        ResponseReader ok = new ResponseReader(new ByteArrayInputStream((exact + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                limits.withMaxLineLength(4096));
        assertEquals(4096, ok.read().length());
    }

    /**
     * ResponseParserFuzzTest crash-4d729eeeec65d6e11d1044c14f44a3957cb8ca9f: a NIL among a
     * part's Content-Language tags made the BODYSTRUCTURE parser throw a NullPointerException
     * (the list of tags may not hold null); a NIL tag says nothing and is dropped.
     */
    @Test
    void nilAmongTheLanguageTagsIsDropped() throws ResponseFormatException {
        String r = "* 1 FETCH (BODYSTRUCTURE (\"application\" \"octet-stream\" NIL NIL NIL \"base64\" 6 NIL"
                + " (\"attachment\" NIL) (\"en\" NIL) NIL))";
        FetchData f = FetchData.parse(1, at(r, '('), 64);
        BodyStructure.Basic b = (BodyStructure.Basic) f.bodyStructure();
        assertEquals(List.of("en"), b.extensions().language());
    }
}
