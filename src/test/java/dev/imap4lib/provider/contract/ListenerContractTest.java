package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageChangedListener;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import java.util.List;

/**
 * {@link MessageCountListener} and {@link MessageChangedListener}. Changes by other sessions
 * reach an IMAP client only in responses to its commands; per {@link MessageCountEvent} a
 * client polls with {@code getMessageCount()}, which {@link #poll} does until the event arrives.
 */
class ListenerContractTest extends ProviderContract {

    private static <E> E poll(Folder f, Events<E> events, String what) throws Exception {
        long deadline = System.currentTimeMillis() + EVENT_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            f.getMessageCount();
            E e = events.poll(100);
            if (e != null) {
                return e;
            }
        }
        return events.await(what); // fails with a message
    }

    private static MessageCountListener countListener(Events<MessageCountEvent> events) {
        return new MessageCountListener() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                events.add(e);
            }

            @Override
            public void messagesRemoved(MessageCountEvent e) {
                events.add(e);
            }
        };
    }

    @Contract
    void messagesAddedByAnotherSession(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(1));
        Folder f = open(t, name, Folder.READ_WRITE);
        Events<MessageCountEvent> events = new Events<>();
        f.addMessageCountListener(countListener(events));
        fixture(t).append(name, Corpus.TEXT, Corpus.ALTERNATIVE);
        MessageCountEvent e = poll(f, events, "messagesAdded");
        assertEquals(MessageCountEvent.ADDED, e.getType());
        assertSame(f, e.getSource());
        int added = e.getMessages().length;
        if (added < 2) { // the two may arrive in two events
            added += poll(f, events, "second messagesAdded").getMessages().length;
        }
        assertEquals(2, added);
        assertEquals(3, f.getMessageCount());
        assertEquals("Alternative", f.getMessage(3).getSubject());
    }

    @Contract
    void messagesRemovedByOwnExpunge(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(3));
        Folder f = open(t, name, Folder.READ_WRITE);
        Events<MessageCountEvent> events = new Events<>();
        f.addMessageCountListener(countListener(events));
        Message m2 = f.getMessage(2);
        m2.setFlag(Flags.Flag.DELETED, true);
        f.expunge();
        MessageCountEvent e = events.await("messagesRemoved");
        assertEquals(MessageCountEvent.REMOVED, e.getType());
        assertTrue(e.isRemoved(), "MessageCountEvent.isRemoved(): explicit expunge by this client");
        assertEquals(List.of(m2), List.of(e.getMessages()));
        assertTrue(m2.isExpunged());
        events.assertNoneWithin(200, "message count");
    }

    @Contract
    void messagesRemovedByAnotherSession(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(3));
        Folder f = open(t, name, Folder.READ_WRITE);
        Message m3 = f.getMessage(3);
        Events<MessageCountEvent> events = new Events<>();
        f.addMessageCountListener(countListener(events));
        fixture(t).expunge(name, 3);
        MessageCountEvent e = poll(f, events, "messagesRemoved");
        assertEquals(MessageCountEvent.REMOVED, e.getType());
        assertFalse(e.isRemoved(), "MessageCountEvent.isRemoved(): false for an expunge by another client");
        assertEquals(List.of(m3), List.of(e.getMessages()));
        assertTrue(m3.isExpunged());
    }

    @Contract
    void flagChangeByAnotherSession(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(2));
        Folder f = open(t, name, Folder.READ_WRITE);
        Message m2 = f.getMessage(2);
        assertFalse(m2.isSet(Flags.Flag.FLAGGED));
        Events<MessageChangedEvent> events = new Events<>();
        MessageChangedListener l = events::add;
        f.addMessageChangedListener(l);
        fixture(t).setFlags(name, 2, new Flags(Flags.Flag.FLAGGED), true);
        MessageChangedEvent e = poll(f, events, "messageChanged");
        assertEquals(MessageChangedEvent.FLAGS_CHANGED, e.getMessageChangeType());
        assertSame(m2, e.getMessage());
        assertTrue(m2.isSet(Flags.Flag.FLAGGED), "the Message object reflects the new flags");
    }

    @Contract
    void ownFlagChangeIsNotified(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(1));
        Folder f = open(t, name, Folder.READ_WRITE);
        Events<MessageChangedEvent> events = new Events<>();
        f.addMessageChangedListener(events::add);
        Message m = f.getMessage(1);
        m.setFlag(Flags.Flag.ANSWERED, true);
        MessageChangedEvent e = events.await("messageChanged");
        assertEquals(MessageChangedEvent.FLAGS_CHANGED, e.getMessageChangeType());
        assertSame(m, e.getMessage());
    }
}
