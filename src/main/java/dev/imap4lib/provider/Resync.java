package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.response.SequenceSet;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageCountEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a just-selected folder in step with what a client knew from an earlier open, with
 * CONDSTORE (RFC 7162): {@code UID SEARCH RETURN (ALL) ALL} names the UIDs now present in one
 * compact set (which also numbers them), {@code UID SEARCH RETURN (ALL) MODSEQ m+1} names the
 * messages changed or new since, and one {@code UID FETCH <that set> (FLAGS MODSEQ)} brings
 * only those (without ESEARCH: {@code UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE m)}). Comparing the UIDs with the
 * known ones finds what was expunged and what was added.
 *
 * <p>QRESYNC's {@code SELECT ... (QRESYNC ...)} would save one round trip, but once enabled it
 * replaces EXPUNGE by VANISHED on the whole connection for as long as it lives, and the folder
 * (and the other folders sharing the store's connection pool) number messages by EXPUNGE; so it is
 * not enabled. The two commands above move about as few bytes.
 */
final class Resync {
    /** Thrown when the server's answers do not fit together; the folder then opens without resync. */
    static final class Inconsistent extends Exception {
        private static final long serialVersionUID = 1L;

        Inconsistent(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * What a resync found. {@code changed}: known messages whose flags differ; {@code vanishedUids}
     * known UIDs gone; {@code added} messages with UIDs above every known one.
     */
    record Outcome(List<Imap4libMessage> changed, long[] vanishedUids, List<Imap4libMessage> added) {
    }

    /** The client's knowledge: modseq to resync from, known UIDs (ascending, may be null), remembered flags (may be null). */
    record Known(long modSeq, long[] uids, FolderMemory.Snapshot flags) {
    }

    /**
     * Placeholder messages one {@link MessageVanishedEvent} carries at most; its UIDs name all.
     * A caller's ResyncData may name millions of UIDs that are gone, and a message object costs
     * far more than its UID.
     */
    static final int MAX_VANISHED_MESSAGES = 10_000;

    private Resync() {
    }

    /**
     * What is known for a folder now selected with {@code info}, from the caller's data or else
     * the store's memory; null when nothing applies (UIDVALIDITY changed: every message is new).
     */
    static Known known(SelectInfo info, ResyncData rd, FolderMemory.Snapshot memory) {
        if (info.uidValidity() <= 0 || info.highestModSeq() < 0) {
            return null; // no CONDSTORE for this mailbox
        }
        boolean memoryFits = memory != null && memory.uidValidity() == info.uidValidity() && memory.highestModSeq() > 0;
        if (rd != null && rd.getModSeq() > 0) {
            if (rd.getUIDValidity() != info.uidValidity()) {
                return null;
            }
            // The caller's point in time decides; the memory still serves the flags when it is not newer.
            FolderMemory.Snapshot flags = memoryFits && memory.highestModSeq() <= rd.getModSeq() ? memory : null;
            long[] uids = rd.knownUids() != null ? rd.knownUids() : flags == null ? null : flags.uids();
            return new Known(rd.getModSeq(), uids, flags);
        }
        return memoryFits ? new Known(memory.highestModSeq(), memory.uids(), memory) : null;
    }

    /**
     * Runs the resync on {@code c} (the folder's connection, the folder lock held, its own FETCH
     * flag set so the responses are not also taken as unsolicited).
     */
    static Outcome run(Imap4 c, SelectInfo info, Known known, MessageCache cache, Imap4libFolder folder)
            throws IOException, Inconsistent {
        int exists = cache.live();
        long[] now = exists == 0 ? new long[0] : uidsNow(c, exists);
        for (int i = 0; i < now.length; i++) {
            cache.setUid(i + 1, now[i]);
        }
        long[] knownUids = known.uids();
        long knownMax = knownUids == null || knownUids.length == 0 ? 0 : knownUids[knownUids.length - 1];
        FolderMemory.Snapshot mem = known.flags();
        if (mem != null) {
            // Flags remembered for messages still here; a message object only where there is something to give it.
            for (int i = 0; i < now.length; i++) {
                // the interned object itself: unchanged messages share it (copy-on-write in the message)
                Flags f = mem.sharedFlagsOf(now[i]);
                if (f != null) {
                    Imap4libMessage m = cache.get(i + 1);
                    m.knownFlags(f);
                    folder.rememberUid(m, now[i]);
                }
            }
        }
        List<Imap4libMessage> changed = new ArrayList<>();
        if (exists > 0) {
            for (FetchData d : changedSince(c, known.modSeq(), exists)) {
                Imap4libMessage m = cache.bySeq(d.msgno());
                if (m == null || d.flags() == null) {
                    continue;
                }
                Flags before = d.uid() == null || mem == null ? null : mem.sharedFlagsOf(d.uid());
                m.apply(d);
                if (d.uid() != null) {
                    folder.rememberUid(m, d.uid());
                }
                boolean isNew = d.uid() != null && d.uid() > knownMax && knownUids != null;
                if (!isNew && (before == null || !before.equals(flagsOf(m)))) {
                    changed.add(m);
                }
            }
        }
        List<Imap4libMessage> added = new ArrayList<>();
        if (knownUids != null) {
            for (int i = 0; i < now.length; i++) {
                if (now[i] > knownMax) {
                    Imap4libMessage m = cache.get(i + 1);
                    folder.rememberUid(m, now[i]);
                    added.add(m);
                }
            }
        }
        return new Outcome(changed, knownUids == null ? new long[0] : missing(knownUids, now), added);
    }

    /**
     * The events of an outcome, in the order listeners get them: flags changed, then the
     * vanished (one {@link MessageVanishedEvent} with placeholder messages that know their UID,
     * for the first {@link #MAX_VANISHED_MESSAGES} UIDs), then the added.
     */
    static List<MailEvent> events(Outcome o, Imap4libFolder folder) {
        List<MailEvent> out = new ArrayList<>();
        for (Imap4libMessage m : o.changed()) {
            out.add(new MessageChangedEvent(folder, MessageChangedEvent.FLAGS_CHANGED, m));
        }
        if (o.vanishedUids().length > 0) {
            Message[] gone = new Message[Math.min(o.vanishedUids().length, MAX_VANISHED_MESSAGES)];
            for (int i = 0; i < gone.length; i++) {
                Imap4libMessage m = new Imap4libMessage(folder, 0);
                m.learnUid(o.vanishedUids()[i]);
                m.markExpunged();
                gone[i] = m;
            }
            out.add(new MessageVanishedEvent(folder, o.vanishedUids(), gone));
        }
        if (!o.added().isEmpty()) {
            out.add(new MessageCountEvent(folder, MessageCountEvent.ADDED, false, o.added().toArray(new Message[0])));
        }
        return out;
    }

    /**
     * What to remember of an open folder about to close, or null when it cannot serve a resync
     * (no mod-sequences, too many messages, or a message whose UID was never learnt).
     */
    static FolderMemory.Snapshot snapshot(SelectInfo info, MessageCache cache, FolderMemory memory) {
        if (info == null || info.uidValidity() <= 0 || info.highestModSeq() <= 0 || !memory.accepts(cache.live())) {
            return null;
        }
        FolderMemory.Builder b = new FolderMemory.Builder(info.uidValidity(), info.highestModSeq());
        for (int n = 1; n <= cache.size(); n++) {
            if (cache.isGone(n)) {
                continue;
            }
            long uid = cache.uid(n);
            Imap4libMessage m = cache.peek(n);
            if (uid == 0 || !b.add(uid, m == null ? null : m.flagsIfLoaded())) {
                return null;
            }
        }
        return b.build();
    }

    private static Flags flagsOf(Imap4libMessage m) {
        try {
            return m.getFlags();
        } catch (jakarta.mail.MessagingException e) {
            return null; // flags just applied; unreachable in practice
        }
    }

    /**
     * FETCH data (UID, FLAGS, MODSEQ) of the messages whose mod-sequence is above {@code modSeq}.
     * With ESEARCH, {@code UID SEARCH RETURN (ALL) MODSEQ m+1} names them in one compact set and
     * one {@code UID FETCH <set> (FLAGS MODSEQ)} brings just those (nothing when the set is
     * empty); the server walks its index once and the fetch names exactly what it sends. Without
     * ESEARCH (or when the server refuses that search) {@code UID FETCH 1:* (UID FLAGS)
     * (CHANGEDSINCE m)} asks the same in one command. A set larger than EXISTS is refused, so a
     * hostile answer cannot make the client fetch more than the folder holds.
     */
    static List<FetchData> changedSince(Imap4 c, long modSeq, int exists) throws IOException, Inconsistent {
        if (c.hasCapability("ESEARCH")) {
            Result<SearchResult> s;
            try {
                s = c.uidSearch(null, "RETURN (ALL) MODSEQ " + (modSeq + 1));
            } catch (Imap4AbortException e) {
                throw e; // the connection is gone: nothing to fall back on
            } catch (Imap4Exception e) {
                s = null; // NO or BAD: the connection is fine, CHANGEDSINCE below
            }
            if (s != null && s.isOk()) {
                SequenceSet set = s.value().all();
                if (set == null || set.size() == 0) {
                    return List.of();
                }
                if (set.hasStar() || set.size() > exists) {
                    throw new Inconsistent("server names " + set.size() + " changed UIDs for " + exists + " messages");
                }
                Result<List<FetchData>> r = c.uidFetch(set.toString(), "(FLAGS MODSEQ)");
                if (!r.isOk()) {
                    throw new Inconsistent("UID FETCH of the changed refused: " + r.text());
                }
                return r.value();
            }
            // a server may offer ESEARCH but not the MODSEQ criterion in it: CHANGEDSINCE below
        }
        Result<List<FetchData>> r = c.uidFetch("1:*", "(UID FLAGS) (CHANGEDSINCE " + modSeq + ")");
        if (!r.isOk()) {
            throw new Inconsistent("UID FETCH CHANGEDSINCE refused: " + r.text());
        }
        return r.value();
    }

    /** The UIDs now in the mailbox, ascending; checked against EXISTS so a hostile set cannot expand. */
    private static long[] uidsNow(Imap4 c, int exists) throws IOException, Inconsistent {
        if (c.hasCapability("ESEARCH")) {
            Result<SearchResult> r = c.uidSearch(null, "RETURN (ALL) ALL");
            if (!r.isOk()) {
                throw new Inconsistent("UID SEARCH refused: " + r.text());
            }
            SequenceSet all = r.value().all();
            long size = all == null ? 0 : all.size();
            if (size != exists || all.hasStar()) {
                throw new Inconsistent("server names " + size + " UIDs for " + exists + " messages");
            }
            return all.toArray(Long.MAX_VALUE);
        }
        Result<SearchResult> r = c.uidSearch(null, "ALL");
        if (!r.isOk()) {
            throw new Inconsistent("UID SEARCH refused: " + r.text());
        }
        long[] n = r.value().numbers();
        if (n.length != exists) {
            throw new Inconsistent("server names " + n.length + " UIDs for " + exists + " messages");
        }
        java.util.Arrays.sort(n);
        return n;
    }

    /** The members of ascending {@code known} absent from ascending {@code now}. */
    static long[] missing(long[] known, long[] now) {
        long[] out = new long[known.length];
        int o = 0;
        int j = 0;
        for (long u : known) {
            while (j < now.length && now[j] < u) {
                j++;
            }
            if (j >= now.length || now[j] != u) {
                out[o++] = u;
            }
        }
        return java.util.Arrays.copyOf(out, o);
    }
}
