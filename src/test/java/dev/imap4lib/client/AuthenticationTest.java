package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.greeting;
import static dev.imap4lib.client.Fake.play;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.sasl.Plain;
import dev.imap4lib.sasl.Sasl;
import dev.imap4lib.sasl.XOAuth2;
import dev.imap4lib.testing.ScriptedImapServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LOGIN and AUTHENTICATE exchanges, their failure modes, and what the debug trace may show. */
@Timeout(30)
class AuthenticationTest {
    /** base64("\0alice\0secret"). */
    private static final String PLAIN_B64 = "AGFsaWNlAHNlY3JldA==";

    private static Plain plain() {
        return new Plain(null, "alice", "secret".toCharArray());
    }

    @Test
    void plainWithSaslIrIsOneLine() throws Exception {
        play(greeting("AUTH=PLAIN SASL-IR") + """
                C: A0 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
                S: A0 OK [CAPABILITY IMAP4rev1 IDLE] Logged in
                """, (server, imap) -> {
            Result<Void> r = imap.authenticate(plain());
            assertTrue(r.isOk());
            assertEquals(State.AUTH, imap.state());
            assertTrue(imap.hasCapability("IDLE"), "capabilities from the tagged OK are taken");
            server.awaitDone();
            assertEquals("A0 AUTHENTICATE PLAIN " + PLAIN_B64 + "\r\n", server.clientText());
        });
    }

    @Test
    void plainWithoutSaslIrWaitsForTheContinuation() throws Exception {
        play(greeting("AUTH=PLAIN") + """
                C: A0 AUTHENTICATE PLAIN
                S: +\s
                C: AGFsaWNlAHNlY3JldA==
                S: A0 OK Logged in
                """, (server, imap) -> {
            assertTrue(imap.authenticate(Sasl.create("PLAIN", null, "alice", "secret".toCharArray())).isOk());
            assertEquals(State.AUTH, imap.state());
            server.awaitDone();
            assertEquals("A0 AUTHENTICATE PLAIN\r\n" + PLAIN_B64 + "\r\n", server.clientText());
        });
    }

    @Test
    void saslLoginMechanism() throws Exception {
        play(greeting("AUTH=LOGIN") + """
                C: A0 AUTHENTICATE LOGIN
                S: + VXNlcm5hbWU6
                C: YWxpY2U=
                S: + UGFzc3dvcmQ6
                C: c2VjcmV0
                S: A0 OK Logged in
                """, (server, imap) -> {
            assertTrue(imap.authenticate(Sasl.create("LOGIN", null, "alice", "secret".toCharArray())).isOk());
            server.awaitDone();
            assertEquals("A0 AUTHENTICATE LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\n", server.clientText());
        });
    }

    @Test
    void cramMd5WithTheRfc2195Example() throws Exception {
        play(greeting("AUTH=CRAM-MD5") + """
                C: A0 AUTHENTICATE CRAM-MD5
                S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
                C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
                S: A0 OK CRAM authentication successful
                """, (server, imap) -> {
            assertTrue(imap.loginCramMd5("tim", "tanstaaftanstaaf").isOk());
            assertEquals(State.AUTH, imap.state());
            server.awaitDone();
            assertEquals("A0 AUTHENTICATE CRAM-MD5\r\ndGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n",
                    server.clientText());
        });
    }

    @Test
    void callbackGetsDecodedChallengesAndItsAnswersAreEncoded() throws Exception {
        List<String> challenges = new ArrayList<>();
        play(greeting("AUTH=X-TEST") + """
                C: A0 AUTHENTICATE X-TEST
                S: + Y2hhbGxlbmdl
                C: cmVzcG9uc2U=
                S: + bW9yZQ==
                C: ZG9uZQ==
                S: A0 OK welcome
                """, (server, imap) -> {
            Result<Void> r = imap.authenticate("X-TEST", ch -> {
                challenges.add(new String(ch, StandardCharsets.US_ASCII));
                return (challenges.size() == 1 ? "response" : "done").getBytes(StandardCharsets.US_ASCII);
            });
            assertTrue(r.isOk());
            assertEquals(List.of("challenge", "more"), challenges);
            assertEquals(State.AUTH, imap.state());
            server.awaitDone();
            assertEquals("A0 AUTHENTICATE X-TEST\r\ncmVzcG9uc2U=\r\nZG9uZQ==\r\n", server.clientText());
        });
    }

