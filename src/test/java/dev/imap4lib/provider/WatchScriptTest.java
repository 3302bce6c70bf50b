package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Imap4libWatch} against scripted servers: overflow resync, the polling fallback, a refused NOTIFY. */
@Timeout(30)
class WatchScriptTest {
    private static final String STORE_CONN = """
            S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NOTIFY] store connection
            C: $tag LOGOUT
            S: * BYE bye
            S: $tag OK done
            """;
    private static final String SET = "C: $tag NOTIFY SET STATUS (mailboxes (a b) (MessageNew MessageExpunge)) (personal (MailboxName))\n";

    /** One MessageCountEvent as a test sees it (shared with Cyrus310WatchTest). */
    record Seen(String folder, int type, int count) {
    }

    /** Every MessageCountEvent of {@code folders}, in the order delivered (shared with WatchNotifyEventsScriptTest). */
    static BlockingQueue<Seen> listen(Folder... folders) {
        BlockingQueue<Seen> q = new LinkedBlockingQueue<>();
        for (Folder f : folders) {
            f.addMessageCountListener(new MessageCountListener() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    q.add(new Seen(f.getFullName(), e.getType(), e.getMessages().length));
                }

                @Override
                public void messagesRemoved(MessageCountEvent e) {
                    q.add(new Seen(f.getFullName(), e.getType(), e.getMessages().length));
                }
            });
        }
        return q;
    }

    static List<Seen> take(BlockingQueue<Seen> q, int n) throws InterruptedException {
        List<Seen> out = new ArrayList<>();
        while (out.size() < n) {
            Seen s = q.poll(10, TimeUnit.SECONDS);
            assertNotNull(s, "only " + out);
            out.add(s);
        }
        return out;
    }

    @Test
    void aDroppedWatchConnectionIsReopenedAndReportsOnlyWhatChangedMeanwhile() throws Exception {
        String first = "S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NOTIFY] watch\n" + SET + """
                S: * STATUS a (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 5)
                S: * STATUS b (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 6)
                S: $tag OK set
                C: $tag IDLE
                S: + idling
                S: * STATUS a (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 5)
                CLOSE
                """;
        // while the watch was down: one more in a, one in b; a's earlier arrival is not repeated
        String second = "S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NOTIFY] watch again\n" + SET + """
                S: * STATUS a (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 5)
                S: * STATUS b (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 6)
                S: $tag OK set
                C: $tag IDLE
                S: + idling
                S: * STATUS b (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 6)
                C: DONE
                S: $tag OK idle done
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK done
                """;
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(STORE_CONN);
            server.expect(first);
            server.expect(second);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            Folder a = store.getFolder("a");
            Folder b = store.getFolder("b");
            BlockingQueue<Seen> seen = listen(a, b);
            Imap4libWatch w = ((Imap4libStore) store).watch(a, b);
            List<Seen> got = take(seen, 4);
            assertEquals(List.of(new Seen("a", MessageCountEvent.ADDED, 1), new Seen("a", MessageCountEvent.ADDED, 1),
                    new Seen("b", MessageCountEvent.ADDED, 1), new Seen("b", MessageCountEvent.ADDED, 1)),
                    sortedByFolder(got));
            assertEquals(null, seen.poll(300, TimeUnit.MILLISECONDS), "no event twice");
            assertTrue(w.isRunning());
            assertEquals(null, w.failure());
            w.close();
            assertFalse(w.isRunning());
            store.close();
            server.awaitDone();
            assertEquals(3, server.connectionsAccepted());
        }
    }

    @Test
    void overflowResendsNotifyAndReportsWhatChangedMeanwhile() throws Exception {
        String watchConn = "S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NOTIFY] watch\n" + SET + """
                S: * STATUS a (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 5)
                S: * STATUS b (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 6)
                S: $tag OK set
                C: $tag IDLE
                S: + idling
                S: * STATUS a (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 5)
                S: * STATUS a (UIDVALIDITY 5 UNSEEN 0)
                S: * OK [NOTIFICATIONOVERFLOW] too many changes
                C: DONE
                S: $tag OK idle done
                """ + SET + """
                S: * STATUS a (MESSAGES 2 UIDNEXT 5 UIDVALIDITY 5)
                S: * STATUS b (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 9)
                S: $tag OK set again
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
            BlockingQueue<Seen> seen = listen(a, b);
            Imap4libWatch w = ((Imap4libStore) store).watch(a, b);
            assertTrue(w.usesNotify());
            List<Seen> got = take(seen, 4);
            assertEquals(List.of(new Seen("a", MessageCountEvent.ADDED, 2), // before the overflow
                    new Seen("a", MessageCountEvent.REMOVED, 2), new Seen("a", MessageCountEvent.ADDED, 1), // UIDNEXT 4 -> 5, 3 -> 2 messages
                    new Seen("b", MessageCountEvent.ADDED, 1)), // new UIDVALIDITY: all old (none) removed, all current added
                    sortedByFolder(got));
            assertEquals(9L, w.lastStatus("b").uidValidity());
            w.close();
            assertFalse(w.isRunning());
            store.close();
            server.awaitDone();
        }
    }

    /** Events of different folders may interleave (one event queue per folder); per folder the order holds. */
    private static List<Seen> sortedByFolder(List<Seen> l) {
        List<Seen> out = new ArrayList<>(l);
        out.sort(java.util.Comparator.comparing(Seen::folder)); // stable: keeps each folder's order
        return out;
    }

    @Test
    void withoutNotifyTheWatchPollsStatus() throws Exception {
        String watchConn = """
                S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] watch
                C: $tag STATUS a (MESSAGES UIDNEXT UIDVALIDITY)
                S: * STATUS a (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 5)
                S: $tag OK
                C: $tag STATUS b (MESSAGES UIDNEXT UIDVALIDITY)
                S: * STATUS b (MESSAGES 4 UIDNEXT 5 UIDVALIDITY 6)
                S: $tag OK
                C: $tag STATUS a (MESSAGES UIDNEXT UIDVALIDITY)
                S: * STATUS a (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 5)
                S: $tag OK
                C: $tag STATUS b (MESSAGES UIDNEXT UIDVALIDITY)
                S: * STATUS b (MESSAGES 3 UIDNEXT 5 UIDVALIDITY 6)
                S: $tag OK
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK done
                """;
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(STORE_CONN.replace(" NOTIFY", ""));
            server.expect(watchConn);
            Store store = ScriptedStores.connectedPerScript(server, 5000, "watch.pollinterval", "500");
            Folder a = store.getFolder("a");
            Folder b = store.getFolder("b");
            BlockingQueue<Seen> seen = listen(a, b);
            Imap4libWatch w = ((Imap4libStore) store).watch(a, b);
            assertFalse(w.usesNotify());
            assertEquals(List.of(new Seen("b", MessageCountEvent.REMOVED, 1)), take(seen, 1));
            w.close(); // the thread sleeps until the next poll: close wakes it, nothing more is sent
            assertFalse(w.isRunning());
            store.close();
            server.awaitDone();
        }
    }

    @Test
    void aRefusedNotifyFailsTheWatchWithTheServersAnswer() throws Exception {
        String watchConn = "S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE NOTIFY] watch\n" + SET + """
                S: $tag NO [BADEVENT (MessageNew MessageExpunge)] no MailboxName here
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK done
                """;
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(STORE_CONN);
            server.expect(watchConn);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            Imap4libStore s = (Imap4libStore) store;
            MessagingException e = assertThrows(MessagingException.class, () -> s.watch(s.getFolder("a"), s.getFolder("b")));
            assertTrue(e.getMessage().contains("BADEVENT") || e.getMessage().contains("no MailboxName"), e.getMessage());
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("imap4lib-watch-")));
            store.close();
            server.awaitDone();
        }
    }

    @Test
    void watchAllNeedsNotify() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(STORE_CONN.replace(" NOTIFY", ""));
            server.expect("""
                    S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] watch
                    C: $tag LOGOUT
                    S: * BYE bye
                    S: $tag OK done
                    """);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            MessagingException e = assertThrows(MessagingException.class, () -> ((Imap4libStore) store).watchAll());
            assertTrue(e.getMessage().contains("NOTIFY"), e.getMessage());
            store.close();
            server.awaitDone();
        }
    }
}
