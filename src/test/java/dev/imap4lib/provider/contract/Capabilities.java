package dev.imap4lib.provider.contract;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.Optional;

/**
 * Operations an IMAP provider offers beyond the Jakarta Mail {@link Folder} API, found by
 * {@code instanceof} on the provider's public types (no reflection). Jakarta Mail 2.1's Folder
 * has no {@code moveMessages}; Angus's {@code IMAPFolder} and our {@code Imap4libFolder} have.
 */
public final class Capabilities {

    private Capabilities() {
    }

    /** MOVE (RFC 6851) of messages of an open folder into another folder. */
    @FunctionalInterface
    public interface Mover {
        void move(Message[] msgs, Folder to) throws MessagingException;
    }

    public static Optional<Mover> mover(Folder f) {
        if (f instanceof org.eclipse.angus.mail.imap.IMAPFolder angus) {
            return Optional.of(angus::moveMessages);
        }
        if (f instanceof dev.imap4lib.provider.Imap4libFolder ours) {
            return Optional.of(ours::moveMessages);
        }
        return Optional.empty();
    }
}
