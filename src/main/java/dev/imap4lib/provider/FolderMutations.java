package dev.imap4lib.provider;

import dev.imap4lib.client.AppendMessage;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Result;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.response.SequenceSet;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import jakarta.mail.event.MessageChangedEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changes an open {@link Imap4libFolder}'s mailbox: flags, copy, move, expunge, and append
 * (which runs on the store's connection, so the folder's monitor is taken only for the NOOP that
 * shows the new messages). Every other method runs with the folder's monitor held.
 */
final class FolderMutations {
    private final Imap4libFolder f;
    private final OpenFolder s;

    FolderMutations(Imap4libFolder f) {
        this.f = f;
        this.s = f.session;
    }

    void setFlags(Message[] msgs, Flags flag, boolean value) throws MessagingException {
        s.checkOpen();
        s.checkWritable();
        if (msgs.length == 0) {
            return;
        }
        String flags = Imap4libFolder.imapFlags(flag);
        if (flags.isEmpty()) {
            return;
        }
        for (int from = 0; from < msgs.length; from += FolderFetcher.BATCH) {
            Message[] batch = Arrays.copyOfRange(msgs, from, Math.min(msgs.length, from + FolderFetcher.BATCH));
            String set = s.seqSet(batch);
            List<FetchData> data = s.withConnection(c -> {
                s.ownFetch = true;
                try {
                    return c.store(set, value ? "+FLAGS" : "-FLAGS", flags).check().value();
                } finally {
                    s.ownFetch = false;
                }
            });
            for (FetchData d : data) {
                f.fetcher.applyFetch(d);
            }
            for (Message m : batch) {
                ((Imap4libMessage) m).flagsChangedLocally(flag, value);
                f.fireChanged(MessageChangedEvent.FLAGS_CHANGED, m);
            }
        }
    }

    /**
     * Appends messages and returns their UIDs in this folder (from UIDPLUS's APPENDUID; -1 where
     * the server did not say).
     */
    long[] appendUIDMessages(Message[] msgs) throws MessagingException {
        long[] uids;
        try {
            uids = appendNow(msgs);
        } finally {
            f.status.forget();
        }
        showAppended();
        return uids;
    }

    /**
     * APPEND runs on the store's connection, so the server tells this folder's connection about
     * the new messages only when it next speaks: one NOOP makes them visible now (the new count,
     * MessageCountEvents), as Angus, which appends on the open folder's own connection.
     */
    private void showAppended() throws MessagingException {
        synchronized (f) {
            if (s.conn != null) {
                s.withConnection(Imap4::noop);
            }
        }
    }

    private long[] appendNow(Message[] msgs) throws MessagingException {
        if (msgs.length > 1 && f.store().hasCapability("MULTIAPPEND")) {
            return new MultiAppend(f, MultiAppend.BATCH_BYTES).append(msgs);
        }
        if (msgs.length > 1 && PipelinedAppend.pays(f.store())) {
            return new PipelinedAppend(f, MultiAppend.BATCH_BYTES).append(msgs);
        }
        long[] uids = new long[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            Message m = msgs[i];
            AppendMessage a = toAppend(m, i);
            AppendLimit.check(f.store(), f.getFullName(), a.message().length);
            Result<ResponseCode.AppendUid> r;
            try {
                r = f.store().withStoreConnection(c -> c.append(f.getFullName(), a.flags(), a.internalDate(), a.message()));
            } catch (StoreClosedException e) {
                // The connection died somewhere in the APPEND: the server may have stored the
                // message or not. Say so, and how to tell, rather than just "connection lost".
                String[] id = m.getHeader("Message-ID");
                throw new StoreClosedException(f.store(), "APPEND of message " + (i + 1) + " of " + msgs.length + " to "
                        + f.getFullName() + " was cut off, so it may or may not be stored"
                        + (id != null && id.length > 0 ? " (look for Message-ID " + id[0].trim() + ")" : "")
                        + (i > 0 ? "; the " + i + " before it are stored" : "") + ": " + e.getMessage(), e);
            }
            if (!r.isOk()) {
                if (r.code() != null && r.code().isTryCreate()) {
                    throw new FolderNotFoundException(f, f.getFullName() + " does not exist: " + r.text());
                }
                throw new MessagingException("APPEND to " + f.getFullName() + " failed: " + r.text());
            }
            ResponseCode.AppendUid au = r.value();
            uids[i] = au == null ? -1 : firstUid(au.uids());
        }
        return uids;
    }

