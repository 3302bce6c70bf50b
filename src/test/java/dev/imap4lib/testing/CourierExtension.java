package dev.imap4lib.testing;

import java.io.IOException;
import java.util.Optional;

/**
 * One {@link CourierServer} (a Maildir home plus the stream command) shared by the test run;
 * fail with {@code CI=true}, skip otherwise (see {@link InteropServerExtension}).
 */
public final class CourierExtension extends InteropServerExtension<CourierServer> {
    @Override
    protected Class<CourierServer> serverType() {
        return CourierServer.class;
    }

    @Override
    protected String serverName() {
        return "Courier";
    }

    @Override
    protected Optional<String> unavailableReason() {
        return CourierServer.unavailableReason();
    }

    @Override
    protected CourierServer startServer() throws IOException {
        return CourierServer.start();
    }

    @Override
    protected String hint() {
        return "unpack it with: " + InteropDebs.hint("courier", InteropDebs.COURIER_PACKAGES);
    }
}
