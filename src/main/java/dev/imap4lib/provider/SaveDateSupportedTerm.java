package dev.imap4lib.provider;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.search.SearchTerm;

/**
 * {@code SAVEDATESUPPORTED} (RFC 8514): every message when the folder keeps save dates, none
 * otherwise; a cheap way to ask before relying on {@link SaveDateTerm}. {@link #match}
 * (client-side) is whether the message has a save date.
 */
public final class SaveDateSupportedTerm extends SearchTerm {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean match(Message msg) {
        try {
            return msg instanceof Imap4libMessage m && m.getSaveDate() != null;
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SaveDateSupportedTerm;
    }

    @Override
    public int hashCode() {
        return SaveDateSupportedTerm.class.hashCode();
    }
}
