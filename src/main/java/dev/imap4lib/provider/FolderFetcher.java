package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.SequenceSet;
import dev.imap4lib.wire.ReaderLimits;
import jakarta.mail.FetchProfile;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetching for an open {@link Imap4libFolder}: FetchProfile prefetch, one message's items, body
 * sections (with the read-ahead of the next chunk or message) and the UID lookups. Every method
 * runs with the folder's monitor held (the facade's methods are synchronized); the FETCH
 * responses are applied to their messages as they arrive.
 */
final class FolderFetcher {
    /** Messages per FETCH/STORE command when a request names many messages. */
    static final int BATCH = 5000;

    private final Imap4libFolder f;
    private final OpenFolder s;

    FolderFetcher(Imap4libFolder f) {
        this.f = f;
        this.s = f.session;
    }

    void fetch(Message[] msgs, FetchProfile fp) throws MessagingException {
        s.checkOpen();
        if (msgs.length == 0) {
            return;
        }
        String items = fetchItems(fp);
        if (items.isEmpty()) {
            return;
        }
        for (int from = 0; from < msgs.length; from += BATCH) {
            Message[] batch = Arrays.copyOfRange(msgs, from, Math.min(msgs.length, from + BATCH));
            String set = s.seqSet(batch);
            fetchApplying(set, items);
        }
        if (fp.contains(Imap4libFolder.FetchProfileItem.MESSAGE)) {
            WholeMessages.prefetch(f, msgs);
        }
    }

