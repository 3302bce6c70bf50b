package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.PREAUTH;
import static dev.imap4lib.client.Fake.data;
import static dev.imap4lib.client.Fake.play;
import static dev.imap4lib.client.Fake.selectInbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.testing.ScriptedImapServer;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Malformed, oversized, truncated and lying servers: the client fails cleanly and boundedly. */
@Timeout(30)
class HostileServerTest {

    private static final String SELECT = "A0 SELECT INBOX\r\n";

    /** Connecting must fail with an abort; returns it. */
    private static Imap4AbortException connectFails(String script) {
        try (ScriptedImapServer server = Fake.server(script)) {
            Imap4AbortException e = assertThrows(Imap4AbortException.class, () -> {
                Imap4 imap = Fake.connect(server);
                imap.shutdown();
            });
            return e;
        }
    }

    // ------------------------------------------------------------------ greetings

    @Test
    void byeGreetingAbortsTheConstructor() {
        Imap4AbortException e = connectFails("""
                S: * BYE go away
                CLOSE
                """);
        assertTrue(e.getMessage().contains("go away"), e.getMessage());
    }

    @Test
    void garbageGreetingAbortsTheConstructor() {
        connectFails("""
                S: HTTP/1.1 400 Bad Request
                CLOSE
                """);
        connectFails("""
                S:
                CLOSE
                """);
        connectFails("""
                S: * HELLO there
                CLOSE
                """);
    }