    /** Message {@code i} (0-based) of an append as the core takes it: its bytes, flags and received date. */
    static AppendMessage toAppend(Message m, int i) throws MessagingException {
        byte[] bytes;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
            m.writeTo(out);
            bytes = out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("cannot write message " + (i + 1) + " for APPEND", e);
        }
        String flags = m.getFlags() == null ? null : Imap4libFolder.imapFlags(m.getFlags());
        Date received = m.getReceivedDate();
        return new AppendMessage(flags == null || flags.isEmpty() ? null : flags,
                received == null ? null : ZonedDateTime.ofInstant(received.toInstant(), ZoneId.systemDefault()), bytes);
    }

    private static long firstUid(SequenceSet s) {
        long[] a = s.toArray(Long.MAX_VALUE);
        return a.length == 0 ? -1 : a[0];
    }

    /**
     * Copies messages and returns their UIDs in the destination (COPYUID), in the order given; -1
     * where the server did not say.
     */
    long[] copyUIDMessages(Message[] msgs, Folder folder) throws MessagingException {
        s.checkOpen();
        if (msgs.length == 0) {
            return new long[0];
        }
        String set = s.seqSet(msgs);
        Message[] bySeq = inSequenceOrder(msgs); // before the COPY, whose answer may renumber
        Result<ResponseCode.CopyUid> r;
        try {
            r = s.withConnection(c -> c.copy(set, folder.getFullName()));
        } finally {
            FolderStatus.forget(folder);
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
        Arrays.sort(out, (a, b) -> Integer.compare(s.cache.seqOf(a.getMessageNumber()), s.cache.seqOf(b.getMessageNumber())));
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
                s.rememberUid(m, src[i]);
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
    long[] moveUIDMessages(Message[] msgs, Folder folder) throws MessagingException {
        try {
            return moveUIDMessagesNow(msgs, folder);
        } finally {
            FolderStatus.forget(folder);
        }
    }

    private long[] moveUIDMessagesNow(Message[] msgs, Folder folder) throws MessagingException {
        s.checkOpen();
        s.checkWritable();
        if (msgs.length == 0) {
            return new long[0];
        }
        for (Message m : msgs) {
            f.getUID(m); // learn UIDs first: the fallback expunges by UID
        }
        if (f.store().hasCapability("MOVE") || s.conn.hasCapability("MOVE")) {
            String set = s.seqSet(msgs);
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
            throw interruptedMove(e, "during its COPY: the messages are still in " + f.getFullName()
                    + "; the server may or may not have copied them to " + to);
        }
        // From here on the messages are in both folders until the UID EXPUNGE is done: a failure
        // must say so, or the caller would take the move for undone and end up with duplicates.
        String copied = "the messages were copied to " + to + knownUids(uids) + " and ";
        try {
            setFlags(msgs, new Flags(Flags.Flag.DELETED), true);
        } catch (MessagingException e) {
            throw interruptedMove(e, "after its COPY: " + copied + "are still in " + f.getFullName()
                    + ", perhaps already marked \\Deleted");
        }
        if (s.conn.hasCapability("UIDPLUS")) {
            long[] mine = new long[msgs.length];
            for (int i = 0; i < msgs.length; i++) {
                mine[i] = ((Imap4libMessage) msgs[i]).uidOrNull();
            }
            Arrays.sort(mine);
            String set = SequenceSet.of(mine).toString();
            try {
                doExpunge(c -> c.uidExpunge(set).check());
            } catch (MessagingException e) {
                throw interruptedMove(e, "at its UID EXPUNGE: " + copied + "marked \\Deleted in " + f.getFullName()
                        + ", where the server may not have expunged them yet");
            }
        }
        return uids;
    }

    /** A failure in the middle of a COPY-based move, saying where the messages are now. */
    private MessagingException interruptedMove(MessagingException e, String where) {
        String text = "MOVE from " + f.getFullName() + " interrupted " + where + " (" + e.getMessage() + ")";
        if (e instanceof FolderClosedException) {
            return new FolderClosedException(f, text, e);
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

    Message[] expunge() throws MessagingException {
        s.checkOpen();
        s.checkWritable();
        return doExpunge(c -> c.expunge().check());
    }

    /** Expunges only the given messages (UID EXPUNGE, UIDPLUS). */
    Message[] expunge(Message[] msgs) throws MessagingException {
        s.checkOpen();
        s.checkWritable();
        if (!s.conn.hasCapability("UIDPLUS")) {
            throw new MessagingException("the server lacks UIDPLUS: cannot expunge only some messages");
        }
        long[] uids = new long[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            uids[i] = f.getUID(msgs[i]);
        }
        Arrays.sort(uids);
        String set = SequenceSet.of(uids).toString();
        return doExpunge(c -> c.uidExpunge(set).check());
    }

    /** Runs {@code op} as our own expunge: the messages it expunges are renumbered away and returned. */
    Message[] doExpunge(Imap4libFolder.FolderOp<?> op) throws MessagingException {
        f.events.expungeInProgress = true;
        f.events.expunged.clear();
        try {
            s.withConnection(op);
        } finally {
            f.events.expungeInProgress = false;
        }
        // Our own expunge renumbers: every expunged slot goes, ours reported in message order.
        Set<Imap4libMessage> mine = Collections.newSetFromMap(new IdentityHashMap<>());
        mine.addAll(f.events.expunged);
        f.events.expunged.clear();
        List<Message> ours = new ArrayList<>();
        f.events.added.beforeCompact(s.cache);
        for (Imap4libMessage m : s.cache.compact()) {
            if (m.uidOrNull() != null) {
                s.byUid.remove(m.uidOrNull());
            }
            if (mine.contains(m)) {
                ours.add(m);
            }
        }
        Message[] out = ours.toArray(new Message[0]);
        if (out.length > 0) {
            f.fireRemoved(true, out);
        }
        return out;
    }
}
