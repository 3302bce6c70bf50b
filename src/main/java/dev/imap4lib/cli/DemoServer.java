package dev.imap4lib.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The embedded demo server: GreenMail on 127.0.0.1 with a random port and one user. Nothing
 * leaves the machine; the mailbox lives in memory and is gone when the command ends.
 */
final class DemoServer implements AutoCloseable {
    static final String USER = "demo";
    static final String PASSWORD = "demo-password";
    static final String EMAIL = "demo@example.com";

    private final GreenMail greenMail;

    private DemoServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    static DemoServer start() {
        quietSlf4j();
        GreenMail gm = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        gm.start();
        gm.setUser(EMAIL, USER, PASSWORD);
        return new DemoServer(gm);
    }

    int port() {
        return greenMail.getImap().getPort();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /**
     * GreenMail logs through SLF4J 1.7, which complains on stderr when no binding is present.
     * The complaint says nothing useful to a user of this tool, so it is swallowed once.
     */
    private static void quietSlf4j() {
        PrintStream saved = System.err;
        try {
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
            org.slf4j.LoggerFactory.getILoggerFactory();
        } catch (Throwable ignored) {
            // no SLF4J on the class path: nothing to quiet
        } finally {
            System.setErr(saved);
        }
    }
}
