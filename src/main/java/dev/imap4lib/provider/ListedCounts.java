package dev.imap4lib.provider;

import dev.imap4lib.client.Result;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders one {@code list()} returned, on a server without LIST-STATUS: the first count asked
 * of one of them (a STATUS cache miss) asks the counts of it and of up to {@link #CHUNK} listed
 * folders after it in one pipelined batch of STATUS commands ({@code Imap4.statusAll}), which fill
 * their STATUS caches. So the usual loop over {@code list("*")} asking each folder's counts costs
 * one round trip per {@value #CHUNK} folders instead of one per folder, and nothing is asked until
 * some count is.
 *
 * <p>Each folder is asked at most once this way (a second loop after {@code statuscachetimeout}
 * asks each folder on its own again, as before): a caller that asks one folder now and then never
 * makes the whole list be counted over and over. Open folders and folders that cannot hold
 * messages are skipped; a folder the server refuses keeps its own STATUS, which then reports the error.
 */
final class ListedCounts {
    /** Folders per batch: bounds how long the first count waits and how long the store connection is held. */
    static final int CHUNK = 256;

    private final Imap4libFolder[] folders;
    /** Whether the LIST said folder i can hold messages (no \Noselect, no \NonExistent). */
    private final boolean[] selectable;
    private final boolean[] asked;

    private ListedCounts(List<Imap4libFolder> folders, List<ListEntry> entries) {
        this.folders = folders.toArray(new Imap4libFolder[0]);
        this.selectable = new boolean[this.folders.length];
        this.asked = new boolean[this.folders.length];
        for (int i = 0; i < selectable.length; i++) {
            ListEntry e = entries.get(i);
            selectable[i] = !e.noSelect() && !e.hasAttribute("\\NonExistent");
        }
    }

    /**
     * Links the folders of one listing ({@code entries.get(i)} is what the LIST said of
     * {@code listed.get(i)}) when their counts would otherwise cost one STATUS each.
     */
    static void link(Imap4libStore store, List<Imap4libFolder> listed, List<ListEntry> entries) {
        if (listed.size() < 2 || !store.config().listStatus || store.config().statusCacheTimeout <= 0
                || store.hasCapability("LIST-STATUS")) {
            return;
        }
        ListedCounts batch = new ListedCounts(listed, entries);
        for (int i = 0; i < listed.size(); i++) {
            listed.get(i).status.listedWith(batch, i);
        }
    }

    /**
     * Asks the counts of listed folder {@code at} and of the listed folders after it not asked
     * yet; false when folder {@code at} was asked before (its caller then asks on its own).
     */
    synchronized boolean fill(int at) throws MessagingException {
        if (asked[at]) {
            return false;
        }
        Imap4libFolder f = folders[at];
        List<Imap4libFolder> chosen = new ArrayList<>();
        for (int i = at; i < folders.length && chosen.size() < CHUNK; i++) {
            if (!asked[i] && (i == at || (selectable[i] && !folders[i].isOpen()))) {
                asked[i] = true;
                chosen.add(folders[i]);
            }
        }
        List<String> names = new ArrayList<>(chosen.size());
        for (Imap4libFolder x : chosen) {
            names.add(x.getFullName());
        }
        List<Result<MailboxStatus>> got = f.store().withStoreConnection(c -> c.statusAll(names, FolderStatus.cachedItems(c)));
        for (int i = 0; i < got.size(); i++) {
            Result<MailboxStatus> r = got.get(i);
            if (r.isOk() && r.value() != null) {
                chosen.get(i).status.remember(r.value());
            }
        }
        return true;
    }
}
