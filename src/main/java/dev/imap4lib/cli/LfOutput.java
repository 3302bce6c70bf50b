package dev.imap4lib.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One message on its way into a mail file, converted as its bytes stream in: CRLF becomes LF (a
 * lone CR stays), and for mbox every line matching {@code >*From } gets one more {@code >}
 * (mboxrd) and the message ends with an empty line. Works byte by byte with a few bytes of
 * look-ahead, so a message of any size passes through in constant memory. Closing ends the
 * message but leaves the underlying stream open (an mbox file holds many messages).
 */
final class LfOutput extends FilterOutputStream {
    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};
    private final boolean mbox;
    private boolean pendingCr;
    /** Bytes at the start of a line that may still turn out to be {@code >*From }: how many '>' and then how much of "From ". */
    private int quotes;
    private int fromMatched;
    private boolean atLineStart = true;
    private int last = -1;
    private long written;
    private boolean closed;

    LfOutput(OutputStream out, boolean mbox) {
        super(out);
        this.mbox = mbox;
    }

    /** Bytes written to the underlying stream so far (all of them once closed). */
    long written() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        if (pendingCr) {
            pendingCr = false;
            if (b == '\n') {
                line((byte) '\n');
                return;
            }
            line((byte) '\r');
        }
        if (b == '\r') {
            pendingCr = true;
        } else {
            line((byte) b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** One byte of the LF-ended text. */
    private void line(byte b) throws IOException {
        if (!mbox) {
            emit(b);
            return;
        }
        if (atLineStart) {
            if (b == '>' && fromMatched == 0) {
                quotes++;
                return;
            }
            if (b == FROM[fromMatched]) {
                if (++fromMatched == FROM.length) {
                    emit('>');
                    releaseHeld();
                }
                return;
            }
            releaseHeld();
        }
        emit(b);
        atLineStart = b == '\n';
    }

    /** Writes the held line start as it came and leaves line-start mode. */
    private void releaseHeld() throws IOException {
        for (; quotes > 0; quotes--) {
            emit('>');
        }
        for (int i = 0; i < fromMatched; i++) {
            emit(FROM[i]);
        }
        fromMatched = 0;
        atLineStart = false;
    }

    private void emit(int b) throws IOException {
        out.write(b);
        last = b;
        written++;
    }

    /** Ends the message: what is held is written, and for mbox a final LF and the empty separator line. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (pendingCr) {
            pendingCr = false;
            line((byte) '\r');
        }
        if (mbox) {
            if (atLineStart && (quotes > 0 || fromMatched > 0)) {
                releaseHeld();
            }
            if (last != '\n') {
                emit('\n');
            }
            emit('\n');
        }
        out.flush();
    }
}
