package dev.imap4lib.testing;

import java.io.IOException;
import java.util.Optional;

/**
 * One {@link CyrusServer} (classic {@code INBOX/} namespace) shared by the test run; fail with
 * {@code CI=true}, skip otherwise (see {@link InteropServerExtension}).
 *
 * <pre>{@code
 * @ExtendWith(CyrusExtension.class)
 * class T { @Test void t(CyrusServer cyrus) { ... } }
 * }</pre>
 */
public final class CyrusExtension extends InteropServerExtension<CyrusServer> {
    @Override
    protected Class<CyrusServer> serverType() {
        return CyrusServer.class;
    }

    @Override
    protected String serverName() {
        return "Cyrus";
    }

    @Override
    protected Optional<String> unavailableReason() {
        return CyrusServer.unavailableReason();
    }

    @Override
    protected CyrusServer startServer() throws IOException {
        return CyrusServer.start();
    }

    @Override
    protected String hint() {
        return "unpack it with: " + InteropDebs.hint("cyrus", InteropDebs.CYRUS_PACKAGES);
    }
}
