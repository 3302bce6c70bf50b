package dev.imap4lib.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.State;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the client end to end: an {@link Imap4} over a transport whose server bytes are the
 * fuzz input (a line starting with {@code .} carries the tag of the command just sent, see
 * {@link ScriptedBytesTransport}) runs a fixed session of commands.
 *
 * <p>Invariants: opening the connection fails only with an {@link IOException}; every command
 * fails only with {@link Imap4Exception}; after an {@link Imap4AbortException} the client is in
 * state LOGOUT, its transport is closed and further commands are refused with an abort; whatever
 * the server sent, every command line the client wrote is well-formed (CR and LF only as the line
 * end or inside literals).
 */
class ClientSessionFuzzTest {
    private static final ClientOptions OPTIONS = ClientOptions.defaults()
            .withTagPrefix("A")
            .withTimeout(Duration.ofSeconds(5))
            .withLimits(Framing.SMALL.withMaxLiteralSize(16 * 1024))
            .withDebug(2, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));

    /** One step of the session. */
    @FunctionalInterface
    private interface Step {
        void run(Imap4 imap) throws IOException;
    }

    private static final List<Step> SESSION = List.of(
            Imap4::capability,
            imap -> imap.login("joe", "secret"),
            imap -> imap.enable("UTF8=ACCEPT"),
            imap -> imap.list("", "*"),
            Imap4::namespace,
            imap -> imap.status("Entwürfe", "(MESSAGES UNSEEN UIDNEXT UIDVALIDITY)"),
            imap -> imap.select("INBOX"),
            imap -> imap.fetch("1:*", "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER])"),
            imap -> imap.uidFetch("1:*", "(BODY.PEEK[])", ctx -> new ByteArrayOutputStream()),
            imap -> imap.uidSearch(null, "UNSEEN"),
            imap -> imap.thread("REFERENCES", "UTF-8", "ALL"),
            imap -> imap.store("1", "+FLAGS", "(\\Seen)"),
            imap -> imap.uidCopy("1:3", "Archiv"),
            imap -> imap.getQuotaRoot("INBOX"),
            imap -> imap.getAcl("INBOX"),
            imap -> imap.getMetadata("INBOX", "/private/comment"),
            imap -> imap.id(Map.of("name", "imap4lib")),
            ClientSessionFuzzTest::idle,
            Imap4::expunge,
            imap -> imap.response("EXISTS"),
            Imap4::logout);

    private static void idle(Imap4 imap) throws IOException {
        try (Imap4.Idler idler = imap.idle(Duration.ofMillis(200))) {
            for (int i = 0; i < 3 && idler.next(Duration.ofMillis(1)) != null; i++) {
                // drain what the server announced
            }
            idler.done();
        }
    }

    @FuzzTest
    void session(byte[] server) throws Throwable {
        PerInput.bounded(() -> {
            play(server);
        });
    }

    /**
     * Runs the session against {@code server} with the invariants above.
     *
     * @return the steps that failed with an {@link Imap4Exception}, by index; an abort ends the list
     */
    static List<String> play(byte[] server) throws IOException {
        List<String> refused = new ArrayList<>();
        ScriptedBytesTransport transport = new ScriptedBytesTransport(server);
        Imap4 imap;
        try {
            imap = Imap4.open("fuzz.invalid", 143, OPTIONS, transport);
        } catch (IOException failed) {
            assertTrue(transport.isClosed(), "a failed open closes the transport");
            refused.add("open: " + failed);
            return refused;
        }
        try {
            for (int i = 0; i < SESSION.size(); i++) {
                try {
                    SESSION.get(i).run(imap);
                } catch (Imap4AbortException dead) {
                    assertEquals(State.LOGOUT, imap.state(), "state after an abort");
                    assertTrue(transport.isClosed(), "an abort closes the transport");
                    assertThrows(Imap4AbortException.class, imap::noop, "commands after an abort");
                    refused.add(i + ": " + dead);
                    break;
                } catch (Imap4Exception failed) {
                    // NO, BAD, a malformed reply to this command, or a command the state forbids
                    refused.add(i + ": " + failed);
                }
            }
        } finally {
            imap.shutdown();
        }
        WireChecks.assertCommandLines(transport.sent());
        return refused;
    }
}
