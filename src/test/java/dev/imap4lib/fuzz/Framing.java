package dev.imap4lib.fuzz;

import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ReaderLimits;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.ResponseReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Frames fuzz input into responses the way the client does, for the targets and their regression tests. */
final class Framing {
    /**
     * The smallest limits {@link ReaderLimits} accepts, so short inputs reach the line, literal,
     * response and depth limits.
     */
    static final ReaderLimits SMALL = new ReaderLimits(1024, 2048, 4096, 8);

    private Framing() {
    }

    /** What reading a whole input gave: the responses, and how the reading ended. */
    record Outcome(List<RawResponse> responses, IOException end) {
    }

    /**
     * Reads responses until the input ends or the reader refuses it. An {@link EOFException} or a
     * {@link ResponseFormatException} (limits included) is the documented end; any other
     * throwable escapes and is a finding.
     */
    static Outcome readAll(InputStream in, ReaderLimits limits) throws IOException {
        ResponseReader reader = new ResponseReader(in, limits);
        List<RawResponse> out = new ArrayList<>();
        while (true) {
            try {
                out.add(reader.read());
            } catch (EOFException | ResponseFormatException e) {
                return new Outcome(out, e);
            }
        }
    }

    static Outcome readAll(byte[] data, ReaderLimits limits) throws IOException {
        return readAll(new ByteArrayInputStream(data), limits);
    }

    /** A stream that hands out at most {@code chunk} bytes per read, as a slow socket does. */
    static InputStream chunked(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
