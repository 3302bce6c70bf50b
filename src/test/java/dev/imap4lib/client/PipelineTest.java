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
import dev.imap4lib.response.MailboxStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pipelining rules of {@link PipelineRules}, one transcript each. "In flight together" is
 * shown by a server that reads every command before it answers any; "waits" by a server that,
 * after the first command, records for a while what else arrives (a command sent too early is
 * swallowed there and the next C: line then fails).
 */
@Timeout(30)
class PipelineTest {
    private static final String GREETING = "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] ready\n";

    @Test
    void statusOfDifferentMailboxesIsInFlightTogetherAndEachGetsItsOwnResponse() throws Exception {
        play(GREETING + """
                C: A0 STATUS a (MESSAGES)
                C: A1 STATUS b (MESSAGES)
                C: A2 STATUS c (MESSAGES)
                S: * STATUS b (MESSAGES 2)
                S: A1 OK done
                S: * STATUS c (MESSAGES 3)
                S: * STATUS a (MESSAGES 1)
                S: A2 OK done
                S: A0 OK done
                """, (server, imap) -> {
            List<Result<MailboxStatus>> r = imap.statusAll(List.of("a", "b", "c"), "(MESSAGES)");
            assertEquals(3, r.size());
            for (int i = 0; i < 3; i++) {
                assertEquals("abc".substring(i, i + 1), r.get(i).check().value().name());
                assertEquals(i + 1L, r.get(i).value().messages(), "answers out of order are matched by tag and mailbox");
            }
            server.awaitDone();
        });
    }

    @Test
    void theSameMailboxTwiceIsAmbiguousSoTheSecondWaits() throws Exception {
        play(GREETING + """
                C: A0 STATUS a (MESSAGES)
                WAIT: 300
                S: * STATUS a (MESSAGES 1)
                S: A0 OK done
                C: A1 STATUS a (MESSAGES)
                S: * STATUS a (MESSAGES 1)
                S: A1 OK done
                """, (server, imap) -> {
            List<Result<MailboxStatus>> r = imap.statusAll(List.of("a", "a"), "(MESSAGES)");
            assertEquals(1L, r.get(0).value().messages());
            assertEquals(1L, r.get(1).value().messages());
            server.awaitDone();
        });
    }

