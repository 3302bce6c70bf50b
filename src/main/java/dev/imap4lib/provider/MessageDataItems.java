package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import jakarta.mail.FetchProfile;
import java.util.Set;

/**
 * {@link FetchProfile} items for PREVIEW (RFC 8970) and SAVEDATE (RFC 8514), like
 * {@link ObjectIdItems}: add them to a profile given to {@link Imap4libFolder#fetch} to prefetch
 * {@link Imap4libMessage#getPreview()} and {@link Imap4libMessage#getSaveDate()} for many
 * messages in one FETCH. Ignored on a server without the extension.
 *
 * <pre>{@code
 * FetchProfile fp = new FetchProfile();
 * fp.add(FetchProfile.Item.ENVELOPE);
 * fp.add(MessageDataItems.PREVIEW);
 * folder.fetch(folder.getMessages(), fp);
 * }</pre>
 */
public final class MessageDataItems extends FetchProfile.Item {

    /** FETCH PREVIEW: a short plain-text preview of the message, made by the server. */
    public static final MessageDataItems PREVIEW = new MessageDataItems("PREVIEW");
    /** FETCH SAVEDATE: when the message was saved into this folder. */
    public static final MessageDataItems SAVEDATE = new MessageDataItems("SAVEDATE");

    private MessageDataItems(String name) {
        super(name);
    }

    /** Adds the FETCH items of {@code fp}'s members of this class that {@code conn} offers. */
    static void addTo(Set<String> items, FetchProfile fp, Imap4 conn) {
        if (conn == null) {
            return;
        }
        if (fp.contains(PREVIEW) && conn.hasCapability("PREVIEW")) {
            items.add("PREVIEW");
        }
        if (fp.contains(SAVEDATE) && conn.hasCapability("SAVEDATE")) {
            items.add("SAVEDATE");
        }
    }
}
