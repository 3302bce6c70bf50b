package dev.imap4lib.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The fail-or-skip rule of {@link DovecotExtension}; needs no Dovecot. */
class DovecotExtensionTest {

    private static final String MISSING = "/nonexistent/imap4lib/dovecot";

    @AfterEach
    void clearProperty() {
        System.clearProperty(DovecotServer.BINARY_PROPERTY);
    }

    @Test
    void missingBinaryIsReported() throws Exception {
        System.setProperty(DovecotServer.BINARY_PROPERTY, MISSING);
        String reason = DovecotServer.unavailableReason().orElseThrow();
        assertTrue(reason.contains(MISSING), reason);
        IOException e = assertThrows(IOException.class, DovecotServer::start);
        assertTrue(e.getMessage().contains(MISSING), e.getMessage());
    }

    @Test
    void ciTrueFails() {
        System.setProperty(DovecotServer.BINARY_PROPERTY, MISSING);
        Throwable e = DovecotExtension.unavailable(DovecotServer.unavailableReason().orElseThrow(), null, "true");
        assertInstanceOf(AssertionFailedError.class, e);
        assertFalse(e instanceof TestAbortedException);
        assertOneLine(e.getMessage());
        assertTrue(e.getMessage().contains(MISSING), e.getMessage());
    }

    @Test
    void otherwiseSkipsWithInstallHint() {
        System.setProperty(DovecotServer.BINARY_PROPERTY, MISSING);
        String reason = DovecotServer.unavailableReason().orElseThrow();
        for (String ci : new String[] {null, "", "false", "1", "TRUE"}) {
            Throwable e = DovecotExtension.unavailable(reason, null, ci);
            assertInstanceOf(TestAbortedException.class, e, "CI=" + ci);
            assertOneLine(e.getMessage());
            assertTrue(e.getMessage().contains("apt-get install dovecot-imapd openssl"), e.getMessage());
        }
    }

    @Test
    void startFailureWithMultiLineLogBecomesOneLine() {
        String msg = "Dovecot exited during start (exit code 89): Fatal: bind failed\n--- end of dovecot.log:\nline\n";
        Throwable e = DovecotExtension.unavailable(msg, new IOException(msg), "true");
        assertInstanceOf(AssertionFailedError.class, e);
        assertEquals("Dovecot test server unavailable and CI=true: "
                + "Dovecot exited during start (exit code 89): Fatal: bind failed", e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());   // full log kept in the cause
    }

    @Test
    void sharedStateWithMissingBinaryFailsOrSkipsWithoutStarting() throws Exception {
        System.setProperty(DovecotServer.BINARY_PROPERTY, MISSING);
        DovecotExtension extension = new DovecotExtension();
        InteropServerExtension.Shared<DovecotServer> shared = extension.startShared();
        assertThrows(AssertionFailedError.class, () -> extension.serverOrThrow(shared, "true"));
        assertThrows(TestAbortedException.class, () -> extension.serverOrThrow(shared, null));
        shared.close();   // nothing to stop
    }

    private static void assertOneLine(String s) {
        assertFalse(s.contains("\n") || s.contains("\r"), s);
    }
}
