package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IDLE on an open {@link Imap4libFolder}: the idling thread holds the folder's monitor only to
 * start the IDLE and to queue each wake-up's events, never while it waits, so any other thread
 * can take the monitor and end the IDLE (see {@link OpenFolder#waitIfIdle}). A connection that
 * drops during IDLE is replaced and the messages brought in step by UID.
 */
final class FolderIdle {
    private final Imap4libFolder f;
    private final OpenFolder s;

    FolderIdle(Imap4libFolder f) {
        this.f = f;
        this.s = f.session;
    }

    /**
     * Waits in IDLE until {@code duration} has passed (null: until another thread uses this
     * folder or calls {@link #stopIdle()}), delivering MessageCount and MessageChanged events as
     * the server reports changes. Another thread that needs this folder ends the IDLE first.
     */
    void idle(Duration duration) throws MessagingException {
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        boolean reconnected = false;
        while (true) {
            Imap4.Idler i;
            synchronized (f) {
                s.waitIfIdle();
                while (s.waiters > 0) {
                    try {
                        f.wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new MessagingException("interrupted before IDLE");
                    }
                }
                s.checkOpen();
                if (!s.conn.hasCapability("IDLE")) {
                    throw new MessagingException("the server does not support IDLE");
                }
                learnUids();
                long left = deadline - System.nanoTime();
                if (reconnected && left <= 0) {
                    return;
                }
                try {
                    i = s.conn.idle(duration == null ? null : Duration.ofNanos(Math.max(0, left)));
                } catch (IOException e) {
                    throw s.failure(e);
                }
                s.idler = i;
            }
            IOException failed = null;
            try {
                // The monitor is free while waiting, so other threads can ask the idle to end.
                while (i.next() != null) {
                    synchronized (f) {
                        f.events.fire();
                    }
                }
            } catch (IOException e) {
                failed = e;
            } finally {
                try {
                    i.close();
                } catch (IOException e) {
                    failed = failed == null ? e : failed;
                }
            }
            synchronized (f) {
                s.idler = null;
                f.notifyAll();
                f.events.fire();
                if (failed == null || s.conn == null) {
                    return;
                }
                if (!(failed instanceof Imap4AbortException) || !reconnect()) {
                    throw s.failure(failed);
                }
                reconnected = true;
            }
        }
    }

    /**
     * Makes sure every live message's UID is known (one UID SEARCH ALL), so that after a
     * dropped connection the folder can tell which messages survived.
     */
    private void learnUids() throws MessagingException {
        int live = s.cache.live();
        boolean missing = false;
        for (int n = 1; n <= s.cache.size() && !missing; n++) {
            missing = !s.cache.isGone(n) && s.cache.uid(n) == 0;
        }
        if (!missing || live == 0) {
            return;
        }
        long[] all = s.withConnection(c -> c.uidSearch(null, "ALL").check().value().numbers());
        if (all.length != s.cache.live()) {
            return; // the mailbox changed meanwhile; the next IDLE tries again
        }
        int seq = 0;
        for (int n = 1; n <= s.cache.size(); n++) {
            if (!s.cache.isGone(n)) {
                s.cache.setUid(n, all[seq++]);
            }
        }
    }

    /**
     * After the connection dropped during IDLE: opens a new one, selects the mailbox again and,
     * when UIDVALIDITY is unchanged, brings the messages in step by UID — those gone are marked
     * expunged and announced, those new are added and announced — so the IDLE can go on.
     *
     * @return false when the folder cannot be resumed safely (it is then closed)
     */
    private boolean reconnect() {
        Imap4 old = s.conn;
        if (old != null) {
            old.removeUntaggedListener(s.listener);
            old.shutdown();
        }
        Imap4 c = null;
        try {
            c = f.store().borrow();
            Result<SelectInfo> r = c.select(f.getFullName(), f.openMode() == Folder.READ_ONLY);
            SelectInfo info = r.value();
            if (!r.isOk() || info == null || s.selectInfo == null || info.uidValidity() != s.selectInfo.uidValidity()) {
                c.close();
                return false;
            }
            long[] now = info.exists() == 0 ? new long[0] : c.uidSearch(null, "ALL").check().value().numbers();
            // Old live slots with their UIDs, in sequence order; unknown UIDs only at the tail
            // (messages announced during the IDLE that dropped).
            List<Integer> slots = new ArrayList<>();
            long maxKnown = 0;
            int unknown = 0;
            for (int n = 1; n <= s.cache.size(); n++) {
                if (!s.cache.isGone(n)) {
                    slots.add(n);
                    long u = s.cache.uid(n);
                    if (u == 0) {
                        unknown++;
                    } else if (unknown > 0) {
                        c.close();
                        return false; // a hole we cannot place
                    } else {
                        maxKnown = Math.max(maxKnown, u);
                    }
                }
            }
            int newer = 0;
            for (long u : now) {
                if (u > maxKnown) {
                    newer++;
                }
            }
            if (newer < unknown) {
                c.close();
                return false; // some messages that arrived just before the drop are gone again
            }
            // Expunged while we were away: walk in sequence order; seq counts survivors so far.
            int seq = 0;
            for (int n : slots) {
                long u = s.cache.uid(n);
                if (u != 0 && Arrays.binarySearch(now, u) < 0) {
                    Imap4libMessage m = s.cache.expunge(seq + 1);
                    if (m != null) {
                        f.events.removedElsewhere.add(m);
                    }
                } else {
                    seq++;
                }
            }
            int before = s.cache.size();
            int n = s.cache.exists(now.length);
            if (now.length > 0) {
                flagsChangedMeanwhile(c);
            }
            f.events.added.announce(s.cache, before, n);
            s.conn = c;
            s.selectInfo = info;
            c.addUntaggedListener(s.listener);
            s.lastCommand = System.currentTimeMillis();
            f.events.fire();
            return true;
        } catch (IOException | MessagingException | RuntimeException e) {
            if (c != null) {
                c.shutdown();
            }
            return false;
        }
    }

    /**
     * After a reconnect: a message whose flags the client had seen and that another client
     * changed while the connection was down gets its new flags and a MessageChangedEvent, as
     * if the IDLE had reported it. {@code \Recent} is left out of the comparison: it belongs to
     * the session that first saw the message, so the new session never reports it for old ones.
     * Streams the answers: memory stays flat whatever the mailbox's size.
     */
    private void flagsChangedMeanwhile(Imap4 c) throws IOException {
        c.fetch("1:*", "(UID FLAGS)", null, d -> {
            if (d.flags() == null) {
                return;
            }
            int slot = s.cache.slotOf(d.msgno());
            Imap4libMessage m = slot < 0 ? null : s.cache.peek(slot + 1);
            Flags known = m == null ? null : m.flagsIfLoaded();
            if (known == null) {
                return; // never looked at, or collected: read fresh when next asked
            }
            Flags now = new Flags();
            for (String x : d.flags()) {
                Imap4libFolder.addFlag(now, x);
            }
            Flags was = new Flags(known);
            was.remove(Flags.Flag.RECENT);
            now.remove(Flags.Flag.RECENT);
            if (!was.equals(now)) {
                m.apply(d);
                f.events.flagChanged.add(m);
            }
        }).check();
    }

    /** Whether a thread is in {@link #idle} with the IDLE command accepted by the server (for tests). */
    boolean isIdling() {
        Imap4.Idler i = s.idler;
        return i != null && i.isIdling();
    }

    /** Ends an IDLE running in another thread. */
    void stopIdle() {
        Imap4.Idler i = s.idler;
        if (i != null) {
            try {
                i.done();
            } catch (IOException ignored) {
                // the idling thread sees the broken connection
            }
        }
    }
}
