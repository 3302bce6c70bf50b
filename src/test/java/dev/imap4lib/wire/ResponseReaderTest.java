package dev.imap4lib.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {
    private static ResponseReader reader(String wire) {
        return new ResponseReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), ReaderLimits.DEFAULT);
    }

    /** Delivers its bytes one at a time, as a slow network would. */
    private static InputStream dribble(byte[] b) {
        return new InputStream() {
            int i;

            @Override
            public int read() {
                return i < b.length ? b[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (i >= b.length) {
                    return -1;
                }
                buf[off] = b[i++];
                return 1;
            }
        };
    }

    @Test
    void splitsResponsesAndClassifiesThem() throws IOException {
        ResponseReader r = reader("* OK hello\r\n+ go on\r\nA1 OK done\r\n");
        RawResponse a = r.read();
        RawResponse b = r.read();
        RawResponse c = r.read();
        assertEquals(RawResponse.Kind.UNTAGGED, a.kind());
        assertEquals("* OK hello", a.toString());
        assertEquals(RawResponse.Kind.CONTINUATION, b.kind());
        assertEquals(RawResponse.Kind.TAGGED, c.kind());
        assertEquals("A1", c.tag());
        assertTrue(c.hasTag("A1".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(EOFException.class, r::read);
    }

    @Test
    void readsLiteralsIntoOneResponseWhateverTheChunking() throws IOException {
        String wire = "* 1 FETCH (BODY[] {5}\r\nab\r\nc UID 7 X {0}\r\n)\r\nA1 OK\r\n";
        for (InputStream in : List.of(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)),
                dribble(wire.getBytes(StandardCharsets.ISO_8859_1)))) {
            ResponseReader r = new ResponseReader(in, ReaderLimits.DEFAULT);
            RawResponse f = r.read();
            assertEquals("* 1 FETCH (BODY[] {5}\r\nab\r\nc UID 7 X {0}\r\n)", f.toString());
            assertTrue(f.hasLiterals());
            List<Object> data = f.imaplibData(2);
            assertEquals(3, data.size());
            RawResponse.LiteralPair p = (RawResponse.LiteralPair) data.get(0);
            assertEquals("1 FETCH (BODY[] {5}", new String(p.header(), StandardCharsets.US_ASCII));
            assertEquals("ab\r\nc", new String(p.literal(), StandardCharsets.US_ASCII));
            assertEquals(")", new String((byte[]) data.get(2), StandardCharsets.US_ASCII));
            assertEquals("A1 OK", r.read().toString());
        }
    }

    @Test
    void toleratesBareLineFeeds() throws IOException {
        ResponseReader r = reader("* OK a\n* 3 EXISTS\nA OK\n");
        assertEquals("* OK a", r.read().toString());
        assertEquals("* 3 EXISTS", r.read().toString());
    }

    @Test
    void refusesAHugeLiteralWithoutAllocatingIt() {
        ResponseReader r = reader("* 1 FETCH (BODY[] {10000000000}\r\nxx");
        ResponseLimitException e = assertThrows(ResponseLimitException.class, r::read);
        assertTrue(e.getMessage().contains("10000000000"), e.getMessage());
        assertThrows(ResponseLimitException.class, () -> reader("* 1 FETCH (BODY[] {99999999999999999999999}\r\n").read());
    }

    @Test
    void refusesAnOverlongLine() {
        byte[] big = new byte[2_100_000];
        java.util.Arrays.fill(big, (byte) 'a');
        ResponseReader r = new ResponseReader(new ByteArrayInputStream(big), ReaderLimits.DEFAULT);
        ResponseLimitException e = assertThrows(ResponseLimitException.class, r::read);
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void boundsTheWholeResponse() {
        ReaderLimits small = new ReaderLimits(1024, 4000, 5000, 64);
        String wire = "* 1 FETCH (A {3000}\r\n" + "x".repeat(3000) + " B {3000}\r\n" + "y".repeat(3000) + ")\r\n";
        ResponseReader r = new ResponseReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII)), small);
        assertThrows(ResponseLimitException.class, r::read);
    }

    @Test
    void eofInsideALiteralSaysSo() {
        EOFException e = assertThrows(EOFException.class, () -> reader("* 1 FETCH (BODY[] {10}\r\nabc").read());
        assertTrue(e.getMessage().contains("inside a literal"), e.getMessage());
    }

    @Test
    void streamsLiteralsToASink() throws IOException {
        String wire = "* 12 FETCH (UID 3 BODY[1.2]<0> {6}\r\nabcdef)\r\n";
        ResponseReader r = reader(wire);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        LiteralSink.LiteralContext[] seen = new LiteralSink.LiteralContext[1];
        r.setLiteralSink(ctx -> {
            seen[0] = ctx;
            return sink;
        });
        RawResponse f = r.read();
        assertEquals("abcdef", sink.toString(StandardCharsets.US_ASCII));
        assertEquals(12, seen[0].messageNumber());
        assertEquals("BODY[1.2]<0>", seen[0].item());
        assertEquals(6, seen[0].size());
        assertEquals("* 12 FETCH (UID 3 BODY[1.2]<0> {0}\r\n)", f.toString());
    }

    @Test
    void sinkIsOfferedSectionsWithSpacesAndLiteral8() throws IOException {
        ResponseReader r = reader("* 1 FETCH (BODY[HEADER.FIELDS (FROM TO)] {2}\r\nab BINARY[1] ~{3}\r\nxyz)\r\n");
        List<String> items = new java.util.ArrayList<>();
        r.setLiteralSink(ctx -> {
            items.add(ctx.item() + (ctx.binary() ? "~" : ""));
            return null; // buffer as usual
        });
        RawResponse f = r.read();
        assertEquals(List.of("BODY[HEADER.FIELDS (FROM TO)]", "BINARY[1]~"), items);
        assertTrue(f.toString().endsWith("~{3}\r\nxyz)"));
    }

    @Test
    void discardBufferedDropsReadAhead() throws IOException {
        ResponseReader r = reader("A1 OK begin TLS\r\n* OK [CAPABILITY INJECTED]\r\n");
        assertEquals("A1 OK begin TLS", r.read().toString());
        assertTrue(r.buffered() > 0);
        assertEquals("* OK [CAPABILITY INJECTED]\r\n".length(), r.discardBuffered());
        r.setInput(new ByteArrayInputStream("* OK clean\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("* OK clean", r.read().toString());
    }

    @Test
    void rawLineAndBytesReads() throws IOException {
        ResponseReader r = new ResponseReader(new SequenceInputStream(
                new ByteArrayInputStream("line one\r\n".getBytes(StandardCharsets.US_ASCII)),
                new ByteArrayInputStream("12345rest".getBytes(StandardCharsets.US_ASCII))), ReaderLimits.DEFAULT);
        assertEquals("line one", new String(r.readLine(), StandardCharsets.US_ASCII));
        assertArrayEquals("12345".getBytes(StandardCharsets.US_ASCII), r.readBytes(5));
    }

    @Test
    void textEndingInBracesThatIsNoLiteralIsALine() throws IOException {
        assertEquals("* OK [ALERT] see {docs}", reader("* OK [ALERT] see {docs}\r\n").read().toString());
    }
}
