package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.PREAUTH;
import static dev.imap4lib.client.Fake.play;
import static dev.imap4lib.client.Fake.selectInbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** IDLE (RFC 2177) against scripted servers. */
@Timeout(30)
class IdleTest {
    private static final String SELECT = "A0 SELECT INBOX\r\n";

    @Test
    void idleIsReissuedBeforeTheServerLimitAndKeepsDelivering() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                S: * 173 EXISTS
                C: DONE
                S: * 174 EXISTS
                S: A1 OK IDLE terminated
                C: A2 IDLE
                S: + idling again
                S: * 175 EXISTS
                C: DONE
                S: A2 OK IDLE terminated
                """, (server, imap) -> {
            imap.select("INBOX");
            imap.setIdleReissue(Duration.ofMillis(300));
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(10))) {
                assertEquals(173, idler.next(Duration.ofSeconds(3)).number());
                assertEquals(174, idler.next(Duration.ofSeconds(3)).number(), "arrived while leaving IDLE");
                assertEquals(175, idler.next(Duration.ofSeconds(3)).number(), "arrived in the re-issued IDLE");
                idler.done();
                assertNull(idler.next());
            }
            server.awaitDone();
            assertEquals(SELECT + "A1 IDLE\r\nDONE\r\nA2 IDLE\r\nDONE\r\n", server.clientText());
        });
    }

    @Test
    void idlerDeliversExistsAndDoneEndsIt() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                S: * 173 EXISTS
                C: DONE
                S: A1 OK IDLE terminated
                C: A2 NOOP
                S: A2 OK NOOP completed
                """, (server, imap) -> {
            imap.select("INBOX");
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(10))) {
                assertTrue(idler.isIdling());
                Untagged u = idler.next(Duration.ofSeconds(3));
                assertNotNull(u, "the EXISTS sent during IDLE");
                assertEquals("EXISTS", u.type());
                assertEquals(173, u.number());
                idler.done();
                assertNull(idler.next(Duration.ofSeconds(3)));
                assertFalse(idler.isIdling());
            }
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals(SELECT + "A1 IDLE\r\nDONE\r\nA2 NOOP\r\n", server.clientText());
        });
    }

    @Test
    void serverEndingIdleItself() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                S: * 3 EXPUNGE
                S: A1 OK IDLE terminated by server
                C: A2 NOOP
                S: A2 OK NOOP completed
                """, (server, imap) -> {
            imap.select("INBOX");
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(10))) {
                Untagged u = idler.next(Duration.ofSeconds(3));
                assertNotNull(u);
                assertEquals("EXPUNGE", u.type());
                assertEquals(3, u.number());
                assertNull(idler.next(Duration.ofSeconds(3)), "IDLE is over once the server completed it");
                assertFalse(idler.isIdling());
            }
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals(SELECT + "A1 IDLE\r\nA2 NOOP\r\n", server.clientText(), "no DONE after the server ended IDLE");
        });
    }

    @Test
    void closingTheIdlerSendsDone() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                C: DONE
                S: * 2 EXPUNGE
                S: A1 OK IDLE terminated
                C: A2 NOOP
                S: A2 OK NOOP completed
                """, (server, imap) -> {
            imap.select("INBOX");
            try (Imap4.Idler idler = imap.idle(null)) {
                assertNull(idler.next(Duration.ofMillis(200)));
            }
            assertTrue(imap.noop().isOk());
            assertEquals(java.util.List.of("2"), Fake.data(imap.response("EXPUNGE")),
                    "responses that arrive after DONE are kept");
            server.awaitDone();
            assertEquals(SELECT + "A1 IDLE\r\nDONE\r\nA2 NOOP\r\n", server.clientText());
        });
    }

    @Test
    void doneFromAnotherThreadWakesABlockedNext() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                C: DONE
                S: A1 OK IDLE terminated
                C: A2 NOOP
                S: A2 OK NOOP completed
                """, (server, imap) -> {
            imap.select("INBOX");
            try (Imap4.Idler idler = imap.idle(null)) {
                Thread stopper = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                        idler.done();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                stopper.start();
                long t0 = System.nanoTime();
                assertNull(idler.next(), "next() returns null once DONE was answered");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= 250 && ms < 5000, "woke after " + ms + " ms");
                stopper.join(2000);
            }
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals(SELECT + "A1 IDLE\r\nDONE\r\nA2 NOOP\r\n", server.clientText());
        });
    }

    @Test
    void byeDuringIdleAbortsWithItsText() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                S: * BYE System shutting down
                CLOSE
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4.Idler idler = imap.idle(Duration.ofSeconds(10));
            try {
                Untagged bye = idler.next(Duration.ofSeconds(3));
                if (bye != null) {
                    assertEquals("BYE", bye.type());
                }
                Imap4AbortException e = assertThrows(Imap4AbortException.class, () -> idler.next(Duration.ofSeconds(3)));
                assertTrue(e.getMessage().contains("System shutting down"), e.getMessage());
            } finally {
                idler.close();
            }
            assertFalse(imap.isAlive());
            assertThrows(Imap4AbortException.class, imap::noop);
        });
    }

    @Test
    void idleRefusedIsAnError() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: A1 NO not now
                C: A2 NOOP
                S: A2 OK NOOP completed
                """, (server, imap) -> {
            imap.select("INBOX");
            assertThrows(Imap4Exception.class, () -> imap.idle(Duration.ofSeconds(5)));
            assertTrue(imap.noop().isOk(), "the command lock is released");
            server.awaitDone();
        });
    }

    @Test
    void commandsFromInsideAnOpenIdleAreRefused() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                C: DONE
                S: A1 OK IDLE terminated
                """, (server, imap) -> {
            imap.select("INBOX");
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(5))) {
                assertTrue(idler.isIdling());
                assertThrows(Imap4Exception.class, imap::noop);
            }
            server.awaitDone();
            assertEquals(SELECT + "A1 IDLE\r\nDONE\r\n", server.clientText());
        });
    }
}
