package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.PREAUTH;
import static dev.imap4lib.client.Fake.play;
import static dev.imap4lib.client.Fake.selectInbox;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.FetchData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A FETCH sent ahead: claimed in order, or read and dropped by the next command (before that
 * command is sent) and sent again when claimed.
 */
@Timeout(30)
class PendingFetchTest {

    @Test
    void answerIsClaimedAfterTheCallerDidOtherWork() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 UID FETCH 7 (UID BODY.PEEK[2]<0.5>)
                S: * 1 FETCH (UID 7 BODY[2]<0> {5}
                S: hello)
                S: A1 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch p = imap.uidFetchAhead("7", "(UID BODY.PEEK[2]<0.5>)");
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            List<FetchData> l = p.await(ctx -> sink).check().value();
            assertEquals(1, l.size());
            assertEquals(7L, l.get(0).uid());
            assertEquals("hello", sink.toString(StandardCharsets.US_ASCII));
            assertFalse(p.wasDropped());
            assertThrows(IllegalStateException.class, () -> p.await(null));
            server.awaitDone();
        });
    }

    @Test
    void anotherCommandDrainsTheUnclaimedAnswerAndAwaitSendsTheFetchAgain() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY.PEEK[]<0.4>)
                S: * 1 FETCH (BODY[]<0> {4}
                S: abcd)
                S: A1 OK done
                C: A2 NOOP
                S: * 3 EXISTS
                S: A2 OK done
                C: A3 FETCH 1 (BODY.PEEK[]<0.4>)
                S: * 1 FETCH (BODY[]<0> {4}
                S: wxyz)
                S: A3 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch p = imap.fetchAhead("1", "(BODY.PEEK[]<0.4>)");
            Result<Void> noop = imap.noop();
            assertEquals("OK", noop.type());
            assertTrue(p.wasDropped());
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            p.await(ctx -> sink).check();
            assertEquals("wxyz", sink.toString(StandardCharsets.US_ASCII), "the re-sent FETCH's answer, not the dropped one");
            server.awaitDone();
        });
    }

    @Test
    void aSecondFetchAheadDropsTheFirstWhichIsResentWhenClaimed() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY.PEEK[]<0.2>)
                S: * 1 FETCH (BODY[]<0> "ab")
                S: A1 OK done
                C: A2 FETCH 1 (BODY.PEEK[]<2.2>)
                S: * 1 FETCH (BODY[]<2> "cd")
                S: A2 OK done
                C: A3 FETCH 1 (BODY.PEEK[]<0.2>)
                S: * 1 FETCH (BODY[]<0> "ab")
                S: A3 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch first = imap.fetchAhead("1", "(BODY.PEEK[]<0.2>)");
            Imap4.PendingFetch second = imap.fetchAhead("1", "(BODY.PEEK[]<2.2>)");
            assertTrue(first.wasDropped());
            assertArrayEquals("cd".getBytes(StandardCharsets.US_ASCII),
                    second.await(null).check().value().get(0).section("BODY[]<2>"));
            assertArrayEquals("ab".getBytes(StandardCharsets.US_ASCII),
                    first.await(null).check().value().get(0).section("BODY[]<0>"));
            server.awaitDone();
        });
    }

    @Test
    void aDeadConnectionFailsTheClaimAsAnAbort() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY.PEEK[]<0.4>)
                S: * 1 FETCH (BODY[]<0> {4}
                S: ab
                CLOSE
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch p = imap.fetchAhead("1", "(BODY.PEEK[]<0.4>)");
            assertThrows(Imap4AbortException.class, () -> p.await(null));
            assertFalse(imap.isAlive());
        });
    }
}
