package dev.imap4lib.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imap4lib.wire.LiteralSink;
import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.ResponseReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Fuzzes {@link ResponseReader}'s framing of lines and literals with the smallest limits, so that
 * short inputs reach every limit. The first input byte picks the size of each read from the
 * stream and the mode; the rest is what the server sends.
 *
 * <p>Invariants: reading ends only in {@link EOFException} or {@link ResponseFormatException};
 * framing does not depend on how the bytes are split into reads; a response never exceeds the
 * response limit; streaming literals to a {@link LiteralSink} frames the same responses.
 */
class ResponseReaderFuzzTest {

    @FuzzTest
    void framing(byte[] data) throws Throwable {
        PerInput.bounded(() -> {
            if (data.length == 0) {
                return;
            }
            int chunk = 1 + (data[0] & 0x1f);
            byte[] wire = Arrays.copyOfRange(data, 1, data.length);

            Framing.Outcome whole = Framing.readAll(wire, Framing.SMALL);
            Framing.Outcome split = Framing.readAll(Framing.chunked(wire, chunk), Framing.SMALL);
            assertSame(whole, split);
            for (RawResponse r : whole.responses()) {
                assertTrue(r.length() <= Framing.SMALL.maxResponseSize(),
                        "response of " + r.length() + " bytes above the limit");
                RawResponse.Kind kind = r.length() > 0 && r.bytes()[0] == '*' ? RawResponse.Kind.UNTAGGED
                        : r.length() > 0 && r.bytes()[0] == '+' ? RawResponse.Kind.CONTINUATION
                        : RawResponse.Kind.TAGGED;
                assertEquals(kind, r.kind());
                r.imaplibData(0);
            }
            if ((data[0] & 0x20) != 0) {
                streamed(wire, whole);
            }
            if ((data[0] & 0x40) != 0) {
                rawReads(wire, data[0]);
            }
        });
    }

    private static void assertSame(Framing.Outcome a, Framing.Outcome b) {
        assertEquals(a.responses().size(), b.responses().size(), "responses framed");
        for (int i = 0; i < a.responses().size(); i++) {
            assertArrayEquals(a.responses().get(i).bytes(), b.responses().get(i).bytes(), "response " + i);
        }
        assertEquals(a.end().getClass(), b.end().getClass(), "how reading ended");
    }

    /** With a sink, literals leave the response; every response read before the sink mode ended still frames. */
    private static void streamed(byte[] wire, Framing.Outcome buffered) throws IOException {
        long[] sunk = new long[1];
        ResponseReader reader = new ResponseReader(new ByteArrayInputStream(wire), Framing.SMALL);
        reader.setLiteralSink(ctx -> new OutputStream() {
            @Override
            public void write(int b) {
                sunk[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sunk[0] += len;
            }
        });
        int n = 0;
        try {
            while (true) {
                reader.read();
                n++;
            }
        } catch (EOFException | ResponseFormatException end) {
            // documented ends
        }
        assertTrue(sunk[0] <= wire.length, "sink got more bytes than were sent");
        if (buffered.end() instanceof EOFException && buffered.responses().stream().noneMatch(RawResponse::hasLiterals)) {
            assertEquals(buffered.responses().size(), n, "responses without literals frame the same with a sink");
        }
    }

    /** imaplib's readline/read(n) over the same bytes: only the documented exceptions. */
    private static void rawReads(byte[] wire, byte mode) throws IOException {
        ResponseReader reader = new ResponseReader(new ByteArrayInputStream(wire), Framing.SMALL);
        int size = mode & 0x0f;
        try {
            while (true) {
                byte[] line = reader.readLine();
                assertTrue(line.length <= Framing.SMALL.maxLineLength() + 2);
                reader.readBytes(size * size * 37 % 3000);
            }
        } catch (EOFException | ResponseFormatException end) {
            // documented ends
        }
    }
}
