package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.play;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.NotifySpec.Event;
import dev.imap4lib.response.MailboxStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** NOTIFY (RFC 5465) against scripted servers: the command's text, its answers and the events. */
@Timeout(30)
class NotifyTest {
    private static final String CAPS = "S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NOTIFY] ready\n";
    private static final Duration W = Duration.ofSeconds(5);

    @Test
    void setWithStatusSendsEveryGroupAndReturnsTheStatuses() throws Exception {
        play(CAPS + """
                C: A0 NOTIFY SET STATUS (selected (MessageNew (UID BODY.PEEK[HEADER.FIELDS (Subject)]) MessageExpunge FlagChange)) (mailboxes (a "b c" &AOk-t&AOk-) (MessageNew MessageExpunge)) (subtree (Lists) (MessageNew MessageExpunge)) (personal (MailboxName SubscriptionChange)) (inboxes NONE)
                S: * STATUS a (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 7)
                S: * STATUS "b c" (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 8)
                S: A0 OK done
                C: A1 NOTIFY NONE
                S: A1 OK off
                """, (server, imap) -> {
            NotifySpec spec = NotifySpec.set().withStatus()
                    .selected(List.of("UID", "BODY.PEEK[HEADER.FIELDS (Subject)]"),
                            Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE, Event.FLAG_CHANGE)
                    .mailboxes(List.of("a", "b c", "été"), Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE)
                    .subtree(List.of("Lists"), Event.MESSAGE_EXPUNGE, Event.MESSAGE_NEW)
                    .personal(Event.SUBSCRIPTION_CHANGE, Event.MAILBOX_NAME)
                    .inboxes();
            Result<List<MailboxStatus>> r = imap.notify(spec);
            assertTrue(r.isOk());
            assertEquals(List.of("a", "b c"), r.value().stream().map(MailboxStatus::name).toList());
            assertEquals(2L, r.value().get(0).messages());
            assertEquals(8L, r.value().get(1).uidValidity());
            assertTrue(imap.notify(NotifySpec.none()).isOk());
            server.awaitDone();
        });
    }

