package dev.imap4lib.client;

import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.wire.Excerpt;
import dev.imap4lib.wire.ReaderLimits;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.Optional;

/**
 * An unsolicited change the server reported, typically after {@link Imap4#notify(NotifySpec)}
 * (RFC 5465): a typed view of the untagged responses that arrive during IDLE or between
 * commands. {@link #of(Untagged, boolean)} turns an {@link Untagged} from
 * {@link Imap4.Idler#next()} or an {@link UntaggedListener} into one of these.
 */
public sealed interface MailboxEvent {

    /**
     * {@code * STATUS}: a mailbox other than the selected one changed (MessageNew, MessageExpunge:
     * MESSAGES/UIDNEXT; FlagChange: e.g. UNSEEN), or the answer to {@code NOTIFY SET STATUS}.
     */
    record StatusChange(MailboxStatus status) implements MailboxEvent {
    }

    /**
     * {@code * LIST}: a mailbox was created (plain entry), deleted ({@code \NonExistent}), renamed
     * (an {@code OLDNAME} item) or its subscription changed ({@code \Subscribed} set or not).
     */
    record MailboxChange(ListEntry entry) implements MailboxEvent {
        /** Whether the mailbox no longer exists (it was deleted, or renamed away without OLDNAME support). */
        public boolean deleted() {
            return entry.hasAttribute("\\NonExistent");
        }

        /** The name it had before a rename. */
        public Optional<String> oldName() {
            return entry.oldName();
        }
    }

    /** {@code * n EXISTS} for the selected mailbox. */
    record Exists(long count) implements MailboxEvent {
    }

    /** {@code * n EXPUNGE} for the selected mailbox. */
    record Expunge(long messageNumber) implements MailboxEvent {
    }

    /** {@code * n FETCH}: MessageNew (with the requested attributes) or FlagChange in the selected mailbox. */
    record Fetch(FetchData data) implements MailboxEvent {
    }

    /**
     * {@code * OK [NOTIFICATIONOVERFLOW]}: the server gave up tracking changes and now behaves
     * as after {@code NOTIFY NONE}; the client must resynchronise and send NOTIFY SET again.
     */
    record Overflow(String line) implements MailboxEvent {
    }

    /**
     * The event {@code u} carries, or empty when it carries none (e.g. the plain {@code OK}
     * that accompanies a response code).
     *
     * @param utf8 whether UTF8=ACCEPT is enabled ({@link Imap4#utf8Enabled()})
     * @throws Imap4Exception when the response is malformed; the connection stays usable
     */
    static Optional<MailboxEvent> of(Untagged u, boolean utf8) throws Imap4Exception {
        try {
            return Optional.ofNullable(switch (u.type()) {
                case "STATUS" -> new StatusChange(MailboxStatus.parse(u.tokenizer(), utf8));
                case "LIST" -> new MailboxChange(ListEntry.parse(u.tokenizer(), utf8));
                case "EXISTS" -> new Exists(u.number());
                case "EXPUNGE" -> new Expunge(u.number());
                case "FETCH" -> new Fetch(fetch(u));
                case "NOTIFICATIONOVERFLOW" -> new Overflow(Excerpt.escape(u.raw().bytes(), 0, u.raw().length(), 200));
                default -> null;
            });
        } catch (ResponseFormatException | RuntimeException e) {
            throw new Imap4Exception("malformed " + u.type() + " response: " + e.getMessage() + " in \""
                    + Excerpt.escape(u.raw().bytes(), 0, u.raw().length(), 200) + "\"", null, null, e);
        }
    }

    private static FetchData fetch(Untagged u) throws ResponseFormatException {
        Tokenizer t = u.tokenizer();
        return FetchData.parse((int) Math.min(Integer.MAX_VALUE, u.number()), t, ReaderLimits.DEFAULT.maxDepth());
    }
}
