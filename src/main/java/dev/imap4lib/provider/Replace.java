package dev.imap4lib.provider;

import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.wire.InternalDate;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;

/**
 * {@link Imap4libFolder#replaceMessage}: one {@code UID REPLACE} (RFC 8508) on the folder's
 * connection, so the server stores the new message and expunges the old one as one step (a
 * draft saved again is never there twice, nor missing). Without REPLACE it refuses rather than
 * fall back to APPEND and delete, which could leave both copies or, on a failed APPEND after
 * the delete, neither.
 */
final class Replace {
    private Replace() {
    }

    /** Caller holds the folder's lock, the folder is open read-write. */
    static Message replace(Imap4libFolder folder, Imap4libStore store, Message old, Message replacement)
            throws MessagingException {
        if (old == null || replacement == null) {
            throw new MessagingException("replaceMessage needs the old message and its replacement");
        }
        if (old.getFolder() != folder || !(old instanceof Imap4libMessage)) {
            throw new MessagingException("the message to replace is not in " + folder.getFullName());
        }
        if (old.isExpunged()) {
            throw new MessageRemovedException("the message to replace was expunged");
        }
        if (!folder.hasCapability("REPLACE")) {
            throw new MessagingException("the server of " + folder.getFullName() + " has no REPLACE (RFC 8508):"
                    + " an atomic replacement is not possible; append the new message and delete the old one"
                    + " yourself if a moment with both (or, on failure, neither) is acceptable");
        }
        long uid = folder.getUID(old);
        byte[] bytes = serialize(replacement);
        String flags = replacement.getFlags() == null ? null : Imap4libFolder.imapFlags(replacement.getFlags());
        Date received = replacement.getReceivedDate();
        String date = received == null ? null
                : InternalDate.format(ZonedDateTime.ofInstant(received.toInstant(), ZoneId.systemDefault()));
        String name = folder.getFullName();
        ResponseCode.AppendUid[] au = new ResponseCode.AppendUid[1];
        // the old message's EXPUNGE is ours, as with expunge(): renumbered, removed=true to listeners
        folder.mutations.doExpunge(c -> {
            AppendLimit.check(c, name, bytes.length);
            var r = c.uidReplace(uid, name, flags == null || flags.isEmpty() ? null : flags, date, bytes);
            if (!r.isOk()) {
                throw new MessagingException("REPLACE of UID " + uid + " in " + name + " failed, nothing changed: "
                        + r.text());
            }
            au[0] = r.value();
            return null;
        });
        if (au[0] == null) {
            return null; // no UIDPLUS: the new message is there, its UID unknown
        }
        long[] uids = au[0].uids().toArray(Long.MAX_VALUE);
        return uids.length == 0 ? null : folder.getMessageByUID(uids[0]);
    }

    private static byte[] serialize(Message m) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
            m.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("cannot write the replacement message", e);
        }
    }
}
