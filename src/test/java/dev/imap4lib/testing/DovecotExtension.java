package dev.imap4lib.testing;

import java.io.IOException;
import java.util.Optional;

/**
 * JUnit 5 extension providing one {@link DovecotServer} shared by the whole test run.
 *
 * <pre>{@code
 * @ExtendWith(DovecotExtension.class)
 * class MyTest {
 *     @Test void t(DovecotServer dovecot) { ... dovecot.imapPort() ... }
 * }
 * }</pre>
 *
 * <p>The server is started lazily on first use and kept in the root
 * {@link org.junit.jupiter.api.extension.ExtensionContext}
 * store, which closes it (stopping exactly its master process) when the test run ends. If Dovecot
 * is not installed or cannot start, every test using this extension is
 * <ul>
 *   <li><b>failed</b> when the environment variable {@code CI} equals {@code true}, or</li>
 *   <li><b>skipped</b> (aborted, like a failed assumption) otherwise, with a reason that says
 *       how to install Dovecot.</li>
 * </ul>
 * The decision is made before each test (and before the class, if a constructor or a
 * {@code @BeforeAll}/{@code @AfterAll} method takes the server), never in parameter resolution,
 * where JUnit would turn a skip into a failure. The start is attempted once per run.
 */
public final class DovecotExtension extends InteropServerExtension<DovecotServer> {

    @Override
    protected Class<DovecotServer> serverType() {
        return DovecotServer.class;
    }

    @Override
    protected String serverName() {
        return "Dovecot";
    }

    @Override
    protected Optional<String> unavailableReason() {
        return DovecotServer.unavailableReason();
    }

    @Override
    protected DovecotServer startServer() throws IOException {
        return DovecotServer.start();
    }

    @Override
    protected String hint() {
        return "install it with: " + DovecotServer.INSTALL_HINT;
    }

    /**
     * The fail-or-skip rule for Dovecot: the exception to throw when the server is unavailable
     * for {@code reason}, given the value of the {@code CI} environment variable (one line).
     *
     * @return an {@link org.opentest4j.AssertionFailedError} (test fails) if {@code ci} equals
     *     {@code "true"}, else a {@link org.opentest4j.TestAbortedException} (test skipped) naming
     *     the install command
     */
    static Throwable unavailable(String reason, Throwable cause, String ci) {
        return unavailable("Dovecot", reason, cause, ci, "install it with: " + DovecotServer.INSTALL_HINT);
    }
}
