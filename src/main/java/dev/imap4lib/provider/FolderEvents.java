package dev.imap4lib.provider;

import dev.imap4lib.client.Untagged;
import dev.imap4lib.response.FetchData;
import jakarta.mail.Message;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the server reports about an open {@link Imap4libFolder} as it happens (EXISTS, EXPUNGE,
 * RECENT, unsolicited FETCH), applied to the session under the folder's monitor and collected
 * here, then handed to Jakarta Mail's event queue by {@link #fire} once the command (or the IDLE
 * wake-up) that read them is done. Jakarta Mail delivers them on its own dispatcher thread, so no
 * listener runs on a thread that holds the folder's monitor.
 */
final class FolderEvents {
    private final Imap4libFolder f;
    private final OpenFolder s;
    /** New messages to announce; an EXISTS jump by millions reaches listeners in batches. */
    final AddedBatches added;
    /** Mirrors Folder's private list: whether MessageCountEvents have anyone to go to. */
    final List<MessageCountListener> countListeners = new CopyOnWriteArrayList<>();
    final List<Imap4libMessage> flagChanged = new ArrayList<>();
    /** Our own EXPUNGE (or MOVE) is running: its EXPUNGE responses go to {@link #expunged}. */
    boolean expungeInProgress;
    final List<Imap4libMessage> expunged = new ArrayList<>();
    final List<Imap4libMessage> removedElsewhere = new ArrayList<>();

    FolderEvents(Imap4libFolder f) {
        this.f = f;
        this.s = f.session;
        this.added = new AddedBatches(f, () -> s.cache, f::fireAdded);
    }

    /** The connection's untagged listener: runs on whichever thread reads the response (a command's, or the idler). */
    void onUntagged(Untagged u) {
        synchronized (f) {
            onUntaggedLocked(u);
        }
    }

    private void onUntaggedLocked(Untagged u) {
        MessageCache mc = s.cache;
        if (mc == null) {
            return;
        }
        switch (u.type()) {
            case "RECENT" -> {
                if (!s.rev2) {   // Cyrus 3.10 still sends RECENT under rev2, where it means nothing
                    s.recent = (int) Math.min(Integer.MAX_VALUE, u.number());
                }
            }
            case "EXISTS" -> {
                try {
                    int before = mc.size();
                    int n = mc.exists(u.number());
                    if (s.rev2) {
                        s.recent = (int) Math.min(Integer.MAX_VALUE, (long) s.recent + n);
                    }
                    // Message objects only for someone to tell: a server announcing millions of
                    // new messages must not make us build millions of objects nobody asked for.
                    if (!countListeners.isEmpty()) {
                        added.announce(mc, before, n);
                    }
                } catch (IllegalStateException e) {
                    // absurd EXISTS (above MessageCache.MAX_MESSAGES): keep the count we had
                }
            }
            case "EXPUNGE" -> {
                // Our own EXPUNGE returns the messages and listeners get them; otherwise only
                // messages already in use are marked (the others are created marked when used).
                Imap4libMessage m = mc.expunge(u.number(), expungeInProgress || !countListeners.isEmpty());
                if (m != null) {
                    (expungeInProgress ? expunged : removedElsewhere).add(m);
                }
            }
            case "FETCH" -> {
                if (!s.ownFetch) {
                    try {
                        FetchData d = FetchData.parse((int) Math.min(Integer.MAX_VALUE, u.number()), u.tokenizer(), 64);
                        Imap4libMessage m = mc.bySeq(d.msgno());
                        if (m != null) {
                            m.apply(d);
                            if (d.uid() != null) {
                                s.rememberUid(m, d.uid());
                            }
                            if (d.flags() != null) {
                                flagChanged.add(m);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        // an unparseable unsolicited FETCH changes nothing we rely on
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Queues what the responses since the last call raised (caller holds the folder lock). */
    void fire() {
        added.fire();
        if (s.cache != null) {
            s.cache.forgetCollected();
        }
        if (!removedElsewhere.isEmpty()) {
            // Expunged by another client: marked, kept in place, announced (not renumbered).
            for (Imap4libMessage m : removedElsewhere) {
                if (m.uidOrNull() != null) {
                    s.byUid.remove(m.uidOrNull());
                }
            }
            f.fireRemoved(false, removedElsewhere.toArray(new Message[0]));
            removedElsewhere.clear();
        }
        if (!flagChanged.isEmpty()) {
            for (Imap4libMessage m : flagChanged) {
                f.fireChanged(MessageChangedEvent.FLAGS_CHANGED, m);
            }
            flagChanged.clear();
        }
    }

    /** Queues the events a resync on open computed. */
    void fireAll(List<MailEvent> events) {
        for (MailEvent e : events) {
            if (e instanceof MessageChangedEvent ce) {
                f.fireChanged(ce.getMessageChangeType(), ce.getMessage());
            } else if (e instanceof MessageCountEvent ce) {
                if (ce.getType() == MessageCountEvent.ADDED) {
                    f.fireAdded(ce.getMessages());
                } else {
                    f.fireRemoved(false, ce.getMessages());
                }
            }
        }
    }

    /** Forgets what a previous open collected. */
    void clear() {
        added.clear();
        flagChanged.clear();
    }
}
