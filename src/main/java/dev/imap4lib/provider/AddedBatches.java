package dev.imap4lib.provider;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import jakarta.mail.internet.MimeMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The "messages added" announcements of one open folder, so that a server announcing millions of
 * new messages at once ({@code * 5000000 EXISTS}) never makes the client build millions of
 * Message objects at once.
 *
 * <p>Up to {@link #BATCH} new messages per round of responses are announced as before, in one
 * {@link MessageCountEvent} whose messages the folder keeps. Beyond that, the round is queued as a
 * single <em>jump</em> through Jakarta Mail's event queue, so it keeps its place among the
 * folder's other events; each registered listener is wrapped, and on the event thread the wrapper
 * turns the jump into consecutive events of at most {@code BATCH} messages each, built only when
 * that batch is delivered and held by the folder only weakly ({@link MessageCache#loose}). So the
 * heap holds one batch per listener at a time, whatever the count; the listener sees every new
 * message exactly once, in order, with the same Message object the folder hands out for that
 * number while anyone still holds it.
 *
 * <p>Batches rather than one event with a lazily built array: {@link MessageCountEvent#getMessages()}
 * returns a plain array, and a listener that called it would have the millions built anyway.
 *
 * <p>Guarded by the folder's monitor, except the delivery itself, which runs on the event thread
 * and takes the monitor only to build each batch.
 */
final class AddedBatches {
    /** Largest number of messages in one event (and in one round announced the plain way). */
    static final int BATCH = 1000;

    private final Object lock;
    private final Supplier<MessageCache> current;
    private final Consumer<Message[]> notify;
    /** The plain way: messages added in this round, announced together (consecutive slots). */
    private final List<Message> added = new ArrayList<>();
    /** The round's jump, once it has outgrown {@code added}; queued by {@link #fire}. */
    private Jump open;
    /** Jumps queued and not yet delivered to every listener: renumbered when the folder compacts. */
    private final List<Jump> pending = new ArrayList<>();
    /** The wrappers registered with Jakarta Mail, by the listener they wrap. */
    private final List<Wrapper> wrappers = new ArrayList<>();

    /**
     * @param lock    the folder (its monitor guards the cache)
     * @param current the folder's cache now (null while closed)
     * @param notify  the folder's notifyMessageAddedListeners
     */
    AddedBatches(Object lock, Supplier<MessageCache> current, Consumer<Message[]> notify) {
        this.lock = lock;
        this.current = current;
        this.notify = notify;
    }

    /** Slots {@code before+1 .. before+n} of {@code cache} are new; listeners are to hear of them. */
    void announce(MessageCache cache, int before, int n) {
        if (n <= 0) {
            return;
        }
        if (open != null && open.cache == cache) {
            open.count += n;
        } else if (added.size() + n > BATCH) {
            int start = added.isEmpty() ? before + 1 : added.get(0).getMessageNumber();
            open = new Jump(cache, start, added.size() + n);
            added.clear();
        } else {
            for (int i = 1; i <= n; i++) {
                added.add(cache.get(before + i));
            }
        }
    }

    /** Queues what this round added for the listeners (called with the folder's monitor held). */
    void fire() {
        if (open != null) {
            Jump j = open;
            open = null;
            if (!wrappers.isEmpty()) {
                // Jakarta's queue delivers the event to the listeners registered now, one by one
                j.delivered = new int[wrappers.size()];
                pending.add(j);
                notify.accept(new Message[] {new JumpMarker(j)});
            }
        } else if (!added.isEmpty()) {
            notify.accept(added.toArray(new Message[0]));
            added.clear();
        }
    }

    /** The folder was (re)opened: nothing from before is announced. */
    void clear() {
        added.clear();
        open = null;
    }

    /**
     * The folder is about to drop {@code cache}'s expunged slots and renumber the rest: moves the
     * jumps still being delivered along. Messages of a jump expunged meanwhile are left out of it
     * (their slot is gone; this client's expunge announces them as removed).
     */
    void beforeCompact(MessageCache cache) {
        if (open != null && open.cache == cache) {
            fire(); // queued with the numbers they have now, which the shift below then follows
        }
        for (Jump j : pending) {
            if (j.cache != cache) {
                continue;
            }
            int s0 = j.start - 1;
            for (int k = 0; k < j.delivered.length; k++) {
                j.delivered[k] -= cache.goneIn(s0, s0 + j.delivered[k]);
            }
            j.count -= cache.goneIn(s0, s0 + j.count);
            j.start -= cache.goneIn(0, s0);
        }
    }

    /** The listener to register with Jakarta Mail in place of {@code l}. */
    MessageCountListener wrap(MessageCountListener l) {
        Wrapper w = new Wrapper(l);
        wrappers.add(w);
        return w;
    }

    /** The wrapper {@link #wrap} made for {@code l} (the first if added twice), or null. */
    MessageCountListener unwrap(MessageCountListener l) {
        for (int i = 0; i < wrappers.size(); i++) {
            if (wrappers.get(i).target == l) {
                return wrappers.remove(i);
            }
        }
        return null;
    }

    /** Delivers jump {@code j} to the listener {@code w} wraps, batch by batch (event thread). */
    private void deliver(Jump j, Wrapper w) {
        int slot;
        synchronized (lock) {
            slot = j.listener();
            if (slot >= j.delivered.length) {
                return; // cannot happen: Jakarta delivers to the listeners copied when queued
            }
        }
        while (true) {
            Message[] batch;
            synchronized (lock) {
                int from = j.delivered[slot];
                int n = Math.min(BATCH, j.count - from);
                if (n <= 0) {
                    if (j.finished()) {
                        pending.remove(j);
                    }
                    return;
                }
                batch = build(j, from, n);
                j.delivered[slot] = from + n;
            }
            try {
                w.target.messagesAdded(new MessageCountEvent((jakarta.mail.Folder) lock, MessageCountEvent.ADDED, false, batch));
            } catch (RuntimeException e) {
                // as Jakarta's event queue does: a failing listener does not stop the delivery
            }
        }
    }

    private Message[] build(Jump j, int from, int n) {
        MessageCache c = current.get();
        if (c != null) {
            c.forgetCollected();
        }
        Message[] batch = new Message[n];
        for (int i = 0; i < n; i++) {
            int msgnum = j.start + from + i;
            // Closed (or reopened) since: messages of the old session, which refuse to be used.
            batch[i] = c == j.cache ? c.loose(msgnum) : new Imap4libMessage((Imap4libFolder) lock, msgnum);
        }
        return batch;
    }

    /** Consecutive new slots announced as one event through Jakarta's queue, delivered in batches. */
    private static final class Jump {
        final MessageCache cache;
        int start;
        int count;
        /** Per listener the event went to (Jakarta's copy of the list when queued): messages delivered. */
        int[] delivered;
        private int started;
        private int finished;

        Jump(MessageCache cache, int start, int count) {
            this.cache = cache;
            this.start = start;
            this.count = count;
        }

        /** The index of the next listener the event reaches. */
        int listener() {
            return started++;
        }

        /** One more listener has had all; true when it was the last. */
        boolean finished() {
            return ++finished >= delivered.length;
        }
    }

    /** The single element of the event that carries a jump; no listener ever sees it. */
    private static final class JumpMarker extends MimeMessage {
        final Jump jump;

        JumpMarker(Jump jump) {
            super((Session) null);
            this.jump = jump;
        }
    }

    /** A caller's listener, registered with Jakarta Mail through this, so that jumps reach it in batches. */
    private final class Wrapper implements MessageCountListener {
        final MessageCountListener target;

        Wrapper(MessageCountListener target) {
            this.target = target;
        }

        @Override
        public void messagesAdded(MessageCountEvent e) {
            Message[] m = e.getMessages();
            if (m.length == 1 && m[0] instanceof JumpMarker jm) {
                deliver(jm.jump, this);
            } else {
                target.messagesAdded(e);
            }
        }

        @Override
        public void messagesRemoved(MessageCountEvent e) {
            target.messagesRemoved(e);
        }
    }
}
