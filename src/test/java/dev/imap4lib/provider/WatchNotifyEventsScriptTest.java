package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imap4lib.provider.WatchScriptTest.Seen;
import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageCountEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NOTIFY events the watch must neither lose nor over-work on, against scripted servers.
 *
 * <p>Shared HIGHESTMODSEQ: a server whose HIGHESTMODSEQ counts across a user's mailboxes (Cyrus 3.x), so every NOTIFY
 * event with a new message shows a folder's HIGHESTMODSEQ jumping by more than the one message
 * explains. The watch looks for flag changes once, finds none, and from then on leaves IDLE for
 * flags only on a folder's own flag news (NOTIFY FlagChange: a STATUS without MESSAGES), which it
 * looks into from the last HIGHESTMODSEQ up to which flags were known, so no change is lost. The
 * script fails on any command the watch should not send (a DONE after the later count events).
 */
@Timeout(30)
class WatchNotifyEventsScriptTest {
    private static final String STORE_CONN = """
            S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NOTIFY CONDSTORE ENABLE UNSELECT] store connection
            C: $tag LOGOUT
            S: * BYE bye
            S: $tag OK done
            """;

    @Test
    void countEventsStopPromptingFlagLookupsOnceOneFoundNothingAndFlagNewsStillLooksFromTheLastKnownPoint()
            throws Exception {
        String watchConn = """
                S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NOTIFY CONDSTORE ENABLE UNSELECT] watch
                C: $tag ENABLE CONDSTORE
                S: * ENABLED CONDSTORE
                S: $tag OK enabled
                C: $tag NOTIFY SET STATUS (mailboxes (a b) (MessageNew MessageExpunge FlagChange)) (personal (MailboxName))
                S: * STATUS a (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 5 HIGHESTMODSEQ 10)
                S: * STATUS b (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 6 HIGHESTMODSEQ 11)
                S: $tag OK set
                C: $tag IDLE
                S: + idling
                S: * STATUS a (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 5 HIGHESTMODSEQ 14)
                C: DONE
                S: $tag OK idle done
                C: $tag EXAMINE a
                S: * 2 EXISTS
                S: * OK [UIDVALIDITY 5] ok
                S: * OK [HIGHESTMODSEQ 14] ok
                S: $tag OK [READ-ONLY] examined
                C: $tag UID FETCH 1:1 (UID FLAGS MODSEQ) (CHANGEDSINCE 10)
                S: $tag OK nothing changed
                C: $tag UNSELECT
                S: $tag OK unselected
                C: $tag STATUS a (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)
                S: * STATUS a (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 5 HIGHESTMODSEQ 14)
                S: $tag OK status
                C: $tag IDLE
                S: + idling
                S: * STATUS b (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 6 HIGHESTMODSEQ 17)
                S: * STATUS a (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 5 HIGHESTMODSEQ 19)
                S: * STATUS b (UIDVALIDITY 6 UNSEEN 0 HIGHESTMODSEQ 20)
                C: DONE
                S: $tag OK idle done
                C: $tag EXAMINE b
                S: * 2 EXISTS
                S: * OK [UIDVALIDITY 6] ok
                S: * OK [HIGHESTMODSEQ 20] ok
                S: $tag OK [READ-ONLY] examined
                C: $tag UID FETCH 1:1 (UID FLAGS MODSEQ) (CHANGEDSINCE 11)
                S: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (20))
                S: $tag OK fetched
                C: $tag UNSELECT
                S: $tag OK unselected
                C: $tag STATUS b (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)
                S: * STATUS b (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 6 HIGHESTMODSEQ 20)
                S: $tag OK status
                C: $tag IDLE
                S: + idling
                C: DONE
                S: $tag OK idle done
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK done
                """;
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(STORE_CONN);
            server.expect(watchConn);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            Folder a = store.getFolder("a");
            Folder b = store.getFolder("b");
            BlockingQueue<Seen> counts = WatchScriptTest.listen(a, b);
            BlockingQueue<String> flags = new LinkedBlockingQueue<>();
            for (Folder f : List.of(a, b)) {
                f.addMessageChangedListener(e -> flags.add(f.getFullName() + " " + uid(e) + " " + flags(e)));
            }
            Imap4libWatch w = ((Imap4libStore) store).watch(a, b);
            List<Seen> got = WatchScriptTest.take(counts, 3);
            got.sort(java.util.Comparator.comparing(Seen::folder)); // one event queue per folder
            assertEquals(List.of(new Seen("a", MessageCountEvent.ADDED, 1), new Seen("a", MessageCountEvent.ADDED, 1),
                    new Seen("b", MessageCountEvent.ADDED, 1)), got);
            String flagged = flags.poll(10, TimeUnit.SECONDS);
            assertNotNull(flagged, "b's flag change was reported");
            assertEquals("b 1 " + new Flags(Flags.Flag.SEEN), flagged);
            assertNull(flags.poll(300, TimeUnit.MILLISECONDS), "one flag event");
            w.close();
            store.close();
            server.awaitDone();
        }
    }

    /**
     * NOTIFY events come at any time, not only during IDLE: one the server sends right after
     * NOTIFY SET's OK, before the watch's first IDLE began (as a busy server does for an APPEND
     * made just after {@code watch()} returned), is reported, once.
     */
    @Test
    void anEventBeforeTheFirstIdleIsReportedOnce() throws Exception {
        String watchConn = """
                S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NOTIFY] watch
                C: $tag NOTIFY SET STATUS (mailboxes (a b) (MessageNew MessageExpunge)) (personal (MailboxName))
                S: * STATUS a (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 5)
                S: * STATUS b (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 6)
                S: $tag OK set
                S: * STATUS a (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 5)
                C: $tag IDLE
                S: + idling
                S: * STATUS b (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 6)
                C: DONE
                S: $tag OK idle done
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK done
                """;
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(STORE_CONN.replace(" CONDSTORE ENABLE UNSELECT", ""));
            server.expect(watchConn);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            Folder a = store.getFolder("a");
            Folder b = store.getFolder("b");
            BlockingQueue<Seen> counts = WatchScriptTest.listen(a, b);
            Imap4libWatch w = ((Imap4libStore) store).watch(a, b);
            List<Seen> got = WatchScriptTest.take(counts, 2);
            got.sort(java.util.Comparator.comparing(Seen::folder));
            assertEquals(List.of(new Seen("a", MessageCountEvent.ADDED, 1), new Seen("b", MessageCountEvent.ADDED, 1)), got);
            assertNull(counts.poll(300, TimeUnit.MILLISECONDS), "each once");
            assertEquals(2L, w.lastStatus("a").messages());
            w.close();
            store.close();
            server.awaitDone();
        }
    }

    private static long uid(MessageChangedEvent e) {
        try {
            return ((Imap4libFolder) e.getMessage().getFolder()).getUID(e.getMessage());
        } catch (jakarta.mail.MessagingException x) {
            return -1;
        }
    }

    private static Flags flags(MessageChangedEvent e) {
        try {
            return e.getMessage().getFlags();
        } catch (jakarta.mail.MessagingException x) {
            return null;
        }
    }
}
