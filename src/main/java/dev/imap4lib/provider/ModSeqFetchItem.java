package dev.imap4lib.provider;

import jakarta.mail.FetchProfile;

/**
 * The FetchProfile item that fetches each message's mod-sequence (CONDSTORE) with the others, so
 * {@link Imap4libMessage#getModSeq()} answers without a round trip per message.
 */
public final class ModSeqFetchItem extends FetchProfile.Item {
    /** {@code MODSEQ} (RFC 7162). */
    public static final ModSeqFetchItem MODSEQ = new ModSeqFetchItem("MODSEQ");

    private ModSeqFetchItem(String name) {
        super(name);
    }
}
