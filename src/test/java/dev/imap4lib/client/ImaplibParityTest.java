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

import dev.imap4lib.response.FetchData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviours in which CPython's own imaplib tests found the core apart from imaplib
 * (issue 15), each as a transcript: bracketed flags, responses handed out once by the idler,
 * the IDLE deadline inside a partly received line, and the response code in the exception text.
 */
@Timeout(30)
class ImaplibParityTest {
    private static final String SELECT = "A0 SELECT INBOX\r\n";

    @Test
    void storeAnsweredWithFlagsContainingBrackets() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 STORE 1 +FLAGS (x[y)
                S: * 1 FETCH (FLAGS (\\Seen x[y))
                S: A1 OK STORE completed
                C: A2 STORE 1 +FLAGS ([test])
                S: * 1 FETCH (FLAGS (\\Seen x[y [test]))
                S: A2 OK STORE completed
                """, (server, imap) -> {
            imap.select("INBOX");
            Result<List<FetchData>> r = imap.store("1", "+FLAGS", "x[y");
            assertTrue(r.isOk());
            assertEquals(List.of("\\Seen", "x[y"), r.value().get(0).flags());
            assertEquals(List.of("1 (FLAGS (\\Seen x[y))"), Fake.data(r));
            // As imaplib, the core sends the caller's flags as given (Gmail accepts "[test]").
            Result<List<FetchData>> g = imap.store("1", "+FLAGS", "[test]");
            assertEquals(List.of("\\Seen", "x[y", "[test]"), g.value().get(0).flags());
            server.awaitDone();
        });
    }

    @Test
    void selectWithBracketedFlagsAndPermanentFlags() throws Exception {
        play(PREAUTH + """
                C: A0 SELECT INBOX
                S: * FLAGS (\\Answered \\Seen x[y] [test])
                S: * 2 EXISTS
                S: * OK [PERMANENTFLAGS (\\Seen x[y] [test] \\*)] Flags permitted.
                S: A0 OK [READ-WRITE] SELECT completed
                """, (server, imap) -> {
            SelectInfo info = imap.select("INBOX").value();
            assertEquals(List.of("\\Answered", "\\Seen", "x[y]", "[test]"), info.flags());
            assertEquals(List.of("\\Seen", "x[y]", "[test]", "\\*"), info.permanentFlags());
            // the stored code's data is the list, as imaplib's response('PERMANENTFLAGS') gives
            assertEquals(List.of("(\\Seen x[y] [test] \\*)"), Fake.data(imap.response("PERMANENTFLAGS")));
            server.awaitDone();
        });
    }

    @Test
    void responsesReadThroughTheIdlerAreHandedOutOnce() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                S: * 1 EXISTS
                S: * 2 EXISTS
                S: * 3 EXISTS
                S: * 1 RECENT
                C: DONE
                S: * 4 EXISTS
                S: A1 OK IDLE terminated
                """, (server, imap) -> {
            imap.select("INBOX");
            imap.response("EXISTS"); // the SELECT's
            imap.response("RECENT");
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(10))) {
                for (int i = 1; i <= 3; i++) {
                    assertEquals(i, idler.next(Duration.ofSeconds(3)).number());
                }
                assertEquals("RECENT", idler.next(Duration.ofSeconds(3)).type());
                idler.done();
            }
            assertEquals(List.of("4"), Fake.data(imap.response("EXISTS")),
                    "only the EXISTS nobody took from the idler is kept");
            assertEquals(java.util.Collections.singletonList("None"), Fake.data(imap.response("RECENT")),
                    "imaplib gives [None] for a response the idler handed out");
            server.awaitDone();
        });
    }

    @Test
    void idleDeadlineEndsIdleWhileALineIsOnlyPartlyReceived() throws Exception {
        // The server sends "* 1 EX", then "IS", and sends the rest only after it has read DONE:
        // the client must send DONE at its deadline without waiting for the end of the line,
        // and must still deliver the completed EXISTS.
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                S: * 1 EX\\c
                STALL: 200
                S: IS\\c
                C: DONE
                STALL: 300
                S: TS
                S: * 2 RECENT
                S: A1 OK IDLE terminated
                C: A2 NOOP
                S: A2 OK NOOP completed
                """, (server, imap) -> {
            imap.select("INBOX");
            imap.response("EXISTS");
            try (Imap4.Idler idler = imap.idle(Duration.ofMillis(500))) {
                Untagged u = idler.next();
                assertNotNull(u, "the line cut by the deadline is completed and delivered");
                assertEquals("EXISTS", u.type());
                assertEquals(1, u.number());
                assertEquals("RECENT", idler.next().type(), "what followed DONE is delivered too");
                assertNull(idler.next(), "then the IDLE is over");
                assertFalse(idler.isIdling());
            }
            assertTrue(imap.noop().isOk(), "the connection is in step");
            server.awaitDone();
            assertEquals(SELECT + "A1 IDLE\r\nDONE\r\nA2 NOOP\r\n", server.clientText());
        });
    }

    @Test
    void aLineCutByTheDeadlineIsHandedOutOnce() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 IDLE
                S: + idling
                S: * 7 EXPU\\c
                C: DONE
                S: NGE
                S: A1 OK IDLE terminated
                """, (server, imap) -> {
            imap.select("INBOX");
            try (Imap4.Idler idler = imap.idle(Duration.ofMillis(300))) {
                Untagged u = idler.next(Duration.ofSeconds(3));
                assertEquals("EXPUNGE", u.type());
                assertEquals(7, u.number());
            }
            assertEquals(java.util.Collections.singletonList("None"), Fake.data(imap.response("EXPUNGE")));
            server.awaitDone();
            assertEquals(SELECT + "A1 IDLE\r\nDONE\r\n", server.clientText());
        });
    }

    @Test
    void aNoAnswersResponseCodeIsInTheExceptionMessage() throws Exception {
        play("""
                S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready
                C: A0 LOGIN alice "s3cr3t pw"
                S: A0 NO [AUTHENTICATIONFAILED] Authentication failed.
                C: A1 LOGIN bob pw
                S: A1 OK logged in
                C: A2 CREATE Box
                S: A2 NO [ALREADYEXISTS] Mailbox exists
                C: A3 SELECT Box
                S: A3 OK [READ-WRITE] selected
                C: A4 SEARCH CHARSET KOI8-R ALL
                S: A4 NO [BADCHARSET (UTF-8 US-ASCII)] no such charset
                """, (server, imap) -> {
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.login("alice", "s3cr3t pw"));
            assertEquals("LOGIN failed: NO [AUTHENTICATIONFAILED] Authentication failed.", e.getMessage());
            assertEquals("AUTHENTICATIONFAILED", e.code().name());
            assertFalse(e.getMessage().contains("s3cr3t"), "the password never goes into the message");
            assertFalse(e.getMessage().contains("alice"), "nor the user name");
            imap.login("bob", "pw");
            Imap4Exception c = assertThrows(Imap4Exception.class, () -> imap.create("Box").check());
            assertEquals("CREATE failed: NO [ALREADYEXISTS] Mailbox exists", c.getMessage());
            imap.select("Box");
            Imap4Exception s = assertThrows(Imap4Exception.class, () -> imap.search("KOI8-R", "ALL").check());
            assertEquals("SEARCH failed: NO [BADCHARSET (UTF-8 US-ASCII)] no such charset", s.getMessage());
            server.awaitDone();
        });
    }

    @Test
    void aBadAnswersResponseCodeIsInTheExceptionMessage() throws Exception {
        play(PREAUTH + """
                C: A0 NOOP
                S: A0 BAD [CLIENTBUG] Command unknown or arguments invalid
                """, (server, imap) -> {
            Imap4Exception e = assertThrows(Imap4Exception.class, imap::noop);
            assertEquals("NOOP command error: BAD [CLIENTBUG] Command unknown or arguments invalid", e.getMessage());
            server.awaitDone();
        });
    }

    @Test
    void enableUtf8AcceptSwitchesOnlyOnTheEnabledResponseNotOnTheTaggedOk() throws Exception {
        // imaplib switches on the OK; RFC 5161 lets a server say OK and enable nothing
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE UTF8=ACCEPT] ready
                C: A0 ENABLE UTF8=ACCEPT
                S: A0 OK nothing enabled
                C: A1 CREATE Entw&APw-rfe
                S: A1 OK done
                """, (server, imap) -> {
            Result<List<String>> r = imap.enable("UTF8=ACCEPT");
            assertTrue(r.isOk());
            assertEquals(List.of(), r.value());
            assertFalse(imap.utf8Enabled(), "no * ENABLED UTF8=ACCEPT: still modified UTF-7");
            imap.create("Entwürfe").check();
            server.awaitDone();
        });
    }

    @Test
    void isEnabledFollowsTheEnabledResponsesNotTheRequest() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE QRESYNC] ready
                C: A0 ENABLE CONDSTORE QRESYNC
                S: * ENABLED condstore
                S: A0 OK enabled one
                """, (server, imap) -> {
            assertFalse(imap.isEnabled("CONDSTORE"));
            imap.enable("CONDSTORE", "QRESYNC").check();
            assertTrue(imap.isEnabled("CONDSTORE"));
            assertTrue(imap.isEnabled("condstore"));
            assertFalse(imap.isEnabled("QRESYNC"), "asked for, not named in * ENABLED");
            server.awaitDone();
        });
    }

    @Test
    void selectWithCondstoreEnablesItInTheSameRoundTrip() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE CONDSTORE] ready
                C: A0 EXAMINE INBOX (CONDSTORE)
                S: * 2 EXISTS
                S: * OK [UIDVALIDITY 7] ok
                S: * OK [HIGHESTMODSEQ 715194045007] ok
                S: A0 OK [READ-ONLY] done
                """, (server, imap) -> {
            assertFalse(imap.isEnabled("CONDSTORE"));
            var r = imap.select("INBOX", true, true).check();
            assertEquals(715194045007L, r.value().highestModSeq());
            assertTrue(imap.isEnabled("CONDSTORE"), "SELECT/EXAMINE with (CONDSTORE) is a CONDSTORE enabling command");
            server.awaitDone();
        });
    }

    @Test
    void selectWithCondstoreIsRefusedWithNothingSentWithoutTheCapability() throws Exception {
        play(PREAUTH + """
                C: A0 NOOP
                S: A0 OK still in step
                """, (server, imap) -> {
            assertThrows(Imap4Exception.class, () -> imap.select("INBOX", false, true));
            assertEquals("still in step", imap.noop().text());
            assertFalse(imap.isEnabled("CONDSTORE"));
            server.awaitDone();
        });
    }

    @Test
    void aBareLfEndsALineWhereImaplibWouldAbort() throws Exception {
        play(PREAUTH + """
                C: A0 NOOP
                SB: * 3 EXISTS\\n* 1 RECENT\\r\\nA0 OK NOOP done\\n
                C: A1 NOOP
                S: A1 OK in step
                """, (server, imap) -> {
            assertTrue(imap.noop().isOk());
            assertEquals(List.of("3"), Fake.data(imap.response("EXISTS")));
            assertEquals(List.of("1"), Fake.data(imap.response("RECENT")));
            assertEquals("in step", imap.noop().text());
            server.awaitDone();
        });
    }
}
