package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Imap4ReadOnlyException;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.client.State;
import dev.imap4lib.client.Untagged;
import dev.imap4lib.client.UntaggedListener;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.response.SequenceSet;
import dev.imap4lib.wire.InternalDate;
import dev.imap4lib.wire.ReaderLimits;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.ReadOnlyFolderException;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.FolderEvent;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import jakarta.mail.search.SearchTerm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An IMAP mailbox as a Jakarta Mail {@link Folder} with {@link UIDFolder}. A closed folder works
 * through the store's connection (LIST, STATUS, CREATE, ...); an open one has its own
 * connection with the mailbox selected, and keeps its messages in step with the server's
 * EXISTS, EXPUNGE and FETCH responses as they arrive.
 */
public class Imap4libFolder extends Folder implements UIDFolder {
    static final char UNKNOWN_SEPARATOR = '\uffff';
    static final char NO_SEPARATOR = '\0';
    /** Messages per FETCH/STORE command when a request names many messages. */
    private static final int BATCH = 5000;

    private final Imap4libStore store;
    private final String fullName;
    private volatile char separator;
    private volatile ListEntry listEntry;

    // Open state, guarded by this.
    private Imap4 conn;
    private MessageCache cache;
    private SelectInfo selectInfo;
    private final Map<Long, Imap4libMessage> byUid = new HashMap<>();
    private final UntaggedListener listener = this::onUntagged;
    /** New messages to announce; an EXISTS jump by millions reaches listeners in batches. */
    private final AddedBatches added = new AddedBatches(this, () -> cache, this::notifyMessageAddedListeners);
    /** Mirrors Folder's private list: whether MessageCountEvents have anyone to go to. */
    private final List<MessageCountListener> countListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Imap4libMessage> flagChanged = new ArrayList<>();
    private boolean ownFetch;
    private long lastCommand;
    private volatile Imap4.Idler idler;
    /** Threads waiting to use the connection; a new IDLE lets them go first, so none starves. */
    private int waiters;
    private int recent;
    /** The open connection speaks IMAP4rev2: {@link #recent} counts arrivals since open. */
    private boolean rev2;
    /** The connection died under this open folder (FolderClosedException rather than IllegalStateException). */
    private boolean lost;

    Imap4libFolder(Imap4libStore store, String fullName, char separator) {
        super(store);
        this.store = store;
        this.fullName = fullName;
        this.separator = separator;
    }

    private Imap4libFolder(Imap4libStore store, ListEntry e) {
        this(store, e.name(), e.delimiter() == null ? NO_SEPARATOR : e.delimiter());
        this.listEntry = e;
    }

    // ------------------------------------------------------------------ names and hierarchy

    @Override
    public String getName() {
        char sep = separator;
        if (sep == UNKNOWN_SEPARATOR) {
            try {
                sep = getSeparator();
            } catch (MessagingException e) {
                sep = NO_SEPARATOR;
            }
        }
        int i = sep == NO_SEPARATOR ? -1 : fullName.lastIndexOf(sep);
        return i < 0 ? fullName : fullName.substring(i + 1);
    }

    @Override
    public String getFullName() {
        return fullName;
    }

    @Override
    public Folder getParent() throws MessagingException {
        if (fullName.isEmpty()) {
            return null;
        }
        char sep = getSeparator();
        int i = sep == NO_SEPARATOR ? -1 : fullName.lastIndexOf(sep);
        return i <= 0 ? store.getDefaultFolder() : new Imap4libFolder(store, fullName.substring(0, i), sep);
    }

    char knownSeparator() {
        return separator;
    }

    @Override
    public char getSeparator() throws MessagingException {
        if (separator == UNKNOWN_SEPARATOR) {
            // LIST "" "" gives the root's delimiter; for a named folder ask about the folder itself.
            List<ListEntry> l = store.withStoreConnection(c -> c.list("", fullName.isEmpty() ? "" : fullName).value());
            Character d = l.isEmpty() ? null : l.get(0).delimiter();
            if (l.isEmpty() && !fullName.isEmpty()) {
                l = store.withStoreConnection(c -> c.list("", "").value());
                d = l.isEmpty() ? null : l.get(0).delimiter();
            } else if (!fullName.isEmpty() && !l.isEmpty()) {
                listEntry = l.get(0);
            }
            separator = d == null ? NO_SEPARATOR : d;
        }
        return separator;
    }

    private ListEntry entry() throws MessagingException {
        if (fullName.isEmpty()) {
            return null;
        }
        List<ListEntry> l = store.withStoreConnection(c -> c.list("", fullName).value());
        ListEntry e = l.stream().filter(x -> x.name().equals(fullName)).findFirst().orElse(l.isEmpty() ? null : l.get(0));
        listEntry = e;
        if (e != null && separator == UNKNOWN_SEPARATOR) {
            separator = e.delimiter() == null ? NO_SEPARATOR : e.delimiter();
        }
        return e;
    }

    @Override
    public boolean exists() throws MessagingException {
        return fullName.isEmpty() || (isOpen() || entry() != null);
    }

    @Override
    public int getType() throws MessagingException {
        if (fullName.isEmpty()) {
            return HOLDS_FOLDERS;
        }
        // The attributes of the LIST that found this folder serve, as in Angus: a folder's type
        // does not change while it exists (create/delete/rename forget them).
        ListEntry e = listEntry != null ? listEntry : entry();
        if (e == null) {
            throw new FolderNotFoundException(this, fullName + " not found");
        }
        int t = e.noSelect() ? 0 : HOLDS_MESSAGES;
        // \HasNoChildren only says "none yet"; \NoInferiors says "never".
        return e.hasAttribute("\\NoInferiors") ? t : t | HOLDS_FOLDERS;
    }

    /** The LIST attributes of this folder (e.g. \Sent, \HasChildren), from the last LIST. */
    public String[] getAttributes() throws MessagingException {
        ListEntry e = listEntry != null ? listEntry : entry();
        return e == null ? new String[0] : e.attributes().toArray(new String[0]);
    }

    @Override
    public Folder[] list(String pattern) throws MessagingException {
        return doList(pattern, false);
    }

    @Override
    public Folder[] listSubscribed(String pattern) throws MessagingException {
        return doList(pattern, true);
    }

    private Folder[] doList(String pattern, boolean subscribed) throws MessagingException {
        String ref;
        if (fullName.isEmpty()) {
            ref = pattern;
        } else {
            char sep = getSeparator();
            ref = fullName + (sep == NO_SEPARATOR ? "" : String.valueOf(sep)) + pattern;
        }
        List<ListEntry> entries = store.withStoreConnection(c -> (subscribed ? c.lsub("", ref) : c.list("", ref)).value());
        List<Folder> out = new ArrayList<>(entries.size());
        for (ListEntry e : entries) {
            if (!e.name().equals(fullName)) {
                out.add(new Imap4libFolder(store, e));
            }
        }
        return out.toArray(new Folder[0]);
    }

    @Override
    public boolean create(int type) throws MessagingException {
        char sep = getSeparator();
        // A folder that only holds folders is created with a trailing delimiter (RFC 3501 6.3.3).
        String name = (type & HOLDS_MESSAGES) == 0 && sep != NO_SEPARATOR ? fullName + sep : fullName;
        Result<Void> r = store.withStoreConnection(c -> c.create(name));
        if (!r.isOk()) {
            return false;
        }
        listEntry = null;
        statusCache = null;
        notifyFolderListeners(FolderEvent.CREATED);
        return true;
    }

    @Override
    public boolean hasNewMessages() throws MessagingException {
        if (isOpen()) {
            return getNewMessageCount() > 0;
        }
        ListEntry e = entry();
        if (e == null) {
            throw new FolderNotFoundException(this, fullName + " not found");
        }
        if (e.hasAttribute("\\Marked")) {
            return true;
        }
        if (e.hasAttribute("\\Unmarked")) {
            return false;
        }
        if (store.withStoreConnection(Imap4::imap4rev2Enabled)) {
            return false;   // IMAP4rev2 has no \Recent: nothing tells a closed folder's new mail
        }
        MailboxStatus st = status("(RECENT)");
        return st.recent() != null && st.recent() > 0;
    }

    @Override
    public Folder getFolder(String name) throws MessagingException {
        if (fullName.isEmpty()) {
            return new Imap4libFolder(store, name, separator == UNKNOWN_SEPARATOR ? UNKNOWN_SEPARATOR : separator);
        }
        char sep = getSeparator();
        return new Imap4libFolder(store, fullName + sep + name, sep);
    }

