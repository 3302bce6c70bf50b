package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read timeout against servers that go silent: a plain ServerSocket in the test. */
@Timeout(60)
class ConnectTimeoutTest {
    private ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    /** Accepts connections and hands each to {@code onAccept}, keeping it open until the test ends. */
    private int silentServer(Consumer<Socket> onAccept) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    onAccept.accept(s);
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-imap-server");
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void noGreetingTimesOut() throws Exception {
        int port = silentServer(s -> {
        });
        long start = System.nanoTime();
        Imap4AbortException e = assertThrows(Imap4AbortException.class,
                () -> new Imap4("127.0.0.1", port, Duration.ofMillis(500)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(ms >= 400, "gave up before the timeout: " + ms + " ms");
        assertTrue(ms < 10_000, "took " + ms + " ms");
    }

    @Test
    void silenceAfterACommandTimesOutAndKillsTheConnection() throws Exception {
        int port = silentServer(s -> {
            try {
                OutputStream out = s.getOutputStream();
                out.write("* OK [CAPABILITY IMAP4rev1] hello, then nothing\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException ignored) {
                // the test will notice
            }
        });
        Imap4 imap = new Imap4("127.0.0.1", port, Duration.ofMillis(500));
        assertEquals(State.NONAUTH, imap.state());
        long start = System.nanoTime();
        Imap4AbortException e = assertThrows(Imap4AbortException.class, imap::noop);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(ms < 10_000, "took " + ms + " ms");
        assertFalse(imap.isAlive());
        assertTrue(imap.socket().isClosed());
        assertThrows(Imap4AbortException.class, imap::noop);
        imap.close();
    }

    @Test
    void silentChildProcessTimesOut() {
        long start = System.nanoTime();
        Imap4AbortException e = assertThrows(Imap4AbortException.class,
                () -> new Imap4Stream("exec sleep 30", Duration.ofMillis(500)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(ms < 10_000, "took " + ms + " ms");
    }
}
