package dev.imap4lib.provider;

import java.util.Arrays;

/**
 * What a client kept from an earlier open of a folder, handed to
 * {@link Imap4libFolder#open(int, ResyncData)} so that only what changed since crosses the wire
 * (the counterpart of Angus Mail's {@code com.sun.mail.imap.ResyncData}).
 *
 * <p>{@code uidValidity} and {@code modSeq} come from {@link Imap4libFolder#getUIDValidity()} and
 * {@link Imap4libFolder#getHighestModSeq()} of the earlier open. The optional known UIDs (a range
 * or a list) let the open report which of them were expunged meanwhile; without them, and without
 * the store's own memory of the folder, expunged messages cannot be named.
 */
public final class ResyncData {
    /** Asks for CONDSTORE only: mod-sequences on, no resynchronisation (as Angus's constant). */
    public static final ResyncData CONDSTORE = new ResyncData(-1, -1);

    private final long uidValidity;
    private final long modSeq;
    private final long[] uids;

    /** Resynchronise from {@code modSeq}, naming no known UIDs. */
    public ResyncData(long uidValidity, long modSeq) {
        this.uidValidity = uidValidity;
        this.modSeq = modSeq;
        this.uids = null;
    }

    /** Resynchronise from {@code modSeq}; the client knew the UIDs {@code uidFirst..uidLast} (those that existed). */
    public ResyncData(long uidValidity, long modSeq, long uidFirst, long uidLast) {
        if (uidFirst < 1 || uidLast < uidFirst) {
            throw new IllegalArgumentException("bad UID range " + uidFirst + ":" + uidLast);
        }
        if (uidLast - uidFirst >= MessageCache.MAX_MESSAGES) {
            throw new IllegalArgumentException("UID range larger than " + MessageCache.MAX_MESSAGES);
        }
        this.uidValidity = uidValidity;
        this.modSeq = modSeq;
        long[] u = new long[(int) (uidLast - uidFirst + 1)];
        for (int i = 0; i < u.length; i++) {
            u[i] = uidFirst + i;
        }
        this.uids = u;
    }

    /** Resynchronise from {@code modSeq}; the client knew exactly these UIDs. */
    public ResyncData(long uidValidity, long modSeq, long[] uids) {
        this.uidValidity = uidValidity;
        this.modSeq = modSeq;
        long[] u = uids.clone();
        Arrays.sort(u);
        this.uids = u;
    }

    public long getUIDValidity() {
        return uidValidity;
    }

    public long getModSeq() {
        return modSeq;
    }

    /** The known UIDs, ascending, or null when none were given. */
    long[] knownUids() {
        return uids;
    }

    @Override
    public String toString() {
        return "ResyncData[uidvalidity=" + uidValidity + ", modseq=" + modSeq
                + (uids == null ? "" : ", " + uids.length + " known UIDs") + "]";
    }
}
