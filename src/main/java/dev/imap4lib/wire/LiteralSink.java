package dev.imap4lib.wire;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Receives literals as they stream off the wire, so that a large message body never has to sit
 * whole in the heap. Installed on a {@link ResponseReader} for the duration of a command.
 */
@FunctionalInterface
public interface LiteralSink {
    /**
     * Called when a literal is announced, before any of its bytes are read.
     *
     * @return a stream that receives exactly {@code context.size()} bytes and is then closed, or
     *     {@code null} to buffer this literal in the response as usual (subject to the limits)
     */
    OutputStream open(LiteralContext context) throws IOException;

    /**
     * Where a streamed literal sits in its response.
     *
     * @param messageNumber the message sequence number when the response is {@code * n FETCH}, else -1
     * @param item the data item the literal is the value of, e.g. {@code BODY[1.2]<0>} or
     *     {@code BINARY[1]}; empty when none precedes it
     * @param size the announced length in bytes
     * @param binary true for a {@code ~{n}} literal8
     */
    record LiteralContext(long messageNumber, String item, long size, boolean binary) {
    }
}
