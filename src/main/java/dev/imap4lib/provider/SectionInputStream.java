package dev.imap4lib.provider;

import jakarta.mail.FolderClosedException;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body section ({@code ""} for the whole message, {@code TEXT}, {@code 1.2}, ...) read in
 * chunks of {@code fetchsize} bytes with partial FETCHes, so memory stays bounded whatever the
 * message size. With {@code partialfetch=false} the section comes in one FETCH. While a chunk is
 * read, the FETCH of the next one is already on its way (one outstanding at a time, so the memory
 * bound stays one chunk plus the socket buffers); reading whole messages one after the other asks
 * for the next message's first chunk the same way (see {@code readahead}). A FETCH asked for ahead
 * and never claimed costs the connection's next command the time to read that one chunk and drop it.
 * A binary stream reads the same way with {@code BINARY[section]} (RFC 3516): the server decodes,
 * the ranges count decoded bytes and are {@code binary.fetchsize} long.
 */
final class SectionInputStream extends InputStream {
    private final Imap4libFolder folder;
    private final Imap4libMessage msg;
    private final String section;
    private boolean markSeen;
    private final int chunk;
    private long offset;
    private byte[] buf = new byte[0];
    private int pos;
    private boolean last;
    private final boolean binary;

    SectionInputStream(Imap4libFolder folder, Imap4libMessage msg, String section, boolean markSeen) {
        this(folder, msg, section, markSeen, false);
    }

    SectionInputStream(Imap4libFolder folder, Imap4libMessage msg, String section, boolean markSeen, boolean binary) {
        this.binary = binary;
        this.folder = folder;
        this.msg = msg;
        this.section = section;
        this.markSeen = markSeen;
        StoreConfig cfg = folder.config();
        this.chunk = cfg.partialFetch ? Math.max(1024, binary ? cfg.binaryFetchSize : cfg.fetchSize) : -1;
    }

    private boolean fill() throws IOException {
        if (pos < buf.length) {
            return true;
        }
        if (last) {
            return false;
        }
        try {
            // Only the first request may set \Seen (when peek is off); the rest peek.
            buf = folder.fetchSection(msg, section, offset, chunk, !markSeen, buf, binary);
            markSeen = false;
        } catch (FolderClosedException | MessageRemovedException e) {
            throw new IOException(e.getMessage(), e);
        } catch (MessagingException e) {
            throw new IOException("cannot read " + (section.isEmpty() ? "message" : "section " + section) + ": "
                    + e.getMessage(), e);
        }
        pos = 0;
        if (chunk > 0 && buf.length > chunk) {
            // The server ignored the range and sent the whole section (Exchange does): serve
            // what we have not seen yet from where it starts (no copy), and do not ask again.
            folder.note("the server ignored the partial FETCH range and sent all " + buf.length + " bytes");
            pos = (int) Math.min(offset, buf.length);
            last = true;
        } else if (chunk < 0 || buf.length < chunk) {
            last = true;
        }
        offset += buf.length - pos;
        if (!last) {
            // Ask for the next chunk now: the server reads and sends it while this one is
            // consumed. Only a hint: when it cannot be sent, the next fill() asks normally.
            try {
                folder.fetchSectionAhead(msg, section, offset, chunk, binary);
            } catch (MessagingException e) {
                // the next fill() asks normally and reports a real problem
            }
        } else if (!binary && section.isEmpty() && msg.root() == msg) {
            folder.wholeMessageRead(msg, chunk);
        }
        return pos < buf.length;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buf.length - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return buf.length - pos;
    }
}
