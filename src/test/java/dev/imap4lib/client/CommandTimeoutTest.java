package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a server that answers a command with progress responses forever ({@code * OK still
 * working} every 100 ms, each read well inside the read timeout) holds it no longer than
 * {@link ClientOptions#commandTimeout}; responses the result is built from restart the clock.
 */
@Tag("small-heap")
class CommandTimeoutTest {
    private static final Duration BOUND = Duration.ofMillis(1500);

    /** {@code n} times {@code line} 100 ms apart, then the tagged OK. */
    private static String drip(String line, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("S: ").append(line).append('\n').append("STALL: 100\n");
        }
        return b.append("S: $tag OK done\n").toString();
    }

    private static ClientOptions options() {
        return ClientOptions.defaults().withTimeout(Duration.ofSeconds(5)).withCommandTimeout(BOUND);
    }

    @Test
    void progressForeverEndsTheCommandAtTheBound() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            // 15 s of progress: without the bound the SEARCH would end OK after it
            server.expect("S: * PREAUTH [CAPABILITY IMAP4rev1] hi\n"
                    + "C: $tag SELECT INBOX\nS: * 1 EXISTS\nS: $tag OK [READ-WRITE] done\n"
                    + "C: $tag SEARCH ALL\n" + drip("* OK still working", 150));
            Imap4 imap = new Imap4(server.host(), server.port(), options());
            imap.select("INBOX");
            long t0 = System.nanoTime();
            Imap4AbortException e = assertTimeoutPreemptively(Duration.ofSeconds(12),
                    () -> assertThrows(Imap4AbortException.class, () -> imap.search(null, "ALL")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("[command timeout] SEARCH with '* OK still working' every 100 ms, bound "
                    + BOUND.toMillis() + " ms: aborted after " + ms + " ms: " + e.getMessage());
            assertTrue(e.getMessage().contains("SEARCH") && e.getMessage().contains("command timeout of 1500 ms"),
                    e.getMessage());
            assertTrue(ms >= BOUND.toMillis(), "not before the bound: " + ms + " ms");
            assertFalse(imap.isAlive(), "the connection is given up: the server is still answering the command");
        }
    }

    @Test
    void theCommandsOwnResponsesKeepItGoing() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            // 3 s of LIST responses, twice the bound: each one is progress of the LIST
            server.expect("S: * PREAUTH [CAPABILITY IMAP4rev1] hi\n"
                    + "C: $tag LIST \"\" *\n" + drip("* LIST () \"/\" box", 30)
                    + "C: $tag NOOP\nS: $tag OK done\n");
            Imap4 imap = new Imap4(server.host(), server.port(), options());
            assertEquals(30, imap.list().value().size());
            assertTrue(imap.noop().isOk());
            imap.shutdown();
        }
    }

    @Test
    void idleIsNotBounded() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            StringBuilder s = new StringBuilder("S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] hi\n"
                    + "C: $tag SELECT INBOX\nS: * 1 EXISTS\nS: $tag OK [READ-WRITE] done\n"
                    + "C: $tag IDLE\nS: + idling\n");
            for (int i = 0; i < 30; i++) {
                s.append("S: * OK still here\nSTALL: 100\n");
            }
            s.append("C: DONE\nS: $tag OK idle done\n");
            server.expect(s.toString());
            Imap4 imap = new Imap4(server.host(), server.port(), options());
            imap.select("INBOX");
            int seen = 0;
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(20))) {
                while (seen < 30 && idler.next() != null) {
                    seen++;
                }
            }
            assertEquals(30, seen, "3 s of progress, twice the bound, all received");
            assertTrue(imap.isAlive());
            imap.shutdown();
        }
    }

    @Test
    void zeroSwitchesTheBoundOffAndNegativeIsRefused() {
        assertEquals(0, ClientOptions.defaults().withCommandTimeout(Duration.ZERO).commandTimeoutNanos());
        assertEquals(ClientOptions.DEFAULT_COMMAND_TIMEOUT, ClientOptions.defaults().commandTimeout());
        assertThrows(IllegalArgumentException.class,
                () -> ClientOptions.defaults().withCommandTimeout(Duration.ofSeconds(-1)));
    }
}