    @Test
    void silentServerTimesOutInTheConstructor() {
        try (ScriptedImapServer server = Fake.server("""
                STALL: 4000
                S: * OK too late
                """)) {
            long t0 = System.nanoTime();
            assertThrows(Imap4AbortException.class, () -> new Imap4(server.host(), server.port(),
                    Fake.options().withTimeout(java.time.Duration.ofSeconds(1))).shutdown());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 900 && ms < 3500, "gave up after " + ms + " ms with a 1 s timeout");
        }
    }

    @Test
    void greetingWithoutImap4rev1IsRefused() throws Exception {
        try (ScriptedImapServer server = Fake.server("""
                S: * OK [CAPABILITY IMAP2 AUTH=PLAIN] old server
                """)) {
            assertThrows(Imap4Exception.class, () -> Fake.connect(server).shutdown());
        }
    }

    // ------------------------------------------------------------------ sizes

    @Test
    @Tag("small-heap") // issue 7: sizes in a 256 MB heap
    void tenGigabyteLiteralAbortsQuicklyWithoutAllocating() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY[])
                S: * 1 FETCH (BODY[] {10000000000}
                SLIT: 65536 x
                """, (server, imap) -> {
            imap.select("INBOX");
            long t0 = System.nanoTime();
            Imap4AbortException e = assertThrows(Imap4AbortException.class, () -> imap.fetch("1", "(BODY[])"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 1500, "abort took " + ms + " ms");
            assertTrue(e.getMessage().contains("10000000000"), e.getMessage());
            assertFalse(imap.isAlive());
        });
    }

    @Test
    @Tag("small-heap") // issue 7: sizes in a 256 MB heap
    void overlongLineAbortsMentioningTheLineLimit() throws Exception {
        try (ScriptedImapServer server = Fake.server(PREAUTH + """
                C: A0 NOOP
                SB: * OK\\x20
                SBIG: 2000000 a
                """)) {
            Imap4 imap = Fake.connect(server);
            try {
                Imap4AbortException e = assertThrows(Imap4AbortException.class, imap::noop);
                assertTrue(e.getMessage().contains("line"), e.getMessage());
                assertTrue(e.getMessage().contains("1000000"), e.getMessage());
                assertFalse(imap.isAlive());
            } finally {
                imap.shutdown();
            }
        }
    }

    @Test
    @Tag("small-heap") // issue 7: sizes in a 256 MB heap
    void deeplyNestedParenthesesInFetchAreAnErrorNotAStackOverflow() throws Exception {
        String deep = "(".repeat(100_000) + ")".repeat(100_000);
        play(PREAUTH + selectInbox("A0")
                + "C: A1 FETCH 1 (BODYSTRUCTURE)\n"
                + "S: * 1 FETCH (BODYSTRUCTURE " + deep + ")\n"
                + "S: A1 OK FETCH completed\n"
                + "C: A2 FETCH 1 (X-WEIRD)\n"
                + "S: * 1 FETCH (X-WEIRD " + deep + ")\n"
                + "S: A2 OK FETCH completed\n"
                + "C: A3 NOOP\n"
                + "S: A3 OK NOOP completed\n", (server, imap) -> {
            imap.select("INBOX");
            for (String item : List.of("(BODYSTRUCTURE)", "(X-WEIRD)")) {
                try {
                    imap.fetch("1", item);
                    fail("100,000 nested parentheses were accepted for " + item);
                } catch (Imap4Exception e) {
                    // Imap4Exception or Imap4AbortException: both are fine
                } catch (StackOverflowError e) {
                    fail("stack overflow on deeply nested parentheses");
                }
                if (!imap.isAlive()) {
                    return;
                }
            }
            assertTrue(imap.noop().isOk());
        });
    }

    @Test
    @Tag("small-heap") // issue 7: sizes in a 256 MB heap
    void deeplyNestedThreadIsAnErrorNotAStackOverflow() throws Exception {
        String deep = "(".repeat(100_000) + "1" + ")".repeat(100_000);
        play(PREAUTH + selectInbox("A0")
                + "C: A1 THREAD REFERENCES UTF-8 ALL\n"
                + "S: * THREAD " + deep + "\n"
                + "S: A1 OK THREAD completed\n", (server, imap) -> {
            imap.select("INBOX");
            try {
                imap.thread("REFERENCES", "UTF-8", "ALL");
                fail("100,000 nested parentheses were accepted");
            } catch (Imap4Exception e) {
                // expected
            } catch (StackOverflowError e) {
                fail("stack overflow on deeply nested THREAD");
            }
        });
    }

    @Test
    @Tag("small-heap") // issue 7: sizes in a 256 MB heap
    void deepNestingInEveryTypedReplyIsAnErrorNotAStackOverflow() throws Exception {
        String deep = "(".repeat(100_000) + ")".repeat(100_000);
        StringBuilder script = new StringBuilder(PREAUTH);
        String[][] cases = {
            {"LIST \"\" \"*\"", "* LIST () \"/\" INBOX (\"X-EXT\" " + deep + ")"},
            {"STATUS INBOX (MESSAGES)", "* STATUS INBOX (MESSAGES 1 X-EXT " + deep + ")"},
            {"NAMESPACE", "* NAMESPACE ((\"\" \"/\" \"X-EXT\" " + deep + ")) NIL NIL"},
            {"ID NIL", "* ID (\"name\" " + deep + ")"},
            {"GETMETADATA INBOX (/private/comment)", "* METADATA INBOX (/private/comment " + deep + ")"},
            {"GETANNOTATION INBOX \"/comment\" \"value.priv\"", "* ANNOTATION INBOX \"/comment\" " + deep},
            {"GETQUOTA \"\"", "* QUOTA \"\" " + deep},
            {"GETACL INBOX", "* ACL INBOX " + deep},
        };
        for (int i = 0; i < cases.length; i++) {
            script.append("C: A").append(i).append(' ').append(cases[i][0]).append('\n');
            script.append("S: ").append(cases[i][1]).append('\n');
            script.append("S: A").append(i).append(" OK done\n");
        }
        play(script.toString(), (server, imap) -> {
            List<Fake.Body> calls = List.of(
                    (s, c) -> c.list(),
                    (s, c) -> c.status("INBOX", "MESSAGES"),
                    (s, c) -> c.namespace(),
                    (s, c) -> c.id(null),
                    (s, c) -> c.getMetadata("INBOX", "/private/comment"),
                    (s, c) -> c.getAnnotation("INBOX", "\"/comment\"", "\"value.priv\""),
                    (s, c) -> c.getQuota(""),
                    (s, c) -> c.getAcl("INBOX"));
            List<String> problems = new java.util.ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                try {
                    calls.get(i).run(server, imap);
                } catch (Imap4AbortException e) {
                    problems.add(cases[i][0] + ": abort " + e.getMessage());
                    break;
                } catch (Imap4Exception e) {
                    // the command failed, the connection is fine
                } catch (StackOverflowError e) {
                    problems.add(cases[i][0] + ": StackOverflowError");
                    break;
                }
            }
            assertEquals(List.of(), problems);
        });
    }

    // ------------------------------------------------------------------ malformed but framed responses

    private static void malformedFetchIsACommandError(String fetchResponse) throws Exception {
        play(PREAUTH + selectInbox("A0")
                + "C: A1 FETCH 1 (ALL)\n"
                + "S: " + fetchResponse + "\n"
                + "S: A1 OK FETCH completed\n"
                + "C: A2 NOOP\n"
                + "S: A2 OK NOOP completed\n", (server, imap) -> {
            imap.select("INBOX");
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.fetch("1", "(ALL)"),
                    "malformed response accepted: " + fetchResponse);
            assertFalse(e instanceof Imap4AbortException, "the stream is in step; only the command failed: " + e);
            assertTrue(imap.isAlive());
            assertTrue(imap.noop().isOk(), "connection still usable");
            server.awaitDone();
            assertEquals(SELECT + "A1 FETCH 1 (ALL)\r\nA2 NOOP\r\n", server.clientText());
        });
    }

    @Test
    void unbalancedParenthesesInFetch() throws Exception {
        malformedFetchIsACommandError("* 1 FETCH (FLAGS (\\Seen) UID 4");
        malformedFetchIsACommandError("* 1 FETCH (FLAGS (\\Seen UID 4)");
        malformedFetchIsACommandError("* 1 FETCH ((FLAGS (\\Seen) UID 4)");
    }

    @Test
    void extraClosingParenthesisInFetch() throws Exception {
        malformedFetchIsACommandError("* 1 FETCH (FLAGS (\\Seen)) UID 4)");
    }

    @Test
    void badNumbersInFetch() throws Exception {
        malformedFetchIsACommandError("* 1 FETCH (UID 12x)");
        malformedFetchIsACommandError("* 1 FETCH (RFC822.SIZE -5)");
        malformedFetchIsACommandError("* 1 FETCH (RFC822.SIZE 99999999999999999999999999)");
    }

    @Test
    void nilWhereAStringIsRequiredInEnvelope() throws Exception {
        malformedFetchIsACommandError("* 1 FETCH (ENVELOPE NIL)");
        malformedFetchIsACommandError("* 1 FETCH (ENVELOPE (NIL NIL NIL))");
        malformedFetchIsACommandError("* 1 FETCH (ENVELOPE (\"Mon, 1 Jan 2024 10:00:00 +0000\" \"s\""
                + " ((NIL NIL \"a\" \"b.c\")) NIL NIL NIL NIL NIL NIL))");
    }

    // ------------------------------------------------------------------ dropped, stalled, BYE

    @Test
    void connectionClosedInsideALiteralAborts() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (BODY[])
                CUT: 40 * 1 FETCH (BODY[] {100}\\r\\nFrom: a@example.com\\r\\nSubject: hi
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4AbortException e = assertThrows(Imap4AbortException.class, () -> imap.fetch("1", "(BODY[])"));
            assertTrue(e.getMessage().contains("literal"), e.getMessage());
            assertFalse(imap.isAlive());
            assertThrows(Imap4AbortException.class, imap::noop);
        });
    }

    @Test
    void stalledServerAbortsWithinAboutTheTimeout() throws Exception {
        ClientOptions o = Fake.options().withTimeout(java.time.Duration.ofSeconds(1));
        try (ScriptedImapServer server = Fake.server(PREAUTH + """
                C: A0 NOOP
                STALL: 6000
                S: A0 OK too late
                """)) {
            Imap4 imap = Fake.connect(server, o);
            try {
                long t0 = System.nanoTime();
                Imap4AbortException e = assertThrows(Imap4AbortException.class, imap::noop);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= 900 && ms < 4000, "aborted after " + ms + " ms with a 1 s timeout");
                assertTrue(e.getMessage().contains("timed out"), e.getMessage());
                assertFalse(imap.isAlive());
            } finally {
                imap.shutdown();
            }
        }
    }

    @Test
    void drippingServerWithinTheTimeoutIsFine() throws Exception {
        play(PREAUTH + """
                C: A0 NOOP
                DRIP: 20 * 3 EXISTS
                DRIP: 20 A0 OK NOOP completed
                """, (server, imap) -> {
            assertTrue(imap.noop().isOk());
            assertEquals(List.of("3"), data(imap.response("EXISTS")));
        });
    }

    @Test
    void unsolicitedByeDuringACommandAbortsWithTheByeText() throws Exception {
        play(PREAUTH + """
                C: A0 NOOP
                S: * BYE Autologout; idle for too long
                CLOSE
                """, (server, imap) -> {
            Imap4AbortException e = assertThrows(Imap4AbortException.class, imap::noop);
            assertTrue(e.getMessage().contains("Autologout; idle for too long"), e.getMessage());
            assertFalse(imap.isAlive());
        });
    }

    @Test
    void byeFollowedByATaggedOkStillAborts() throws Exception {
        play(PREAUTH + """
                C: A0 NOOP
                S: * BYE Server shutting down
                S: A0 OK NOOP completed
                """, (server, imap) -> {
            Imap4AbortException e = assertThrows(Imap4AbortException.class, imap::noop);
            assertTrue(e.getMessage().contains("Server shutting down"), e.getMessage());
        });
    }

    // ------------------------------------------------------------------ read-only

    @Test
    void readOnlyArrivingWhileSelectedReadWriteFailsTheNextCommand() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 NOOP
                S: * OK [READ-ONLY] Mailbox is now read-only
                S: A1 OK NOOP completed
                C: A2 FETCH 1 (FLAGS)
                S: * 1 FETCH (FLAGS (\\Seen))
                S: A2 OK FETCH completed
                """, (server, imap) -> {
            imap.select("INBOX");
            assertFalse(imap.isReadOnly());
            assertTrue(imap.noop().isOk());
            assertThrows(Imap4ReadOnlyException.class, () -> imap.store("1", "+FLAGS", "\\Deleted"));
            assertTrue(imap.isReadOnly());
            assertTrue(imap.isAlive());
            assertTrue(imap.fetch("1", "(FLAGS)").isOk());
            server.awaitDone();
            assertEquals(SELECT + "A1 NOOP\r\nA2 FETCH 1 (FLAGS)\r\n", server.clientText(), "STORE never sent");
        });
    }

    @Test
    void selectGrantedReadOnlyThrowsButExamineIsFine() throws Exception {
        play(PREAUTH + """
                C: A0 SELECT Archive
                S: * 2 EXISTS
                S: * 0 RECENT
                S: A0 OK [READ-ONLY] SELECT completed
                C: A1 EXAMINE Archive
                S: * 2 EXISTS
                S: * 0 RECENT
                S: * OK [UIDVALIDITY 99] ok
                S: A1 OK [READ-ONLY] EXAMINE completed
                """, (server, imap) -> {
            assertThrows(Imap4ReadOnlyException.class, () -> imap.select("Archive"));
            Result<SelectInfo> r = imap.examine("Archive");
            assertTrue(r.isOk());
            assertTrue(r.value().readOnly());
            assertEquals(2, r.value().exists());
            assertEquals(99, r.value().uidValidity());
            assertTrue(imap.isReadOnly());
            assertEquals(List.of("2"), data(r));
            server.awaitDone();
            assertEquals("A0 SELECT Archive\r\nA1 EXAMINE Archive\r\n", server.clientText());
        });
    }

    @Test
    @Tag("small-heap") // issue 7: sizes in a 256 MB heap
    void hugeExistsCountIsFine() throws Exception {
        play(PREAUTH + """
                C: A0 SELECT INBOX
                S: * 2147483647 EXISTS
                S: * 0 RECENT
                S: * OK [UIDNEXT 4294967295] ok
                S: A0 OK [READ-WRITE] SELECT completed
                C: A1 NOOP
                S: * 4294967295 EXISTS
                S: A1 OK NOOP completed
                """, (server, imap) -> {
            Result<SelectInfo> r = imap.select("INBOX");
            assertEquals(2147483647L, r.value().exists());
            assertEquals(4294967295L, r.value().uidNext());
            assertEquals(List.of("2147483647"), data(r));
            assertTrue(imap.noop().isOk());
            assertEquals(List.of("2147483647", "4294967295"), data(imap.response("EXISTS")));
        });
    }

    @Test
    void commandOutsideItsStateIsRefusedWithoutSending() throws Exception {
        play(Fake.greeting("") + """
                C: A0 NOOP
                S: A0 OK NOOP completed
                """, (server, imap) -> {
            assertThrows(Imap4Exception.class, () -> imap.select("INBOX"));
            assertThrows(Imap4Exception.class, () -> imap.fetch("1", "(FLAGS)"));
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals("A0 NOOP\r\n", server.clientText());
        });
    }
}
