package dev.imap4lib.provider;

import jakarta.mail.Message;
import jakarta.mail.search.SearchTerm;

/**
 * Messages that arrived at most {@code interval} seconds ago (RFC 5032 {@code YOUNGER}, sent to
 * servers with {@code WITHIN}; otherwise matched on the client by the received date). Angus's
 * {@code org.eclipse.angus.mail.imap.YoungerTerm} under the same name and constructor.
 */
public final class YoungerTerm extends SearchTerm {
    private static final long serialVersionUID = 1L;
    private final int interval;

    /** @param interval seconds (the server needs at least 1) */
    public YoungerTerm(int interval) {
        this.interval = interval;
    }

    /** The interval in seconds. */
    public int getInterval() {
        return interval;
    }

    @Override
    public boolean match(Message msg) {
        long ago = WithinTerms.arrivedSecondsAgo(msg);
        return ago != WithinTerms.UNKNOWN && ago <= interval;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YoungerTerm t && t.interval == interval;
    }

    @Override
    public int hashCode() {
        return interval;
    }
}