    @Test
    void ambiguousUntaggedTypesWaitUidFetchBehindUidStore() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 UID STORE 5 +FLAGS (\\Seen)
                WAIT: 300
                S: * 1 FETCH (UID 5 FLAGS (\\Seen))
                S: A1 OK done
                C: A2 UID FETCH 6 (FLAGS)
                S: * 2 FETCH (UID 6 FLAGS ())
                S: A2 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            try (Pipeline p = imap.pipeline()) {
                Pipeline.Pending<List<FetchData>> a = p.uidStore("5", "+FLAGS", "\\Seen");
                Pipeline.Pending<List<FetchData>> b = p.uidFetch("6", "(FLAGS)");
                assertTrue(a.isDone(), "sending the FETCH read the STORE's answer first");
                assertEquals(5L, a.await().check().value().get(0).uid(), "each FETCH response went to its own command");
                assertEquals(List.of(6L), b.await().check().value().stream().map(FetchData::uid).toList());
            }
            server.awaitDone();
        });
    }

    @Test
    void uidFetchMayFollowStatusButFetchWithSequenceNumbersWaits() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 STATUS a (MESSAGES)
                C: A2 UID FETCH 6 (FLAGS)
                WAIT: 300
                S: * STATUS a (MESSAGES 4)
                S: A1 OK done
                S: * 2 FETCH (UID 6 FLAGS ())
                S: A2 OK done
                C: A3 FETCH 2 (FLAGS)
                S: * 2 FETCH (FLAGS ())
                S: A3 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            try (Pipeline p = imap.pipeline()) {
                Pipeline.Pending<MailboxStatus> s = p.status("a", "(MESSAGES)");
                Pipeline.Pending<List<FetchData>> u = p.uidFetch("6", "(FLAGS)");
                assertFalse(s.isDone(), "UID FETCH went out behind STATUS without waiting");
                Pipeline.Pending<List<FetchData>> f = p.fetch("2", "(FLAGS)");
                assertTrue(s.isDone() && u.isDone(), "FETCH 2 waited: STATUS may cause EXPUNGE");
                assertEquals(4L, s.await().value().messages());
                assertEquals(1, u.await().value().size());
                assertEquals(2, f.await().check().value().get(0).msgno());
            }
            server.awaitDone();
        });
    }

    @Test
    void aBarrierWaitsForWhatIsInFlight() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 STATUS a (MESSAGES)
                WAIT: 300
                S: * STATUS a (MESSAGES 4)
                S: A1 OK done
                C: A2 SELECT INBOX
                S: * 3 EXISTS
                S: A2 OK [READ-WRITE] done
                """, (server, imap) -> {
            imap.select("INBOX");
            Pipeline.Pending<MailboxStatus> s;
            try (Pipeline p = imap.pipeline()) {
                s = p.status("a", "(MESSAGES)");
            }
            assertTrue(s.isDone(), "closing the pipeline read the outstanding answer");
            assertEquals(3L, imap.select("INBOX").value().exists());
            assertEquals(4L, s.await().value().messages(), "kept after close");
            server.awaitDone();
        });
    }

    @Test
    void aSynchronizingLiteralWaitsForItsContinuationWhileEarlierAnswersAreRouted() throws Exception {
        play(GREETING + """
                C: A0 STATUS a (MESSAGES)
                C: A1 APPEND INBOX {5}
                S: * STATUS a (MESSAGES 9)
                S: A0 OK done
                WAIT: 200
                S: + go ahead
                CL: 7 hello\\r\\n
                C: A2 STATUS b (MESSAGES)
                S: A1 OK [APPENDUID 1 77] done
                S: * STATUS b (MESSAGES 1)
                S: A2 OK done
                """, (server, imap) -> {
            try (Pipeline p = imap.pipeline()) {
                Pipeline.Pending<MailboxStatus> a = p.status("a", "(MESSAGES)");
                var ap = p.append("INBOX", AppendMessage.of("hello".getBytes(StandardCharsets.US_ASCII)));
                assertTrue(a.isDone(), "STATUS a completed while APPEND waited for its +");
                Pipeline.Pending<MailboxStatus> b = p.status("b", "(MESSAGES)");
                assertEquals(9L, a.await().value().messages());
                assertArrayEquals(new long[] {77}, ap.await().check().value().uids().toArray(1000));
                assertEquals(1L, b.await().value().messages());
            }
            server.awaitDone();
        });
    }

    @Test
    void pipelinedAppendsWithLiteralPlusGoOutWithoutWaiting() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] ready
                C: A0 APPEND INBOX {2+}
                CL: 4 m0\\r\\n
                C: A1 APPEND INBOX {2+}
                CL: 4 m1\\r\\n
                C: A2 APPEND INBOX {2+}
                CL: 4 m2\\r\\n
                S: A0 OK [APPENDUID 1 10] done
                S: A1 NO [OVERQUOTA] full
                S: A2 OK [APPENDUID 1 12] done
                """, (server, imap) -> {
            try (Pipeline p = imap.pipeline()) {
                var a = p.append(null, AppendMessage.of("m0".getBytes(StandardCharsets.US_ASCII)));
                var b = p.append(null, AppendMessage.of("m1".getBytes(StandardCharsets.US_ASCII)));
                var c = p.append(null, AppendMessage.of("m2".getBytes(StandardCharsets.US_ASCII)));
                assertEquals("10", a.await().value().uids().toString());
                assertEquals("NO", b.await().type(), "one refused APPEND says so; the others stand");
                assertEquals("12", c.await().value().uids().toString());
            }
            server.awaitDone();
        });
    }

    @Test
    void aCutWithThreeInFlightFailsAllThreeAndSendsNothingAgain() throws Exception {
        play(GREETING + """
                C: A0 STATUS a (MESSAGES)
                C: A1 STATUS b (MESSAGES)
                C: A2 STATUS c (MESSAGES)
                CLOSE
                EOF
                """, (server, imap) -> {
            try (Pipeline p = imap.pipeline()) {
                var a = p.status("a", "(MESSAGES)");
                var b = p.status("b", "(MESSAGES)");
                var c = p.status("c", "(MESSAGES)");
                assertThrows(Imap4AbortException.class, a::await);
                assertThrows(Imap4AbortException.class, b::await);
                assertThrows(Imap4AbortException.class, c::await);
            }
            assertFalse(imap.isAlive());
            assertThrows(Imap4AbortException.class, imap::noop);
            server.awaitDone();
            assertEquals("A0 STATUS a (MESSAGES)\r\nA1 STATUS b (MESSAGES)\r\nA2 STATUS c (MESSAGES)\r\n",
                    server.clientText(), "nothing re-sent");
        });
    }

    @Test
    void aCommandThatMayFollowAFetchSentAheadRunsBehindItAndTheAnswerIsKept() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 UID FETCH 7 (UID BODY.PEEK[]<0.5>)
                C: A2 STATUS Archive (MESSAGES)
                S: * 1 FETCH (UID 7 BODY[]<0> {5}
                S: hello)
                S: A1 OK done
                S: * STATUS Archive (MESSAGES 2)
                S: A2 OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4.PendingFetch f = imap.uidFetchAhead("7", "(UID BODY.PEEK[]<0.5>)");
            assertEquals(2L, imap.status("Archive", "(MESSAGES)").check().value().messages());
            assertFalse(f.wasDropped());
            List<FetchData> l = f.await(null).check().value();
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), l.get(0).section("BODY[]<0>"),
                    "read behind the STATUS, kept, not sent again");
            server.awaitDone();
        });
    }

    @Test
    void thePipelineBelongsToTheThreadThatOpenedIt() throws Exception {
        play(GREETING + """
                C: A0 NOOP
                S: A0 OK done
                """, (server, imap) -> {
            try (Pipeline p = imap.pipeline()) {
                Throwable[] seen = new Throwable[1];
                Thread t = new Thread(() -> {
                    try {
                        p.noop();
                    } catch (Throwable e) {
                        seen[0] = e;
                    }
                }, "pipeline-test-other");
                t.setDaemon(true);
                t.start();
                t.join(5000);
                assertTrue(seen[0] instanceof IllegalStateException, String.valueOf(seen[0]));
                assertTrue(p.noop().await().isOk());
            }
            server.awaitDone();
        });
    }
}
