package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Result;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;

/**
 * STATUS of a closed {@link Imap4libFolder} on the store's connection, with its short-lived
 * cache. Needs no folder lock: the cache is one volatile reference, replaced whole.
 */
final class FolderStatus {
    private final Imap4libFolder f;
    private volatile CachedStatus statusCache;

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
        Result<MailboxStatus> r = f.store().withStoreConnection(c -> c.status(f.getFullName(), statusItems(c, timeout <= 0 ? items
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
}
