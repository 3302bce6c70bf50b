package dev.imap4lib.provider;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of an open folder, in slots numbered like Jakarta Mail's message numbers.
 *
 * <p>Jakarta Mail keeps a message expunged by another client in its slot (marked expunged) and
 * renumbers only when this client calls {@code expunge()}; the server renumbers at once. So a
 * server sequence number k names the k-th slot that is not expunged. A Fenwick tree over the
 * live slots turns k into a slot and back in O(log n), so a burst of EXPUNGEs stays near-linear
 * however large the mailbox. Message objects are created only when first used.
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
    /** Number of slots (Jakarta's message count, expunged-but-kept included). */
    private int size;
    /** Slots expunged on the server but not yet removed here. */
    private final BitSet gone = new BitSet();
    private int goneCount;
    /** Counts the changes of the sequence numbering (server EXPUNGE) and of the slots (compaction). */
    private long renumberings;
    /** Fenwick tree of live slots (1-based); built on the first expunge, null while none is gone. */
    private int[] tree;
    /** UIDs by slot where known (0 = unknown); kept only once {@link #setUid} is used. */
    private long[] uids = new long[0];
    /**
     * Messages created only to be announced (see {@link #loose}), by slot (0-based), held weakly:
     * the same object while anyone holds it, collectable once nobody does, so that announcing
     * millions of new messages keeps only the batch in hand alive.
     */
    private Map<Integer, WeakReference<Imap4libMessage>> loose = new HashMap<>();
    private final ReferenceQueue<Imap4libMessage> collected = new ReferenceQueue<>();

    MessageCache(Factory factory, int size) {
        this.factory = factory;
        this.size = size;
    }

    /**
     * Changes whenever a sequence number or a message number may have come to name another
     * message: what a FETCH sent ahead by number checks before it is claimed.
     */
    long renumberings() {
        return renumberings;
    }

    /** Jakarta's message count: every slot, including messages expunged elsewhere but kept. */
    int size() {
        return size;
    }

    /** Messages the server still has (its EXISTS). */
    int live() {
        return size - goneCount;
    }

    /**
     * The server said EXISTS {@code n} (a count of live messages); returns how many slots were
     * added for new messages.
     */
    int exists(long n) {
        if (n > MAX_MESSAGES) {
            throw new IllegalStateException("server reports " + n + " messages, above the limit of " + MAX_MESSAGES);
        }
        int added = (int) n - live();
        if (added <= 0) {
            return 0;
        }
        int oldSize = size;
        size += added;
        if (tree != null) {
            if (size + 1 > tree.length) {
                buildTree(Math.max(size + 1, tree.length * 2));
            } else {
                for (int i = oldSize + 1; i <= size; i++) {
                    add(i, 1);
                }
            }
        }
        return added;
    }

    /**
     * The server said EXPUNGE {@code seq}: marks that slot's message expunged (keeping the slot)
     * and returns it, or null when the number names no message.
     */
    Imap4libMessage expunge(long seq) {
        return expunge(seq, true);
    }

    /**
     * As {@link #expunge(long)}, but when {@code create} is false a message not created yet stays
     * uncreated (it is created already expunged when first used) and null is returned for it.
     */
    Imap4libMessage expunge(long seq, boolean create) {
        int slot = slotOf(seq);
        if (slot < 0) {
            return null; // a number outside the mailbox: ignore rather than corrupt the numbering
        }
        if (tree == null) {
            buildTree(Math.max(size + 1, 16));
        }
        gone.set(slot);
        goneCount++;
        renumberings++;
        add(slot + 1, -1);
        Imap4libMessage m = create ? get(slot + 1) : peek(slot + 1);
        if (m != null) {
            m.markExpunged();
        }
        return m;
    }

    /** The slot (0-based) of the live message with server sequence number {@code seq}, or -1. */
    int slotOf(long seq) {
        if (seq < 1 || seq > live()) {
            return -1;
        }
        if (goneCount == 0) {
            return (int) seq - 1;
        }
        int pos = 0;
        long rem = seq;
        for (int step = Integer.highestOneBit(tree.length - 1); step > 0; step >>= 1) {
            int next = pos + step;
            if (next < tree.length && tree[next] < rem) {
                pos = next;
                rem -= tree[next];
            }
        }
        return pos;
    }

    /** The server sequence number of the message in slot {@code msgnum} (1-based), or -1 if expunged. */
    int seqOf(int msgnum) {
        if (msgnum < 1 || msgnum > size || gone.get(msgnum - 1)) {
            return -1;
        }
        if (goneCount == 0) {
            return msgnum;
        }
        int sum = 0;
        for (int i = msgnum; i > 0; i -= i & -i) {
            sum += tree[i];
        }
        return sum;
    }

    /** The message in slot {@code n} (1-based), created on first use. */
    Imap4libMessage get(int n) {
        if (n < 1 || n > size) {
            throw new IndexOutOfBoundsException("message number " + n + " out of range 1.." + size);
        }
        if (n > msgs.length) {
            msgs = Arrays.copyOf(msgs, capacity(n, msgs.length));
        }
        Imap4libMessage m = msgs[n - 1];
        if (m == null) {
            m = looseOrNull(n);   // announced earlier and still held by someone: the same object
            if (m == null) {
                m = create(n);
            } else {
                loose.remove(n - 1);
            }
            msgs[n - 1] = m;
        }
        return m;
    }

    /**
     * The message in slot {@code n} (1-based) without keeping it: the one in use if there is one,
     * else one held only weakly, which {@link #get} hands out again as long as anyone holds it.
     */
    Imap4libMessage loose(int n) {
        if (n < 1 || n > size) {
            throw new IndexOutOfBoundsException("message number " + n + " out of range 1.." + size);
        }
        Imap4libMessage m = peek(n);
        if (m == null) {
            forgetCollected();
            m = create(n);
            loose.put(n - 1, new Slot(m, n - 1, collected));
        }
        return m;
    }

    /** Slots (0-based) in {@code [from, to)} that are expunged but kept. */
    int goneIn(int from, int to) {
        int count = 0;
        for (int i = gone.nextSetBit(from); i >= 0 && i < to; i = gone.nextSetBit(i + 1)) {
            count++;
        }
        return count;
    }

    /** The message in slot {@code n} (1-based) if one was created, else null (creates none). */
    Imap4libMessage peek(int n) {
        if (n < 1 || n > size) {
            return null;
        }
        return n <= msgs.length && msgs[n - 1] != null ? msgs[n - 1] : looseOrNull(n);
    }

    private Imap4libMessage create(int n) {
        Imap4libMessage m = factory.create(n);
        if (gone.get(n - 1)) {
            m.markExpunged();
        }
        return m;
    }

    private Imap4libMessage looseOrNull(int n) {
        WeakReference<Imap4libMessage> r = loose.isEmpty() ? null : loose.get(n - 1);
        return r == null ? null : r.get();
    }

    /** Drops the entries of loose messages the GC has collected. */
    void forgetCollected() {
        for (java.lang.ref.Reference<?> r; (r = collected.poll()) != null; ) {
            Slot s = (Slot) r;
            loose.remove(s.slot, s);
        }
    }

    /** A weak reference that remembers its slot, so that a collected one can be found and dropped. */
    private static final class Slot extends WeakReference<Imap4libMessage> {
        final int slot;

        Slot(Imap4libMessage m, int slot, ReferenceQueue<Imap4libMessage> q) {
            super(m, q);
            this.slot = slot;
        }
    }

    /** The live message with server sequence number {@code seq}, or null. */
    Imap4libMessage bySeq(long seq) {
        int slot = slotOf(seq);
        return slot < 0 ? null : get(slot + 1);
    }

    /**
     * Removes the expunged slots (this client's {@code expunge()} or close) and renumbers the
     * rest; returns the removed messages in slot order.
     */
    List<Imap4libMessage> compact() {
        if (goneCount == 0) {
            return List.of();
        }
        renumberings++;
        List<Imap4libMessage> removed = new ArrayList<>(goneCount);
        Imap4libMessage[] next = new Imap4libMessage[Math.min(size - goneCount, msgs.length)];
        long[] nextUids = new long[Math.min(size - goneCount, uids.length)];
        forgetCollected();
        Map<Integer, WeakReference<Imap4libMessage>> nextLoose = new HashMap<>();
        int o = 0;
        for (int i = 0; i < size; i++) {
            Imap4libMessage m = i < msgs.length ? msgs[i] : null;
            if (gone.get(i)) {
                removed.add(m != null ? m : get(i + 1));
                continue;
            }
            Imap4libMessage weak = m == null ? looseOrNull(i + 1) : null;
            if (weak != null) {
                weak.renumber(o + 1);
                nextLoose.put(o, new Slot(weak, o, collected));
            }
            if (o < next.length) {
                if (m != null) {
                    m.renumber(o + 1);
                }
                next[o] = m;
            }
            if (o < nextUids.length && i < uids.length) {
                nextUids[o] = uids[i];
            }
            o++;
        }
        msgs = next;
        uids = nextUids;
        loose = nextLoose;
        size -= goneCount;
        gone.clear();
        goneCount = 0;
        tree = null;
        return removed;
    }

    /** Records the UID of slot {@code msgnum} (1-based). */
    void setUid(int msgnum, long uid) {
        if (msgnum < 1 || msgnum > size) {
            return;
        }
        if (msgnum > uids.length) {
            // Grown like msgs, not to the whole mailbox at once: a server claiming ten million
            // messages must not cost 80 MB for the UID of the first.
            uids = Arrays.copyOf(uids, capacity(msgnum, uids.length));
        }
        uids[msgnum - 1] = uid;
    }

    /**
     * New length for an array indexed by slot that must reach slot {@code n}: doubled, not cut to
     * the mailbox size, or a mailbox growing one EXISTS at a time would copy the whole array on
     * every new message (200,000 EXISTS in one NOOP took minutes).
     */
    private static int capacity(int n, int length) {
        return Math.max(n, (int) Math.min((long) length * 2 + 16, MAX_MESSAGES));
    }

    /** The UID of slot {@code msgnum} (1-based), 0 when unknown. */
    long uid(int msgnum) {
        return msgnum >= 1 && msgnum <= uids.length ? uids[msgnum - 1] : 0;
    }

    /** Whether slot {@code msgnum} (1-based) is expunged but kept. */
    boolean isGone(int msgnum) {
        return gone.get(msgnum - 1);
    }

    /** Forgets every message (the folder closed; its messages now throw FolderClosedException). */
    void invalidate() {
        msgs = new Imap4libMessage[0];
        loose = new HashMap<>();
        uids = new long[0];
        size = 0;
        gone.clear();
        goneCount = 0;
        tree = null;
    }

    private void buildTree(int capacity) {
        int[] t = new int[capacity];
        // Every position passes its sum up, empty ones beyond size included, or the upper
        // nodes would miss the totals below them.
        for (int i = 1; i < capacity; i++) {
            if (i <= size && !gone.get(i - 1)) {
                t[i] += 1;
            }
            int j = i + (i & -i);
            if (j < capacity) {
                t[j] += t[i];
            }
        }
        tree = t;
    }

    private void add(int i, int delta) {
        for (; i < tree.length; i += i & -i) {
            tree[i] += delta;
        }
    }
}
