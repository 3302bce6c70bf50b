package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A server that drips a byte every 0.3 s keeps each read inside a 1 s read timeout; the command
 * must still give up, because the response makes no real progress.
 */
class DripTest {
    @Test
    void aDrippingResponseIsCutOffNearTheTimeout() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            server.expect("""
                    S: * PREAUTH [CAPABILITY IMAP4rev1] hi
                    C: $tag NOOP
                    DRIP: 300 * OK this line arrives one byte at a time and would take about twenty seconds to finish
                    """);
            Imap4 imap = new Imap4(server.host(), server.port(), ClientOptions.defaults().withTimeout(Duration.ofSeconds(1)));
            long t0 = System.nanoTime();
            Imap4AbortException e = assertThrows(Imap4AbortException.class, imap::noop);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.getMessage().contains("less than"), e.getMessage());
            // about one timeout plus one read; generous bound, not a speed assertion
            assertTrue(ms < 6_000, "gave up after " + ms + " ms");
        }
    }

    @Test
    void aLargeLiteralOnASlowButWorkingLinkIsNotCutOff() throws Exception {
        // 2 MB at full loopback speed is far more than 64 KB per second: progress resets the clock.
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            server.expect("""
                    S: * PREAUTH [CAPABILITY IMAP4rev1] hi
                    C: $tag SELECT INBOX
                    S: * 1 EXISTS
                    S: $tag OK [READ-WRITE] selected
                    C: $tag FETCH 1 BODY[]
                    SB: * 1 FETCH (BODY[] {2000000}\\r\\n
                    SLIT: 2000000 x
                    S: )
                    S: $tag OK done
                    """);
            Imap4 imap = new Imap4(server.host(), server.port(), ClientOptions.defaults().withTimeout(Duration.ofSeconds(1)));
            imap.select("INBOX");
            assertTrue(imap.fetch("1", "BODY[]").isOk());
            imap.shutdown();
        }
    }
}
