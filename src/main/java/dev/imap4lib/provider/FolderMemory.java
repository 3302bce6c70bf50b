package dev.imap4lib.provider;

import jakarta.mail.Flags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a store remembers of the folders it closed, so that re-opening one resynchronises instead
 * of fetching everything again: per folder UIDVALIDITY, HIGHESTMODSEQ and the flags seen per UID.
 *
 * <p>Bounded: at most {@code maxFolders} folders (least recently used dropped first) and only
 * folders of at most {@code maxMessages} messages. It holds UIDs and {@link Flags} only, never a
 * message or folder object, and belongs to one store, which clears it when it closes.
 */
final class FolderMemory {
    /**
     * One folder as it was at close. {@code uids} ascending; {@code flagIndex[i]} indexes
     * {@code distinct} (mailboxes have few distinct flag combinations, so 100,000 messages share a
     * handful of Flags objects).
     */
    record Snapshot(long uidValidity, long highestModSeq, long[] uids, int[] flagIndex, Flags[] distinct) {
        /** The remembered flags of {@code uid} (a copy), or null when not remembered. */
        Flags flagsOf(long uid) {
            Flags f = sharedFlagsOf(uid);
            return f == null ? null : (Flags) f.clone();
        }

        /**
         * The remembered flags of {@code uid}, the interned object itself (shared by every message
         * with the same flags: the caller must not change it), or null when not remembered.
         */
        Flags sharedFlagsOf(long uid) {
            int i = Arrays.binarySearch(uids, uid);
            return i < 0 || flagIndex[i] < 0 ? null : distinct[flagIndex[i]];
        }
    }

    /** Builds a snapshot message by message, in ascending UID order. */
    static final class Builder {
        private final long uidValidity;
        private final long highestModSeq;
        private long[] uids = new long[16];
        private int[] index = new int[16];
        private int n;
        private final Map<Flags, Integer> ids = new HashMap<>();
        private final List<Flags> distinct = new ArrayList<>();

        Builder(long uidValidity, long highestModSeq) {
            this.uidValidity = uidValidity;
            this.highestModSeq = highestModSeq;
        }

        /** Adds a message ({@code flags} null: not seen); false when UIDs are not ascending (the snapshot is then unusable). */
        boolean add(long uid, Flags flags) {
            if (n > 0 && uid <= uids[n - 1]) {
                return false;
            }
            if (n == uids.length) {
                uids = Arrays.copyOf(uids, n * 2);
                index = Arrays.copyOf(index, n * 2);
            }
            Flags kept = null;
            if (flags != null) {
                // \Recent belongs to the session that saw it, not to the message
                kept = (Flags) flags.clone();
                kept.remove(Flags.Flag.RECENT);
            }
            Integer id = kept == null ? Integer.valueOf(-1) : ids.get(kept);
            if (id == null) {
                Flags copy = kept;
                id = distinct.size();
                distinct.add(copy);
                ids.put(copy, id);
            }
            uids[n] = uid;
            index[n++] = id;
            return true;
        }

        Snapshot build() {
            return new Snapshot(uidValidity, highestModSeq, Arrays.copyOf(uids, n), Arrays.copyOf(index, n),
                    distinct.toArray(new Flags[0]));
        }
    }

    private final int maxFolders;
    private final int maxMessages;
    private final LinkedHashMap<String, Snapshot> folders;

    FolderMemory(int maxFolders, int maxMessages) {
        this.maxFolders = Math.max(0, maxFolders);
        this.maxMessages = Math.max(0, maxMessages);
        this.folders = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Snapshot> eldest) {
                return size() > FolderMemory.this.maxFolders;
            }
        };
    }

    /** Whether a folder of {@code messages} messages may be remembered at all. */
    boolean accepts(int messages) {
        return maxFolders > 0 && messages <= maxMessages;
    }

    synchronized void put(String folder, Snapshot s) {
        if (maxFolders > 0 && s.uids().length <= maxMessages) {
            folders.put(folder, s);
        }
    }

    /** The snapshot of {@code folder}, removed: an open folder's state is newer than any snapshot. */
    synchronized Snapshot take(String folder) {
        return folders.remove(folder);
    }

    synchronized void clear() {
        folders.clear();
    }

    synchronized int size() {
        return folders.size();
    }
}
