package dev.imap4lib.provider;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code FetchProfileItem.MESSAGE}: whole messages fetched ahead in {@code fetch()} and kept by
 * their messages. Bounded: a message larger than {@code fetchsize} (default 1 MiB) is left to be
 * streamed in chunks when read, and one FETCH asks for at most {@link #BATCH_BYTES} of messages.
 * The bytes stay with the message object until {@code invalidateHeaders()} or the folder closes.
 */
final class WholeMessages {
    /** At most this many message bytes per FETCH (the answer is read into memory as it comes). */
    static final long BATCH_BYTES = 8L << 20;

    private WholeMessages() {
    }

    /** Fetches the messages of {@code msgs} that qualify; caller holds the folder lock, sizes are fetched. */
    static void prefetch(Imap4libFolder folder, Message[] msgs) throws MessagingException {
        long max = Math.max(64 * 1024, folder.config().fetchSize);
        // with what the getters read, so that none of them asks the server again
        String items = "(UID FLAGS ENVELOPE INTERNALDATE " + (folder.markSeenOnRead() ? "BODY[]" : "BODY.PEEK[]") + ")";
        List<Message> batch = new ArrayList<>();
        long bytes = 0;
        for (Message m : msgs) {
            if (!(m instanceof Imap4libMessage im) || im.isExpunged() || !im.wantsWhole(max)) {
                continue;
            }
            long size = Math.max(0, im.getSizeLong());
            if (!batch.isEmpty() && bytes + size > BATCH_BYTES) {
                folder.fetcher.fetchInto(folder.session.seqSet(batch.toArray(new Message[0])), items);
                batch.clear();
                bytes = 0;
            }
            batch.add(m);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            folder.fetcher.fetchInto(folder.session.seqSet(batch.toArray(new Message[0])), items);
        }
    }

    /** Where the body starts: after the first empty line (CRLF CRLF, or LF LF), else the end. */
    static int bodyStart(byte[] m) {
        for (int i = 0; i + 1 < m.length; i++) {
            if (m[i] == '\n' && m[i + 1] == '\n') {
                return i + 2;
            }
            if (m[i] == '\n' && m[i + 1] == '\r' && i + 2 < m.length && m[i + 2] == '\n') {
                return i + 3;
            }
        }
        return m.length;
    }
}