    @Test
    void eventsDuringIdleBecomeTypedEventsAndOverflowIsReported() throws Exception {
        play(CAPS + """
                C: A0 NOTIFY SET (personal (MessageNew MessageExpunge MailboxName))
                S: A0 OK done
                C: A1 IDLE
                S: + idling
                S: * STATUS INBOX/a (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 17)
                S: * LIST () "/" INBOX/d
                S: * LIST () "/" INBOX/e (OLDNAME (INBOX/d))
                S: * LIST (\\NonExistent) "/" INBOX/e
                S: * 3 EXISTS
                S: * 2 EXPUNGE
                S: * 3 FETCH (UID 9 FLAGS (\\Seen))
                S: * OK [NOTIFICATIONOVERFLOW] too many
                C: DONE
                S: A1 OK IDLE terminated
                """, (server, imap) -> {
            imap.notify(NotifySpec.set().personal(Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE, Event.MAILBOX_NAME)).check();
            List<MailboxEvent> events = new ArrayList<>();
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(10))) {
                while (events.size() < 8) {
                    Untagged u = idler.next(W);
                    assertTrue(u != null, "events so far: " + events);
                    MailboxEvent.of(u, imap.utf8Enabled()).ifPresent(events::add);
                }
            }
            MailboxStatus s = assertInstanceOf(MailboxEvent.StatusChange.class, events.get(0)).status();
            assertEquals("INBOX/a", s.name());
            assertEquals(1L, s.messages());
            assertEquals(2L, s.uidNext());
            MailboxEvent.MailboxChange created = assertInstanceOf(MailboxEvent.MailboxChange.class, events.get(1));
            assertEquals("INBOX/d", created.entry().name());
            assertFalse(created.deleted());
            assertTrue(created.oldName().isEmpty());
            MailboxEvent.MailboxChange renamed = assertInstanceOf(MailboxEvent.MailboxChange.class, events.get(2));
            assertEquals("INBOX/d", renamed.oldName().orElseThrow());
            assertEquals("INBOX/e", renamed.entry().name());
            assertTrue(assertInstanceOf(MailboxEvent.MailboxChange.class, events.get(3)).deleted());
            assertEquals(3, assertInstanceOf(MailboxEvent.Exists.class, events.get(4)).count());
            assertEquals(2, assertInstanceOf(MailboxEvent.Expunge.class, events.get(5)).messageNumber());
            assertEquals(9L, assertInstanceOf(MailboxEvent.Fetch.class, events.get(6)).data().uid());
            assertTrue(assertInstanceOf(MailboxEvent.Overflow.class, events.get(7)).line().contains("NOTIFICATIONOVERFLOW"));
            server.awaitDone();
        });
    }

    @Test
    void badEventIsANoThatNamesTheSupportedEvents() throws Exception {
        play(CAPS + """
                C: A0 NOTIFY SET (personal (MailboxMetadataChange))
                S: A0 NO [BADEVENT (MessageNew MessageExpunge FlagChange MailboxName)] Unsupported event
                C: A1 NOOP
                S: A1 OK still fine
                """, (server, imap) -> {
            Result<List<MailboxStatus>> r = imap.notify(NotifySpec.set().personal(Event.MAILBOX_METADATA_CHANGE));
            assertFalse(r.isOk());
            assertEquals(List.of("MessageNew", "MessageExpunge", "FlagChange", "MailboxName"),
                    NotifySpec.supportedEvents(r.code()));
            Imap4Exception e = assertThrows(Imap4Exception.class, r::check);
            assertEquals("BADEVENT", e.code().name());
            assertTrue(imap.noop().isOk());
            server.awaitDone();
        });
    }

    @Test
    void malformedEventIsAnErrorForThatEventOnly() throws Exception {
        play(CAPS + """
                C: A0 IDLE
                S: + idling
                S: * STATUS INBOX/a (MESSAGES x)
                S: * STATUS INBOX/b (MESSAGES 4)
                C: DONE
                S: A0 OK IDLE terminated
                """, (server, imap) -> {
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(10))) {
                Untagged bad = idler.next(W);
                Imap4Exception e = assertThrows(Imap4Exception.class, () -> MailboxEvent.of(bad, false));
                assertTrue(e.getMessage().contains("INBOX/a"), e.getMessage());
                MailboxEvent ok = MailboxEvent.of(idler.next(W), false).orElseThrow();
                assertEquals(4L, ((MailboxEvent.StatusChange) ok).status().messages());
            }
            server.awaitDone();
        });
    }

    @Test
    void theRfcPairingRulesAreCheckedBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> NotifySpec.set().personal(Event.MESSAGE_NEW));
        assertThrows(IllegalArgumentException.class, () -> NotifySpec.set().personal(Event.FLAG_CHANGE));
        assertThrows(IllegalArgumentException.class,
                () -> NotifySpec.set().mailboxes(List.of(), Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE));
        assertThrows(IllegalArgumentException.class, () -> NotifySpec.set().selected(List.of("UID"), Event.MAILBOX_NAME));
        assertThrows(IllegalArgumentException.class, () -> NotifySpec.set().personal().personal());
        assertThrows(IllegalArgumentException.class, () -> NotifySpec.set().selected(List.of()).selectedDelayed(List.of()));
        assertThrows(IllegalArgumentException.class, () -> NotifySpec.set().args());
        assertThrows(IllegalStateException.class, () -> NotifySpec.none().personal());
        assertThrows(IllegalArgumentException.class,
                () -> NotifySpec.set().mailboxes(List.of("a"), Event.MESSAGE_NEW, Event.MESSAGE_EXPUNGE)
                        .with(new NotifySpec.Group(NotifySpec.Filter.PERSONAL, List.of(), java.util.Set.of(), List.of("UID"))));
    }
}
