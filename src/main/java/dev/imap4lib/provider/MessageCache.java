package dev.imap4lib.provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The messages of an open folder by sequence number, created lazily. EXPUNGE responses are
 * queued and applied in one pass when a message number is next needed, so a burst of k
 * EXPUNGEs on n messages costs O(n + k log n) instead of O(n k): each queued number is relative
 * to the mailbox after the previous ones, and a Fenwick tree finds the message it names.
 *
 * <p>Not thread-safe: the folder guards it.
 */
final class MessageCache {
    /** Beyond this many messages a server is more likely hostile than big. */
    static final int MAX_MESSAGES = 10_000_000;

    interface Factory {
        Imap4libMessage create(int msgnum);
    }

    private final Factory factory;
    private Imap4libMessage[] msgs = new Imap4libMessage[0];
    private int size;
    private int[] pending = new int[16];
    private int pendingCount;

    MessageCache(Factory factory, int size) {
        this.factory = factory;
        this.size = size;
    }

    /** Number of messages, after applying queued expunges. */
    int size() {
        return size - pendingCount;
    }

    /** The server said EXISTS {@code n}. Returns how many messages are new. */
    int exists(long n) {
        applyExpunges();
        if (n > MAX_MESSAGES) {
            throw new IllegalStateException("server reports " + n + " messages, above the limit of " + MAX_MESSAGES);
        }
        int added = (int) n - size;
        if (added > 0) {
            size = (int) n;
        }
        return Math.max(0, added);
    }

    /** The server said EXPUNGE {@code n}; applied lazily. */
    void expunge(long n) {
        if (n < 1 || n > size - pendingCount) {
            return; // refers to no message we know: ignore rather than corrupt the numbering
        }
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pendingCount * 2);
        }
        pending[pendingCount++] = (int) n;
    }

    boolean hasPendingExpunges() {
        return pendingCount > 0;
    }

    /** The message with number {@code n} (1-based), created on first use. */
    Imap4libMessage get(int n) {
        applyExpunges();
        if (n < 1 || n > size) {
            throw new IndexOutOfBoundsException("message number " + n + " out of range 1.." + size);
        }
        if (n > msgs.length) {
            msgs = Arrays.copyOf(msgs, Math.min(size, Math.max(n, msgs.length * 2 + 16)));
        }
        Imap4libMessage m = msgs[n - 1];
        if (m == null) {
            m = factory.create(n);
            msgs[n - 1] = m;
        }
        return m;
    }

    /** The message with number {@code n} if it was ever created, else null. */
    Imap4libMessage peek(int n) {
        applyExpunges();
        return n >= 1 && n <= msgs.length ? msgs[n - 1] : null;
    }

    /** Every created message, in order. */
    List<Imap4libMessage> created() {
        applyExpunges();
        List<Imap4libMessage> out = new ArrayList<>();
        for (int i = 0; i < Math.min(size, msgs.length); i++) {
            if (msgs[i] != null) {
                out.add(msgs[i]);
            }
        }
        return out;
    }

    /**
     * Applies queued EXPUNGEs: removes the messages, renumbers the rest, and returns the removed
     * messages that had been created (marked expunged), in expunge order.
     */
    List<Imap4libMessage> applyExpunges() {
        if (pendingCount == 0) {
            return List.of();
        }
        int n = size;
        int[] tree = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            tree[i] += 1;
            int j = i + (i & -i);
            if (j <= n) {
                tree[j] += tree[i];
            }
        }
        int top = Integer.highestOneBit(Math.max(1, n));
        boolean[] gone = new boolean[n];
        List<Imap4libMessage> removed = new ArrayList<>();
        int alive = n;
        for (int p = 0; p < pendingCount; p++) {
            int k = pending[p];
            if (k > alive) {
                continue;
            }
            int pos = 0;
            int rem = k;
            for (int step = top; step > 0; step >>= 1) {
                if (pos + step <= n && tree[pos + step] < rem) {
                    pos += step;
                    rem -= tree[pos];
                }
            }
            gone[pos] = true;
            for (int i = pos + 1; i <= n; i += i & -i) {
                tree[i]--;
            }
            alive--;
            if (pos < msgs.length && msgs[pos] != null) {
                Imap4libMessage m = msgs[pos];
                m.markExpunged();
                removed.add(m);
            }
        }
        pendingCount = 0;
        int keep = Math.min(msgs.length, n);
        Imap4libMessage[] next = new Imap4libMessage[Math.min(alive, msgs.length)];
        int o = 0;
        for (int i = 0; i < n && o < next.length; i++) {
            if (gone[i]) {
                continue;
            }
            Imap4libMessage m = i < keep ? msgs[i] : null;
            if (m != null) {
                m.renumber(o + 1);
            }
            next[o++] = m;
        }
        msgs = next;
        size = alive;
        lastRemoved.addAll(removed);
        return removed;
    }

    private final List<Imap4libMessage> lastRemoved = new ArrayList<>();

    /** Messages removed since the last call (for MessageCountEvents), in expunge order. */
    List<Imap4libMessage> drainRemoved() {
        applyExpunges();
        List<Imap4libMessage> out = new ArrayList<>(lastRemoved);
        lastRemoved.clear();
        return out;
    }

    /** Forgets every message (the folder closed; its messages now throw FolderClosedException). */
    void invalidate() {
        msgs = new Imap4libMessage[0];
        size = 0;
        pendingCount = 0;
    }
}
