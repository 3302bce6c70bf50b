package dev.imap4lib.provider;

import dev.imap4lib.response.MailboxStatus;
import jakarta.mail.MessagingException;
import java.util.Locale;

/** One STATUS item by name, for {@link Imap4libFolder#getStatusItem(String)} (Angus's name). */
final class StatusItems {
    private StatusItems() {
    }

    /** The item as it goes on the wire: an atom, upper case; anything else is refused before sending. */
    static String checked(String item) throws MessagingException {
        if (item == null || item.isEmpty() || !item.chars().allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c) || c == '-' || c == '.'))) {
            throw new MessagingException("not a STATUS item name: " + item);
        }
        return item.toUpperCase(Locale.ROOT);
    }

    /** The item's value in {@code st}, or -1 when the server did not send it (or sent no number). */
    static long valueOf(MailboxStatus st, String item) {
        Long v = switch (item) {
            case "MESSAGES" -> st.messages();
            case "RECENT" -> st.recent();
            case "UIDNEXT" -> st.uidNext();
            case "UIDVALIDITY" -> st.uidValidity();
            case "UNSEEN" -> st.unseen();
            case "DELETED" -> st.deleted();
            case "SIZE" -> st.size();
            case "HIGHESTMODSEQ" -> st.highestModSeq();
            case "APPENDLIMIT" -> st.appendLimit();
            default -> {
                String raw = st.other().get(item);
                try {
                    yield raw == null ? null : Long.valueOf(raw.trim());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
        return v == null ? -1 : v;
    }
}
