package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Imap4ReadOnlyException;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.client.UntaggedListener;
import dev.imap4lib.response.SequenceSet;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.ReadOnlyFolderException;
import jakarta.mail.event.ConnectionEvent;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open-folder session of an {@link Imap4libFolder}: its own connection with the mailbox
 * selected, the message cache and sequence map, the UID index, UIDVALIDITY and HIGHESTMODSEQ (in
 * the SELECT answer), open, close and resync on open. Every field is guarded by the folder's
 * monitor (see the concurrency model in {@link Imap4libFolder}); {@link #idler} is also read
 * without it, to end an IDLE from another thread.
 */
final class OpenFolder {
    private final Imap4libFolder f;

    /** Volatile for {@link #isOpen}, which takes no lock; written only under the monitor. */
    volatile Imap4 conn;
    MessageCache cache;
    /** Volatile for {@link Imap4libFolder#getPermanentFlags}, which takes no lock. */
    volatile SelectInfo selectInfo;
    final Map<Long, Imap4libMessage> byUid = new HashMap<>();
    final UntaggedListener listener;
    /** Our own command is running: its FETCH responses are its own to apply, not unsolicited. */
    boolean ownFetch;
    long lastCommand;
    volatile Imap4.Idler idler;
    /** Threads waiting to use the connection; a new IDLE lets them go first, so none starves. */
    int waiters;
    int recent;
    /** The open connection speaks IMAP4rev2: {@link #recent} counts arrivals since open. */
    boolean rev2;
    /** The connection died under this open folder (FolderClosedException rather than IllegalStateException). */
    boolean lost;


    OpenFolder(Imap4libFolder f) {
        this.f = f;
        this.listener = u -> f.events.onUntagged(u);
    }

    /**
     * Opens the folder and resynchronises from {@code rd} (Angus Mail's {@code open(int,
     * ResyncData)}): returns what changed since, as events that listeners also receive (see
     * {@link Resync}). With {@code rd} null this is {@link #open(int)}, which resynchronises from
     * the store's own memory of the folder when it has one ({@code mail.imap.resync.enable}).
     * An empty list when nothing is known or UIDVALIDITY changed (every message is then new).
     */
    List<jakarta.mail.event.MailEvent> open(int mode, ResyncData rd) throws MessagingException {
        if (isOpen()) {
            throw new IllegalStateException("folder " + f.getFullName() + " is already open");
        }
        if (mode != Folder.READ_ONLY && mode != Folder.READ_WRITE) {
            throw new IllegalArgumentException("mode must be READ_ONLY or READ_WRITE");
        }
        Imap4 c = f.store().borrow();
        c.addUntaggedListener(listener);
        Result<SelectInfo> r;
        boolean condstore = false;
        try {
            // resync needs HIGHESTMODSEQ from SELECT: SELECT ... (CONDSTORE) enables it in the same round trip
            condstore = (rd != null || f.store().memory() != null) && c.hasCapability("CONDSTORE")
                    && !c.isEnabled("CONDSTORE");
            r = c.select(f.getFullName(), mode == Folder.READ_ONLY, condstore);
            if (!r.isOk() && mode == Folder.READ_WRITE && f.config().allowReadOnlySelect) {
                r = examineInstead(c, "refused SELECT (" + r.text() + ")", condstore);
                mode = Folder.READ_ONLY;
            }
        } catch (Imap4ReadOnlyException e) {
            if (!f.config().allowReadOnlySelect) {
                c.removeUntaggedListener(listener);
                closeQuietly(c);
                throw new ReadOnlyFolderException(f, f.getFullName() + " can only be opened read-only");
            }
            try {
                r = examineInstead(c, "is read-only", condstore);
                mode = Folder.READ_ONLY;
            } catch (IOException e2) {
                c.removeUntaggedListener(listener);
                closeQuietly(c);
                throw new MessagingException("cannot open " + f.getFullName() + ": " + e2.getMessage(), e2);
            }
        } catch (IOException e) {
            c.removeUntaggedListener(listener);
            closeQuietly(c);
            throw new MessagingException("cannot open " + f.getFullName() + ": " + e.getMessage(), e);
        }
        if (!r.isOk()) {
            c.removeUntaggedListener(listener);
            f.store().giveBack(c);
            throw f.status.notOpenable(r.text());
        }
        SelectInfo info = r.value();
        if (info.exists() > MessageCache.MAX_MESSAGES) {
            c.removeUntaggedListener(listener);
            closeQuietly(c);
            throw new MessagingException("server reports " + info.exists() + " messages in " + f.getFullName()
                    + ", above the limit of " + MessageCache.MAX_MESSAGES);
        }
        conn = c;
        lost = false;
        rev2 = c.imap4rev2Enabled();
        recent = rev2 ? 0 : (int) Math.max(0, info.recent());
        selectInfo = info;
        cache = new MessageCache(n -> new Imap4libMessage(f, n), (int) Math.max(0, info.exists()));
        byUid.clear();
        f.events.clear();
        f.setOpenMode(mode);
        List<jakarta.mail.event.MailEvent> events = resyncOnOpen(c, info, rd);
        lastCommand = System.currentTimeMillis();
        f.store().folderOpened(f);
        f.fireConnection(ConnectionEvent.OPENED);
        f.events.fireAll(events);
        return events;
    }

    /** The resync hook of open: see {@link Resync}; on a server answer that does not fit, opens without. */
    private List<jakarta.mail.event.MailEvent> resyncOnOpen(Imap4 c, SelectInfo info, ResyncData rd)
            throws MessagingException {
        FolderMemory memory = f.store().memory();
        FolderMemory.Snapshot snap = memory == null ? null : memory.take(f.getFullName());
        Resync.Known known = rd == null && snap == null ? null : Resync.known(info, rd, snap);
        if (known == null) {
            return List.of();
        }
        ownFetch = true;
        try {
            return Resync.events(Resync.run(c, info, known, cache, f), f);
        } catch (Resync.Inconsistent | Imap4Exception e) {
            if (e instanceof Imap4AbortException a) {
                throw resyncFailed(c, a);
            }
            // A refusal or an answer that does not fit: the mailbox is as SELECT said, without resync.
            cache = new MessageCache(n -> new Imap4libMessage(f, n), (int) Math.max(0, info.exists()));
            byUid.clear();
            return List.of();
        } catch (IOException e) {
            throw resyncFailed(c, e);
        } finally {
            ownFetch = false;
        }
    }

    /** The connection failed during the resync: the open fails as a failed SELECT would. */
    private MessagingException resyncFailed(Imap4 c, IOException e) {
        c.removeUntaggedListener(listener);
        closeQuietly(c);
        conn = null;
        cache = null;
        return new MessagingException("cannot resynchronise " + f.getFullName() + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Imap4 c) {
        c.close();
    }

    void close(boolean expunge) throws MessagingException {
        waiters++;
        try {
            waitIfIdle();
        } finally {
            waiters--;
            f.notifyAll();
        }
        checkOpen();
        Imap4 c = conn;
        try {
            if ((expunge && f.openMode() == Folder.READ_WRITE) || c.isReadOnly()) {
                // CLOSE expunges nothing in a mailbox selected read-only (RFC 3501 6.4.2)
                c.closeMailbox();
            } else if (c.hasCapability("UNSELECT")) {
                c.unselect();
            } else {
                // Without UNSELECT, re-EXAMINE so that CLOSE cannot expunge anything.
                c.examine(f.getFullName());
                c.closeMailbox();
            }
            rememberForResync();
            c.removeUntaggedListener(listener);
            f.store().giveBack(c);
        } catch (IOException e) {
            c.shutdown();
        } finally {
            detach();
        }
    }

    /** Leaves the store what a later open needs to resynchronise (automatic resync). */
    private void rememberForResync() {
        FolderMemory memory = f.store().memory();
        FolderMemory.Snapshot s = memory == null ? null : Resync.snapshot(selectInfo, cache, memory);
        if (s != null) {
            memory.put(f.getFullName(), s);
        }
    }

    /** Drops the open state without talking to the server (the store closed or the connection died). */
    void forceClose() {
        if (conn == null) {
            return;
        }
        lost = true;
        conn.removeUntaggedListener(listener);
        conn.shutdown();
        detach();
    }

    private void detach() {
        conn = null;
        f.status.forget(); // counts seen while open may differ from the last STATUS
        if (cache != null) {
            cache.invalidate();
        }
        cache = null;
        byUid.clear();
        f.store().folderClosed(f);
        f.fireConnection(ConnectionEvent.CLOSED);
    }

    boolean isOpen() {
        return conn != null;
    }

    void checkOpen() throws FolderClosedException {
        if (conn == null) {
            if (lost) {
                throw new FolderClosedException(f, "lost the connection to the server; " + f.getFullName() + " is closed");
            }
            throw new IllegalStateException("folder " + f.getFullName() + " is not open");
        }
    }

    /** A connection failure while open: the folder closes, and the caller gets FolderClosedException. */
    MessagingException failure(IOException e) {
        if (e instanceof Imap4AbortException) {
            forceClose();
            // Only this folder's connection is known to be gone; the store finds out about its
            // own connection when it next uses it (no extra round trip here).
            return new FolderClosedException(f, "connection lost: " + e.getMessage());
        }
        return new MessagingException(e.getMessage(), e);
    }

    /**
     * Runs {@code op} on the connection (caller holds the folder lock): a running IDLE is ended
     * first, and the events its responses raised are queued once it is done.
     */
    <T> T withConnection(Imap4libFolder.FolderOp<T> op) throws MessagingException {
        waiters++;
        try {
            waitIfIdle();
            checkOpen();
            T r = op.run(conn);
            lastCommand = System.currentTimeMillis();
            return r;
        } catch (IOException e) {
            throw failure(e);
        } finally {
            waiters--;
            f.notifyAll(); // an idle() waiting for us may go on
            f.events.fire();
        }
    }


    /** EXAMINE after a READ_WRITE open was refused or came back read-only ({@code allowreadonlyselect}). */
    private Result<SelectInfo> examineInstead(Imap4 c, String why, boolean condstore) throws IOException {
        f.note(f.getFullName() + " " + why + "; allowreadonlyselect: opening it read-only");
        return c.select(f.getFullName(), true, condstore && !c.isEnabled("CONDSTORE"));
    }

    /** Sequence set of the given (open, live) messages of this folder, compressed into ranges. */
    String seqSet(Message[] msgs) throws MessagingException {
        long[] nums = new long[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            Message m = msgs[i];
            if (m.getFolder() != f) {
                throw new MessagingException("message " + m.getMessageNumber() + " is not in " + f.getFullName());
            }
            int seq = m.isExpunged() ? -1 : cache.seqOf(m.getMessageNumber());
            if (seq < 0) {
                throw new MessageRemovedException("message " + m.getMessageNumber() + " was expunged");
            }
            nums[i] = seq;
        }
        Arrays.sort(nums);
        return SequenceSet.of(nums).toString();
    }

    /** Records that {@code m} has {@code uid}: on the message, in the UID index and in the cache. */
    void rememberUid(Imap4libMessage m, long uid) {
        m.learnUid(uid);
        byUid.put(uid, m);
        if (cache != null) {
            cache.setUid(m.getMessageNumber(), uid);
        }
    }

    /**
     * Called with the monitor held before using the connection: asks a running IDLE to end and
     * waits (releasing the monitor, so the idling thread can finish) until it has.
     */
    void waitIfIdle() throws MessagingException {
        while (idler != null) {
            f.idling.stopIdle();
            try {
                f.wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MessagingException("interrupted while waiting for IDLE to end");
            }
        }
    }

    void checkWritable() {
        if (f.openMode() != Folder.READ_WRITE) {
            throw new IllegalStateException("folder " + f.getFullName() + " is open read-only");
        }
    }
}
