package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.PREAUTH;
import static dev.imap4lib.client.Fake.play;
import static dev.imap4lib.client.Fake.selectInbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.FetchData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FETCH whose responses are handed over one by one as they arrive. */
@Timeout(30)
class StreamingFetchTest {

    @Test
    void eachResponseIsHandedOverInOrderAndNoneIsKept() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1:3 (UID FLAGS)
                S: * 1 FETCH (UID 10 FLAGS (\\Seen))
                S: * 2 FETCH (UID 11 FLAGS ())
                S: * 9 FETCH (FLAGS (\\Deleted))
                S: * 3 FETCH (UID 12 FLAGS (\\Flagged))
                S: A1 OK done
                C: A2 NOOP
                S: A2 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            List<FetchData> got = new ArrayList<>();
            Result<Integer> r = imap.fetch("1:3", "(UID FLAGS)", null, got::add);
            assertEquals("OK", r.type());
            assertEquals(4, r.value());
            assertEquals(List.of(1, 2, 9, 3), got.stream().map(FetchData::msgno).toList(),
                    "the unsolicited FETCH of message 9 is handed over too, in arrival order");
            assertEquals(12L, got.get(3).uid());
            assertTrue(imap.response("FETCH").value().isEmpty(), "nothing was stored");
            imap.noop();
            server.awaitDone();
        });
    }

    @Test
    void aMalformedResponseIsReportedAfterTheCommandAndTheConnectionStaysInStep() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 UID FETCH 1:* (UID FLAGS)
                S: * 1 FETCH (UID 10 FLAGS (\\Seen))
                S: * 2 FETCH (UID eleven FLAGS ())
                S: * 3 FETCH (UID 12 FLAGS ())
                S: A1 OK done
                C: A2 NOOP
                S: A2 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            List<Long> uids = new ArrayList<>();
            Imap4Exception e = assertThrows(Imap4Exception.class,
                    () -> imap.uidFetch("1:*", "(UID FLAGS)", null, d -> uids.add(d.uid())));
            assertTrue(e.getMessage().contains("malformed FETCH"), e.getMessage());
            assertEquals(List.of(10L, 12L), uids, "the well-formed responses were still handed over");
            assertEquals("OK", imap.noop().type());
            server.awaitDone();
        });
    }

    @Test
    void anExceptionFromTheConsumerComesBackAfterTheCommand() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1:2 (FLAGS)
                S: * 1 FETCH (FLAGS ())
                S: * 2 FETCH (FLAGS ())
                S: A1 OK done
                C: A2 NOOP
                S: A2 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            int[] calls = {0};
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.fetch("1:2", "(FLAGS)", null, d -> {
                calls[0]++;
                throw new IllegalStateException("consumer failed");
            }));
            assertTrue(e.getMessage().contains("consumer failed"), e.getMessage());
            assertEquals(2, calls[0]);
            assertEquals("OK", imap.noop().type());
            server.awaitDone();
        });
    }
}
