package dev.imap4lib.provider;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.search.DateTerm;
import java.util.Date;

/**
 * Compares a message's save date ({@link Imap4libMessage#getSaveDate()}, RFC 8514) like
 * {@code ReceivedDateTerm} compares its arrival: the folder's search sends
 * {@code SAVEDBEFORE}/{@code SAVEDSINCE} when the server has SAVEDATE, with the day rounding
 * {@link SearchTranslator} describes for dates. {@link #match} (client-side) asks the message.
 *
 * <pre>{@code
 * Message[] recent = folder.search(new SaveDateTerm(ComparisonTerm.GE, yesterday));
 * }</pre>
 */
public final class SaveDateTerm extends DateTerm {
    private static final long serialVersionUID = 1L;

    /** @param comparison one of {@code ComparisonTerm}'s constants, such as {@code GE} */
    public SaveDateTerm(int comparison, Date date) {
        super(comparison, date);
    }

    @Override
    public boolean match(Message msg) {
        try {
            Date d = msg instanceof Imap4libMessage m ? m.getSaveDate() : null;
            return d != null && match(d);
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaveDateTerm && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() ^ 0x5a7ed;
    }
}
