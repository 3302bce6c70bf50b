package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.play;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plain-text {@code * PREAUTH} greeting leaves no way to upgrade: STARTTLS is only valid before
 * authentication, so the core refuses it without sending anything and the session stays plain
 * (callers that require TLS, like the provider with {@code starttls.required}, then give up).
 */
@Timeout(30)
class StartTlsPreauthTest {
    @Test
    void starttlsAfterAPlainTextPreauthIsRefusedWithoutSending() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] you are logged in
                C: A0 NOOP
                S: A0 OK NOOP completed
                """, (server, imap) -> {
            assertEquals(State.AUTH, imap.state());
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.starttls(null));
            assertFalse(e instanceof Imap4AbortException, e.toString());
            assertTrue(e.getMessage().contains("STARTTLS"), e.getMessage());
            assertFalse(imap.isSecure());
            assertTrue(imap.noop().isOk(), "the connection is untouched");
            server.awaitDone();
            assertEquals("A0 NOOP\r\n", server.clientText(), "no STARTTLS was sent");
        });
    }
}