    @Test
    void callbackReturningNullCancelsWithAStar() throws Exception {
        play(greeting("AUTH=X-TEST") + """
                C: A0 AUTHENTICATE X-TEST
                S: + Y2hhbGxlbmdl
                C: \\x2a
                S: A0 BAD AUTHENTICATE cancelled
                C: A1 NOOP
                S: A1 OK NOOP completed
                """, (server, imap) -> {
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.authenticate("X-TEST", ch -> null));
            assertFalse(e instanceof Imap4AbortException);
            assertEquals(State.NONAUTH, imap.state());
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals("A0 AUTHENTICATE X-TEST\r\n*\r\nA1 NOOP\r\n", server.clientText());
        });
    }

    @Test
    void endlessContinuationsAbortAfterASmallBoundAndCredentialsGoOnce() throws Exception {
        String plusLines = "+ \\r\\n".repeat(200);
        try (ScriptedImapServer server = Fake.server(greeting("AUTH=PLAIN")
                + "C: A0 AUTHENTICATE PLAIN\n"
                + "S: " + plusLines + "\\c\n"
                + "WAIT: 3000\n")) {
            Imap4 imap = Fake.connect(server);
            try {
                long t0 = System.nanoTime();
                assertThrows(Imap4AbortException.class, () -> imap.authenticate(plain()));
                assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000, "bounded without waiting for a timeout");
                assertFalse(imap.isAlive());
            } finally {
                imap.shutdown();
            }
            server.awaitDone();
            String sent = server.clientText();
            String[] lines = sent.split("\r\n", -1);
            assertEquals("A0 AUTHENTICATE PLAIN", lines[0]);
            int credentials = 0;
            for (String l : lines) {
                if (l.equals(PLAIN_B64)) {
                    credentials++;
                }
            }
            assertEquals(1, credentials, "credentials sent exactly once: " + sent);
            assertTrue(lines.length - 1 <= 40, "client answered " + (lines.length - 1) + " lines to 200 '+'");
        }
    }

    @Test
    void loginAnsweredNoThrowsAndStaysUnauthenticated() throws Exception {
        play(greeting("") + """
                C: A0 LOGIN alice wrong
                S: A0 NO [AUTHENTICATIONFAILED] Invalid credentials
                C: A1 LOGIN alice secret
                S: A1 OK LOGIN completed
                """, (server, imap) -> {
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.login("alice", "wrong"));
            assertFalse(e instanceof Imap4AbortException);
            assertEquals("NO", e.status());
            assertEquals("AUTHENTICATIONFAILED", e.code().name());
            assertEquals(State.NONAUTH, imap.state());
            assertTrue(imap.login("alice", "secret").isOk());
            assertEquals(State.AUTH, imap.state());
            server.awaitDone();
        });
    }

    @Test
    void authenticateAnsweredNoThrows() throws Exception {
        play(greeting("AUTH=PLAIN SASL-IR") + """
                C: A0 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
                S: A0 NO [AUTHENTICATIONFAILED] Authentication failed
                """, (server, imap) -> {
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.authenticate(plain()));
            assertEquals("NO", e.status());
            assertEquals(State.NONAUTH, imap.state());
        });
    }

    @Test
    void taggedReplyWithATagNeverSentAborts() throws Exception {
        play(greeting("") + """
                C: A0 LOGIN alice secret
                S: Z9 OK LOGIN completed
                """, (server, imap) -> {
            assertThrows(Imap4AbortException.class, () -> imap.login("alice", "secret"));
            assertEquals(State.LOGOUT, imap.state());
            assertFalse(imap.isAlive());
            assertThrows(Imap4AbortException.class, imap::noop);
            server.awaitDone();
            assertEquals("A0 LOGIN alice secret\r\n", server.clientText());
        });
    }

    @Test
    void taggedReplyToALaterTagAborts() throws Exception {
        // A server answering a tag we have not sent yet (e.g. pipelined injection) is just as wrong.
        play(greeting("") + """
                C: A0 NOOP
                S: A1 OK NOOP completed
                """, (server, imap) -> {
            assertThrows(Imap4AbortException.class, imap::noop);
            assertFalse(imap.isAlive());
        });
    }

    // ------------------------------------------------------------------ secrets stay out of traces

    private static ClientOptions traced(ByteArrayOutputStream sink) {
        return Fake.options().withDebug(4, new PrintStream(sink, true, StandardCharsets.UTF_8));
    }

    @Test
    void traceNeverShowsLoginPasswords() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (ScriptedImapServer server = Fake.server(greeting("") + """
                C: A0 LOGIN alice hunter2hunter2
                S: A0 NO [AUTHENTICATIONFAILED] Invalid credentials
                C: A1 LOGIN alice "pass word!x"
                S: A1 NO [AUTHENTICATIONFAILED] Invalid credentials
                C: A2 LOGIN alice {15}
                S: + go
                CL: 17 line1\\r\\nsecretZ9\\r\\n
                S: A2 OK LOGIN completed
                """)) {
            Imap4 imap = Fake.connect(server, traced(trace));
            try {
                assertThrows(Imap4Exception.class, () -> imap.login("alice", "hunter2hunter2"));
                assertThrows(Imap4Exception.class, () -> imap.login("alice", "pass word!x"));
                imap.login("alice", "line1\r\nsecretZ9");
            } finally {
                imap.shutdown();
            }
            server.awaitDone();
        }
        String t = trace.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("LOGIN alice"), "the trace is on: " + t);
        assertFalse(t.contains("hunter2"), t);
        assertFalse(t.contains("pass word"), t);
        assertFalse(t.contains("secretZ9"), t);
        assertFalse(t.contains("line1"), t);
    }

    @Test
    void traceNeverShowsSaslPayloads() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (ScriptedImapServer server = Fake.server(greeting("AUTH=PLAIN SASL-IR") + """
                C: A0 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==
                S: A0 NO [AUTHENTICATIONFAILED] no
                """)) {
            Imap4 imap = Fake.connect(server, traced(trace));
            try {
                assertThrows(Imap4Exception.class, () -> imap.authenticate(plain()));
            } finally {
                imap.shutdown();
            }
            server.awaitDone();
        }
        ByteArrayOutputStream trace2 = new ByteArrayOutputStream();
        try (ScriptedImapServer server = Fake.server(greeting("AUTH=PLAIN") + """
                C: A0 AUTHENTICATE PLAIN
                S: +\s
                C: AGFsaWNlAHNlY3JldA==
                S: A0 OK Logged in
                """)) {
            Imap4 imap = Fake.connect(server, traced(trace2));
            try {
                imap.authenticate(plain());
            } finally {
                imap.shutdown();
            }
            server.awaitDone();
        }
        for (String t : List.of(trace.toString(StandardCharsets.UTF_8), trace2.toString(StandardCharsets.UTF_8))) {
            assertTrue(t.contains("AUTHENTICATE PLAIN"), "the trace is on: " + t);
            assertFalse(t.contains(PLAIN_B64), t);
            assertFalse(t.contains("AGFsaWNl"), t);
            assertFalse(t.contains("secret"), t);
        }
    }

    @Test
    void traceNeverShowsAnOAuthToken() throws Exception {
        String token = "ya29.SECRET-TOKEN";
        String b64 = "dXNlcj1hbGljZUBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LlNFQ1JFVC1UT0tFTgEB";
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (ScriptedImapServer server = Fake.server(greeting("AUTH=XOAUTH2 SASL-IR") + """
                C: A0 AUTHENTICATE XOAUTH2 %s
                S: + eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==
                C:
                S: A0 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)
                """.formatted(b64))) {
            Imap4 imap = Fake.connect(server, traced(trace));
            try {
                Imap4Exception e = assertThrows(Imap4Exception.class,
                        () -> imap.authenticate(new XOAuth2("alice@example.com", token.toCharArray())));
                assertFalse(e instanceof Imap4AbortException);
                assertFalse(e.getMessage().contains(token));
            } finally {
                imap.shutdown();
            }
            server.awaitDone();
            assertArrayEquals(("A0 AUTHENTICATE XOAUTH2 " + b64 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                    server.clientBytes());
        }
        String t = trace.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("AUTHENTICATE XOAUTH2"), "the trace is on: " + t);
        assertFalse(t.contains(token), t);
        assertFalse(t.contains("SECRET-TOKEN"), t);
        assertFalse(t.contains(b64), t);
        assertFalse(t.contains(b64.substring(0, 40)), t);
    }
}
