package dev.imap4lib.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exercises the fake with plain JDK sockets. */
@Timeout(20)
class ScriptedImapServerTest {

    /** A bare-bones line client. */
    static final class RawClient implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        RawClient(ScriptedImapServer server) throws IOException {
            socket = new Socket(server.host(), server.port());
            socket.setSoTimeout(5000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** One line without its CRLF, or null at EOF. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                line.write(c);
                if (c == '\n') {
                    String s = line.toString(StandardCharsets.ISO_8859_1);
                    assertTrue(s.endsWith("\r\n"), "server line not CRLF-terminated: " + s);
                    return s.substring(0, s.length() - 2);
                }
            }
            assertEquals(0, line.size(), "EOF in the middle of a line");
            return null;
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        byte[] readToEof() throws IOException {
            return in.readAllBytes();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void capturesTagAndSubstitutesIt() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                # greeting, then a login
                S: * OK [CAPABILITY IMAP4rev1] ready
                C: $tag LOGIN alice *
                S: $tag OK LOGIN completed
                C: $tag2 SELECT INBOX
                S: * FLAGS (\\Seen \\Answered $Forwarded)
                S: $tag2 OK [READ-WRITE] done \\$tag $tagged
                C: $tag LOGOUT
                S: * BYE
                S: $tag OK
                CLOSE
                """);
                RawClient c = new RawClient(server)) {
            assertEquals("* OK [CAPABILITY IMAP4rev1] ready", c.readLine());
            c.send("a1 LOGIN alice secret\r\n");
            assertEquals("a1 OK LOGIN completed", c.readLine());
            c.send("a2 SELECT INBOX\r\n");
            assertEquals("* FLAGS (\\Seen \\Answered $Forwarded)", c.readLine());
            assertEquals("a2 OK [READ-WRITE] done $tag $tagged", c.readLine());
            c.send("a3 LOGOUT\r\n");
            assertEquals("* BYE", c.readLine());
            assertEquals("a3 OK", c.readLine());
            assertEquals(null, c.readLine());
            server.awaitDone(Duration.ofSeconds(5));
            assertEquals("a1 LOGIN alice secret\r\na2 SELECT INBOX\r\na3 LOGOUT\r\n", server.clientText());
        }
    }

    @Test
    void wildcardsMatchOneWordOrTheRest() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK hi
                C: $tag UID FETCH * (FLAGS ...
                S: $tag OK one
                C: $tag ...
                S: $tag OK two
                C: $tag NOOP ...
                S: $tag OK three
                C: ...
                S: * OK four
                """);
                RawClient c = new RawClient(server)) {
            c.readLine();
            c.send("t1 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER])\r\n");
            assertEquals("t1 OK one", c.readLine());
            c.send("t2 CAPABILITY\r\n");
            assertEquals("t2 OK two", c.readLine());
            c.send("t3 NOOP\r\n"); // "..." may match nothing
            assertEquals("t3 OK three", c.readLine());
            c.send("\r\n");
            assertEquals("* OK four", c.readLine());
            server.awaitDone(Duration.ofSeconds(5));
        }
    }

    @Test
    void literalExchange() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK hi
                C: $tag APPEND INBOX {5}
                S: + go ahead
                CL: 5 hello
                C: \s
                S: $tag OK APPEND completed
                C: $tag LOGIN {3+}
                CL: 3
                C:  pass
                S: $tag OK
                """);
                RawClient c = new RawClient(server)) {
            c.readLine();
            c.send("A1 APPEND INBOX {5}\r\n");
            assertEquals("+ go ahead", c.readLine());
            c.send("hello \r\n");
            assertEquals("A1 OK APPEND completed", c.readLine());
            c.send("A2 LOGIN {3+}\r\nbob pass\r\n");
            assertEquals("A2 OK", c.readLine());
            server.awaitDone(Duration.ofSeconds(5));
        }
    }

    @Test
    void mismatchIsReportedWithExpectedAndActual() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK hi
                C: $tag LOGIN alice ...
                S: $tag OK
                """);
                RawClient c = new RawClient(server)) {
            c.readLine();
            c.send("a1 LOGIN bob \"p\\\\w\"\u00e9\r\n");
            assertEquals(null, c.readLine(), "a failed script closes the connection");
            AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofSeconds(5)));
            String m = e.getMessage();
            assertTrue(m.contains("script line 2 'C: $tag LOGIN alice ...'"), m);
            assertTrue(m.contains("expected: $tag LOGIN alice ..."), m);
            assertTrue(m.contains("actual:   \"a1 LOGIN bob \"p\\\\\\w\"\\xe9\""), m);
        }
    }

    @Test
    void literalMismatchAndBareLfAreReported() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer()) {
            server.expect("""
                    C: a APPEND x {3}
                    CL: 3 abc
                    """).expect("""
                    C: a NOOP
                    """);
            try (RawClient c = new RawClient(server)) {
                c.send("a APPEND x {3}\r\nabd");
                assertEquals(null, c.readLine());
                AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofSeconds(5)));
                assertTrue(e.getMessage().contains("connection #1"), e.getMessage());
                assertTrue(e.getMessage().contains("differs at byte 2"), e.getMessage());
            }
            try (RawClient c = new RawClient(server)) {
                c.send("a NOOP\n");
                assertEquals(null, c.readLine());
                AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofSeconds(5)));
                assertTrue(e.getMessage().contains("connection #1"), "first failure wins: " + e.getMessage());
            }
            assertEquals(2, server.connectionsAccepted());
            assertTrue(server.clientText(2).equals("a NOOP\n"));
        }
    }

    @Test
    void timeoutWaitingForTheClientIsReported() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofMillis(300))) {
            server.expect("""
                    S: * OK hi
                    C: $tag NOOP
                    """);
            try (RawClient c = new RawClient(server)) {
                c.readLine();
                c.send("a1 NO");
                AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofSeconds(5)));
                assertTrue(e.getMessage().contains("timed out"), e.getMessage());
                assertTrue(e.getMessage().contains("partial line: \"a1 NO\""), e.getMessage());
            }
        }
    }

    @Test
    void noConnectionAndUnfinishedScriptAreReported() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofMillis(200))) {
            server.expect("S: * OK hi");
            AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("no client connected"), e.getMessage());
        }
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK hi
                STALL: 2000
                """);
                RawClient c = new RawClient(server)) {
            assertEquals("* OK hi", c.readLine());
            AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("not finished"), e.getMessage());
            assertTrue(e.getMessage().contains("STALL: 2000"), e.getMessage());
        }
    }

    @Test
    void cutSendsExactlyNBytesThenCloses() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK hi
                C: $tag FETCH 1 BODY[]
                CUT: 17 * 1 FETCH (BODY[] {100}
                """);
                RawClient c = new RawClient(server)) {
            c.readLine();
            c.send("a1 FETCH 1 BODY[]\r\n");
            byte[] rest = c.readToEof();
            assertEquals("* 1 FETCH (BODY[]", new String(rest, StandardCharsets.ISO_8859_1));
            server.awaitDone(Duration.ofSeconds(5));
        }
    }

    @Test
    void closeThenExpectEof() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * BYE going away
                CLOSE
                C: a1 LOGOUT
                EOF
                """);
                RawClient c = new RawClient(server)) {
            assertEquals("* BYE going away", c.readLine());
            assertEquals(-1, c.in.read(), "FIN after CLOSE");
            c.send("a1 LOGOUT\r\n"); // still readable: CLOSE is a half-close
            c.socket.shutdownOutput();
            server.awaitDone(Duration.ofSeconds(5));
        }
    }

    @Test
    void eofFailsWhenClientKeepsTalking() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("EOF");
                RawClient c = new RawClient(server)) {
            c.send("a1 NOOP\r\n");
            AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("expected the client to close, but it sent: \"a1 NOOP\\r\\n\""),
                    e.getMessage());
        }
    }

    @Test
    void dripSendsOneByteAtATime() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                DRIP: 50 * OK hi\\c
                S: !
                """);
                RawClient c = new RawClient(server)) {
            byte[] buf = new byte[64];
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int reads = 0;
            while (got.size() < 7) {
                int n = c.in.read(buf, 0, 7 - got.size());
                assertTrue(n > 0);
                reads++;
                got.write(buf, 0, n);
            }
            assertEquals("* OK hi", got.toString(StandardCharsets.ISO_8859_1));
            // 7 bytes 50 ms apart: they do not arrive together (a slow reader may see a few coalesce)
            assertTrue(reads >= 3, "reads=" + reads);
            assertEquals("!", c.readLine());
            server.awaitDone(Duration.ofSeconds(5));
        }
    }

    @Test
    void dripStopsWhenTheClientLeaves() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                DRIP: 30 * OK this is a long slow greeting
                EOF
                """)) {
            try (RawClient c = new RawClient(server)) {
                assertEquals('*', c.in.read());
            }
            server.awaitDone(Duration.ofSeconds(5));
        }
    }

    @Test
    void slitStreams50MegabytesInChunks() throws Exception {
        long size = 50L * 1024 * 1024;
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * 1 FETCH (BODY[] {52428800}
                SLIT: 52428800 x
                S: )
                S: * 2 FETCH (FLAGS ()\\c
                SBIG: 1000 0x41
                S: )
                """);
                RawClient c = new RawClient(server)) {
            assertEquals("* 1 FETCH (BODY[] {" + size + "}", c.readLine());
            byte[] buf = new byte[64 * 1024];
            long got = 0;
            while (got < size) {
                int n = c.in.read(buf, 0, (int) Math.min(buf.length, size - got));
                assertTrue(n > 0, "EOF after " + got);
                for (int i = 0; i < n; i++) {
                    if (buf[i] != 'x') {
                        throw new AssertionError("byte " + (got + i) + " is " + buf[i]);
                    }
                }
                got += n;
            }
            assertEquals(")", c.readLine());
            assertEquals("* 2 FETCH (FLAGS ()" + "A".repeat(1000) + ")", c.readLine());
            server.awaitDone(Duration.ofSeconds(5));
        }
    }

    @Test
    void resetGivesTheClientAConnectionReset() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK hi
                C: $tag NOOP
                RESET
                """);
                RawClient c = new RawClient(server)) {
            c.readLine();
            c.send("a1 NOOP\r\n");
            server.awaitDone(Duration.ofSeconds(5));
            SocketException e = assertThrows(SocketException.class, () -> c.in.read());
            assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("reset"), e.toString());
        }
    }

    @Test
    void stallDelaysTheNextLine() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                C: go
                STALL: 300
                S: * OK later
                """);
                RawClient c = new RawClient(server)) {
            long t0 = System.nanoTime(); // the stall cannot start before the server has read "go"
            c.send("go\r\n");
            assertEquals("* OK later", c.readLine());
            assertTrue(System.nanoTime() - t0 >= 300_000_000L, "stall too short");
            server.awaitDone(Duration.ofSeconds(5));
        }
    }

    @Test
    void waitRecordsWithoutMatchingAndSbSendsRawBytes() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                SB: 0x2a 20 4f4b 0d0a
                SB: * \\xff\\0\\r\\n
                WAIT: 200
                S: * OK done
                """);
                RawClient c = new RawClient(server)) {
            assertEquals("* OK", c.readLine());
            assertArrayEquals(new byte[] {'*', ' ', (byte) 0xff, 0, '\r', '\n'}, c.in.readNBytes(6));
            c.send("anything\r\nat all");
            assertEquals("* OK done", c.readLine());
            server.awaitDone(Duration.ofSeconds(5));
            assertEquals("anything\r\nat all", server.clientText());
        }
    }

    @Test
    void servesSeveralConnectionsInOrder() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("S: * OK first")) {
            server.expect(Script.builder().send("* OK second").expect("$tag LOGOUT").send("$tag OK bye")
                    .close().build());
            try (RawClient a = new RawClient(server); RawClient b = new RawClient(server)) {
                assertEquals("* OK first", a.readLine());
                assertEquals("* OK second", b.readLine());
                b.send("x LOGOUT\r\n");
                assertEquals("x OK bye", b.readLine());
                assertEquals(null, b.readLine());
            }
            server.awaitDone(Duration.ofSeconds(5));
            assertEquals("", server.clientText(1));
            assertEquals("x LOGOUT\r\n", server.clientText(2));
        }
    }

    @Test
    void closingTheServerEndsAConnectionWaitingOnTheClient() throws Exception {
        ScriptedImapServer server = ScriptedImapServer.start("C: $tag NOOP");
        try (RawClient c = new RawClient(server)) {
            Thread.sleep(50);
            server.close();
            assertEquals(null, c.readLine());
            AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void parseErrorsNameTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Script.parse("S: hi\nX: what"));
        assertTrue(e.getMessage().startsWith("script line 2 'X: what'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Script.parse("CLOSE\nS: too late"));
        assertThrows(IllegalArgumentException.class, () -> Script.parse("RESET\nC: x"));
        assertThrows(IllegalArgumentException.class, () -> Script.parse("CL: 3 ab"));
        assertThrows(IllegalArgumentException.class, () -> Script.parse("S: \\xZZ"));
        assertThrows(IllegalArgumentException.class, () -> Script.parse("SLIT: 5 ab"));
        assertThrows(IllegalArgumentException.class, () -> Script.parse("S:no space"));
    }

    @Test
    void uncapturedVariableFailsTheScript() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("S: $tag3 OK");
                RawClient c = new RawClient(server)) {
            assertEquals(null, c.readLine());
            AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("$tag3 was never captured"), e.getMessage());
        }
    }

    @Test
    void aClientThatStopsReadingFailsTheScriptInsteadOfHangingIt() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofMillis(300))) {
            server.expect("SLIT: 52428800 x");
            try (RawClient c = new RawClient(server)) {
                AssertionError e = assertThrows(AssertionError.class, () -> server.awaitDone(Duration.ofSeconds(5)));
                assertTrue(e.getMessage().contains("client stopped reading"), e.getMessage());
                assertTrue(c.socket.isConnected());
            }
        }
    }

    @Test
    void closeEndsTheServerThreads() throws Exception {
        ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK hi
                STALL: 5000
                """);
        server.expect("S: * OK never connected");
        String suffix = "-" + server.port();
        try (RawClient c = new RawClient(server)) {
            assertEquals("* OK hi", c.readLine());
            server.close();
            assertEquals(null, c.readLine());
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (liveThreads(suffix) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, liveThreads(suffix));
    }

    @Test
    void builderMatchesTheTextForm() throws Exception {
        Script script = Script.builder()
                .sendBytes(new byte[] {'*', ' ', 'O', 'K', '\r', '\n'})
                .expect("$tag1 APPEND \\x2a {4}")
                .sendRaw("+ \\r\\n")
                .expectLiteral("a\\x20b")
                .expect("")
                .send("$tag1 OK\\c")
                .sendLiteralBody(3, (byte) 'z')
                .drip(1, "!")
                .cut(1, "XY")
                .expectEof()
                .build();
        try (ScriptedImapServer server = ScriptedImapServer.start(script);
                RawClient c = new RawClient(server)) {
            assertEquals("* OK", c.readLine());
            c.send("q APPEND * {4}\r\n");
            assertEquals("+ ", c.readLine());
            c.send("a b\r\n");
            assertEquals("q OKzzz!", c.readLine());
            assertEquals("X", new String(c.readToEof(), StandardCharsets.ISO_8859_1));
            c.socket.close();
            server.awaitDone(Duration.ofSeconds(5));
        }
    }

    private static long liveThreads(String suffix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("scripted-imap-") && t.getName().endsWith(suffix) && t.isAlive())
                .count();
    }
}
