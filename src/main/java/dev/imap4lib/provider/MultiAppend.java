package dev.imap4lib.provider;

import dev.imap4lib.client.AppendMessage;
import dev.imap4lib.client.Result;
import dev.imap4lib.response.ResponseCode;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code appendMessages} of several messages on a server with MULTIAPPEND (RFC 3502): the
 * messages go in batches, each one APPEND command that the server stores as a whole or not at
 * all, with the UIDs of APPENDUID's set given to the messages in order.
 *
 * <p>A batch holds messages until it reaches {@link #BATCH_BYTES} (at least one message, however
 * large), so neither the client's memory nor the server's staging of one command grows with the
 * call: a MULTIAPPEND of 2 GB would be one command the server has to hold before it stores
 * anything. The price is that the call as a whole is atomic only within a batch: when batch k
 * fails, the batches before it are stored and the failure says how many messages that is.
 */
final class MultiAppend {
    /** Bytes of message data per MULTIAPPEND command; 8 MiB keeps round trips rare and memory small. */
    static final long BATCH_BYTES = 8L << 20;

    private final Imap4libFolder f;
    private final long budget;

    MultiAppend(Imap4libFolder f, long budget) {
        this.f = f;
        this.budget = budget;
    }

    long[] append(Message[] msgs) throws MessagingException {
        return inBatches(f, msgs, budget, this::send);
    }

    /** Sends one batch: messages {@code from} to {@code from + batch.size() - 1} of {@code msgs}, UIDs into {@code uids}. */
    interface BatchSender {
        void send(Message[] msgs, int from, List<AppendMessage> batch, long[] uids) throws MessagingException;
    }

    /**
     * Serialises {@code msgs} into batches of about {@code budget} bytes (at least one message
     * each) and hands each to {@code sender} in order; returns the UIDs it filled in (-1 unknown).
     * Also the pipelined path's batching ({@link PipelinedAppend}): the same bound on memory.
     */
    static long[] inBatches(Imap4libFolder f, Message[] msgs, long budget, BatchSender sender) throws MessagingException {
        long[] uids = new long[msgs.length];
        Arrays.fill(uids, -1);
        String name = f.getFullName();
        long limit = f.store().withStoreConnection(c -> AppendLimit.limitFor(c, name));
        AppendMessage next = msgs.length == 0 ? null : serialise(f, msgs[0], 0, limit);
        int from = 0;
        while (next != null) {
            List<AppendMessage> batch = new ArrayList<>();
            long bytes = 0;
            int i = from;
            // Serialised one message ahead: the first that does not fit opens the next batch.
            do {
                batch.add(next);
                bytes += next.message().length;
                i++;
                next = i < msgs.length ? serialise(f, msgs[i], i, limit) : null;
            } while (next != null && bytes + next.message().length <= budget);
            sender.send(msgs, from, batch, uids);
            from = i;
        }
        return uids;
    }

    /** A message over the server's APPENDLIMIT is refused before its batch is sent (earlier batches are stored). */
    private static AppendMessage serialise(Imap4libFolder f, Message m, int i, long limit) throws MessagingException {
        AppendMessage a = FolderMutations.toAppend(m, i);
        if (limit >= 0 && a.message().length > limit) {
            throw new AppendLimitExceededException(f.getFullName(), a.message().length, limit);
        }
        return a;
    }

    private void send(Message[] msgs, int from, List<AppendMessage> batch, long[] uids) throws MessagingException {
        String which = batch.size() == 1 ? "message " + (from + 1)
                : "messages " + (from + 1) + "-" + (from + batch.size());
        String before = from == 0 ? "" : "; the " + from + " before them are stored";
        Result<ResponseCode.AppendUid> r;
        try {
            r = f.store().withStoreConnection(c -> c.multiAppend(f.getFullName(), batch));
        } catch (StoreClosedException e) {
            // One command: the server stored all of the batch or none of it, so one Message-ID tells.
            String[] id = msgs[from].getHeader("Message-ID");
            throw new StoreClosedException(f.store(), "APPEND of " + which + " of " + msgs.length + " to "
                    + f.getFullName() + " was cut off, so either all or none of them are stored"
                    + (id != null && id.length > 0 ? " (look for Message-ID " + id[0].trim() + ")" : "")
                    + before + ": " + e.getMessage(), e);
        }
        if (!r.isOk()) {
            if (r.code() != null && r.code().isTryCreate()) {
                throw new FolderNotFoundException(f, f.getFullName() + " does not exist: " + r.text());
            }
            throw new MessagingException("APPEND of " + which + " to " + f.getFullName()
                    + " failed, none of them is stored" + before + ": " + r.text());
        }
        ResponseCode.AppendUid au = r.value();
        long[] got = au == null ? new long[0] : au.uids().toArray(Long.MAX_VALUE);
        // UIDs are given out in the order of the messages, so ascending order is message order.
        if (got.length == batch.size()) {
            System.arraycopy(got, 0, uids, from, got.length);
        }
    }
}
