package dev.imap4lib.cli;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded demo server: GreenMail on 127.0.0.1 with a random port and one user. Nothing
 * leaves the machine; the mailbox lives in memory and is gone when the command ends.
 */
final class DemoServer implements AutoCloseable {
    static final String USER = "demo";
    static final String PASSWORD = "demo-password";
    static final String EMAIL = "demo@example.com";

    private final Fast greenMail;

    private DemoServer(Fast greenMail) {
        this.greenMail = greenMail;
    }

    static DemoServer start() {
        quietSlf4j();
        Fast gm = new Fast(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        gm.start();
        gm.setUser(EMAIL, USER, PASSWORD);
        return new DemoServer(gm);
    }

    int port() {
        return greenMail.imap.getPort();
    }

    /**
     * GreenMail with TCP_NODELAY on its IMAP connections. GreenMail writes a response line by
     * line with Nagle's algorithm on, so the second line of nearly every response waits for the
     * client's delayed ACK (40 ms on Linux): every command would cost 40 ms.
     */
    private static final class Fast extends GreenMail {
        private AbstractServer imap;

        Fast(ServerSetup setup) {
            super(setup);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers mgr) {
            Map<String, AbstractServer> services = new HashMap<>();
            for (ServerSetup s : config) {
                imap = new NoDelayImapServer(s, mgr);
                services.put(s.getProtocol(), imap);
            }
            return services;
        }
    }

    private static final class NoDelayImapServer extends AbstractServer {
        NoDelayImapServer(ServerSetup setup, Managers managers) {
            super(setup, managers);
        }

        @Override
        protected ProtocolHandler createProtocolHandler(Socket socket) {
            try {
                socket.setTcpNoDelay(true);
            } catch (SocketException ignored) {
                // slower, still correct
            }
            return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    /**
     * GreenMail logs through SLF4J 1.7, which complains on stderr when no binding is present.
     * The complaint says nothing useful to a user of this tool, so it is swallowed once.
     */
    static void quietSlf4j() {
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
