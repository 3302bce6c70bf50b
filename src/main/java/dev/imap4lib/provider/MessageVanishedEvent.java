package dev.imap4lib.provider;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.event.MessageCountEvent;

/**
 * Messages expunged while the folder was closed, found by a resynchronising open (the
 * counterpart of Angus Mail's {@code com.sun.mail.imap.MessageVanishedEvent}). A removed
 * {@link MessageCountEvent}: its messages are expunged placeholders that know only their UID;
 * {@link #getUIDs()} names them.
 */
public class MessageVanishedEvent extends MessageCountEvent {
    private static final long serialVersionUID = 1L;

    private final long[] uids;

    public MessageVanishedEvent(Folder folder, long[] uids, Message[] messages) {
        super(folder, REMOVED, false, messages);
        this.uids = uids.clone();
    }

    /** The UIDs of the expunged messages, ascending. */
    public long[] getUIDs() {
        return uids.clone();
    }
}
