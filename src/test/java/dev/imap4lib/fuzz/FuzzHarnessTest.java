package dev.imap4lib.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fuzz harnesses themselves: the seeds reach deep (a fuzzer that starts from a session which
 * fails at its first command explores little), and the checks they rely on do fail.
 */
@Timeout(30)
class FuzzHarnessTest {

    @Test
    void theDovecotSessionSeedPassesEveryStep() throws IOException {
        byte[] seed = resource("ClientSessionFuzzTestInputs/session/seed-dovecot-session");
        assertEquals(List.of(), ClientSessionFuzzTest.play(seed));
    }

    @Test
    void aSessionCutShortAbortsAndStops() throws IOException {
        List<String> refused = ClientSessionFuzzTest.play(
                "* OK [CAPABILITY IMAP4rev1] hi\r\n* CAPABILITY IMAP4rev1\r\n".getBytes());
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("0: dev.imap4lib.client.Imap4AbortException"), refused.get(0));
    }

    @Test
    void wireChecksRefuseALineBreakOutsideALiteral() {
        assertEquals(List.of("A1 LOGIN {3}\0 x"), WireChecks.lines("A1 LOGIN {3}\r\na\nb x\r\n".getBytes()));
        assertThrows(AssertionError.class, () -> WireChecks.lines("A1 LOGIN a\nb\r\n".getBytes()));
        assertThrows(AssertionError.class, () -> WireChecks.lines("A1 LOGIN \"a\rb\"\r\n".getBytes()));
        assertThrows(AssertionError.class, () -> WireChecks.lines("A1 NOOP".getBytes()));
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = FuzzHarnessTest.class.getResourceAsStream(
                "/dev/imap4lib/fuzz/" + path)) {
            return in.readAllBytes();
        }
    }
}
