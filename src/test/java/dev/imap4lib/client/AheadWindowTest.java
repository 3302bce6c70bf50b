package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.PREAUTH;
import static dev.imap4lib.client.Fake.play;
import static dev.imap4lib.client.Fake.selectInbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.FetchData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several FETCHes sent ahead at once, one message each: the server sees them all before it
 * answers any, and each claim gets its own message's answer, whatever order the server answers in.
 * (The scripted server waits for every line before it answers, so a client that read an answer
 * before sending the next FETCH would hang the script and fail.)
 */
@Timeout(30)
class AheadWindowTest {

    private static String body(int seq, String text) {
        return "S: * " + seq + " FETCH (BODY[]<0> {" + text.length() + "}\nS: " + text + ")\n";
    }

    private static String claim(Imap4.PendingFetch p) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<FetchData> l = p.await(ctx -> sink).check().value();
        assertEquals(1, l.size());
        String streamed = sink.toString(StandardCharsets.US_ASCII);
        byte[] kept = l.get(0).section("BODY[]<0>");
        return l.get(0).msgno() + ":" + (streamed.isEmpty() && kept != null ? new String(kept, StandardCharsets.US_ASCII) : streamed);
    }

    @Test
    void threeFetchesAreInFlightBeforeTheFirstIsReadAndEachGetsItsOwnBytes() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY.PEEK[]<0.100>)
                C: A2 FETCH 2 (BODY.PEEK[]<0.100>)
                C: A3 FETCH 3 (BODY.PEEK[]<0.100>)
                """ + body(1, "first") + "S: A1 OK done\n" + body(2, "second") + "S: A2 OK done\n"
                + body(3, "third") + "S: A3 OK done\n", (server, imap) -> {
            imap.select("INBOX");
            List<Imap4.PendingFetch> window = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                window.add(imap.fetchAhead(Integer.toString(i), "(BODY.PEEK[]<0.100>)"));
            }
            assertEquals("1:first", claim(window.get(0)));
            assertEquals("2:second", claim(window.get(1)));
            assertEquals("3:third", claim(window.get(2)));
            window.forEach(p -> assertFalse(p.wasDropped()));
            server.awaitDone();
        });
    }

    @Test
    void answersInAnotherOrderStillGoToTheirOwnFetch() throws Exception {
        // Interleaved: message 2's answer (and a literal of it) arrives while message 1 is claimed.
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY.PEEK[]<0.100>)
                C: A2 FETCH 2 (BODY.PEEK[]<0.100>)
                """ + body(2, "second") + body(1, "first") + "S: A2 OK done\nS: A1 OK done\n", (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch one = imap.fetchAhead("1", "(BODY.PEEK[]<0.100>)");
            Imap4.PendingFetch two = imap.fetchAhead("2", "(BODY.PEEK[]<0.100>)");
            assertEquals("1:first", claim(one));
            assertEquals("2:second", claim(two));
            server.awaitDone();
        });
    }

    @Test
    void uidFetchesAheadAreToldApartByTheirUid() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 UID FETCH 70 (UID BODY.PEEK[]<0.100>)
                C: A2 UID FETCH 80 (UID BODY.PEEK[]<0.100>)
                S: * 8 FETCH (UID 80 BODY[]<0> "eighty")
                S: * 7 FETCH (UID 70 BODY[]<0> "seventy")
                S: A1 OK done
                S: A2 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch a = imap.uidFetchAhead("70", "(UID BODY.PEEK[]<0.100>)");
            Imap4.PendingFetch b = imap.uidFetchAhead("80", "(UID BODY.PEEK[]<0.100>)");
            FetchData first = a.await(null).check().value().get(0);
            assertEquals(70L, first.uid());
            assertEquals("seventy", new String(first.section("BODY[]<0>"), StandardCharsets.US_ASCII));
            FetchData second = b.await(null).check().value().get(0);
            assertEquals(80L, second.uid());
            server.awaitDone();
        });
    }

    @Test
    void anotherCommandInTheMiddleDropsTheWholeWindowAndClaimsSendAgain() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY.PEEK[]<0.100>)
                C: A2 FETCH 2 (BODY.PEEK[]<0.100>)
                """ + body(1, "first") + "S: A1 OK done\n" + body(2, "second") + "S: A2 OK done\n" + """
                C: A3 NOOP
                S: * 4 EXPUNGE
                S: A3 OK done
                C: A4 FETCH 1 (BODY.PEEK[]<0.100>)
                """ + body(1, "again1") + "S: A4 OK done\n" + """
                C: A5 FETCH 2 (BODY.PEEK[]<0.100>)
                """ + body(2, "again2") + "S: A5 OK done\n", (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch one = imap.fetchAhead("1", "(BODY.PEEK[]<0.100>)");
            Imap4.PendingFetch two = imap.fetchAhead("2", "(BODY.PEEK[]<0.100>)");
            assertEquals("OK", imap.noop().type());
            assertTrue(one.wasDropped());
            assertTrue(two.wasDropped());
            assertEquals("1:again1", claim(one), "the re-sent FETCH's answer, not the dropped one");
            assertEquals("2:again2", claim(two));
            server.awaitDone();
        });
    }

    @Test
    void anExpungeInsideTheWindowIsNotMistakenForData() throws Exception {
        // A server that sends EXPUNGE during FETCH breaks RFC 3501 7.4.1; the answers must still go
        // to their own FETCHes (by the numbers they carry) and the EXPUNGE reach the listeners.
        List<Long> expunged = new ArrayList<>();
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY.PEEK[]<0.100>)
                C: A2 FETCH 3 (BODY.PEEK[]<0.100>)
                """ + body(1, "first") + "S: * 2 EXPUNGE\nS: A1 OK done\n" + body(2, "third") + "S: A2 OK done\n",
                (server, imap) -> {
            imap.addUntaggedListener(u -> {
                if (u.type().equals("EXPUNGE")) {
                    expunged.add(u.number());
                }
            });
            imap.select("INBOX");
            Imap4.PendingFetch one = imap.fetchAhead("1", "(BODY.PEEK[]<0.100>)");
            Imap4.PendingFetch three = imap.fetchAhead("3", "(BODY.PEEK[]<0.100>)");
            assertEquals("1:first", claim(one));
            // Renumbered by the server: its answer says 2. It comes with FETCH 3's result as data
            // nobody asked for, under the number the server gave it, so a caller that matches
            // answers to messages by number (as after any EXPUNGE) is not misled.
            Result<List<FetchData>> r = three.await(null);
            assertEquals("OK", r.type());
            assertEquals(1, r.value().size());
            assertEquals(2, r.value().get(0).msgno());
            assertEquals(List.of(2L), expunged);
            server.awaitDone();
        });
    }

    @Test
    void theSameMessageTwiceIsNotPipelinedOnlyThatEarlierOneIsDropped() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 2 (BODY.PEEK[]<0.2>)
                C: A2 FETCH 1 (BODY.PEEK[]<0.2>)
                S: * 2 FETCH (BODY[]<0> "b2")
                S: A1 OK done
                S: * 1 FETCH (BODY[]<0> "a1")
                S: A2 OK done
                C: A3 FETCH 1 (BODY.PEEK[]<2.2>)
                S: * 1 FETCH (BODY[]<2> "a3")
                S: A3 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch two = imap.fetchAhead("2", "(BODY.PEEK[]<0.2>)");
            Imap4.PendingFetch one = imap.fetchAhead("1", "(BODY.PEEK[]<0.2>)");
            Imap4.PendingFetch oneMore = imap.fetchAhead("1", "(BODY.PEEK[]<2.2>)");
            assertTrue(one.wasDropped(), "read and dropped before the FETCH of the same message was sent");
            assertFalse(two.wasDropped(), "another message's answer, read on the way and kept");
            assertFalse(oneMore.wasDropped());
            assertEquals("b2", new String(two.await(null).check().value().get(0).section("BODY[]<0>"),
                    StandardCharsets.US_ASCII));
            assertEquals("a3", new String(oneMore.await(null).check().value().get(0).section("BODY[]<2>"),
                    StandardCharsets.US_ASCII));
            server.awaitDone();
        });
    }

    @Test
    void beyondTheLimitTheOldestIsDropped() throws Exception {
        StringBuilder script = new StringBuilder(PREAUTH + selectInbox("A0"));
        int n = Imap4.MAX_AHEAD;
        for (int i = 1; i <= n; i++) {
            script.append("C: A").append(i).append(" FETCH ").append(i).append(" (BODY.PEEK[]<0.9>)\n");
        }
        script.append("S: * 1 FETCH (BODY[]<0> \"m1\")\nS: A1 OK done\n");
        script.append("C: A").append(n + 1).append(" FETCH ").append(n + 1).append(" (BODY.PEEK[]<0.9>)\n");
        for (int i = 2; i <= n + 1; i++) {
            script.append("S: * ").append(i).append(" FETCH (BODY[]<0> \"m").append(i).append("\")\nS: A")
                    .append(i).append(" OK done\n");
        }
        play(script.toString(), (server, imap) -> {
            imap.select("INBOX");
            List<Imap4.PendingFetch> window = new ArrayList<>();
            for (int i = 1; i <= n + 1; i++) {
                window.add(imap.fetchAhead(Integer.toString(i), "(BODY.PEEK[]<0.9>)"));
            }
            assertTrue(window.get(0).wasDropped());
            for (int i = 2; i <= n + 1; i++) {
                Imap4.PendingFetch p = window.get(i - 1);
                assertFalse(p.wasDropped());
                assertEquals("m" + i, new String(p.await(null).check().value().get(0).section("BODY[]<0>"),
                        StandardCharsets.US_ASCII));
            }
            server.awaitDone();
        });
    }

    @Test
    void aConnectionCutMidWindowFailsEveryClaimAsAnAbort() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY.PEEK[]<0.100>)
                C: A2 FETCH 2 (BODY.PEEK[]<0.100>)
                C: A3 FETCH 3 (BODY.PEEK[]<0.100>)
                """ + body(1, "first") + "S: A1 OK done\nS: * 2 FETCH (BODY[]<0> {6}\nS: sec\nCLOSE\n",
                (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch one = imap.fetchAhead("1", "(BODY.PEEK[]<0.100>)");
            Imap4.PendingFetch two = imap.fetchAhead("2", "(BODY.PEEK[]<0.100>)");
            Imap4.PendingFetch three = imap.fetchAhead("3", "(BODY.PEEK[]<0.100>)");
            assertEquals("1:first", claim(one));
            assertThrows(Imap4AbortException.class, () -> two.await(null));
            assertThrows(Imap4AbortException.class, () -> three.await(null));
            assertFalse(imap.isAlive());
        });
    }
}
