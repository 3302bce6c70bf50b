package dev.imap4lib.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.FaultProxy.Action;
import dev.imap4lib.testing.FaultProxy.Direction;
import dev.imap4lib.testing.FaultProxy.Fault;
import dev.imap4lib.testing.FaultProxy.Trigger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class FaultProxyTest {
    private TaggedEchoServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TaggedEchoServer();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void resetAtAnOffsetForwardsExactlyTheBytesBeforeIt() throws Exception {
        Fault f = Fault.of(Trigger.atOffset(Direction.CLIENT_TO_SERVER, 1, 10), Action.RESET);
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", server.port(), f); Socket c = connect(proxy)) {
            readLine(c); // greeting
            c.getOutputStream().write(bytes("a1 NOOP\r\na2 NOOP\r\n"));
            assertTrue(proxy.awaitCut(Duration.ofSeconds(5)));
            assertThrows(SocketException.class, () -> drain(c), "the client sees a reset");
            assertEquals("a1 NOOP\r\na", server.awaitEnd(0), "exactly 10 bytes reached the server");
            assertEquals("a1 NOOP\r\na", proxy.forwardedText(1, Direction.CLIENT_TO_SERVER));
            assertEquals(new FaultProxy.Cut(1, Direction.CLIENT_TO_SERVER, 10, Action.RESET), proxy.cut().orElseThrow());
        }
    }

    @Test
    void stallBeforeTheTaggedReplyKeepsBothSocketsOpenAndSilent() throws Exception {
        Fault f = Fault.of(Trigger.beforeReplyTo(" COPY ", 1), Action.STALL);
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", server.port(), f); Socket c = connect(proxy)) {
            readLine(c);
            c.getOutputStream().write(bytes("a1 NOOP\r\na2 COPY 1 X\r\n"));
            assertEquals("a1 OK done\r\n", readLine(c));
            c.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> c.getInputStream().read(), "no reply, no end of stream");
            assertEquals("a1 NOOP\r\na2 COPY 1 X\r\n", server.received(0), "the server got the whole command");
            assertTrue(server.isOpen(0), "the server's side stays open");
            assertEquals("* OK hi\r\na1 OK done\r\n", proxy.forwardedText(1, Direction.SERVER_TO_CLIENT));
        }
    }

    @Test
    void closeAfterTheTaggedReplyDeliversItThenEndOfStream() throws Exception {
        Fault f = Fault.of(Trigger.afterReplyTo(" COPY ", 1), Action.CLOSE);
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", server.port(), f); Socket c = connect(proxy)) {
            readLine(c);
            c.getOutputStream().write(bytes("a1 COPY 1 X\r\n"));
            assertEquals("a1 OK done\r\n", readLine(c));
            assertEquals(-1, c.getInputStream().read(), "a FIN, not a reset");
        }
    }

    @Test
    void nothingTheClientSendsAfterTheCutReplyReachesTheServer() throws Exception {
        // The client answers the reply at once; the relay must not let that through while it cuts.
        for (int round = 0; round < 30; round++) {
            Action action = round % 2 == 0 ? Action.RESET : Action.STALL;
            Fault f = Fault.of(Trigger.afterReplyTo(" STORE ", 1), action);
            try (FaultProxy proxy = new FaultProxy("127.0.0.1", server.port(), f); Socket c = connect(proxy)) {
                readLine(c);
                c.getOutputStream().write(bytes("a1 STORE 1 +FLAGS (\\Deleted)\r\n"));
                assertEquals("a1 OK done\r\n", readLine(c));
                try {
                    c.getOutputStream().write(bytes("a2 UID EXPUNGE 1\r\n"));
                } catch (SocketException reset) {
                    // the reset may already have arrived
                }
                assertTrue(proxy.awaitCut(Duration.ofSeconds(5)));
                proxy.close();
                String got = server.awaitEnd(server.connections() - 1);
                assertEquals("a1 STORE 1 +FLAGS (\\Deleted)\r\n", got, action + ": only the command before the cut");
            }
        }
    }

    @Test
    void cutAtAnOffsetFromAPatternInTheServersReply() throws Exception {
        Fault f = Fault.of(Trigger.atPattern(Direction.SERVER_TO_CLIENT, "a1 OK", 1, 3), Action.CLOSE);
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", server.port(), f); Socket c = connect(proxy)) {
            assertEquals("* OK hi\r\n", readLine(c));
            c.getOutputStream().write(bytes("a1 NOOP\r\n"));
            assertArrayEquals(bytes("a1 "), c.getInputStream().readAllBytes(), "three bytes past the pattern's start, then FIN");
            assertEquals(new FaultProxy.Cut(1, Direction.SERVER_TO_CLIENT, 12, Action.CLOSE), proxy.cut().orElseThrow());
        }
    }

    @Test
    void cutInsideTheLiteralThatFollowsAMatchingLine() throws Exception {
        Fault f = Fault.of(Trigger.afterLineWith(Direction.CLIENT_TO_SERVER, " APPEND ", 1, 5), Action.RESET);
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", server.port(), f); Socket c = connect(proxy)) {
            readLine(c);
            // written in pieces: the cut does not depend on how the bytes arrive
            c.getOutputStream().write(bytes("a1 APP"));
            c.getOutputStream().write(bytes("END INBOX {12+}\r\nSubj"));
            c.getOutputStream().write(bytes("ect: x\r\n\r\n"));
            assertTrue(proxy.awaitCut(Duration.ofSeconds(5)));
            assertEquals("a1 APPEND INBOX {12+}\r\nSubje", server.awaitEnd(0));
        }
    }

    @Test
    void onlyTheChosenOccurrenceIsCutAndLaterConnectionsPassUntouched() throws Exception {
        Fault f = Fault.of(Trigger.atLineWith(Direction.CLIENT_TO_SERVER, " STORE ", 2), Action.RESET);
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", server.port(), f)) {
            try (Socket c = connect(proxy)) {
                readLine(c);
                c.getOutputStream().write(bytes("a1 STORE 1 +FLAGS (x)\r\n"));
                assertEquals("a1 OK done\r\n", readLine(c), "first occurrence passes");
                c.getOutputStream().write(bytes("a2 STORE 1 +FLAGS (y)\r\n"));
                assertThrows(SocketException.class, () -> drain(c));
            }
            assertEquals("a1 STORE 1 +FLAGS (x)\r\n", server.awaitEnd(0), "cut at the first byte of the line");
            try (Socket c = connect(proxy)) {
                readLine(c);
                c.getOutputStream().write(bytes("b1 STORE 1 +FLAGS (z)\r\n"));
                assertEquals("b1 OK done\r\n", readLine(c), "one fault per proxy");
            }
            assertEquals(2, proxy.occurrences(Direction.CLIENT_TO_SERVER, " STORE "));
            assertEquals(2, proxy.connections());
        }
    }

    @Test
    void hiddenCapabilityIsDroppedFromCapabilityLinesOnly() {
        var hide = FaultProxy.hideCapability("MOVE");
        assertArrayEquals(bytes("* OK [CAPABILITY IMAP4rev1 UIDPLUS] hi\r\n"),
                hide.apply(bytes("* OK [CAPABILITY IMAP4rev1 MOVE UIDPLUS] hi\r\n")));
        assertArrayEquals(bytes("* CAPABILITY IMAP4rev1 IDLE\r\n"), hide.apply(bytes("* CAPABILITY IMAP4rev1 IDLE MOVE\r\n")));
        assertArrayEquals(bytes("a1 OK [CAPABILITY IMAP4rev1 MOVEX]\r\n"),
                hide.apply(bytes("a1 OK [CAPABILITY IMAP4rev1 MOVEX]\r\n")), "only the whole word");
        assertArrayEquals(bytes("* 1 FETCH (BODY[] MOVE)\r\n"), hide.apply(bytes("* 1 FETCH (BODY[] MOVE)\r\n")));
    }

    private static Socket connect(FaultProxy proxy) throws IOException {
        Socket s = new Socket(proxy.host(), proxy.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String readLine(Socket s) throws IOException {
        StringBuilder sb = new StringBuilder();
        InputStream in = s.getInputStream();
        int b;
        while ((b = in.read()) >= 0) {
            sb.append((char) b);
            if (b == '\n') {
                break;
            }
        }
        return sb.toString();
    }

    private static void drain(Socket s) throws IOException {
        while (s.getInputStream().read() >= 0) {
            // until the reset shows
        }
    }

    /**
     * Greets with {@code * OK hi} and answers every line with {@code <first word> OK done},
     * recording per connection what it received and whether the client side went away.
     */
    private static final class TaggedEchoServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        private final List<Conn> conns = new CopyOnWriteArrayList<>();

        private record Conn(Socket socket, ByteArrayOutputStream bytes, java.util.concurrent.CountDownLatch ended) {
        }

        TaggedEchoServer() throws IOException {
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        Socket s = listener.accept();
                        Conn c = new Conn(s, new ByteArrayOutputStream(), new java.util.concurrent.CountDownLatch(1));
                        conns.add(c);
                        Thread r = new Thread(() -> serve(c), "echo-conn");
                        r.setDaemon(true);
                        r.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "echo-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve(Conn c) {
            try {
                c.socket().getOutputStream().write(bytes("* OK hi\r\n"));
                InputStream in = c.socket().getInputStream();
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0) {
                    synchronized (c.bytes()) {
                        c.bytes().write(b);
                    }
                    line.append((char) b);
                    if (b == '\n') {
                        String tag = line.toString().split(" ", 2)[0];
                        if (!line.toString().contains("{")) {
                            reply(c, tag + " OK done\r\n");
                        }
                        line.setLength(0);
                    }
                }
            } catch (IOException ignored) {
                // the proxy cut us off
            } finally {
                c.ended().countDown();
            }
        }

        /** A failed reply (the proxy reset us) must not stop the recording of what is still unread. */
        private static void reply(Conn c, String text) {
            try {
                c.socket().getOutputStream().write(bytes(text));
            } catch (IOException ignored) {
                // keep reading
            }
        }

        String received(int i) {
            Conn c = conns.get(i);
            synchronized (c.bytes()) {
                return c.bytes().toString(StandardCharsets.ISO_8859_1);
            }
        }

        /** What connection {@code i} received, once its client side has gone. */
        String awaitEnd(int i) throws InterruptedException {
            assertTrue(conns.get(i).ended().await(5, java.util.concurrent.TimeUnit.SECONDS), "connection " + i + " ended");
            return received(i);
        }

        int connections() {
            return conns.size();
        }

        boolean isOpen(int i) {
            return conns.get(i).ended().getCount() == 1;
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Conn c : conns) {
                c.socket().close();
            }
        }
    }
}
