package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.MailboxEvent;
import dev.imap4lib.client.NotifySpec;
import dev.imap4lib.client.NotifySpec.Event;
import dev.imap4lib.client.Untagged;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.event.FolderEvent;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageChangedListener;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches many folders of an {@link Imap4libStore} over one dedicated connection, started by
 * {@link Imap4libStore#watch(Folder...)} or {@link Imap4libStore#watchAll()}; {@link #close()}
 * ends it (closing the store does too).
 *
 * <p>With NOTIFY (RFC 5465) the connection sends {@code NOTIFY SET STATUS} for the folders (or
 * all personal folders) plus MailboxName for all personal folders, then IDLEs; without NOTIFY it
 * polls {@code STATUS} of each watched folder every poll interval
 * ({@code mail.imap4lib.watch.pollinterval}, milliseconds, default 30000) and reports no
 * folder events. Either way one thread, named {@code imap4lib-watch-<host>-<n>}, a daemon
 * without context class loader, runs until {@link #close()}.
 *
 * <p>What is delivered:
 * <ul>
 *   <li>{@link MessageCountEvent}s to the {@link MessageCountListener}s of the watched
 *       {@link Folder} objects (through Jakarta Mail's event queue, like a folder's own events)
 *       and to those added here with {@link #addMessageCountListener} (called on the watch
 *       thread; for {@link Imap4libStore#watchAll()} the only way to hear of every folder). The
 *       folder need not be open. Counts come from STATUS MESSAGES and UIDNEXT: UIDNEXT grown by
 *       k means k messages added; MESSAGES then tells how many were removed. The event's
 *       messages are numbered placeholders (the new ones last); their content can be read once
 *       the folder is open ({@link jakarta.mail.FolderClosedException} before), and
 *       {@link #lastStatus(String)} gives the UIDNEXT to fetch the new messages by UID. A changed
 *       UIDVALIDITY reports all old messages removed and all current ones added.
 *   <li>{@link FolderEvent}s (created, deleted, renamed) for every personal folder, from
 *       {@code * LIST}, to the store's {@link jakarta.mail.event.FolderListener}s, and to a
 *       watched folder's own listeners when it is the one deleted or renamed. A change this
 *       store made itself is reported here as well as by the folder that made it.
 *   <li>After {@code [NOTIFICATIONOVERFLOW]} the watch sends NOTIFY SET STATUS again and reports
 *       what changed meanwhile from the new STATUS answers.
 *   <li>When the watch connection drops, the watch opens a new one (up to
 *       {@value #RECONNECT_ATTEMPTS} attempts, 0.5 s to 8 s apart), sends NOTIFY again (or polls)
 *       and reports what changed while it was down, compared with the last STATUS it saw: the
 *       events resume without repeating any. Only when every attempt fails does it stop.
 *   <li>{@link MessageChangedEvent}s ({@link MessageChangedEvent#FLAGS_CHANGED}) when another
 *       client changes a message's flags, to the {@link MessageChangedListener}s of the watched
 *       folders and to those added here with {@link #addMessageChangedListener} (for
 *       {@link Imap4libStore#watchAll()} only these), when the server has CONDSTORE
 *       ({@link #reportsFlagChanges()}). A STATUS only says that a folder's HIGHESTMODSEQ moved
 *       (Cyrus 3.10 answers NOTIFY FlagChange for a folder that is not selected with
 *       {@code * STATUS box (UIDVALIDITY UNSEEN HIGHESTMODSEQ)}; polling sees it in STATUS), so
 *       the watch then leaves IDLE, EXAMINEs the folder, asks
 *       {@code UID FETCH 1:* (UID FLAGS MODSEQ) (CHANGEDSINCE <last>)}, UNSELECTs and IDLEs again:
 *       one event per changed message, whose flags are the new ones and whose UID
 *       ({@link Imap4libFolder#getUID}) and MODSEQ are known; its number is the one it had in that
 *       EXAMINE, its other content needs the folder open. A move of HIGHESTMODSEQ that the new
 *       and removed messages explain (one step each) is not looked into. Where the server counts
 *       HIGHESTMODSEQ across all of a user's mailboxes (Cyrus 3.x), a folder's value jumps with
 *       every change elsewhere: once a look that a NOTIFY event with new or removed messages
 *       prompted found no flag changed, such events no longer make the watch leave IDLE; the
 *       folder's own FlagChange news (a STATUS without MESSAGES) does, and that look starts from
 *       the HIGHESTMODSEQ up to which its flags were known. Several changes of the
 *       same message before the watch looks are one event with the final flags. A folder open in
 *       this store also hears of the change from its own connection, when that next talks to the
 *       server. Without NOTIFY the poll finds the changes one poll interval late; without CONDSTORE
 *       no flag changes are reported.
 * </ul>
 */
public final class Imap4libWatch implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final Duration DEFAULT_POLL = Duration.ofSeconds(30);
    /** Reconnect attempts after the watch connection drops, waiting 0.5 s, 1 s, 2 s, 4 s, 8 s before them. */
    static final int RECONNECT_ATTEMPTS = 5;
    private static final long FIRST_RECONNECT_DELAY_MILLIS = 500;
    /** How long the watch waits for more events before it leaves IDLE to look at flag changes. */
    private static final Duration SETTLE = Duration.ofMillis(20);

    private final Imap4libStore store;
    private final Map<String, Imap4libFolder> folders = new LinkedHashMap<>();
    private final boolean all;
    private final Duration pollInterval;
    /** The watch connection; replaced by {@link #reconnect} when it drops. */
    private volatile Imap4 conn;
    private final boolean notify;
    private final Map<String, MailboxStatus> last = new ConcurrentHashMap<>();
    private final List<MessageCountListener> listeners = new CopyOnWriteArrayList<>();
    private final List<MessageChangedListener> changedListeners = new CopyOnWriteArrayList<>();
    /** CONDSTORE: STATUS carries HIGHESTMODSEQ, so flag changes can be found. */
    private final boolean condstore;
    /** Folders whose HIGHESTMODSEQ moved beyond what new and removed messages explain, with what was known before. */
    private final Map<String, MailboxStatus> pendingFlags = new LinkedHashMap<>();
    /**
     * The server's HIGHESTMODSEQ counts across all of a user's mailboxes (Cyrus 3.x: one counter
     * per user), so a folder's value jumps with changes elsewhere: learned when a look-up that a
     * NOTIFY event with new or removed messages prompted found no flag changed.
     */
    private boolean sharedModSeq;
    /** Folders of {@link #pendingFlags} put there by an event with new or removed messages: what the look-up teaches. */
    private final Set<String> countPrompted = new HashSet<>();
    /**
     * Per folder, the STATUS up to which its flags are known, where later NOTIFY count events
     * moved its HIGHESTMODSEQ without a look ({@link #sharedModSeq}): the next look starts there.
     */
    private final Map<String, MailboxStatus> flagsKnown = new HashMap<>();
    /**
     * STATUS and LIST responses that arrive while the watch is out of IDLE (its DONE, its flag
     * look-ups), which no {@link Imap4.Idler#next} hands out: seen by {@link #collector}.
     */
    private final Deque<Untagged> between = new ArrayDeque<>();
    private volatile boolean collecting;
    private final dev.imap4lib.client.UntaggedListener collector = this::collect;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Imap4.Idler idler;
    private volatile Exception failure;

    private Imap4libWatch(Imap4libStore store, List<Imap4libFolder> watched, boolean all, Duration pollInterval,
            boolean notifyAllowed) throws MessagingException {
        this.store = store;
        this.all = all;
        this.pollInterval = pollInterval;
        for (Imap4libFolder f : watched) {
            folders.put(f.getFullName(), f);
        }
        conn = store.openConnection();
        notify = notifyAllowed && conn.hasCapability("NOTIFY") && conn.hasCapability("IDLE");
        condstore = conn.hasCapability("CONDSTORE") || conn.hasCapability("QRESYNC");
        try {
            prepare(conn);
            if (all && !notify) {
                throw new MessagingException("the server has no NOTIFY: watchAll() needs it; watch(Folder...) polls STATUS instead");
            }
            if (notify) {
                sendNotify(false);
            } else {
                poll(false);
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            conn.close();
            throw e instanceof MessagingException me ? me : new MessagingException("cannot start the watch: " + e.getMessage(), e);
        }
        thread = new Thread(null, this::run, "imap4lib-watch-" + store.host() + "-" + COUNTER.incrementAndGet(), 0, false);
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        thread.start();
    }

    static Imap4libWatch start(Imap4libStore store, List<Imap4libFolder> watched, boolean all, Duration pollInterval)
            throws MessagingException {
        return new Imap4libWatch(store, watched, all, pollInterval, true);
    }

    /** For tests: polls even where the server has NOTIFY (the caller closes it; the store does not know it). */
    static Imap4libWatch polling(Imap4libStore store, List<Imap4libFolder> watched, Duration pollInterval)
            throws MessagingException {
        return new Imap4libWatch(store, watched, false, pollInterval, false);
    }

    /** Whether the server's NOTIFY is used (else STATUS polling). */
    public boolean usesNotify() {
        return notify;
    }

    /**
     * Whether flag changes are reported ({@link MessageChangedEvent}s): the server has CONDSTORE.
     */
    public boolean reportsFlagChanges() {
        return condstore;
    }

    /**
     * Adds a listener for flag changes in every watched folder (with {@link Imap4libStore#watchAll()}:
     * every personal folder), called on the watch thread.
     */
    public void addMessageChangedListener(MessageChangedListener l) {
        changedListeners.add(l);
    }

    /** Removes a listener added with {@link #addMessageChangedListener}. */
    public void removeMessageChangedListener(MessageChangedListener l) {
        changedListeners.remove(l);
    }

    /** Adds a listener for the message counts of every watched folder, called on the watch thread. */
    public void addMessageCountListener(MessageCountListener l) {
        listeners.add(l);
    }

    /** Removes a listener added with {@link #addMessageCountListener}. */
    public void removeMessageCountListener(MessageCountListener l) {
        listeners.remove(l);
    }

    /** The latest STATUS the watch saw for {@code folderName} (MESSAGES, UIDNEXT, UIDVALIDITY), or null. */
    public MailboxStatus lastStatus(String folderName) {
        return last.get(folderName);
    }

    /**
     * Whether the watch still runs: false after {@link #close()} or when its connection failed
     * and could not be opened again ({@link #failure()}).
     */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** The watch's connection (for tests: closed after {@link #close()}). */
    Imap4 connection() {
        return conn;
    }

    /** Why the watch stopped by itself (its connection failed), or null. */
    public Exception failure() {
        return failure;
    }

    /** Ends the watch: leaves IDLE, logs the connection out, and waits for the thread to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        store.forgetWatch(this);
        Imap4.Idler i = idler;
        try {
            if (i != null) {
                i.done();
            }
        } catch (IOException ignored) {
            // the connection is closed below either way
        }
        thread.interrupt(); // ends a polling sleep
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        conn.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                try {
                    if (notify) {
                        idleOnce();
                    } else {
                        try {
                            Thread.sleep(Math.max(1, pollInterval.toMillis()));
                        } catch (InterruptedException e) {
                            break;
                        }
                        if (!closed) {
                            poll(true);
                            lookAtFlagChanges();
                        }
                    }
                } catch (Imap4AbortException dropped) {
                    if (closed || !reconnect(dropped)) {
                        break;
                    }
                }
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            if (!closed) {
                failure = e;
                conn.close();
            }
        }
    }

    /**
     * A dropped watch connection is opened again (a few bounded attempts); its NOTIFY SET STATUS
     * (or first poll) answers are compared with the last STATUS seen, so what changed while it was
     * down is reported once and nothing twice.
     *
     * @return false when every attempt failed or the watch was closed meanwhile
     */
    private boolean reconnect(Exception cause) {
        conn.close();
        long delay = FIRST_RECONNECT_DELAY_MILLIS;
        for (int attempt = 0; attempt < RECONNECT_ATTEMPTS && !closed; attempt++, delay *= 2) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return false; // close() interrupts
            }
            Imap4 fresh = null;
            try {
                fresh = store.openConnection();
                conn = fresh;
                if (closed) {
                    fresh.close(); // close() may have closed the old one just before
                    return false;
                }
                prepare(fresh);
                if (notify) {
                    sendNotify(true);
                } else {
                    poll(true);
                }
                return true;
            } catch (IOException | MessagingException | RuntimeException e) {
                cause = e;
                if (fresh != null) {
                    fresh.close();
                }
            }
        }
        failure = cause;
        return false;
    }

    /**
     * ENABLE CONDSTORE, so that NOTIFY's STATUS responses carry HIGHESTMODSEQ; and the collector
     * of what arrives outside IDLE.
     */
    private void prepare(Imap4 c) throws IOException {
        if (condstore && c.hasCapability("ENABLE")) {
            c.enable("CONDSTORE");
        }
        c.addUntaggedListener(collector);
    }

    private void collect(Untagged u) {
        if (collecting && (u.type().equals("STATUS") || u.type().equals("LIST"))) {
            synchronized (between) {
                if (between.size() < 10_000) {
                    between.add(u);
                }
            }
        }
    }

    private void idleOnce() throws IOException {
        boolean overflow = false;
        try (Imap4.Idler i = conn.idle(null)) {
            idler = i;
            if (closed) {
                return;
            }
            while (!overflow) {
                if (!pendingFlags.isEmpty() && !collecting) {
                    // what else is on its way comes too, then the watch leaves IDLE to look
                    collecting = true;
                }
                Untagged u = collecting ? i.next(SETTLE) : i.next();
                if (u == null) {
                    break;
                }
                if (collecting) {
                    synchronized (between) {
                        between.removeIf(b -> b == u);
                    }
                }
                overflow = handle(u);
            }
        } finally {
            idler = null;
        }
        if (overflow && !closed) {
            sendNotify(true);
        }
        lookAtFlagChanges();
    }

    /** One event read in IDLE (or after it); true for {@code [NOTIFICATIONOVERFLOW]}. */
    private boolean handle(Untagged u) {
        try {
            MailboxEvent e = MailboxEvent.of(u, conn.utf8Enabled()).orElse(null);
            if (e instanceof MailboxEvent.StatusChange s) {
                status(s.status(), true, true);
            } else if (e instanceof MailboxEvent.MailboxChange m) {
                mailboxChange(m);
            } else if (e instanceof MailboxEvent.Overflow) {
                return true;
            }
        } catch (Imap4Exception malformed) {
            // one bad event loses that event only; the connection is still in step
        }
        return false;
    }

    /**
     * Out of IDLE: finds which messages changed in each folder {@link #status} marked, then hands
     * on the STATUS and LIST responses that came meanwhile (which may mark folders again: the
     * next round looks at those).
     */
    private void lookAtFlagChanges() throws IOException {
        collecting = true;
        boolean overflow = false;
        Set<String> examined = new HashSet<>();
        try {
            for (String name : new ArrayList<>(pendingFlags.keySet())) {
                examined.add(name);
                if (closed) {
                    return;
                }
                MailboxStatus before = pendingFlags.remove(name);
                boolean prompted = countPrompted.remove(name);
                Folder target = folders.containsKey(name) ? folders.get(name) : store.watchedFolder(name);
                FlagChanges.Found found = FlagChanges.find(conn, name, before);
                if (found == null) {
                    continue; // gone, or a new UIDVALIDITY (reported by the STATUS below)
                }
                MailboxStatus now = last.get(name);
                if (now != null) {
                    last.put(name, FlagChanges.withModSeq(now, found.modSeq()));
                }
                if (prompted && found.changed().isEmpty()) {
                    sharedModSeq = true;
                }
                for (var d : found.changed()) {
                    changed((Imap4libFolder) target, d);
                }
                MailboxStatus s = conn.status(name, statusItems()).value();
                if (s != null) {
                    status(s, true);
                }
            }
        } finally {
            collecting = false;
        }
        List<Untagged> came;
        synchronized (between) {
            came = new ArrayList<>(between);
            between.clear();
        }
        for (Untagged u : came) {
            if (!(u.type().equals("LIST") && answersExamine(u, examined))) {
                overflow |= handle(u);
            }
        }
        if (overflow && !closed) {
            sendNotify(true);
        }
    }

    /**
     * Whether {@code u} is the {@code * LIST} an IMAP4rev2 server (Cyrus 3.10) puts into the
     * answer to EXAMINE of a folder the watch looked at, not a NOTIFY MailboxName event.
     */
    private boolean answersExamine(Untagged u, Set<String> examined) {
        try {
            MailboxEvent e = MailboxEvent.of(u, conn.utf8Enabled()).orElse(null);
            return e instanceof MailboxEvent.MailboxChange m && m.oldName().isEmpty() && !m.deleted()
                    && examined.contains(m.entry().name());
        } catch (Imap4Exception malformed) {
            return false;
        }
    }

    private void changed(Imap4libFolder f, dev.imap4lib.response.FetchData d) {
        Imap4libMessage m = new Imap4libMessage(f, Math.max(1, d.msgno()));
        m.apply(d);
        if (folders.containsKey(f.getFullName())) {
            f.fireChanged(MessageChangedEvent.FLAGS_CHANGED, m);
        }
        MessageChangedEvent e = new MessageChangedEvent(f, MessageChangedEvent.FLAGS_CHANGED, m);
        for (MessageChangedListener l : changedListeners) {
            try {
                l.messageChanged(e);
            } catch (RuntimeException ignored) {
                // a failing listener must not end the watch for the others
            }
        }
    }

    private String statusItems() {
        return condstore ? "MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ" : "MESSAGES UIDNEXT UIDVALIDITY";
    }

    private void sendNotify(boolean report) throws IOException {
        NotifySpec spec = NotifySpec.set().withStatus();
        Event[] counts = condstore ? new Event[] {Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE, Event.FLAG_CHANGE}
                : new Event[] {Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE};
        if (!folders.isEmpty()) {
            spec = spec.mailboxes(new ArrayList<>(folders.keySet()), counts);
        }
        if (all) {
            Event[] withNames = java.util.Arrays.copyOf(counts, counts.length + 1);
            withNames[counts.length] = Event.MAILBOX_NAME;
            spec = spec.personal(withNames);
        } else {
            spec = spec.personal(Event.MAILBOX_NAME);
        }
        for (MailboxStatus s : conn.notify(spec).check().value()) {
            status(s, report);
        }
    }

    private void poll(boolean report) throws IOException, MessagingException {
        for (String name : folders.keySet()) {
            MailboxStatus s = conn.status(name, statusItems()).value();
            if (s != null) {
                status(s, report);
            }
        }
    }

    private void status(MailboxStatus s, boolean report) {
        status(s, report, false);
    }

    /**
     * Merges {@code s} into what is known of its mailbox and reports the difference.
     *
     * @param event {@code s} is a NOTIFY event, not an answer to NOTIFY SET STATUS or STATUS
     */
    private void status(MailboxStatus s, boolean report, boolean event) {
        String name = s.name();
        MailboxStatus old = last.get(name);
        MailboxStatus now = old == null ? s : merge(old, s);
        last.put(name, now);
        if (!report || old == null || now.messages() == null || now.uidNext() == null) {
            return;
        }
        Folder target = folders.containsKey(name) ? folders.get(name) : all ? store.watchedFolder(name) : null;
        if (target == null) {
            return;
        }
        long oldMessages = old.messages() == null ? 0 : old.messages();
        long added;
        long removed;
        if (old.uidValidity() != null && !old.uidValidity().equals(now.uidValidity())) {
            removed = oldMessages;
            added = now.messages();
        } else {
            added = Math.max(0, now.uidNext() - (old.uidNext() == null ? now.uidNext() : old.uidNext()));
            removed = Math.max(0, oldMessages + added - now.messages());
            added = Math.min(added, now.messages());
        }
        Imap4libFolder f = (Imap4libFolder) target;
        if (removed > 0) {
            Message[] gone = new Message[(int) Math.min(removed, 10_000)];
            for (int k = 0; k < gone.length; k++) {
                gone[k] = Imap4libMessage.expungedPlaceholder(f);
            }
            deliver(f, MessageCountEvent.REMOVED, gone);
        }
        if (added > 0) {
            int n = (int) Math.min(added, 10_000);
            Message[] fresh = new Message[n];
            for (int k = 0; k < n; k++) {
                fresh[k] = new Imap4libMessage(f, (int) Math.max(1, now.messages() - n + 1 + k));
            }
            deliver(f, MessageCountEvent.ADDED, fresh);
        }
        if (condstore && old.highestModSeq() != null && now.highestModSeq() != null && old.uidNext() != null
                && Objects.equals(old.uidValidity(), now.uidValidity())
                && now.highestModSeq() - old.highestModSeq() > added + removed
                && (folders.containsKey(name) || !changedListeners.isEmpty())) {
            boolean counts = added + removed > 0;
            if (counts && event && sharedModSeq) {
                // the jump says nothing about flags: NOTIFY FlagChange sends the folder's own STATUS
                // (without MESSAGES) for those, and that look starts from here
                flagsKnown.putIfAbsent(name, old);
            } else {
                MailboxStatus since = flagsKnown.remove(name);
                if (pendingFlags.putIfAbsent(name, since != null ? since : old) == null && counts && event) {
                    countPrompted.add(name);
                }
            }
        }
    }

    private void deliver(Imap4libFolder f, int type, Message[] msgs) {
        if (folders.containsKey(f.getFullName())) {
            f.watched(type, msgs);
        }
        MessageCountEvent e = new MessageCountEvent(f, type, false, msgs);
        for (MessageCountListener l : listeners) {
            try {
                if (type == MessageCountEvent.ADDED) {
                    l.messagesAdded(e);
                } else {
                    l.messagesRemoved(e);
                }
            } catch (RuntimeException ignored) {
                // a failing listener must not end the watch for the others
            }
        }
    }

    private static MailboxStatus merge(MailboxStatus old, MailboxStatus s) {
        return new MailboxStatus(s.rawName(), s.name(), pick(s.messages(), old.messages()), pick(s.recent(), old.recent()),
                pick(s.uidNext(), old.uidNext()), pick(s.uidValidity(), old.uidValidity()), pick(s.unseen(), old.unseen()),
                pick(s.deleted(), old.deleted()), pick(s.size(), old.size()), pick(s.highestModSeq(), old.highestModSeq()),
                pick(s.appendLimit(), old.appendLimit()), s.other());
    }

    private static Long pick(Long fresh, Long old) {
        return fresh != null ? fresh : old;
    }

    private void mailboxChange(MailboxEvent.MailboxChange m) {
        ListEntry e = m.entry();
        String name = e.name();
        if (m.oldName().isPresent()) {
            String from = m.oldName().get();
            Imap4libFolder watchedOld = folders.get(from);
            Folder renamed = store.watchedFolder(name);
            if (watchedOld != null) {
                watchedOld.watchedFolderEvent(FolderEvent.RENAMED, renamed);
            } else {
                store.watchedFolderEvent(FolderEvent.RENAMED, store.watchedFolder(from), renamed);
            }
            MailboxStatus s = last.remove(from);
            if (s != null) {
                last.put(name, s);
            }
            MailboxStatus known = flagsKnown.remove(from);
            if (known != null) {
                flagsKnown.put(name, known);
            }
        } else if (m.deleted()) {
            last.remove(name);
            flagsKnown.remove(name);
            Imap4libFolder w = folders.get(name);
            if (w != null) {
                w.watchedFolderEvent(FolderEvent.DELETED, null);
            } else {
                store.watchedFolderEvent(FolderEvent.DELETED, store.watchedFolder(name), null);
            }
        } else {
            store.watchedFolderEvent(FolderEvent.CREATED, store.watchedFolder(name), null);
        }
    }
}