    /**
     * One FETCH whose responses are applied to their messages as they arrive (parsing overlaps
     * the server's sending; nothing is collected). Caller holds the folder lock.
     */
    private void fetchApplying(String set, String items) throws MessagingException {
        s.withConnection(c -> {
            s.ownFetch = true;
            try {
                return c.fetch(set, items, null, this::applyFetch).check().value();
            } finally {
                s.ownFetch = false;
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
        if (s.conn != null && s.conn.hasCapability("OBJECTID")) {
            if (fp.contains(ObjectIdItems.EMAILID)) {
                items.add("EMAILID");
            }
            if (fp.contains(ObjectIdItems.THREADID)) {
                items.add("THREADID");
            }
        }
        MessageDataItems.addTo(items, fp, s.conn);
        if (fp.contains(Imap4libFolder.FetchProfileItem.HEADERS)) {
            items.add("BODY.PEEK[HEADER]");
        }
        if (fp.contains(Imap4libFolder.FetchProfileItem.SIZE) || fp.contains(Imap4libFolder.FetchProfileItem.MESSAGE)) {
            items.add("RFC822.SIZE");
        }
        if (fp.contains(Imap4libFolder.FetchProfileItem.INTERNALDATE)) {
            items.add("INTERNALDATE");
        }
        if (fp.contains(ModSeqFetchItem.MODSEQ)) {
            items.add("MODSEQ");
        }
        String[] headers = fp.getHeaderNames();
        if (headers.length > 0 && !fp.contains(Imap4libFolder.FetchProfileItem.HEADERS)) {
            items.add("BODY.PEEK[HEADER.FIELDS (" + String.join(" ", headers) + ")]");
        }
        return "(" + String.join(" ", items) + ")";
    }



    /** One FETCH; each response is applied to its message. Caller holds the folder lock. */
    List<FetchData> fetchInto(String set, String items) throws MessagingException {
        return s.withConnection(c -> {
            s.ownFetch = true;
            try {
                List<FetchData> data = c.fetch(set, items).check().value();
                for (FetchData d : data) {
                    applyFetch(d);
                }
                return data;
            } finally {
                s.ownFetch = false;
            }
        });
    }

    void applyFetch(FetchData d) {
        Imap4libMessage m = s.cache.bySeq(d.msgno());
        if (m == null) {
            return;
        }
        m.apply(d);
        if (d.uid() != null) {
            s.rememberUid(m, d.uid());
        }
    }

    /** UID FETCH for one message's items (the message's data are applied). */
    FetchData fetchOne(Imap4libMessage m, String items) throws MessagingException {
        s.checkOpen();
        if (m.isExpunged()) {
            throw new MessageRemovedException("message was expunged");
        }
        int seq = s.cache.seqOf(m.getMessageNumber());
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
    byte[] fetchSection(Imap4libMessage part, String section, long offset, int count, boolean peek)
            throws MessagingException {
        return fetchSection(part, section, offset, count, peek, null, false);
    }

    /**
     * A body section (or a chunk of one) asked for before it is read: {@link SectionInputStream}
     * asks for chunk n+1 when it hands out chunk n, and a whole-message read that follows the
     * previous message keeps the next messages' first chunks asked for, so the server prepares
     * them while the caller works. By sequence number, so that the FETCHes of several messages may
     * be in flight together ({@link Imap4#fetchAhead}); nothing renumbers the messages while they
     * are (no command that may cause an EXPUNGE is sent behind a FETCH), and one is claimed only
     * while the numbering it was sent under still holds ({@code renumberings}).
     *
     * @param msgnum the message's number when it was sent
     * @param bytes what its answer may take (the count, or less when the size is known)
     */
    record SectionAhead(Imap4.PendingFetch pending, int seq, long renumberings, int msgnum, String section,
            long offset, int count, boolean binary, long bytes) {
    }

    /** The sections asked for ahead and not claimed yet, oldest first. */
    private final java.util.ArrayDeque<SectionAhead> aheads = new java.util.ArrayDeque<>();
    /** Number of the message last read whole to its end, for spotting a sequential scan. */
    private int lastWholeRead = -1;

    /**
     * Sends the FETCH of a section chunk without waiting for it (a peek: only a first read may
     * set \Seen), to be claimed by the {@link #fetchSection} asking for exactly that;
     * {@code binary} asks for it decoded ({@code BINARY.PEEK}, RFC 3516).
     */
    void fetchSectionAhead(Imap4libMessage part, String section, long offset, int count, boolean binary)
            throws MessagingException {
        s.checkOpen();
        Imap4libMessage m = part.root();
        if (m.isExpunged()) {
            return;
        }
        int seq = s.cache.seqOf(m.getMessageNumber());
        if (seq < 0) {
            return;
        }
        String items = "(UID " + (binary ? "BINARY.PEEK[" : "BODY.PEEK[") + section + "]"
                + (count >= 0 ? "<" + offset + "." + count + ">" : "") + ")";
        long size = m.knownSize();
        long bytes = count < 0 ? Math.max(0, size) : size < 0 ? count : Math.max(0, Math.min(count, size - offset));
        long epoch = s.cache.renumberings();
        aheads.addLast(s.withConnection(c -> new SectionAhead(c.fetchAhead(Integer.toString(seq), items), seq, epoch,
                m.getMessageNumber(), section, offset, count, binary, bytes)));
    }

    /**
     * Called when message {@code m} was read whole (BODY[]) to its end: when the message before
     * it was too, the caller is going through the folder in order, and the first chunks of the
     * messages after it are asked for now, up to {@code readahead.window} messages and
     * {@code readahead.bytes} in flight (a hint: if the caller does something else, those answers
     * are read and dropped by the next command, which the bounds keep short).
     */
    void wholeMessageRead(Imap4libMessage m, int chunk) {
        int n = m.getMessageNumber();
        boolean sequential = lastWholeRead == n - 1;
        lastWholeRead = n;
        StoreConfig cfg = f.store().config();
        if (!sequential || !cfg.readAhead || cfg.readAheadWindow == 0 || f.markSeenOnRead() || !s.isOpen()) {
            return;
        }
        forgetUnclaimable();
        int inFlight = 0;
        long bytes = 0;
        int last = n;
        for (SectionAhead a : aheads) {
            inFlight++;
            bytes += a.bytes();
            if (a.offset() == 0 && a.section().isEmpty() && !a.binary()) {
                last = Math.max(last, a.msgnum());
            }
        }
        try {
            // The first message is asked for whatever its size: one ahead is what readahead=true
            // always did; the bounds only limit how many more.
            while (last < s.cache.size() && inFlight < cfg.readAheadWindow
                    && (inFlight == 0 || bytes < cfg.readAheadBytes)) {
                Imap4libMessage next = s.cache.get(++last);
                if (next == null || next.isExpunged()) {
                    continue;
                }
                int before = aheads.size();
                fetchSectionAhead(next, "", 0, chunk, false);
                if (aheads.size() == before) {
                    return;
                }
                inFlight++;
                bytes += aheads.peekLast().bytes();
            }
        } catch (MessagingException e) {
            // only a hint; the read itself will report a real problem
        }
    }

    /** Forgets the sections asked for ahead whose answers were dropped or whose numbers went stale. */
    private void forgetUnclaimable() {
        long epoch = s.cache.renumberings();
        aheads.removeIf(a -> a.pending().wasDropped() || a.renumberings() != epoch);
    }

    /** The section asked for ahead that is exactly this request, removed from the window; else null. */
    private SectionAhead claimAhead(int seq, String section, long offset, int count, boolean peek, boolean binary) {
        forgetUnclaimable();
        if (!peek || seq < 0) {
            return null;
        }
        for (java.util.Iterator<SectionAhead> it = aheads.iterator(); it.hasNext(); ) {
            SectionAhead a = it.next();
            if (a.seq() == seq && a.binary() == binary && a.offset() == offset && a.count() == count
                    && a.section().equals(section)) {
                it.remove();
                return a;
            }
        }
        return null;
    }

    /**
     * The bytes of {@code section} ({@code <offset.count>} unless count is negative). A section
     * asked for ahead that is exactly this is claimed instead of sending the FETCH;
     * {@code reuse} is filled instead of a new array when its length is exactly right. With
     * {@code binary} the section comes decoded by the server ({@code BINARY[section]}, RFC 3516;
     * the range then counts decoded bytes); a refusal is the caller's to handle ({@link BinaryFetch}).
     */
    byte[] fetchSection(Imap4libMessage part, String section, long offset, int count, boolean peek,
            byte[] reuse, boolean binary) throws MessagingException {
        s.checkOpen();
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
            seq = s.cache.seqOf(m.getMessageNumber());
            if (seq < 0) {
                throw new MessageRemovedException("message was expunged");
            }
            set = Integer.toString(seq);
        }
        SectionAhead a = claimAhead(known != null ? s.cache.seqOf(m.getMessageNumber()) : seq, section, offset, count,
                peek, binary);
        SectionCapture capture = new SectionCapture(reuse, () -> s.cache.seqOf(m.getMessageNumber()));
        List<FetchData> l = s.withConnection(c -> {
            s.ownFetch = true;
            try {
                if (a != null && a.pending().connection() == c) {
                    return a.pending().await(capture).check().value();
                }
                String items = "(UID " + item + ")";
                return (known != null ? c.uidFetch(set, items, capture) : c.fetch(set, items, capture)).check().value();
            } finally {
                s.ownFetch = false;
            }
        });
        for (FetchData d : l) {
            boolean mine = known != null ? d.uid() != null && d.uid().longValue() == known
                    : d.msgno() == s.cache.seqOf(m.getMessageNumber());
            if (mine) {
                if (d.uid() != null) {
                    s.rememberUid(m, d.uid());
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
                + " is gone from " + f.getFullName());
    }

    /**
     * Takes a body section's literal straight off the wire into one array of exactly its size,
     * instead of letting it grow in the response buffer and be copied out again.
     */
    private static final class SectionCapture implements dev.imap4lib.wire.LiteralSink {
        private final byte[] reuse;
        /** The message's sequence number now (the numbering may change while its answer is read). */
        private final java.util.function.IntSupplier seq;
        private byte[] data = new byte[0];
        private boolean used;

        SectionCapture(byte[] reuse, java.util.function.IntSupplier seq) {
            this.reuse = reuse;
            this.seq = seq;
        }

        @Override
        public java.io.OutputStream open(LiteralContext ctx) {
            String item = ctx.item();
            if (!item.startsWith("BODY[") && !item.startsWith("BINARY[")) {
                return null; // anything else (a literal subject, say) stays in the response
            }
            if (ctx.messageNumber() >= 0 && ctx.messageNumber() != seq.getAsInt()) {
                // Another message's body (a server answering FETCHes sent ahead out of order):
                // it stays in its own response, for its own claim.
                return null;
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


    Message getMessageByUID(long uid) throws MessagingException {
        s.checkOpen();
        Imap4libMessage m = s.byUid.get(uid);
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

    Message[] getMessagesByUID(long start, long end) throws MessagingException {
        return byUidRange(start, end, "(UID FLAGS)");
    }

    /**
     * The messages with UIDs in {@code start..end} ({@link #UIDFolder.LASTUID} for no end) whose mod-sequence
     * is above {@code modseq} (CONDSTORE {@code CHANGEDSINCE}), as in Angus Mail; their flags come
     * with them.
     */
    Message[] getMessagesByUIDChangedSince(long start, long end, long modseq)
            throws MessagingException {
        return byUidRange(start, end, "(UID FLAGS MODSEQ) (CHANGEDSINCE " + Math.max(0, modseq) + ")");
    }

    private Message[] byUidRange(long start, long end, String items) throws MessagingException {
        s.checkOpen();
        String set = start + ":" + (end == UIDFolder.LASTUID ? "*" : Long.toString(end));
        Message[] all = uidFetch(set, items);
        if (end == UIDFolder.LASTUID) {
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

    Message[] getMessagesByUID(long[] uids) throws MessagingException {
        s.checkOpen();
        if (uids.length == 0) {
            return new Message[0];
        }
        long[] sorted = uids.clone();
        Arrays.sort(sorted);
        uidFetch(SequenceSet.of(sorted).toString(), "(UID FLAGS)");
        Message[] out = new Message[uids.length];
        for (int i = 0; i < uids.length; i++) {
            Imap4libMessage m = s.byUid.get(uids[i]);
            out[i] = m == null || m.isExpunged() ? null : m;
        }
        return out;
    }

    Message[] uidFetch(String set, String items) throws MessagingException {
        List<FetchData> data = s.withConnection(c -> {
            s.ownFetch = true;
            try {
                return c.uidFetch(set, items).check().value();
            } finally {
                s.ownFetch = false;
            }
        });
        List<Message> out = new ArrayList<>(data.size());
        for (FetchData d : data) {
            applyFetch(d);
            Imap4libMessage m = s.cache.bySeq(d.msgno());
            // A response without UID (a server bug) cannot answer a question about UIDs.
            if (m != null && d.uid() != null && m.uidOrNull() != null) {
                out.add(m);
            }
        }
        out.sort((a, b) -> Long.compare(((Imap4libMessage) a).uidOrNull(), ((Imap4libMessage) b).uidOrNull()));
        return out.toArray(new Message[0]);
    }

    long getUID(Message message) throws MessagingException {
        if (message.getFolder() != f) {
            throw new java.util.NoSuchElementException("message does not belong to " + f.getFullName());
        }
        Imap4libMessage m = (Imap4libMessage) message;
        Long u = m.uidOrNull();
        if (u != null) {
            return u;
        }
        long known = s.cache == null || m.isExpunged() ? 0 : s.cache.uid(m.getMessageNumber());
        if (known != 0) {
            // learnt for the slot before the message object existed (a resync's UID set)
            s.rememberUid(m, known);
            return known;
        }
        FetchData d = fetchOne(m, "(UID)");
        return d.uid() == null ? -1 : d.uid();
    }
}
