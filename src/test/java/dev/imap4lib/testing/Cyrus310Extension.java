package dev.imap4lib.testing;

import java.io.IOException;
import java.util.Optional;

/**
 * One {@link Cyrus310Server} (classic {@code INBOX/} namespace) shared by the test run; fail with
 * {@code CI=true}, skip otherwise (see {@link InteropServerExtension}).
 *
 * <pre>{@code
 * @ExtendWith(Cyrus310Extension.class)
 * class Cyrus310FooTest { @Test void t(Cyrus310Server cyrus) { ... } }
 * }</pre>
 */
public final class Cyrus310Extension extends InteropServerExtension<Cyrus310Server> {
    @Override
    protected Class<Cyrus310Server> serverType() {
        return Cyrus310Server.class;
    }

    @Override
    protected String serverName() {
        return "Cyrus 3.10";
    }

    @Override
    protected Optional<String> unavailableReason() {
        return Cyrus310Server.unavailableReason();
    }

    @Override
    protected Cyrus310Server startServer() throws IOException {
        return Cyrus310Server.start();
    }

    @Override
    protected String hint() {
        return Cyrus310Server.hint();
    }
}
