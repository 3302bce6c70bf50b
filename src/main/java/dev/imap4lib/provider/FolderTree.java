package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.Untagged;
import dev.imap4lib.client.UntaggedListener;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.event.FolderEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hierarchy operations of an {@link Imap4libFolder} (LIST, CREATE, DELETE, RENAME, and
 * whether a closed folder has new mail), all on the store's connection: no folder lock is taken,
 * and a folder that is open refuses delete and rename.
 */
final class FolderTree {
    private final Imap4libFolder f;

    FolderTree(Imap4libFolder f) {
        this.f = f;
    }

    Folder[] list(String pattern, boolean subscribed) throws MessagingException {
        String ref;
        if (f.getFullName().isEmpty()) {
            ref = pattern;
        } else {
            char sep = f.getSeparator();
            ref = f.getFullName() + (sep == Imap4libFolder.NO_SEPARATOR ? "" : String.valueOf(sep)) + pattern;
        }
        Map<String, MailboxStatus> counts = new HashMap<>();
        List<ListEntry> entries = f.store().withStoreConnection(c -> {
            if (subscribed) {
                return c.lsub("", ref).value();
            }
            if (!listWithStatus(c)) {
                return c.list("", ref).value();
            }
            // The provider keeps no untagged responses for response(): the LIST's STATUS lines are caught as they come.
            List<Untagged> statuses = Collections.synchronizedList(new ArrayList<>());
            UntaggedListener l = u -> {
                if (u.type().equals("STATUS")) {
                    statuses.add(u);
                }
            };
            Result<List<ListEntry>> r;
            c.addUntaggedListener(l);
            try {
                r = c.listExtended(null, "", List.of(ref), "STATUS " + FolderStatus.cachedItems(c));
            } finally {
                c.removeUntaggedListener(l);
            }
            for (Untagged u : statuses) {
                MailboxStatus st = MailboxStatus.parse(u.tokenizer(), c.utf8Enabled());
                counts.put(st.name(), st);
            }
            return r.value();
        });
        List<Imap4libFolder> out = new ArrayList<>(entries.size());
        List<ListEntry> listed = new ArrayList<>(entries.size());
        for (ListEntry e : entries) {
            if (!e.name().equals(f.getFullName())) {
                Imap4libFolder child = new Imap4libFolder(f.store(), e);
                MailboxStatus st = counts.get(e.name());
                if (st != null) {
                    child.status.remember(st);
                }
                out.add(child);
                listed.add(e);
            }
        }
        ListedCounts.link(f.store(), out, listed);
        return out.toArray(new Folder[0]);
    }

    /**
     * LIST-STATUS (RFC 5819) returns every listed folder's counts with the LIST, so a loop over
     * {@code list("*")} asking each folder's counts costs one round trip instead of one STATUS
     * a folder; the answers fill the folders' STATUS cache, so they are as fresh as
     * {@code statuscachetimeout} allows. The server opens every listed mailbox to count, which makes a
     * LIST only for names 2-4x slower (Dovecot, 1,000 folders): {@code liststatus=false} for those.
     */
    private boolean listWithStatus(Imap4 c) {
        return f.store().config().listStatus && f.store().config().statusCacheTimeout > 0
                && c.hasCapability("LIST-STATUS");
    }

    boolean create(int type) throws MessagingException {
        char sep = f.getSeparator();
        // A folder that only holds folders is created with a trailing delimiter (RFC 3501 6.3.3).
        String name = (type & Folder.HOLDS_MESSAGES) == 0 && sep != Imap4libFolder.NO_SEPARATOR ? f.getFullName() + sep : f.getFullName();
        Result<Void> r = f.store().withStoreConnection(c -> c.create(name));
        if (!r.isOk()) {
            return false;
        }
        f.forgetEntry();
        f.status.forget();
        f.fireFolder(FolderEvent.CREATED);
        return true;
    }

    boolean delete(boolean recurse) throws MessagingException {
        if (f.isOpen()) {
            throw new IllegalStateException("folder is open");
        }
        if (recurse) {
            deleteChildren();
        }
        if (!deleteOne(f.getFullName())) {
            return false;
        }
        if (recurse && f.entry() != null) {
            // Dovecot, under load, has been seen to keep a parent whose children it had just
            // deleted (as a \Noselect placeholder): one more round, then it is gone.
            deleteChildren();
            deleteOne(f.getFullName());
        }
        f.forgetEntry();
        f.status.forget();
        f.fireFolder(FolderEvent.DELETED);
        return true;
    }

    private void deleteChildren() throws MessagingException {
        List<String> names = new ArrayList<>();
        for (Folder child : f.list("*")) {
            if (child.getFullName().length() > f.getFullName().length()) {
                names.add(child.getFullName());
            }
        }
        // Deepest first, so that no parent is deleted while it still has children.
        names.sort((a, b) -> Integer.compare(b.length(), a.length()));
        for (String n : names) {
            deleteOne(n);
        }
    }

    private boolean deleteOne(String name) throws MessagingException {
        return f.store().withStoreConnection(c -> c.delete(name)).isOk();
    }

    boolean renameTo(Folder to) throws MessagingException {
        if (f.isOpen()) {
            throw new IllegalStateException("folder is open");
        }
        if (to.getStore() != f.getStore()) {
            throw new MessagingException("cannot rename across stores");
        }
        boolean ok = f.store().withStoreConnection(c -> c.rename(f.getFullName(), to.getFullName())).isOk();
        if (ok) {
            f.forgetEntry();
            f.status.forget();
            FolderStatus.forget(to);
            f.fireRenamed(to);
        }
        return ok;
    }

    boolean hasNewMessages() throws MessagingException {
        if (f.isOpen()) {
            return f.getNewMessageCount() > 0;
        }
        ListEntry e = f.entry();
        if (e == null) {
            throw new FolderNotFoundException(f, f.getFullName() + " not found");
        }
        if (e.hasAttribute("\\Marked")) {
            return true;
        }
        if (e.hasAttribute("\\Unmarked")) {
            return false;
        }
        if (f.store().withStoreConnection(Imap4::imap4rev2Enabled)) {
            return false;   // IMAP4rev2 has no \Recent: nothing tells a closed folder's new mail
        }
        MailboxStatus st = f.status.status("(RECENT)");
        return st.recent() != null && st.recent() > 0;
    }
}
