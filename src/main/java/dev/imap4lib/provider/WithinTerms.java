package dev.imap4lib.provider;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.Date;

/** The client side of {@link OlderTerm} and {@link YoungerTerm}: how long ago a message arrived. */
final class WithinTerms {
    private WithinTerms() {
    }

    /** What {@link #arrivedSecondsAgo} answers for a message without a readable INTERNALDATE. */
    static final long UNKNOWN = Long.MIN_VALUE;

    /** Seconds since the message's INTERNALDATE, or {@link #UNKNOWN}. */
    static long arrivedSecondsAgo(Message msg) {
        try {
            Date d = msg.getReceivedDate();
            return d == null ? UNKNOWN : (System.currentTimeMillis() - d.getTime()) / 1000;
        } catch (MessagingException e) {
            return UNKNOWN; // as Jakarta's date terms: a message that cannot answer does not match
        }
    }
}
