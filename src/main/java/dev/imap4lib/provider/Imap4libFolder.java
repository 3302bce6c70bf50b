package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.FolderEvent;
import jakarta.mail.event.MessageCountListener;
import jakarta.mail.search.SearchTerm;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * An IMAP mailbox as a Jakarta Mail {@link Folder} with {@link UIDFolder}. A closed folder works
 * through the store's connection (LIST, STATUS, CREATE, ...); an open one has its own
 * connection with the mailbox selected, and keeps its messages in step with the server's
 * EXISTS, EXPUNGE and FETCH responses as they arrive.
 *
 * <p>This class is the public face; the work is done by package-private parts, one per
 * responsibility: {@link OpenFolder} (the open-folder session: connection, message cache and
 * sequence map, UID index, SELECT state, open, close and resync), {@link FolderFetcher} (fetch,
 * body sections, read-ahead, UID lookups), {@link FolderMutations} (flags, append, copy, move,
 * expunge), {@link FolderSearch}, {@link FolderEvents} (untagged responses as they arrive, and
 * the events they raise), {@link FolderIdle}, {@link FolderStatus} (counts and mailbox values:
 * from the session when open, else STATUS), {@link FolderTree} (LIST, CREATE, DELETE, RENAME)
 * and {@link FlagSyntax}.
 *
 * <h2>Concurrency</h2>
 * <ul>
 * <li><b>One lock per folder: this object's monitor.</b> It guards all open state (everything in
 * {@link OpenFolder} and {@link FolderEvents}, and the read-ahead state of
 * {@link FolderFetcher}) and the use of the folder's connection: one command at a time. The
 * public methods that touch open state are {@code synchronized}; the parts assume the monitor
 * is held, and take it themselves only where they are entered from another thread (the
 * connection's untagged listener, the IDLE loop, the NOOP after an append).</li>
 * <li><b>IDLE holds no lock while it waits.</b> The idling thread takes the monitor to start
 * the IDLE and to queue each wake-up's events; any other thread that needs the connection takes
 * the monitor, ends the IDLE ({@code DONE}) and waits on the monitor until the idler has let go
 * ({@link OpenFolder#waitIfIdle}); a new IDLE lets such waiters go first.</li>
 * <li><b>No listener runs while a lock is held.</b> Untagged responses change the cache under
 * the monitor and are collected in {@link FolderEvents}; they are handed on when the command is
 * done. Every {@code notify...Listeners} of Jakarta Mail only puts the event on the session's
 * event queue, whose own dispatcher thread calls the listeners, so a listener never runs on a
 * thread of ours, and may call back into this folder (or any other) from its thread: it then
 * waits for the monitor like any other caller.</li>
 * <li><b>Lock order: folder, then store.</b> Holding the monitor, a folder uses the store
 * (borrowing and returning connections, the resync memory, and for a few values of an open
 * folder, such as {@link #getMailboxId} without MAILBOXID, {@code withStoreConnection}); the store
 * holds its own locks only briefly and never while it calls into a folder (it closes open folders
 * without them), and runs store operations without its monitor. No folder holds two folders'
 * monitors in the ordinary paths: a copy or move names its destination only to the server, and
 * appending takes no folder lock for the APPEND itself (it runs on the store's connection), only
 * for the NOOP that shows the new mail. The one exception: when the store closes (or its
 * connection breaks, with {@code closefoldersonstorefailure}), the closing thread force-closes
 * every open folder, taking each one's monitor while it may hold its own. Only one store close
 * runs at a time (a second one returns at once), so two threads that each hold a folder and
 * both find the store connection broken cannot wait for each other ({@code StoreCloseRaceTest}).</li>
 * <li>Read without the monitor, as volatile or immutable: the name and separator, the LIST
 * entry, the cached STATUS, the connection reference ({@link #isOpen}), the {@link SelectInfo}
 * reference (permanent flags) and the running idler (so {@link #stopIdle} works from any
 * thread).</li>
 * </ul>
 */
public class Imap4libFolder extends Folder implements UIDFolder {
    static final char UNKNOWN_SEPARATOR = '\uffff';
    static final char NO_SEPARATOR = '\0';

    private final Imap4libStore store;
    private final String fullName;
    private volatile char separator;
    private volatile ListEntry listEntry;

    // The parts (see the class comment); created in this order, as each reads the ones before.
    final OpenFolder session = new OpenFolder(this);
    final FolderEvents events = new FolderEvents(this);
    final FolderIdle idling = new FolderIdle(this);
    final FolderFetcher fetcher = new FolderFetcher(this);
    final FolderMutations mutations = new FolderMutations(this);
    final FolderSearch searcher = new FolderSearch(this);
    final FolderStatus status = new FolderStatus(this);
    final FolderTree tree = new FolderTree(this);

    Imap4libFolder(Imap4libStore store, String fullName, char separator) {
        super(store);
        this.store = store;
        this.fullName = fullName;
        this.separator = separator;
    }

    Imap4libFolder(Imap4libStore store, ListEntry e) {
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

    ListEntry entry() throws MessagingException {
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
        return tree.list(pattern, false);
    }

    @Override
    public Folder[] listSubscribed(String pattern) throws MessagingException {
        return tree.list(pattern, true);
    }

    @Override
    public boolean create(int type) throws MessagingException {
        return tree.create(type);
    }

    @Override
    public boolean hasNewMessages() throws MessagingException {
        return tree.hasNewMessages();
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
        return tree.delete(recurse);
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
        return tree.renameTo(f);
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
        return session.open(mode, rd);
    }

    @Override
    public synchronized void close(boolean expunge) throws MessagingException {
        session.close(expunge);
    }

    /** Drops the open state without talking to the server (the store closed or the connection died). */
    synchronized void forceClose() {
        session.forceClose();
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    /** Work on this folder's connection; collects events raised while it runs and sends them after. */
    @FunctionalInterface
    public interface FolderOp<T> {
        T run(Imap4 c) throws IOException, MessagingException;
    }

    synchronized <T> T withConnection(FolderOp<T> op) throws MessagingException {
        return session.withConnection(op);
    }

    @Override
    public synchronized void addMessageCountListener(MessageCountListener l) {
        super.addMessageCountListener(events.added.wrap(l));
        events.countListeners.add(l);
    }

    @Override
    public synchronized void removeMessageCountListener(MessageCountListener l) {
        MessageCountListener w = events.added.unwrap(l);
        if (w != null) {
            super.removeMessageCountListener(w);
        }
        events.countListeners.remove(l);
    }

    // ------------------------------------------------------------------ counts

    @Override
    public synchronized int getMessageCount() throws MessagingException {
        return status.messageCount();
    }

    @Override
    public synchronized int getNewMessageCount() throws MessagingException {
        return status.newMessageCount();
    }

    @Override
    public synchronized int getUnreadMessageCount() throws MessagingException {
        return status.unreadMessageCount();
    }

    @Override
    public synchronized int getDeletedMessageCount() throws MessagingException {
        return status.deletedMessageCount();
    }

    // ------------------------------------------------------------------ messages

    @Override
    public synchronized Message getMessage(int msgnum) throws MessagingException {
        session.checkOpen();
        MessageCache cache = session.cache;
        if (msgnum < 1 || msgnum > cache.size()) {
            throw new IndexOutOfBoundsException("message number " + msgnum + " out of range 1.." + cache.size());
        }
        return cache.get(msgnum);
    }

    @Override
    public synchronized Message[] getMessages() throws MessagingException {
        session.checkOpen();
        MessageCache cache = session.cache;
        int n = cache.size();
        Message[] out = new Message[n];
        for (int i = 0; i < n; i++) {
            out[i] = cache.get(i + 1);
        }
        return out;
    }

    @Override
    public Flags getPermanentFlags() {
        SelectInfo s = session.selectInfo;
        Flags f = new Flags();
        if (s != null) {
            for (String x : s.permanentFlags()) {
                addFlag(f, x);
            }
        }
        return f;
    }


    /** See {@link FlagSyntax#addFlag}. */
    static void addFlag(Flags f, String x) {
        FlagSyntax.addFlag(f, x);
    }

    /** See {@link FlagSyntax#imapFlags}. */
    static String imapFlags(Flags flags) throws MessagingException {
        return FlagSyntax.imapFlags(flags);
    }

    // ------------------------------------------------------------------ fetch

    @Override
    public synchronized void fetch(Message[] msgs, FetchProfile fp) throws MessagingException {
        fetcher.fetch(msgs, fp);
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
        /**
         * The whole message ({@code BODY[]}, {@code BODY.PEEK[]} with {@code peek}), kept in
         * memory so that reading it asks the server nothing; only messages up to
         * {@code fetchsize} bytes, larger ones are streamed when read (see {@link WholeMessages}).
         */
        public static final FetchProfileItem MESSAGE = new FetchProfileItem("MESSAGE");

        protected FetchProfileItem(String name) {
            super(name);
        }
    }

    /** UID FETCH for one message's items (the message's data are applied). */
    synchronized FetchData fetchOne(Imap4libMessage m, String items) throws MessagingException {
        return fetcher.fetchOne(m, items);
    }

    /** Streams a section of a message via UID FETCH ... BODY.PEEK[section]&lt;offset.count&gt;. */
    synchronized byte[] fetchSection(Imap4libMessage part, String section, long offset, int count, boolean peek)
            throws MessagingException {
        return fetcher.fetchSection(part, section, offset, count, peek, null, false);
    }

    /** See {@link FolderFetcher#fetchSection(Imap4libMessage, String, long, int, boolean, byte[], boolean)}. */
    synchronized byte[] fetchSection(Imap4libMessage part, String section, long offset, int count, boolean peek,
            byte[] reuse, boolean binary) throws MessagingException {
        return fetcher.fetchSection(part, section, offset, count, peek, reuse, binary);
    }

    /** See {@link FolderFetcher#fetchSectionAhead}. */
    synchronized void fetchSectionAhead(Imap4libMessage part, String section, long offset, int count, boolean binary)
            throws MessagingException {
        fetcher.fetchSectionAhead(part, section, offset, count, binary);
    }

    /** See {@link FolderFetcher#wholeMessageRead}. */
    synchronized void wholeMessageRead(Imap4libMessage m, int chunk) {
        fetcher.wholeMessageRead(m, chunk);
    }

    // ------------------------------------------------------------------ flags, append, copy, move, expunge

    @Override
    public synchronized void setFlags(Message[] msgs, Flags flag, boolean value) throws MessagingException {
        mutations.setFlags(msgs, flag, value);
    }

    @Override
    public synchronized void setFlags(int start, int end, Flags flag, boolean value) throws MessagingException {
        session.checkOpen();
        setFlags(getMessages(start, end), flag, value);
    }

    @Override
    public synchronized void setFlags(int[] msgnums, Flags flag, boolean value) throws MessagingException {
        session.checkOpen();
        setFlags(getMessages(msgnums), flag, value);
    }

    @Override
    public void appendMessages(Message[] msgs) throws MessagingException {
        appendUIDMessages(msgs);
    }

    /**
     * Replaces {@code old} (a message of this folder) by {@code replacement} in one step with
     * REPLACE (RFC 8508): the server stores the new message and expunges the old one, or does
     * neither, so there is never a moment with both or neither (saving a draft again, editing a
     * message). Flags and received date come from {@code replacement}, as for
     * {@link #appendMessages}. Listeners see the old message removed and the new one added.
     *
     * @return the new message in this folder, or null when the server does not say its UID (no UIDPLUS)
     * @throws MessagingException when the server has no REPLACE (nothing is tried instead: see
     *     README), {@code old} is not in this folder, or the server refuses; nothing changed then
     * @throws AppendLimitExceededException when {@code replacement} is over the server's APPENDLIMIT
     * @throws IllegalStateException when the folder is open read-only
     */
    public synchronized Message replaceMessage(Message old, Message replacement) throws MessagingException {
        session.checkOpen();
        session.checkWritable();
        return Replace.replace(this, store(), old, replacement);
    }

    /**
     * Appends messages and returns their UIDs in this folder (from UIDPLUS's APPENDUID; -1 where
     * the server did not say).
     */
    public long[] appendUIDMessages(Message[] msgs) throws MessagingException {
        return mutations.appendUIDMessages(msgs);
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
        return mutations.copyUIDMessages(msgs, folder);
    }

    /**
     * Moves messages to {@code folder}: MOVE (RFC 6851) when the server has it, else COPY, then
     * \Deleted and UID EXPUNGE of exactly those messages (UIDPLUS). Without UIDPLUS the copies are
     * made and the originals only marked \Deleted, never expunged together with other deleted
     * mail. Returns the destination UIDs (-1 where unknown). If the fallback fails part-way, the
     * exception says which step it reached: from the COPY on, the messages may be in both folders.
     */
    public synchronized long[] moveUIDMessages(Message[] msgs, Folder folder) throws MessagingException {
        return mutations.moveUIDMessages(msgs, folder);
    }

    /** {@link #moveUIDMessages} without the UIDs (Angus's {@code IMAPFolder.moveMessages}). */
    public void moveMessages(Message[] msgs, Folder folder) throws MessagingException {
        moveUIDMessages(msgs, folder);
    }

    @Override
    public synchronized Message[] expunge() throws MessagingException {
        return mutations.expunge();
    }

    /** Expunges only the given messages (UID EXPUNGE, UIDPLUS). */
    public synchronized Message[] expunge(Message[] msgs) throws MessagingException {
        return mutations.expunge(msgs);
    }

    // ------------------------------------------------------------------ search

    @Override
    public synchronized Message[] search(SearchTerm term) throws MessagingException {
        return searcher.search(term);
    }

    @Override
    public synchronized Message[] search(SearchTerm term, Message[] msgs) throws MessagingException {
        return searcher.search(term, msgs);
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
        return status.mailboxId();
    }

    /** Whether this folder's open connection announces {@code capability}. */
    boolean hasCapability(String capability) {
        Imap4 c = session.conn;
        return c != null && c.hasCapability(capability);
    }

    /** Whether this folder's connection has OBJECTID (EMAILID and THREADID can be fetched). */
    boolean hasObjectIds() {
        Imap4 c = session.conn;
        return c != null && c.hasCapability("OBJECTID");
    }

    // ------------------------------------------------------------------ UIDFolder

    @Override
    public synchronized long getUIDValidity() throws MessagingException {
        return status.uidValidity();
    }

    @Override
    public synchronized long getUIDNext() throws MessagingException {
        return status.uidNext();
    }

    @Override
    public synchronized Message getMessageByUID(long uid) throws MessagingException {
        return fetcher.getMessageByUID(uid);
    }

    @Override
    public synchronized Message[] getMessagesByUID(long start, long end) throws MessagingException {
        return fetcher.getMessagesByUID(start, end);
    }

    /**
     * The messages with UIDs in {@code start..end} ({@link #LASTUID} for no end) whose mod-sequence
     * is above {@code modseq} (CONDSTORE {@code CHANGEDSINCE}), as in Angus Mail; their flags come
     * with them.
     */
    public synchronized Message[] getMessagesByUIDChangedSince(long start, long end, long modseq)
            throws MessagingException {
        return fetcher.getMessagesByUIDChangedSince(start, end, modseq);
    }

    @Override
    public synchronized Message[] getMessagesByUID(long[] uids) throws MessagingException {
        return fetcher.getMessagesByUID(uids);
    }

    @Override
    public synchronized long getUID(Message message) throws MessagingException {
        return fetcher.getUID(message);
    }

    /** Records that {@code m} has {@code uid}: on the message, in the UID index and in the cache. */
    void rememberUid(Imap4libMessage m, long uid) {
        session.rememberUid(m, uid);
    }

    // ------------------------------------------------------------------ extras

    /**
     * Waits in IDLE until {@code duration} has passed (null: until another thread uses this
     * folder or calls {@link #stopIdle()}), delivering MessageCount and MessageChanged events as
     * the server reports changes. Another thread that needs this folder ends the IDLE first.
     */
    public void idle(Duration duration) throws MessagingException {
        idling.idle(duration);
    }

    /** Whether a thread is in {@link #idle} with the IDLE command accepted by the server (for tests). */
    boolean isIdling() {
        return idling.isIdling();
    }

    /** Ends an IDLE running in another thread. */
    public void stopIdle() {
        idling.stopIdle();
    }

    // ------------------------------------------------------------------ Angus IMAPFolder extras
    // (logic in ServerSort, FolderAcl, WholeMessages; these only delegate)

    /** Angus's {@code getSortedMessages}: every message, sorted by {@code terms}; see {@link ServerSort}. */
    public synchronized Message[] getSortedMessages(SortTerm[] terms) throws MessagingException {
        return getSortedMessages(terms, null);
    }

    /**
     * The messages matching {@code term} (null: all) sorted by {@code terms} (SORT, RFC 5256; on
     * the client when the server lacks SORT, said in the debug output).
     *
     * @throws MessagingException when {@code terms} is empty or ends in REVERSE, or the server refuses
     */
    public synchronized Message[] getSortedMessages(SortTerm[] terms, SearchTerm term) throws MessagingException {
        session.checkOpen();
        return ServerSort.sorted(this, terms, term);
    }

    /** The folder's access control list (GETACL); needs the server's ACL capability. */
    public ACL[] getACL() throws MessagingException {
        return acl().get();
    }

    /** Sets {@code acl}'s identifier's rights to exactly {@code acl}'s (SETACL). */
    public void addACL(ACL acl) throws MessagingException {
        acl().set(acl, (char) 0);
    }

    /** Removes identifier {@code name}'s entry (DELETEACL). */
    public void removeACL(String name) throws MessagingException {
        acl().remove(name);
    }

    /** Adds {@code acl}'s rights to its identifier's (SETACL +). */
    public void addRights(ACL acl) throws MessagingException {
        acl().set(acl, '+');
    }

    /** Removes {@code acl}'s rights from its identifier's (SETACL -). */
    public void removeRights(ACL acl) throws MessagingException {
        acl().set(acl, '-');
    }

    /** What can be granted to {@code name} (LISTRIGHTS): the rights always granted, then each optional group. */
    public Rights[] listRights(String name) throws MessagingException {
        return acl().list(name);
    }

    /** The logged-in user's rights on this folder (MYRIGHTS). */
    public Rights myRights() throws MessagingException {
        return acl().mine();
    }

    private FolderAcl acl() {
        return new FolderAcl(store, fullName);
    }

    /** The quotas of this folder's quota roots (GETQUOTAROOT), as {@code store.getQuota(getFullName())}. */
    public jakarta.mail.Quota[] getQuota() throws MessagingException {
        return store.getQuota(fullName);
    }

    /** Sets a quota root's limits (SETQUOTA), as {@code store.setQuota(quota)}. */
    public void setQuota(jakarta.mail.Quota quota) throws MessagingException {
        store.setQuota(quota);
    }

    /**
     * Appends {@code msgs} and returns them as messages of this open folder (Angus's
     * {@code addMessages}); an element is null when the server did not say its UID (no UIDPLUS).
     */
    public synchronized Message[] addMessages(Message[] msgs) throws MessagingException {
        session.checkOpen();
        long[] uids = appendUIDMessages(msgs);
        Message[] out = new Message[uids.length];
        for (int i = 0; i < uids.length; i++) {
            out[i] = uids[i] < 0 ? null : getMessageByUID(uids[i]);
        }
        return out;
    }

    /** HIGHESTMODSEQ of the open mailbox (CONDSTORE), or -1. */
    public synchronized long getHighestModSeq() throws MessagingException {
        return status.highestModSeq();
    }

    /**
     * One STATUS item of this folder, asked of the server now (Angus's {@code getStatusItem}):
     * {@code MESSAGES}, {@code UIDNEXT}, {@code HIGHESTMODSEQ}, ...; -1 when the server does not
     * answer it.
     */
    public long getStatusItem(String item) throws MessagingException {
        return status.statusItem(item);
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

    // ------------------------------------------------------------------ for the parts

    Imap4libStore store() {
        return store;
    }

    int openMode() {
        return mode;
    }

    void setOpenMode(int m) {
        mode = m;
    }

    /** The LIST entry is out of date (the folder was created, deleted or renamed). */
    void forgetEntry() {
        listEntry = null;
    }

    void fireFolder(int type) {
        notifyFolderListeners(type);
    }

    void fireRenamed(Folder to) {
        notifyFolderRenamedListeners(to);
    }

    // Folder's notify methods are protected; each only queues the event for Jakarta Mail's
    // dispatcher thread (see the class comment), so the parts may call these with the lock held.

    void fireAdded(Message[] msgs) {
        notifyMessageAddedListeners(msgs);
    }

    void fireRemoved(boolean removed, Message[] msgs) {
        notifyMessageRemovedListeners(removed, msgs);
    }

    void fireChanged(int type, Message m) {
        notifyMessageChangedListeners(type, m);
    }

    void fireConnection(int type) {
        notifyConnectionListeners(type);
    }
}
