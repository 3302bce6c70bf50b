package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A server that drips its TLS handshake a byte at a time keeps every single read inside the read
 * timeout; the handshake as a whole must still end after about that timeout, for implicit TLS
 * and for STARTTLS.
 */
class TlsHandshakeTimeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** A TLS record header announcing 80 bytes, then the bytes one every 300 ms (24 s in all). */
    private static final String DRIPPED_RECORD = "SB: 0x1603030050\nDRIP: 300 " + "x".repeat(80) + "\\c\n";

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void implicitTlsHandshakeIsBoundedAsAWhole() {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            server.expect(DRIPPED_RECORD);
            long ms = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                long t0 = System.nanoTime();
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                        () -> new Imap4Ssl(server.host(), server.port(), null, TIMEOUT).shutdown());
                assertTrue(e.getMessage().contains("handshake"), e.getMessage());
                return millisSince(t0);
            });
            assertTrue(ms < 2 * TIMEOUT.toMillis() + 500, "gave up after " + ms + " ms with a 1 s timeout");
        }
    }

    @Test
    void starttlsHandshakeIsBoundedAsAWhole() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            server.expect("""
                    S: * OK [CAPABILITY IMAP4rev1 STARTTLS] hi
                    C: A0 STARTTLS
                    S: A0 OK go ahead
                    """ + DRIPPED_RECORD);
            Imap4 imap = new Imap4(server.host(), server.port(), Fake.options().withTimeout(TIMEOUT));
            try {
                long ms = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    long t0 = System.nanoTime();
                    Imap4AbortException e = assertThrows(Imap4AbortException.class, () -> imap.starttls(null));
                    assertTrue(e.getMessage().contains("did not finish within 1000 ms"), e.getMessage());
                    return millisSince(t0);
                });
                assertTrue(ms < 2 * TIMEOUT.toMillis() + 500, "gave up after " + ms + " ms with a 1 s timeout");
                assertFalse(imap.isAlive());
                assertEquals("A0 STARTTLS\r\n", server.clientText().substring(0, 13));
            } finally {
                imap.shutdown();
            }
        }
    }

    @Test
    @Tag("small-heap") // issue 13: the limits left open, pinned in the 256 MB execution
    void aCallersSslContextGetsTheSameBound() {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            server.expect(DRIPPED_RECORD);
            long ms = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                long t0 = System.nanoTime();
                javax.net.ssl.SSLContext own = dev.imap4lib.transport.TlsSettings.trustAllContext();
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                        () -> new Imap4Ssl(server.host(), server.port(), own, TIMEOUT).shutdown());
                assertTrue(e.getMessage().contains("did not finish within 1000 ms"), e.getMessage());
                return millisSince(t0);
            });
            assertTrue(ms < 2 * TIMEOUT.toMillis() + 500, "gave up after " + ms + " ms with a 1 s timeout");
        }
    }

    @Test
    @Tag("small-heap") // issue 13
    void aSocketFactoryMakingTlsSocketsGetsTheSameBound() {
        // SocketTransport.connect with a factory whose sockets are TLS from the start: it used
        // to call startHandshake() with only the per-read timeout (24 s here, hours in general).
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(30))) {
            server.expect(DRIPPED_RECORD);
            long ms = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                long t0 = System.nanoTime();
                javax.net.SocketFactory f = dev.imap4lib.transport.TlsSettings.trustAllContext().getSocketFactory();
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                        () -> dev.imap4lib.transport.SocketTransport.connect(server.host(), server.port(), f,
                                (int) TIMEOUT.toMillis(), (int) TIMEOUT.toMillis()).close());
                assertTrue(e.getMessage().contains("did not finish within 1000 ms"), e.getMessage());
                return millisSince(t0);
            });
            assertTrue(ms < 2 * TIMEOUT.toMillis() + 500, "gave up after " + ms + " ms with a 1 s timeout");
        }
    }
}
