package dev.imap4lib.provider;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.search.SearchTerm;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Messages saved into the folder on one calendar day, the search key {@code SAVEDON} (RFC 8514):
 * the day as the server counts it, so the folder's search is exact. {@link #match} (client-side)
 * takes the day of the save date in this JVM's zone, which may differ from the server's.
 */
public final class SavedOnTerm extends SearchTerm {
    private static final long serialVersionUID = 1L;

    private final LocalDate day;

    public SavedOnTerm(LocalDate day) {
        this.day = Objects.requireNonNull(day, "day");
    }

    public LocalDate getDay() {
        return day;
    }

    @Override
    public boolean match(Message msg) {
        try {
            java.util.Date d = msg instanceof Imap4libMessage m ? m.getSaveDate() : null;
            return d != null && LocalDate.ofInstant(d.toInstant(), ZoneId.systemDefault()).equals(day);
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SavedOnTerm t && t.day.equals(day);
    }

    @Override
    public int hashCode() {
        return day.hashCode();
    }
}
