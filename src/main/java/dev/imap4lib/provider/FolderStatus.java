package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.client.State;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;

/**
 * The counts and mailbox values of an {@link Imap4libFolder}: from the open session when the
 * folder is open (the facade holds the folder's monitor for those), else from STATUS on the
 * store's connection with its short-lived cache, which needs no folder lock (one volatile
 * reference, replaced whole).
 */
final class FolderStatus {
    private final Imap4libFolder f;
    private volatile CachedStatus statusCache;
    /** The listing this folder came from, where its counts are asked together ({@link ListedCounts}), and its place. */
    private volatile ListedCounts listed;
    private volatile int listedAt;

    FolderStatus(Imap4libFolder f) {
        this.f = f;
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
    MailboxStatus status(String items) throws MessagingException {
        long timeout = f.store().config().statusCacheTimeout;
        CachedStatus cached = statusCache;
        if (timeout > 0 && cached != null && System.nanoTime() - cached.at() < timeout * 1_000_000L) {
            return cached.status();
        }
        ListedCounts batch = listed;
        if (timeout > 0 && batch != null && batch.fill(listedAt)) {
            cached = statusCache;
            if (cached != null) {
                return cached.status();
            }
        }
        Result<MailboxStatus> r = f.store().withStoreConnection(c -> c.status(f.getFullName(),
                timeout <= 0 ? statusItems(c, items) : cachedItems(c)));
        if (!r.isOk() || r.value() == null) {
            throw notOpenable(r.text());
        }
        if (timeout > 0) {
            statusCache = new CachedStatus(r.value(), System.nanoTime());
        }
        return r.value();
    }

    /** Every item the cache serves, so that any count or value of a closed folder can come from it. */
    static String cachedItems(Imap4 c) {
        return statusItems(c, c.hasCapability("CONDSTORE") ? "(MESSAGES RECENT UNSEEN UIDNEXT UIDVALIDITY HIGHESTMODSEQ)"
                : "(MESSAGES RECENT UNSEEN UIDNEXT UIDVALIDITY)");
    }

    /** Takes {@code st} (asked with {@link #cachedItems}, e.g. by LIST-STATUS) as the cached STATUS. */
    void remember(MailboxStatus st) {
        if (f.store().config().statusCacheTimeout > 0) {
            statusCache = new CachedStatus(st, System.nanoTime());
        }
    }

    /** Called by {@link ListedCounts#link}: this folder is entry {@code at} of {@code batch}. */
    void listedWith(ListedCounts batch, int at) {
        listedAt = at;
        listed = batch;
    }

    private record CachedStatus(MailboxStatus status, long at) {
    }

    /** Drops the cached STATUS: the folder changed, or was opened or closed. */
    void forget() {
        statusCache = null;
    }

    /** {@link #forget} for {@code f} when it is one of ours (the destination of a copy or move). */
    static void forget(Folder f) {
        if (f instanceof Imap4libFolder x) {
            x.status.forget();
        }
    }

    /** A refused SELECT/STATUS: missing folder, or one that exists but cannot hold messages. */
    MessagingException notOpenable(String serverText) throws MessagingException {
        ListEntry e = f.entry();
        if (e == null) {
            return new FolderNotFoundException(f, f.getFullName() + ": " + serverText);
        }
        if (e.noSelect()) {
            return new MessagingException("folder " + f.getFullName() + " cannot contain messages");
        }
        return new MessagingException("cannot open " + f.getFullName() + ": " + serverText);
    }

    int messageCount() throws MessagingException {
        if (!f.isOpen()) {
            MailboxStatus st = status("(MESSAGES)");
            return st.messages() == null ? -1 : st.messages().intValue();
        }
        // Like Angus: a NOOP now and then lets the server report new mail.
        if (System.currentTimeMillis() - f.session.lastCommand > 1000) {
            f.withConnection(Imap4::noop);
        }
        return f.session.cache.size();
    }

    int newMessageCount() throws MessagingException {
        if (!f.isOpen() && f.store().withStoreConnection(Imap4::imap4rev2Enabled)) {
            return -1;   // IMAP4rev2 has no \Recent (RFC 9051): unknown for a closed folder
        }
        if (!f.isOpen()) {
            MailboxStatus st = status("(RECENT)");
            return st.recent() == null ? -1 : st.recent().intValue();
        }
        return f.session.recent;
    }

    int unreadMessageCount() throws MessagingException {
        if (!f.isOpen()) {
            MailboxStatus st = status("(UNSEEN)");
            return st.unseen() == null ? -1 : st.unseen().intValue();
        }
        return countSearch("UNSEEN");
    }

    int deletedMessageCount() throws MessagingException {
        if (!f.isOpen()) {
            if (!f.exists()) {
                throw new FolderNotFoundException(f, f.getFullName() + " not found");
            }
            return -1;
        }
        return countSearch("DELETED");
    }

    private int countSearch(String key) throws MessagingException {
        SearchResult r = f.withConnection(c -> c.search(null, key).check().value());
        return r == null ? 0 : r.size();
    }

    long uidValidity() throws MessagingException {
        SelectInfo s = f.session.selectInfo;
        if (f.isOpen() && s != null && s.uidValidity() >= 0) {
            return s.uidValidity();
        }
        MailboxStatus st = status("(UIDVALIDITY)");
        return st.uidValidity() == null ? -1 : st.uidValidity();
    }

    long uidNext() throws MessagingException {
        if (f.isOpen()) {
            // UIDNEXT from SELECT goes stale as mail arrives; STATUS on the selected mailbox is allowed.
            MailboxStatus st = f.withConnection(c -> c.status(f.getFullName(), "(UIDNEXT)").check().value());
            return st == null || st.uidNext() == null ? -1 : st.uidNext();
        }
        MailboxStatus st = status("(UIDNEXT)");
        return st.uidNext() == null ? -1 : st.uidNext();
    }

    long highestModSeq() throws MessagingException {
        SelectInfo s = f.session.selectInfo;
        if (f.isOpen() && s != null && s.highestModSeq() >= 0) {
            return s.highestModSeq();
        }
        MailboxStatus st = status("(HIGHESTMODSEQ)");
        return st.highestModSeq() == null ? -1 : st.highestModSeq();
    }

    String mailboxId() throws MessagingException {
        if (f.isOpen() && f.session.selectInfo != null && f.session.selectInfo.mailboxId() != null) {
            return f.session.selectInfo.mailboxId();
        }
        if (!f.store().withStoreConnection(c -> c.hasCapability("OBJECTID"))) {
            return null;
        }
        Result<SelectInfo> r = f.store().withStoreConnection(c -> {
            try {
                return c.examine(f.getFullName());
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

    long statusItem(String item) throws MessagingException {
        String name = StatusItems.checked(item);
        Result<MailboxStatus> r = f.store().withStoreConnection(c -> c.status(f.getFullName(), "(" + name + ")"));
        if (!r.isOk() || r.value() == null) {
            throw notOpenable(r.text());
        }
        return StatusItems.valueOf(r.value(), name);
    }
}
