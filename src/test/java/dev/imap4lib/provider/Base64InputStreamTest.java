package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64InputStreamTest {

    /** Reads everything with reads of {@code size} bytes (0: one byte at a time through read()). */
    private static byte[] decode(byte[] encoded, int size, int sourceChunk) throws IOException {
        InputStream src = new ByteArrayInputStream(encoded);
        if (sourceChunk > 0) {
            src = new FilterInputStream(src) { // hands out at most sourceChunk bytes per read
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return super.read(b, off, Math.min(len, sourceChunk));
                }
            };
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new Base64InputStream(src)) {
            if (size == 0) {
                int c;
                while ((c = in.read()) >= 0) {
                    out.write(c);
                }
            } else {
                byte[] b = new byte[size];
                int n;
                while ((n = in.read(b, 0, size)) >= 0) {
                    out.write(b, 0, n);
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void decodesWhatTheMimeEncoderWritesForAnyLengthReadSizeAndBufferSplit() throws IOException {
        Random r = new Random(42);
        int[] reads = {0, 1, 2, 3, 4, 5, 7, 64, 4096, 100_000};
        int[] splits = {0, 1, 3, 77, 1000};
        for (int len = 0; len < 300; len++) {
            byte[] data = new byte[len * 7 + (len % 5)];
            r.nextBytes(data);
            byte[] enc = Base64.getMimeEncoder().encode(data);
            int read = reads[len % reads.length];
            int split = splits[len % splits.length];
            assertArrayEquals(data, decode(enc, read, split), "length " + data.length + " read " + read + " split " + split);
        }
    }

    @Test
    void largeInputAcrossManyInternalBuffers() throws IOException {
        byte[] data = new byte[3_000_001];
        new Random(7).nextBytes(data);
        byte[] enc = Base64.getMimeEncoder().encode(data);
        assertArrayEquals(data, decode(enc, 65536, 0));
        assertArrayEquals(data, decode(enc, 1000, 8191));
    }

    @Test
    void skipsCharactersOutsideTheAlphabetAndStopsAtPadding() throws IOException {
        byte[] enc = " aGVs\r\nb*G8g\td29y bGQ=\r\nIGFmdGVyIHBhZGRpbmc=".getBytes(StandardCharsets.US_ASCII);
        assertEquals("hello world", new String(decode(enc, 3, 0), StandardCharsets.US_ASCII));
        assertEquals("hello world", new String(decode(enc, 0, 1), StandardCharsets.US_ASCII));
    }

    @Test
    void missingPaddingStillGivesTheLastBytes() throws IOException {
        assertEquals("ab", new String(decode("YWI".getBytes(StandardCharsets.US_ASCII), 10, 0), StandardCharsets.US_ASCII));
        assertEquals("a", new String(decode("YQ".getBytes(StandardCharsets.US_ASCII), 1, 0), StandardCharsets.US_ASCII));
    }

    @Test
    void aLoneFinalCharacterIsAnError() {
        IOException e = assertThrows(IOException.class, () -> decode("YWJjZ".getBytes(StandardCharsets.US_ASCII), 10, 0));
        assertEquals(true, e.getMessage().contains("base64"));
    }
}
