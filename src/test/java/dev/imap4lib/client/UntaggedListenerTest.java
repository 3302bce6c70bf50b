package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.PREAUTH;
import static dev.imap4lib.client.Fake.play;
import static dev.imap4lib.client.Fake.selectInbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Untagged responses reach listeners as they arrive, in order, and a bad listener harms nothing. */
@Timeout(30)
class UntaggedListenerTest {

    @Test
    void listenerSeesExistsExpungeFetchInOrder() throws Exception {
        List<String> seen = new ArrayList<>();
        play(PREAUTH + selectInbox("A0") + """
                C: A1 NOOP
                S: * 22 EXPUNGE
                S: * 23 EXISTS
                S: * 3 RECENT
                S: * 14 FETCH (FLAGS (\\Seen \\Deleted))
                S: A1 OK NOOP completed
                """, (server, imap) -> {
            imap.select("INBOX");
            UntaggedListener l = u -> seen.add(u.type() + " " + u.number());
            imap.addUntaggedListener(l);
            assertTrue(imap.noop().isOk());
            imap.removeUntaggedListener(l);
            assertEquals(List.of("EXPUNGE 22", "EXISTS 23", "RECENT 3", "FETCH 14"), seen);
        });
    }

    @Test
    void listenerThatThrowsDoesNotBreakTheSession() throws Exception {
        List<String> seen = new ArrayList<>();
        play(PREAUTH + selectInbox("A0") + """
                C: A1 NOOP
                S: * 5 EXISTS
                S: * 2 EXPUNGE
                S: A1 OK NOOP completed
                C: A2 FETCH 1 (FLAGS)
                S: * 1 FETCH (FLAGS (\\Seen))
                S: A2 OK FETCH completed
                """, (server, imap) -> {
            imap.select("INBOX");
            imap.addUntaggedListener(u -> {
                throw new IllegalStateException("listener bug");
            });
            imap.addUntaggedListener(u -> seen.add(u.type() + " " + u.number()));
            assertTrue(imap.noop().isOk());
            assertTrue(imap.isAlive());
            Result<?> f = imap.fetch("1", "(FLAGS)");
            assertTrue(f.isOk());
            assertEquals(List.of("1 (FLAGS (\\Seen))"), Fake.data(f));
            assertEquals(List.of("EXISTS 5", "EXPUNGE 2", "FETCH 1"), seen);
            // as in imaplib, stored responses accumulate until popped: SELECT's EXISTS, then NOOP's
            assertEquals(List.of("172", "5"), Fake.data(imap.response("EXISTS")));
            server.awaitDone();
        });
    }
}