    @Override
    public boolean delete(boolean recurse) throws MessagingException {
        if (isOpen()) {
            throw new IllegalStateException("folder is open");
        }
        if (recurse) {
            deleteChildren();
        }
        if (!deleteOne(fullName)) {
            return false;
        }
        if (recurse && entry() != null) {
            // Dovecot, under load, has been seen to keep a parent whose children it had just
            // deleted (as a \Noselect placeholder): one more round, then it is gone.
            deleteChildren();
            deleteOne(fullName);
        }
        listEntry = null;
        statusCache = null;
        notifyFolderListeners(FolderEvent.DELETED);
        return true;
    }

    private void deleteChildren() throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Folder f : list("*")) {
            if (f.getFullName().length() > fullName.length()) {
                names.add(f.getFullName());
            }
        }
        // Deepest first, so that no parent is deleted while it still has children.
        names.sort((a, b) -> Integer.compare(b.length(), a.length()));
        for (String n : names) {
            deleteOne(n);
        }
    }

    private boolean deleteOne(String name) throws MessagingException {
        return store.withStoreConnection(c -> c.delete(name)).isOk();
    }

    /** A message count change an {@link Imap4libWatch} saw, queued like the folder's own events. */
    void watched(int type, Message[] msgs) {
        if (type == jakarta.mail.event.MessageCountEvent.ADDED) {
            notifyMessageAddedListeners(msgs);
        } else {
            notifyMessageRemovedListeners(false, msgs);
        }
    }

    /** This folder was deleted or renamed (to {@code newFolder}) as a watch saw; the store's listeners hear of it too. */
    void watchedFolderEvent(int type, Folder newFolder) {
        if (type == FolderEvent.RENAMED) {
            notifyFolderRenamedListeners(newFolder);
        } else {
            notifyFolderListeners(type);
        }
    }

    @Override
    public boolean renameTo(Folder f) throws MessagingException {
        if (isOpen()) {
            throw new IllegalStateException("folder is open");
        }
        if (f.getStore() != store) {
            throw new MessagingException("cannot rename across stores");
        }
        boolean ok = store.withStoreConnection(c -> c.rename(fullName, f.getFullName())).isOk();
        if (ok) {
            listEntry = null;
            statusCache = null;
            forgetStatusOf(f);
            notifyFolderRenamedListeners(f);
        }
        return ok;
    }

    @Override
    public boolean isSubscribed() {
        try {
            if (fullName.isEmpty()) {
                return false;
            }
            return !store.withStoreConnection(c -> c.lsub("", fullName).value()).isEmpty();
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public void setSubscribed(boolean subscribe) throws MessagingException {
        Result<Void> r = store.withStoreConnection(c -> subscribe ? c.subscribe(fullName) : c.unsubscribe(fullName));
        if (!r.isOk()) {
            throw new MessagingException((subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE") + " failed: " + r.text());
        }
    }

    /** RFC 9051 dropped STATUS RECENT: not asked for once IMAP4rev2 is enabled. */
    private static String statusItems(Imap4 c, String items) {
        if (!c.imap4rev2Enabled()) {
            return items;
        }
        return items.replace("RECENT ", "").replace(" RECENT", "").replace("(RECENT)", "(MESSAGES)");
    }

    /**
     * STATUS of this (closed) folder. As in Angus, one STATUS asks for every count at once and
     * its answer serves for {@code statuscachetimeout} ms (1000), so the usual
     * getMessageCount-then-getUnreadMessageCount costs one round trip; this folder's own changes
     * (append, copy or move into it, open, close, rename, delete) forget it at once.
     */
    private MailboxStatus status(String items) throws MessagingException {
        long timeout = store.config().statusCacheTimeout;
        CachedStatus cached = statusCache;
        if (timeout > 0 && cached != null && System.nanoTime() - cached.at() < timeout * 1_000_000L) {
            return cached.status();
        }
        Result<MailboxStatus> r = store.withStoreConnection(c -> c.status(fullName, statusItems(c, timeout <= 0 ? items
                : c.hasCapability("CONDSTORE") ? "(MESSAGES RECENT UNSEEN UIDNEXT UIDVALIDITY HIGHESTMODSEQ)"
                : "(MESSAGES RECENT UNSEEN UIDNEXT UIDVALIDITY)")));
        if (!r.isOk() || r.value() == null) {
            throw notOpenable(r.text());
        }
        if (timeout > 0) {
            statusCache = new CachedStatus(r.value(), System.nanoTime());
        }
        return r.value();
    }

    private record CachedStatus(MailboxStatus status, long at) {
    }

    private volatile CachedStatus statusCache;

    private static void forgetStatusOf(Folder f) {
        if (f instanceof Imap4libFolder x) {
            x.statusCache = null;
        }
    }

    /** A refused SELECT/STATUS: missing folder, or one that exists but cannot hold messages. */
    private MessagingException notOpenable(String serverText) throws MessagingException {
        ListEntry e = entry();
        if (e == null) {
            return new FolderNotFoundException(this, fullName + ": " + serverText);
        }
        if (e.noSelect()) {
            return new MessagingException("folder " + fullName + " cannot contain messages");
        }
        return new MessagingException("cannot open " + fullName + ": " + serverText);
    }

    // ------------------------------------------------------------------ open and close

    @Override
    public synchronized void open(int mode) throws MessagingException {
        open(mode, null);
    }

    /**
     * Opens the folder and resynchronises from {@code rd} (Angus Mail's {@code open(int,
     * ResyncData)}): returns what changed since, as events that listeners also receive (see
     * {@link Resync}). With {@code rd} null this is {@link #open(int)}, which resynchronises from
     * the store's own memory of the folder when it has one ({@code mail.imap.resync.enable}).
     * An empty list when nothing is known or UIDVALIDITY changed (every message is then new).
     */
    public synchronized List<jakarta.mail.event.MailEvent> open(int mode, ResyncData rd) throws MessagingException {
        if (isOpen()) {
            throw new IllegalStateException("folder " + fullName + " is already open");
        }
        if (mode != READ_ONLY && mode != READ_WRITE) {
            throw new IllegalArgumentException("mode must be READ_ONLY or READ_WRITE");
        }
        Imap4 c = store.borrow();
        c.addUntaggedListener(listener);
        Result<SelectInfo> r;
        try {
            if (rd != null || store.memory() != null) {
                store.enableCondstore(c); // resync needs HIGHESTMODSEQ from SELECT
            }
            r = c.select(fullName, mode == READ_ONLY);
        } catch (Imap4ReadOnlyException e) {
            c.removeUntaggedListener(listener);
            closeQuietly(c);
            throw new ReadOnlyFolderException(this, fullName + " can only be opened read-only");
        } catch (IOException e) {
            c.removeUntaggedListener(listener);
            closeQuietly(c);
            throw new MessagingException("cannot open " + fullName + ": " + e.getMessage(), e);
        }
        if (!r.isOk()) {
            c.removeUntaggedListener(listener);
            store.giveBack(c);
            throw notOpenable(r.text());
        }
        SelectInfo info = r.value();
        if (info.exists() > MessageCache.MAX_MESSAGES) {
            c.removeUntaggedListener(listener);
            closeQuietly(c);
            throw new MessagingException("server reports " + info.exists() + " messages in " + fullName
                    + ", above the limit of " + MessageCache.MAX_MESSAGES);
        }
        conn = c;
        lost = false;
        rev2 = c.imap4rev2Enabled();
        recent = rev2 ? 0 : (int) Math.max(0, info.recent());
        selectInfo = info;
        cache = new MessageCache(n -> new Imap4libMessage(this, n), (int) Math.max(0, info.exists()));
        byUid.clear();
        added.clear();
        flagChanged.clear();
        this.mode = mode;
        List<jakarta.mail.event.MailEvent> events = resyncOnOpen(c, info, rd);
        lastCommand = System.currentTimeMillis();
        store.folderOpened(this);
        notifyConnectionListeners(ConnectionEvent.OPENED);
        for (jakarta.mail.event.MailEvent e : events) {
            if (e instanceof MessageChangedEvent ce) {
                notifyMessageChangedListeners(ce.getMessageChangeType(), ce.getMessage());
            } else if (e instanceof MessageCountEvent ce) {
                if (ce.getType() == MessageCountEvent.ADDED) {
                    notifyMessageAddedListeners(ce.getMessages());
                } else {
                    notifyMessageRemovedListeners(false, ce.getMessages());
                }
            }
        }
        return events;
    }

    /** The resync hook of open: see {@link Resync}; on a server answer that does not fit, opens without. */
    private List<jakarta.mail.event.MailEvent> resyncOnOpen(Imap4 c, SelectInfo info, ResyncData rd)
            throws MessagingException {
        FolderMemory memory = store.memory();
        FolderMemory.Snapshot snap = memory == null ? null : memory.take(fullName);
        Resync.Known known = rd == null && snap == null ? null : Resync.known(info, rd, snap);
        if (known == null) {
            return List.of();
        }
        ownFetch = true;
        try {
            return Resync.events(Resync.run(c, info, known, cache, this), this);
        } catch (Resync.Inconsistent | Imap4Exception e) {
            if (e instanceof Imap4AbortException a) {
                throw resyncFailed(c, a);
            }
            // A refusal or an answer that does not fit: the mailbox is as SELECT said, without resync.
            cache = new MessageCache(n -> new Imap4libMessage(this, n), (int) Math.max(0, info.exists()));
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
        return new MessagingException("cannot resynchronise " + fullName + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(Imap4 c) {
        c.close();
    }

    @Override
    public synchronized void close(boolean expunge) throws MessagingException {
        waiters++;
        try {
            waitIfIdle();
        } finally {
            waiters--;
            notifyAll();
        }
        checkOpen();
        Imap4 c = conn;
        try {
            if ((expunge && mode == READ_WRITE) || c.isReadOnly()) {
                // CLOSE expunges nothing in a mailbox selected read-only (RFC 3501 6.4.2)
                c.closeMailbox();
            } else if (c.hasCapability("UNSELECT")) {
                c.unselect();
            } else {
                // Without UNSELECT, re-EXAMINE so that CLOSE cannot expunge anything.
                c.examine(fullName);
                c.closeMailbox();
            }
            rememberForResync();
            c.removeUntaggedListener(listener);
            store.giveBack(c);
        } catch (IOException e) {
            c.shutdown();
        } finally {
            detach();
        }
    }

    /** Leaves the store what a later open needs to resynchronise (automatic resync). */
    private void rememberForResync() {
        FolderMemory memory = store.memory();
        FolderMemory.Snapshot s = memory == null ? null : Resync.snapshot(selectInfo, cache, memory);
        if (s != null) {
            memory.put(fullName, s);
        }
    }

    /** Drops the open state without talking to the server (the store closed or the connection died). */
    synchronized void forceClose() {
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
        statusCache = null; // counts seen while open may differ from the last STATUS
        if (cache != null) {
            cache.invalidate();
        }
        cache = null;
        byUid.clear();
        store.folderClosed(this);
        notifyConnectionListeners(ConnectionEvent.CLOSED);
    }

    @Override
    public boolean isOpen() {
        return conn != null;
    }

    private void checkOpen() throws FolderClosedException {
        if (conn == null) {
            if (lost) {
                throw new FolderClosedException(this, "lost the connection to the server; " + fullName + " is closed");
            }
            throw new IllegalStateException("folder " + fullName + " is not open");
        }
    }

    /** A connection failure while open: the folder closes, and the caller gets FolderClosedException. */
    private MessagingException failure(IOException e) {
        if (e instanceof Imap4AbortException) {
            forceClose();
            // Only this folder's connection is known to be gone; the store finds out about its
            // own connection when it next uses it (no extra round trip here).
            return new FolderClosedException(this, "connection lost: " + e.getMessage());
        }
        return new MessagingException(e.getMessage(), e);
    }

    /** Work on this folder's connection; collects events raised while it runs and sends them after. */
    @FunctionalInterface
    public interface FolderOp<T> {
        T run(Imap4 c) throws IOException, MessagingException;
    }

    synchronized <T> T withConnection(FolderOp<T> op) throws MessagingException {
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
            notifyAll(); // an idle() waiting for us may go on
            fireEvents();
        }
    }

    // ------------------------------------------------------------------ responses as they arrive

    private synchronized void onUntagged(Untagged u) {
        MessageCache mc = cache;
        if (mc == null) {
            return;
        }
        switch (u.type()) {
            case "RECENT" -> {
                if (!rev2) {   // Cyrus 3.10 still sends RECENT under rev2, where it means nothing
                    recent = (int) Math.min(Integer.MAX_VALUE, u.number());
                }
            }
            case "EXISTS" -> {
                try {
                    int before = mc.size();
                    int n = mc.exists(u.number());
                    if (rev2) {
                        recent = (int) Math.min(Integer.MAX_VALUE, (long) recent + n);
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
                if (!ownFetch) {
                    try {
                        FetchData d = FetchData.parse((int) Math.min(Integer.MAX_VALUE, u.number()), u.tokenizer(), 64);
                        Imap4libMessage m = mc.bySeq(d.msgno());
                        if (m != null) {
                            m.apply(d);
                            if (d.uid() != null) {
                                rememberUid(m, d.uid());
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

    @Override
    public synchronized void addMessageCountListener(MessageCountListener l) {
        super.addMessageCountListener(added.wrap(l));
        countListeners.add(l);
    }

    @Override
    public synchronized void removeMessageCountListener(MessageCountListener l) {
        MessageCountListener w = added.unwrap(l);
        if (w != null) {
            super.removeMessageCountListener(w);
        }
        countListeners.remove(l);
    }

    private void fireEvents() {
        added.fire();
        if (cache != null) {
            cache.forgetCollected();
        }
        if (!removedElsewhere.isEmpty()) {
            // Expunged by another client: marked, kept in place, announced (not renumbered).
            for (Imap4libMessage m : removedElsewhere) {
                if (m.uidOrNull() != null) {
                    byUid.remove(m.uidOrNull());
                }
            }
            notifyMessageRemovedListeners(false, removedElsewhere.toArray(new Message[0]));
            removedElsewhere.clear();
        }
        if (!flagChanged.isEmpty()) {
            for (Imap4libMessage m : flagChanged) {
                notifyMessageChangedListeners(MessageChangedEvent.FLAGS_CHANGED, m);
            }
            flagChanged.clear();
        }
    }

    private boolean expungeInProgress;
    private final List<Imap4libMessage> expunged = new ArrayList<>();
    private final List<Imap4libMessage> removedElsewhere = new ArrayList<>();

    // ------------------------------------------------------------------ counts

    @Override
    public synchronized int getMessageCount() throws MessagingException {
        if (!isOpen()) {
            MailboxStatus st = status("(MESSAGES)");
            return st.messages() == null ? -1 : st.messages().intValue();
        }
        // Like Angus: a NOOP now and then lets the server report new mail.
        if (System.currentTimeMillis() - lastCommand > 1000) {
            withConnection(Imap4::noop);
        }
        return cache.size();
    }

    @Override
    public synchronized int getNewMessageCount() throws MessagingException {
        if (!isOpen() && store.withStoreConnection(Imap4::imap4rev2Enabled)) {
            return -1;   // IMAP4rev2 has no \Recent (RFC 9051): unknown for a closed folder
        }
        if (!isOpen()) {
            MailboxStatus st = status("(RECENT)");
            return st.recent() == null ? -1 : st.recent().intValue();
        }
        return recent;
    }

    @Override
    public synchronized int getUnreadMessageCount() throws MessagingException {
        if (!isOpen()) {
            MailboxStatus st = status("(UNSEEN)");
            return st.unseen() == null ? -1 : st.unseen().intValue();
        }
        return countSearch("UNSEEN");
    }

    @Override
    public synchronized int getDeletedMessageCount() throws MessagingException {
        if (!isOpen()) {
            if (!exists()) {
                throw new FolderNotFoundException(this, fullName + " not found");
            }
            return -1;
        }
        return countSearch("DELETED");
    }

    private int countSearch(String key) throws MessagingException {
        SearchResult r = withConnection(c -> c.search(null, key).check().value());
        return r == null ? 0 : r.size();
    }

    // ------------------------------------------------------------------ messages

    @Override
    public synchronized Message getMessage(int msgnum) throws MessagingException {
        checkOpen();
        if (msgnum < 1 || msgnum > cache.size()) {
            throw new IndexOutOfBoundsException("message number " + msgnum + " out of range 1.." + cache.size());
        }
        return cache.get(msgnum);
    }

    @Override
    public synchronized Message[] getMessages() throws MessagingException {
        checkOpen();
        int n = cache.size();
        Message[] out = new Message[n];
        for (int i = 0; i < n; i++) {
            out[i] = cache.get(i + 1);
        }
        return out;
    }

    @Override
    public Flags getPermanentFlags() {
        SelectInfo s = selectInfo;
        Flags f = new Flags();
        if (s != null) {
            for (String x : s.permanentFlags()) {
                addFlag(f, x);
            }
        }
        return f;
    }

    static void addFlag(Flags f, String x) {
        switch (x.toLowerCase(Locale.ROOT)) {
            case "\\seen" -> f.add(Flags.Flag.SEEN);
            case "\\answered" -> f.add(Flags.Flag.ANSWERED);
            case "\\flagged" -> f.add(Flags.Flag.FLAGGED);
            case "\\deleted" -> f.add(Flags.Flag.DELETED);
            case "\\draft" -> f.add(Flags.Flag.DRAFT);
            case "\\recent" -> f.add(Flags.Flag.RECENT);
            case "\\*" -> f.add(Flags.Flag.USER);
            default -> {
                if (!x.startsWith("\\")) {
                    f.add(x);
                }
            }
        }
    }

    /**
     * Flags in IMAP syntax, e.g. {@code \Seen $Forwarded}; \Recent and \* cannot be stored. A
     * user flag that is no IMAP atom (a space, a parenthesis, or a {@code ]} as in Gmail's
     * {@code [test]}, which the server may send but RFC 3501 does not let a client write) is
     * refused before anything is sent: IMAP has no quoting for keywords, and sending it raw
     * would store other flags than the caller named.
     */
    static String imapFlags(Flags flags) throws MessagingException {
        StringBuilder sb = new StringBuilder();
        for (Flags.Flag f : flags.getSystemFlags()) {
            String s = f == Flags.Flag.SEEN ? "\\Seen" : f == Flags.Flag.ANSWERED ? "\\Answered"
                    : f == Flags.Flag.FLAGGED ? "\\Flagged" : f == Flags.Flag.DELETED ? "\\Deleted"
                    : f == Flags.Flag.DRAFT ? "\\Draft" : null;
            if (s != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(s);
            }
        }
        for (String u : flags.getUserFlags()) {
            if (!dev.imap4lib.wire.Flags.isValidFlag(u) || u.startsWith("\\")) {
                throw new MessagingException("user flag " + dev.imap4lib.wire.Excerpt.quote(u)
                        + " cannot be written in IMAP: a keyword is an atom (no space, parenthesis, brace,"
                        + " quote, backslash, %, *, ] or control character)");
            }
            sb.append(sb.length() == 0 ? "" : " ").append(u);
        }
        return sb.toString();
    }

    /** Sequence set of the given (open, live) messages of this folder, compressed into ranges. */
    private String seqSet(Message[] msgs) throws MessagingException {
        long[] nums = new long[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            Message m = msgs[i];
            if (m.getFolder() != this) {
                throw new MessagingException("message " + m.getMessageNumber() + " is not in " + fullName);
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

    @Override
    public synchronized void fetch(Message[] msgs, FetchProfile fp) throws MessagingException {
        checkOpen();
        if (msgs.length == 0) {
            return;
        }
        String items = fetchItems(fp);
        if (items.isEmpty()) {
            return;
        }
        for (int from = 0; from < msgs.length; from += BATCH) {
            Message[] batch = Arrays.copyOfRange(msgs, from, Math.min(msgs.length, from + BATCH));
            String set = seqSet(batch);
            fetchApplying(set, items);
        }
    }

    /**
     * One FETCH whose responses are applied to their messages as they arrive (parsing overlaps
     * the server's sending; nothing is collected). Caller holds the folder lock.
     */
    private void fetchApplying(String set, String items) throws MessagingException {
        withConnection(c -> {
            ownFetch = true;
            try {
                return c.fetch(set, items, null, this::applyFetch).check().value();
            } finally {
                ownFetch = false;
            }
        });
    }

    private String fetchItems(FetchProfile fp) {
        Set<String> items = new LinkedHashSet<>();
        items.add("UID");
        if (fp.contains(FetchProfile.Item.ENVELOPE)) {
            items.add("ENVELOPE");
            items.add("INTERNALDATE");
            items.add("RFC822.SIZE");
        }
        if (fp.contains(FetchProfile.Item.FLAGS)) {
            items.add("FLAGS");
        }
        if (fp.contains(FetchProfile.Item.CONTENT_INFO)) {
            items.add("BODYSTRUCTURE");
        }
        if (fp.contains(FetchProfile.Item.SIZE)) {
            items.add("RFC822.SIZE");
        }
        if (conn != null && conn.hasCapability("OBJECTID")) {
            if (fp.contains(ObjectIdItems.EMAILID)) {
                items.add("EMAILID");
            }
            if (fp.contains(ObjectIdItems.THREADID)) {
                items.add("THREADID");
            }
        }
        if (fp.contains(FetchProfileItem.HEADERS)) {
            items.add("BODY.PEEK[HEADER]");
        }
        if (fp.contains(FetchProfileItem.SIZE)) {
            items.add("RFC822.SIZE");
        }
        if (fp.contains(FetchProfileItem.INTERNALDATE)) {
            items.add("INTERNALDATE");
        }
        if (fp.contains(ModSeqFetchItem.MODSEQ)) {
            items.add("MODSEQ");
        }
        String[] headers = fp.getHeaderNames();
        if (headers.length > 0 && !fp.contains(FetchProfileItem.HEADERS)) {
            items.add("BODY.PEEK[HEADER.FIELDS (" + String.join(" ", headers) + ")]");
        }
        return "(" + String.join(" ", items) + ")";
    }

    /**
     * FetchProfile items beyond Jakarta's, under Angus's names ({@code IMAPFolder.FetchProfileItem}):
     * switching means changing the import.
     */
    public static class FetchProfileItem extends FetchProfile.Item {
        /** The whole header block of each message ({@code BODY.PEEK[HEADER]}). */
        public static final FetchProfileItem HEADERS = new FetchProfileItem("HEADERS");
        /** The size only ({@code RFC822.SIZE}), without the envelope. */
        public static final FetchProfileItem SIZE = new FetchProfileItem("SIZE");
        /** The arrival date only ({@code INTERNALDATE}), without the envelope. */
        public static final FetchProfileItem INTERNALDATE = new FetchProfileItem("INTERNALDATE");

        protected FetchProfileItem(String name) {
            super(name);
        }
    }

    /** One FETCH; each response is applied to its message. Caller holds the folder lock. */
    List<FetchData> fetchInto(String set, String items) throws MessagingException {
        return withConnection(c -> {
            ownFetch = true;
            try {
                List<FetchData> data = c.fetch(set, items).check().value();
                for (FetchData d : data) {
                    applyFetch(d);
                }
                return data;
            } finally {
                ownFetch = false;
            }
        });
    }

    private void applyFetch(FetchData d) {
        Imap4libMessage m = cache.bySeq(d.msgno());
        if (m == null) {
            return;
        }
        m.apply(d);
        if (d.uid() != null) {
            rememberUid(m, d.uid());
        }
    }

    /** UID FETCH for one message's items (the message's data are applied). */
    synchronized FetchData fetchOne(Imap4libMessage m, String items) throws MessagingException {
        checkOpen();
        if (m.isExpunged()) {
            throw new MessageRemovedException("message was expunged");
        }
        int seq = cache.seqOf(m.getMessageNumber());
        if (seq < 0) {
            throw new MessageRemovedException("message was expunged");
        }
        List<FetchData> l = fetchInto(Integer.toString(seq), items);
        for (FetchData d : l) {
            if (d.msgno() == seq) {
                return d;
            }
        }
        if (m.isExpunged()) {
            throw new MessageRemovedException("message was expunged");
        }
        throw new MessagingException("server sent no " + items + " for message " + m.getMessageNumber());
    }

    /** Streams a section of a message via UID FETCH ... BODY.PEEK[section]&lt;offset.count&gt;. */
    synchronized byte[] fetchSection(Imap4libMessage part, String section, long offset, int count, boolean peek)
            throws MessagingException {
        return fetchSection(part, section, offset, count, peek, null, false);
    }

    /**
     * A body section (or a chunk of one) asked for before it is read: {@link SectionInputStream}
     * asks for chunk n+1 when it hands out chunk n, and a whole-message read that follows the
     * previous message asks for the start of the next one, so the server prepares it while the
     * caller works. By UID when known, else by sequence number (nothing renumbers the messages
     * before it is claimed: any other command first reads and drops it).
     */
    record SectionAhead(Imap4.PendingFetch pending, Long uid, int seq, String section, long offset, int count,
            boolean binary) {
    }

    /** The section asked for ahead and not claimed yet, if any. */
    private SectionAhead sectionAhead;
    /** Number of the message last read whole to its end, for spotting a sequential scan. */
    private int lastWholeRead = -1;

    /**
     * Sends the FETCH of a section chunk without waiting for it (a peek: only a first read may
     * set \Seen), to be claimed by the {@link #fetchSection} asking for exactly that;
     * {@code binary} asks for it decoded ({@code BINARY.PEEK}, RFC 3516).
     */
    synchronized void fetchSectionAhead(Imap4libMessage part, String section, long offset, int count, boolean binary)
            throws MessagingException {
        checkOpen();
        Imap4libMessage m = part.root();
        if (m.isExpunged()) {
            return;
        }
        Long known = m.uidOrNull();
        int seq = known != null ? -1 : cache.seqOf(m.getMessageNumber());
        if (known == null && seq < 0) {
            return;
        }
        String items = "(UID " + (binary ? "BINARY.PEEK[" : "BODY.PEEK[") + section + "]"
                + (count >= 0 ? "<" + offset + "." + count + ">" : "") + ")";
        sectionAhead = withConnection(c -> new SectionAhead(known != null
                ? c.uidFetchAhead(Long.toString(known), items) : c.fetchAhead(Integer.toString(seq), items),
                known, seq, section, offset, count, binary));
    }

    /**
     * Called when message {@code m} was read whole (BODY[]) to its end: when the message before
     * it was too, the caller is going through the folder in order, and the next message's first
     * chunk is asked for now (a hint: if the caller does something else, that answer is read and
     * dropped by the next command).
     */
    synchronized void wholeMessageRead(Imap4libMessage m, int chunk) {
        int n = m.getMessageNumber();
        boolean sequential = lastWholeRead == n - 1;
        lastWholeRead = n;
        if (!sequential || !store.config().readAhead || markSeenOnRead() || !isOpen() || n >= cache.size()) {
            return;
        }
        Imap4libMessage next = cache.get(n + 1);
        if (next == null || next.isExpunged()) {
            return;
        }
        try {
            fetchSectionAhead(next, "", 0, chunk, false);
        } catch (MessagingException e) {
            // only a hint; the read itself will report a real problem
        }
    }

    /**
     * The bytes of {@code section} ({@code <offset.count>} unless count is negative). A section
     * asked for ahead that is exactly this is claimed instead of sending the FETCH;
     * {@code reuse} is filled instead of a new array when its length is exactly right. With
     * {@code binary} the section comes decoded by the server ({@code BINARY[section]}, RFC 3516;
     * the range then counts decoded bytes); a refusal is the caller's to handle ({@link BinaryFetch}).
     */
    synchronized byte[] fetchSection(Imap4libMessage part, String section, long offset, int count, boolean peek,
            byte[] reuse, boolean binary) throws MessagingException {
        checkOpen();
        Imap4libMessage m = part.root();
        if (m.isExpunged()) {
            throw new MessageRemovedException("message was expunged");
        }
        String kind = binary ? "BINARY" : "BODY";
        String item = kind + (peek ? ".PEEK[" : "[") + section + "]" + (count >= 0 ? "<" + offset + "." + count + ">" : "");
        // By UID once it is known (immune to renumbering); before that by sequence number, asking
        // for the UID in the same command rather than spending a round trip on it.
        Long known = m.uidOrNull();
        String set;
        int seq = -1;
        if (known != null) {
            set = Long.toString(known);
        } else {
            seq = cache.seqOf(m.getMessageNumber());
            if (seq < 0) {
                throw new MessageRemovedException("message was expunged");
            }
            set = Integer.toString(seq);
        }
        SectionAhead a = sectionAhead;
        boolean claim = a != null && peek && a.binary() == binary && a.offset() == offset && a.count() == count
                && a.section().equals(section)
                && (a.uid() != null ? a.uid().equals(known) : known == null && a.seq() == seq);
        if (claim) {
            sectionAhead = null;
        }
        SectionCapture capture = new SectionCapture(reuse);
        List<FetchData> l = withConnection(c -> {
            ownFetch = true;
            try {
                if (claim && a.pending().connection() == c) {
                    return a.pending().await(capture).check().value();
                }
                String items = "(UID " + item + ")";
                return (known != null ? c.uidFetch(set, items, capture) : c.fetch(set, items, capture)).check().value();
            } finally {
                ownFetch = false;
            }
        });
        for (FetchData d : l) {
            boolean mine = known != null ? d.uid() != null && d.uid().longValue() == known
                    : d.msgno() == cache.seqOf(m.getMessageNumber());
            if (mine) {
                if (d.uid() != null) {
                    rememberUid(m, d.uid());
                }
                if (d.flags() != null) {
                    m.apply(d);
                }
                if (capture.used()) {
                    return capture.bytes();
                }
                byte[] b = d.section(kind + "[" + section + "]"); // a quoted string or NIL, not a literal
                return b == null ? new byte[0] : b;
            }
        }
        if (m.isExpunged()) {
            throw new MessageRemovedException("message was expunged");
        }
        throw new MessageRemovedException("message " + (known != null ? "with UID " + known : m.getMessageNumber())
                + " is gone from " + fullName);
    }

    /**
     * Takes a body section's literal straight off the wire into one array of exactly its size,
     * instead of letting it grow in the response buffer and be copied out again.
     */
    private static final class SectionCapture implements dev.imap4lib.wire.LiteralSink {
        private final byte[] reuse;
        private byte[] data = new byte[0];
        private boolean used;

        SectionCapture(byte[] reuse) {
            this.reuse = reuse;
        }

        @Override
        public java.io.OutputStream open(LiteralContext ctx) {
            String item = ctx.item();
            if (!item.startsWith("BODY[") && !item.startsWith("BINARY[")) {
                return null; // anything else (a literal subject, say) stays in the response
            }
            if (ctx.size() > ReaderLimits.DEFAULT.maxLiteralSize()) {
                // The store's connections use the default limits. Left to the reader, a literal
                // above them is refused before any of it is allocated; taken here, the size a
                // server merely announces (256 MB, 2 GB) would be allocated at once.
                return null;
            }
            // Chunks of one section are mostly the same size: refill the previous one.
            byte[] b = reuse != null && reuse.length == ctx.size() ? reuse : new byte[(int) ctx.size()];
            data = b;
            used = true;
            return new java.io.OutputStream() {
                private int n;

                @Override
                public void write(int x) {
                    b[n++] = (byte) x;
                }

                @Override
                public void write(byte[] src, int off, int len) {
                    System.arraycopy(src, off, b, n, len);
                    n += len;
                }
            };
        }

        byte[] bytes() {
            return data;
        }

        boolean used() {
            return used;
        }
    }

    @Override
    public synchronized void setFlags(Message[] msgs, Flags flag, boolean value) throws MessagingException {
        checkOpen();
        checkWritable();
        if (msgs.length == 0) {
            return;
        }
        String flags = imapFlags(flag);
        if (flags.isEmpty()) {
            return;
        }
        for (int from = 0; from < msgs.length; from += BATCH) {
            Message[] batch = Arrays.copyOfRange(msgs, from, Math.min(msgs.length, from + BATCH));
            String set = seqSet(batch);
            List<FetchData> data = withConnection(c -> {
                ownFetch = true;
                try {
                    return c.store(set, value ? "+FLAGS" : "-FLAGS", flags).check().value();
                } finally {
                    ownFetch = false;
                }
            });
            for (FetchData d : data) {
                applyFetch(d);
            }
            for (Message m : batch) {
                ((Imap4libMessage) m).flagsChangedLocally(flag, value);
                notifyMessageChangedListeners(MessageChangedEvent.FLAGS_CHANGED, m);
            }
        }
    }

    @Override
    public synchronized void setFlags(int start, int end, Flags flag, boolean value) throws MessagingException {
        checkOpen();
        setFlags(getMessages(start, end), flag, value);
    }

    @Override
    public synchronized void setFlags(int[] msgnums, Flags flag, boolean value) throws MessagingException {
        checkOpen();
        setFlags(getMessages(msgnums), flag, value);
    }

    private void checkWritable() {
        if (mode != READ_WRITE) {
            throw new IllegalStateException("folder " + fullName + " is open read-only");
        }
    }

    // ------------------------------------------------------------------ append, copy, move, expunge

    @Override
    public void appendMessages(Message[] msgs) throws MessagingException {
        appendUIDMessages(msgs);
    }

    /**
     * Appends messages and returns their UIDs in this folder (from UIDPLUS's APPENDUID; -1 where
     * the server did not say).
     */
    public long[] appendUIDMessages(Message[] msgs) throws MessagingException {
        long[] uids;
        try {
            uids = appendNow(msgs);
        } finally {
            statusCache = null;
        }
        showAppended();
        return uids;
    }

    /**
     * APPEND runs on the store's connection, so the server tells this folder's connection about
     * the new messages only when it next speaks: one NOOP makes them visible now (the new count,
     * MessageCountEvents), as Angus, which appends on the open folder's own connection.
     */
    private synchronized void showAppended() throws MessagingException {
        if (conn != null) {
            withConnection(Imap4::noop);
        }
    }

    private long[] appendNow(Message[] msgs) throws MessagingException {
        long[] uids = new long[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            Message m = msgs[i];
            byte[] bytes;
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
                m.writeTo(out);
                bytes = out.toByteArray();
            } catch (IOException e) {
                throw new MessagingException("cannot write message " + (i + 1) + " for APPEND", e);
            }
            String flags = m.getFlags() == null ? null : imapFlags(m.getFlags());
            Date received = m.getReceivedDate();
            String date = received == null ? null
                    : InternalDate.format(ZonedDateTime.ofInstant(received.toInstant(), ZoneId.systemDefault()));
            Result<ResponseCode.AppendUid> r;
            try {
                r = store.withStoreConnection(c -> c.append(fullName,
                        flags == null || flags.isEmpty() ? null : flags, date, bytes));
            } catch (StoreClosedException e) {
                // The connection died somewhere in the APPEND: the server may have stored the
                // message or not. Say so, and how to tell, rather than just "connection lost".
                String[] id = m.getHeader("Message-ID");
                throw new StoreClosedException(store, "APPEND of message " + (i + 1) + " of " + msgs.length + " to "
                        + fullName + " was cut off, so it may or may not be stored"
                        + (id != null && id.length > 0 ? " (look for Message-ID " + id[0].trim() + ")" : "")
                        + (i > 0 ? "; the " + i + " before it are stored" : "") + ": " + e.getMessage(), e);
            }
            if (!r.isOk()) {
                if (r.code() != null && r.code().isTryCreate()) {
                    throw new FolderNotFoundException(this, fullName + " does not exist: " + r.text());
                }
                throw new MessagingException("APPEND to " + fullName + " failed: " + r.text());
            }
            ResponseCode.AppendUid au = r.value();
            uids[i] = au == null ? -1 : firstUid(au.uids());
        }
        return uids;
    }

    private static long firstUid(SequenceSet s) {
        long[] a = s.toArray(Long.MAX_VALUE);
        return a.length == 0 ? -1 : a[0];
    }

    @Override
    public synchronized void copyMessages(Message[] msgs, Folder folder) throws MessagingException {
        copyUIDMessages(msgs, folder);
    }

    /**
     * Copies messages and returns their UIDs in the destination (COPYUID), in the order given; -1
     * where the server did not say.
     */
    public synchronized long[] copyUIDMessages(Message[] msgs, Folder folder) throws MessagingException {
        checkOpen();
        if (msgs.length == 0) {
            return new long[0];
        }
        String set = seqSet(msgs);
        Message[] bySeq = inSequenceOrder(msgs); // before the COPY, whose answer may renumber
        Result<ResponseCode.CopyUid> r;
        try {
            r = withConnection(c -> c.copy(set, folder.getFullName()));
        } finally {
            forgetStatusOf(folder);
        }
        if (!r.isOk()) {
            if (r.code() != null && r.code().isTryCreate()) {
                throw new FolderNotFoundException(folder, folder.getFullName() + " does not exist: " + r.text());
            }
            throw new MessagingException("COPY to " + folder.getFullName() + " failed: " + r.text());
        }
        learnSourceUids(bySeq, r.value());
        return mapUids(msgs, r.value());
    }

    private Message[] inSequenceOrder(Message[] msgs) {
        Message[] out = msgs.clone();
        Arrays.sort(out, (a, b) -> Integer.compare(cache.seqOf(a.getMessageNumber()), cache.seqOf(b.getMessageNumber())));
        return out;
    }

    /**
     * COPYUID names the source UIDs even when we never fetched them; UIDs rise with sequence
     * numbers, so the k-th smallest belongs to the k-th copied message in sequence order. Without
     * this, copying messages whose UIDs were unknown returned -1 for every destination UID.
     */
    private void learnSourceUids(Message[] bySeq, ResponseCode.CopyUid cu) {
        if (cu == null) {
            return;
        }
        long[] src = cu.source().toArray(Long.MAX_VALUE);
        Arrays.sort(src);
        if (src.length != bySeq.length) {
            return; // the same message twice, or an answer we cannot line up
        }
        for (int i = 0; i < src.length; i++) {
            Long known = ((Imap4libMessage) bySeq[i]).uidOrNull();
            if ((known != null && known != src[i]) || (i > 0 && src[i] == src[i - 1])) {
                return;
            }
        }
        for (int i = 0; i < src.length; i++) {
            Imap4libMessage m = (Imap4libMessage) bySeq[i];
            if (m.uidOrNull() == null && !m.isExpunged()) {
                rememberUid(m, src[i]);
            }
        }
    }

    private long[] mapUids(Message[] msgs, ResponseCode.CopyUid cu) throws MessagingException {
        long[] out = new long[msgs.length];
        Arrays.fill(out, -1);
        if (cu == null) {
            return out;
        }
        long[] src = cu.source().toArray(Long.MAX_VALUE);
        long[] dst = cu.destination().toArray(Long.MAX_VALUE);
        Map<Long, Long> map = new HashMap<>();
        for (int i = 0; i < Math.min(src.length, dst.length); i++) {
            map.put(src[i], dst[i]);
        }
        for (int i = 0; i < msgs.length; i++) {
            Long u = ((Imap4libMessage) msgs[i]).uidOrNull();
            if (u != null && map.containsKey(u)) {
                out[i] = map.get(u);
            }
        }
        return out;
    }

    /**
     * Moves messages to {@code folder}: MOVE (RFC 6851) when the server has it, else COPY, then
     * \Deleted and UID EXPUNGE of exactly those messages (UIDPLUS). Without UIDPLUS the copies are
     * made and the originals only marked \Deleted, never expunged together with other deleted
     * mail. Returns the destination UIDs (-1 where unknown). If the fallback fails part-way, the
     * exception says which step it reached: from the COPY on, the messages may be in both folders.
     */
    public synchronized long[] moveUIDMessages(Message[] msgs, Folder folder) throws MessagingException {
        try {
            return moveUIDMessagesNow(msgs, folder);
        } finally {
            forgetStatusOf(folder);
        }
    }

    private long[] moveUIDMessagesNow(Message[] msgs, Folder folder) throws MessagingException {
        checkOpen();
        checkWritable();
        if (msgs.length == 0) {
            return new long[0];
        }
        for (Message m : msgs) {
            getUID(m); // learn UIDs first: the fallback expunges by UID
        }
        if (store.hasCapability("MOVE") || conn.hasCapability("MOVE")) {
            String set = seqSet(msgs);
            Object[] result = new Object[1];
            // MOVE's EXPUNGEs are our own: the folder renumbers, as after expunge().
            doExpunge(c -> {
                Result<ResponseCode.CopyUid> r = c.move(set, folder.getFullName());
                if (!r.isOk()) {
                    throw new MessagingException("MOVE to " + folder.getFullName() + " failed: " + r.text());
                }
                result[0] = r.value();
                return r;
            });
            return mapUids(msgs, (ResponseCode.CopyUid) result[0]);
        }
        String to = folder.getFullName();
        long[] uids;
        try {
            uids = copyUIDMessages(msgs, folder);
        } catch (FolderClosedException e) {
            throw interruptedMove(e, "during its COPY: the messages are still in " + fullName
                    + "; the server may or may not have copied them to " + to);
        }
        // From here on the messages are in both folders until the UID EXPUNGE is done: a failure
        // must say so, or the caller would take the move for undone and end up with duplicates.
        String copied = "the messages were copied to " + to + knownUids(uids) + " and ";
        try {
            setFlags(msgs, new Flags(Flags.Flag.DELETED), true);
        } catch (MessagingException e) {
            throw interruptedMove(e, "after its COPY: " + copied + "are still in " + fullName
                    + ", perhaps already marked \\Deleted");
        }
        if (conn.hasCapability("UIDPLUS")) {
            long[] mine = new long[msgs.length];
            for (int i = 0; i < msgs.length; i++) {
                mine[i] = ((Imap4libMessage) msgs[i]).uidOrNull();
            }
            Arrays.sort(mine);
            String set = SequenceSet.of(mine).toString();
            try {
                doExpunge(c -> c.uidExpunge(set).check());
            } catch (MessagingException e) {
                throw interruptedMove(e, "at its UID EXPUNGE: " + copied + "marked \\Deleted in " + fullName
                        + ", where the server may not have expunged them yet");
            }
        }
        return uids;
    }

    /** A failure in the middle of a COPY-based move, saying where the messages are now. */
    private MessagingException interruptedMove(MessagingException e, String where) {
        String text = "MOVE from " + fullName + " interrupted " + where + " (" + e.getMessage() + ")";
        if (e instanceof FolderClosedException) {
            return new FolderClosedException(this, text, e);
        }
        return new MessagingException(text, e);
    }

    private static String knownUids(long[] uids) {
        StringBuilder sb = new StringBuilder();
        for (long u : uids) {
            if (u > 0) {
                sb.append(sb.length() == 0 ? " (UIDs " : ",").append(u);
            }
        }
        return sb.length() == 0 ? "" : sb.append(")").toString();
    }

    /** {@link #moveUIDMessages} without the UIDs (Angus's {@code IMAPFolder.moveMessages}). */
    public void moveMessages(Message[] msgs, Folder folder) throws MessagingException {
        moveUIDMessages(msgs, folder);
    }

    @Override
    public synchronized Message[] expunge() throws MessagingException {
        checkOpen();
        checkWritable();
        return doExpunge(c -> c.expunge().check());
    }

    /** Expunges only the given messages (UID EXPUNGE, UIDPLUS). */
    public synchronized Message[] expunge(Message[] msgs) throws MessagingException {
        checkOpen();
        checkWritable();
        if (!conn.hasCapability("UIDPLUS")) {
            throw new MessagingException("the server lacks UIDPLUS: cannot expunge only some messages");
        }
        long[] uids = new long[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            uids[i] = getUID(msgs[i]);
        }
        Arrays.sort(uids);
        String set = SequenceSet.of(uids).toString();
        return doExpunge(c -> c.uidExpunge(set).check());
    }

    private Message[] doExpunge(FolderOp<?> op) throws MessagingException {
        expungeInProgress = true;
        expunged.clear();
        try {
            withConnection(op);
        } finally {
            expungeInProgress = false;
        }
        // Our own expunge renumbers: every expunged slot goes, ours reported in message order.
        java.util.Set<Imap4libMessage> mine = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        mine.addAll(expunged);
        expunged.clear();
        List<Message> ours = new ArrayList<>();
        added.beforeCompact(cache);
        for (Imap4libMessage m : cache.compact()) {
            if (m.uidOrNull() != null) {
                byUid.remove(m.uidOrNull());
            }
            if (mine.contains(m)) {
                ours.add(m);
            }
        }
        Message[] out = ours.toArray(new Message[0]);
        if (out.length > 0) {
            notifyMessageRemovedListeners(true, out);
        }
        return out;
    }

    // ------------------------------------------------------------------ search

    @Override
    public synchronized Message[] search(SearchTerm term) throws MessagingException {
        checkOpen();
        return searchOnServer(term, null);
    }

    @Override
    public synchronized Message[] search(SearchTerm term, Message[] msgs) throws MessagingException {
        checkOpen();
        if (msgs.length == 0) {
            return msgs;
        }
        return searchOnServer(term, msgs);
    }

    private Message[] searchOnServer(SearchTerm term, Message[] within) throws MessagingException {
        Optional<SearchTranslator.ImapSearch> q = SearchTranslator.translate(term, new LinkedHashSet<>(conn.capabilities()));
        if (q.isEmpty()) {
            // Not expressible in IMAP SEARCH: match on the client, as Folder does.
            note("search term " + term.getClass().getSimpleName() + " has no IMAP SEARCH form; matching on the client");
            return matchOnClient(term, within);
        }
        SearchTranslator.ImapSearch s = q.get();
        String scope = within == null ? "" : seqSet(within) + " ";
        SearchResult r = withConnection(c -> {
            Result<SearchResult> res = c.search(s.needsCharset() ? "UTF-8" : null, scope + s.criteria());
            if (!res.isOk() && s.needsCharset() && res.code() != null && res.code().name().equals("BADCHARSET")) {
                return null;
            }
            return res.check().value();
        });
        if (r == null) {
            note("the server refused SEARCH CHARSET UTF-8 (BADCHARSET); matching on the client");
            return matchOnClient(term, within);
        }
        List<Message> out = new ArrayList<>(r.size());
        for (long n : r.numbers()) {
            Message m = cache.bySeq(n);
            if (m != null && (s.exact() || term.match(m))) {
                out.add(m);
            }
        }
        return out.toArray(new Message[0]);
    }

    /** Client-side matching, after one FETCH of what the common terms look at. */
    private Message[] matchOnClient(SearchTerm term, Message[] within) throws MessagingException {
        Message[] msgs = within == null ? getMessages() : within;
        List<Message> live = new ArrayList<>(msgs.length);
        for (Message m : msgs) {
            if (!m.isExpunged()) {
                live.add(m);
            }
        }
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        fp.add(FetchProfile.Item.FLAGS);
        fetch(live.toArray(new Message[0]), fp);
        List<Message> out = new ArrayList<>();
        for (Message m : live) {
            if (term.match(m)) {
                out.add(m);
            }
        }
        return out.toArray(new Message[0]);
    }

    /**
     * The folder's MAILBOXID (OBJECTID, RFC 8474): it stays the same when the folder is renamed,
     * and a new folder of the same name gets another. From SELECT's {@code [MAILBOXID]} when open,
     * else from an EXAMINE on the store's connection (not STATUS: Cyrus 3.10 answers
     * {@code STATUS (MAILBOXID)} with garbage).
     *
     * @return the id, or null when the server has no OBJECTID
     */
    public synchronized String getMailboxId() throws MessagingException {
        if (isOpen() && selectInfo != null && selectInfo.mailboxId() != null) {
            return selectInfo.mailboxId();
        }
        if (!store.withStoreConnection(c -> c.hasCapability("OBJECTID"))) {
            return null;
        }
        Result<SelectInfo> r = store.withStoreConnection(c -> {
            try {
                return c.examine(fullName);
            } finally {
                if (c.state() == State.SELECTED) {
                    if (c.hasCapability("UNSELECT")) {
                        c.unselect();
                    } else {
                        c.closeMailbox();   // read-only: CLOSE expunges nothing
                    }
                }
            }
        });
        if (!r.isOk() || r.value() == null) {
            throw notOpenable(r.text());
        }
        return r.value().mailboxId();
    }

    /** Whether this folder's connection has OBJECTID (EMAILID and THREADID can be fetched). */
    boolean hasObjectIds() {
        Imap4 c = conn;
        return c != null && c.hasCapability("OBJECTID");
    }

    // ------------------------------------------------------------------ UIDFolder

    @Override
    public synchronized long getUIDValidity() throws MessagingException {
        if (isOpen() && selectInfo != null && selectInfo.uidValidity() >= 0) {
            return selectInfo.uidValidity();
        }
        MailboxStatus st = status("(UIDVALIDITY)");
        return st.uidValidity() == null ? -1 : st.uidValidity();
    }

    @Override
    public synchronized long getUIDNext() throws MessagingException {
        if (isOpen()) {
            // UIDNEXT from SELECT goes stale as mail arrives; STATUS on the selected mailbox is allowed.
            MailboxStatus st = withConnection(c -> c.status(fullName, "(UIDNEXT)").check().value());
            return st == null || st.uidNext() == null ? -1 : st.uidNext();
        }
        MailboxStatus st = status("(UIDNEXT)");
        return st.uidNext() == null ? -1 : st.uidNext();
    }

    @Override
    public synchronized Message getMessageByUID(long uid) throws MessagingException {
        checkOpen();
        Imap4libMessage m = byUid.get(uid);
        if (m != null && !m.isExpunged()) {
            return m;
        }
        // Only the message the server says has this UID: a lying server's other message is not it.
        for (Message x : uidFetch(Long.toString(uid), "(UID FLAGS)")) {
            if (((Imap4libMessage) x).uidOrNull() == uid) {
                return x;
            }
        }
        return null;
    }

    @Override
    public synchronized Message[] getMessagesByUID(long start, long end) throws MessagingException {
        return byUidRange(start, end, "(UID FLAGS)");
    }

    /**
     * The messages with UIDs in {@code start..end} ({@link #LASTUID} for no end) whose mod-sequence
     * is above {@code modseq} (CONDSTORE {@code CHANGEDSINCE}), as in Angus Mail; their flags come
     * with them.
     */
    public synchronized Message[] getMessagesByUIDChangedSince(long start, long end, long modseq)
            throws MessagingException {
        return byUidRange(start, end, "(UID FLAGS MODSEQ) (CHANGEDSINCE " + Math.max(0, modseq) + ")");
    }

    private Message[] byUidRange(long start, long end, String items) throws MessagingException {
        checkOpen();
        String set = start + ":" + (end == LASTUID ? "*" : Long.toString(end));
        Message[] all = uidFetch(set, items);
        if (end == LASTUID) {
            return all;
        }
        // "n:*" style answers can include the last message even when its UID is below start.
        List<Message> out = new ArrayList<>();
        for (Message m : all) {
            long u = ((Imap4libMessage) m).uidOrNull();
            if (u >= start && u <= end) {
                out.add(m);
            }
        }
        return out.toArray(new Message[0]);
    }

    @Override
    public synchronized Message[] getMessagesByUID(long[] uids) throws MessagingException {
        checkOpen();
        if (uids.length == 0) {
            return new Message[0];
        }
        long[] sorted = uids.clone();
        Arrays.sort(sorted);
        uidFetch(SequenceSet.of(sorted).toString(), "(UID FLAGS)");
        Message[] out = new Message[uids.length];
        for (int i = 0; i < uids.length; i++) {
            Imap4libMessage m = byUid.get(uids[i]);
            out[i] = m == null || m.isExpunged() ? null : m;
        }
        return out;
    }

    private Message[] uidFetch(String set, String items) throws MessagingException {
        List<FetchData> data = withConnection(c -> {
            ownFetch = true;
            try {
                return c.uidFetch(set, items).check().value();
            } finally {
                ownFetch = false;
            }
        });
        List<Message> out = new ArrayList<>(data.size());
        for (FetchData d : data) {
            applyFetch(d);
            Imap4libMessage m = cache.bySeq(d.msgno());
            // A response without UID (a server bug) cannot answer a question about UIDs.
            if (m != null && d.uid() != null && m.uidOrNull() != null) {
                out.add(m);
            }
        }
        out.sort((a, b) -> Long.compare(((Imap4libMessage) a).uidOrNull(), ((Imap4libMessage) b).uidOrNull()));
        return out.toArray(new Message[0]);
    }

    @Override
    public synchronized long getUID(Message message) throws MessagingException {
        if (message.getFolder() != this) {
            throw new java.util.NoSuchElementException("message does not belong to " + fullName);
        }
        Imap4libMessage m = (Imap4libMessage) message;
        Long u = m.uidOrNull();
        if (u != null) {
            return u;
        }
        long known = cache == null || m.isExpunged() ? 0 : cache.uid(m.getMessageNumber());
        if (known != 0) {
            // learnt for the slot before the message object existed (a resync's UID set)
            rememberUid(m, known);
            return known;
        }
        FetchData d = fetchOne(m, "(UID)");
        return d.uid() == null ? -1 : d.uid();
    }

    /** Records that {@code m} has {@code uid}: on the message, in the UID index and in the cache. */
    void rememberUid(Imap4libMessage m, long uid) {
        m.learnUid(uid);
        byUid.put(uid, m);
        if (cache != null) {
            cache.setUid(m.getMessageNumber(), uid);
        }
    }

    // ------------------------------------------------------------------ extras

    /**
     * Waits in IDLE until {@code duration} has passed (null: until another thread uses this
     * folder or calls {@link #stopIdle()}), delivering MessageCount and MessageChanged events as
     * the server reports changes. Another thread that needs this folder ends the IDLE first.
     */
    public void idle(Duration duration) throws MessagingException {
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        boolean reconnected = false;
        while (true) {
            Imap4.Idler i;
            synchronized (this) {
                waitIfIdle();
                while (waiters > 0) {
                    try {
                        wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new MessagingException("interrupted before IDLE");
                    }
                }
                checkOpen();
                if (!conn.hasCapability("IDLE")) {
                    throw new MessagingException("the server does not support IDLE");
                }
                learnUids();
                long left = deadline - System.nanoTime();
                if (reconnected && left <= 0) {
                    return;
                }
                try {
                    i = conn.idle(duration == null ? null : Duration.ofNanos(Math.max(0, left)));
                } catch (IOException e) {
                    throw failure(e);
                }
                idler = i;
            }
            IOException failed = null;
            try {
                // The monitor is free while waiting, so other threads can ask the idle to end.
                while (i.next() != null) {
                    synchronized (this) {
                        fireEvents();
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
            synchronized (this) {
                idler = null;
                notifyAll();
                fireEvents();
                if (failed == null || conn == null) {
                    return;
                }
                if (!(failed instanceof Imap4AbortException) || !reconnect()) {
                    throw failure(failed);
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
        int live = cache.live();
        boolean missing = false;
        for (int n = 1; n <= cache.size() && !missing; n++) {
            missing = !cache.isGone(n) && cache.uid(n) == 0;
        }
        if (!missing || live == 0) {
            return;
        }
        long[] all = withConnection(c -> c.uidSearch(null, "ALL").check().value().numbers());
        if (all.length != cache.live()) {
            return; // the mailbox changed meanwhile; the next IDLE tries again
        }
        int seq = 0;
        for (int n = 1; n <= cache.size(); n++) {
            if (!cache.isGone(n)) {
                cache.setUid(n, all[seq++]);
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
        Imap4 old = conn;
        if (old != null) {
            old.removeUntaggedListener(listener);
            old.shutdown();
        }
        Imap4 c = null;
        try {
            c = store.borrow();
            Result<SelectInfo> r = c.select(fullName, mode == READ_ONLY);
            SelectInfo info = r.value();
            if (!r.isOk() || info == null || selectInfo == null || info.uidValidity() != selectInfo.uidValidity()) {
                c.close();
                return false;
            }
            long[] now = info.exists() == 0 ? new long[0] : c.uidSearch(null, "ALL").check().value().numbers();
            // Old live slots with their UIDs, in sequence order; unknown UIDs only at the tail
            // (messages announced during the IDLE that dropped).
            List<Integer> slots = new ArrayList<>();
            long maxKnown = 0;
            int unknown = 0;
            for (int n = 1; n <= cache.size(); n++) {
                if (!cache.isGone(n)) {
                    slots.add(n);
                    long u = cache.uid(n);
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
                long u = cache.uid(n);
                if (u != 0 && Arrays.binarySearch(now, u) < 0) {
                    Imap4libMessage m = cache.expunge(seq + 1);
                    if (m != null) {
                        removedElsewhere.add(m);
                    }
                } else {
                    seq++;
                }
            }
            int before = cache.size();
            int n = cache.exists(now.length);
            added.announce(cache, before, n);
            conn = c;
            selectInfo = info;
            c.addUntaggedListener(listener);
            lastCommand = System.currentTimeMillis();
            fireEvents();
            return true;
        } catch (IOException | MessagingException | RuntimeException e) {
            if (c != null) {
                c.shutdown();
            }
            return false;
        }
    }

    /** Whether a thread is in {@link #idle} with the IDLE command accepted by the server (for tests). */
    boolean isIdling() {
        Imap4.Idler i = idler;
        return i != null && i.isIdling();
    }

    /** Ends an IDLE running in another thread. */
    public void stopIdle() {
        Imap4.Idler i = idler;
        if (i != null) {
            try {
                i.done();
            } catch (IOException ignored) {
                // the idling thread sees the broken connection
            }
        }
    }

    /**
     * Called with the monitor held before using the connection: asks a running IDLE to end and
     * waits (releasing the monitor, so the idling thread can finish) until it has.
     */
    private void waitIfIdle() throws MessagingException {
        while (idler != null) {
            stopIdle();
            try {
                wait(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MessagingException("interrupted while waiting for IDLE to end");
            }
        }
    }

    /** HIGHESTMODSEQ of the open mailbox (CONDSTORE), or -1. */
    public synchronized long getHighestModSeq() throws MessagingException {
        if (isOpen() && selectInfo != null && selectInfo.highestModSeq() >= 0) {
            return selectInfo.highestModSeq();
        }
        MailboxStatus st = status("(HIGHESTMODSEQ)");
        return st.highestModSeq() == null ? -1 : st.highestModSeq();
    }

    /**
     * One STATUS item of this folder, asked of the server now (Angus's {@code getStatusItem}):
     * {@code MESSAGES}, {@code UIDNEXT}, {@code HIGHESTMODSEQ}, ...; -1 when the server does not
     * answer it.
     */
    public long getStatusItem(String item) throws MessagingException {
        String name = StatusItems.checked(item);
        Result<MailboxStatus> r = store.withStoreConnection(c -> c.status(fullName, "(" + name + ")"));
        if (!r.isOk() || r.value() == null) {
            throw notOpenable(r.text());
        }
        return StatusItems.valueOf(r.value(), name);
    }

    /** Runs {@code op} with this open folder's protocol connection (Angus's {@code doCommand}). */
    public <T> T doCommand(FolderOp<T> op) throws MessagingException {
        return withConnection(op);
    }

    /** Whether reading a body should set \Seen: not with {@code peek}, and never read-only (RFC 9051 6.3.3). */
    boolean markSeenOnRead() {
        return markSeenOnRead(store.config().peek);
    }

    /** As {@link #markSeenOnRead()} for a message whose own peek setting is {@code peek}. */
    boolean markSeenOnRead(boolean peek) {
        return !peek && mode == READ_WRITE;
    }

    StoreConfig config() {
        return store.config();
    }

    /** A slower path taken because of the server is said in the session's debug output. */
    void note(String what) {
        jakarta.mail.Session s = store.session();
        if (s.getDebug()) {
            s.getDebugOut().println("imap4lib: " + fullName + ": " + what);
        }
    }
}
