package dev.imap4lib.provider;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.search.SearchTerm;

/**
 * Messages whose mod-sequence is at least {@code modseq} (CONDSTORE {@code MODSEQ} search key,
 * RFC 7162), the counterpart of Angus Mail's {@code ModifiedSinceTerm}. The folder's search sends
 * it to the server; {@link #match} (client-side) asks the message for its mod-sequence.
 */
public final class ModifiedSinceTerm extends SearchTerm {
    private static final long serialVersionUID = 1L;

    private final long modseq;

    public ModifiedSinceTerm(long modseq) {
        this.modseq = modseq;
    }

    public long getModSeq() {
        return modseq;
    }

    @Override
    public boolean match(Message msg) {
        try {
            return msg instanceof Imap4libMessage m && m.getModSeq() >= modseq;
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModifiedSinceTerm t && t.modseq == modseq;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(modseq);
    }
}
