package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.sasl.Sasl;
import dev.imap4lib.sasl.XOAuth2;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connection-level commands against an in-process GreenMail: greeting, LOGIN, AUTHENTICATE,
 * CAPABILITY, NOOP, LOGOUT/close, state checks, stored responses, IDLE and the raw I/O calls.
 */
@Timeout(60)
class GreenMailSessionTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @BeforeEach
    void user() {
        Gm.addUser(greenMail);
    }

    // ------------------------------------------------------------------ greeting, capabilities

    @Test
    void greetingAndCapabilities() throws Exception {
        try (Imap4 imap = Gm.connect(greenMail)) {
            assertEquals(State.NONAUTH, imap.state());
            assertTrue(imap.welcome().startsWith("* OK"), imap.welcome());
            assertTrue(imap.welcome().contains("GreenMail"), imap.welcome());
            assertEquals("IMAP4REV1", imap.protocolVersion());
            assertTrue(imap.hasCapability("imap4rev1"));
            assertTrue(imap.hasCapability("IDLE"));
            assertFalse(imap.isSecure());
            assertNotNull(imap.socket());
            assertTrue(imap.isAlive());

            Result<List<String>> cap = imap.capability();
            assertEquals("OK", cap.type());
            assertEquals("CAPABILITY", cap.command());
            assertTrue(cap.value().containsAll(List.of("IMAP4REV1", "IDLE", "UIDPLUS", "MOVE", "SORT",
                    "AUTH=XOAUTH2", "SASL-IR")), cap.value().toString());
            // imaplib's data: the text after "* CAPABILITY"
            String data = Gm.dataText(cap);
            assertTrue(data.startsWith("IMAP4rev1"), data);
            assertTrue(data.contains("AUTH=XOAUTH2"), data);
            assertEquals(cap.value(), imap.capabilities());
        }
    }

    @Test
    void noop() throws Exception {
        try (Imap4 imap = Gm.connect(greenMail)) {
            Result<Void> r = imap.noop();
            assertEquals("OK", r.type());
            assertTrue(r.isOk());
            assertTrue(r.text().contains("NOOP"), r.text());
            assertEquals(State.NONAUTH, imap.state());
        }
    }

    // ------------------------------------------------------------------ LOGIN, AUTHENTICATE

    @Test
    void loginWithGoodCredentials() throws Exception {
        try (Imap4 imap = Gm.connect(greenMail)) {
            Result<Void> r = imap.login(Gm.USER, Gm.PASSWORD);
            assertEquals("OK", r.type());
            assertEquals(State.AUTH, imap.state());
            // now mailbox commands are accepted
            assertEquals("OK", imap.select("INBOX").type());
            assertEquals(State.SELECTED, imap.state());
        }
    }

    @Test
    void loginWithBadCredentialsThrowsAndStaysNonAuth() throws Exception {
        try (Imap4 imap = Gm.connect(greenMail)) {
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.login(Gm.USER, "wrong"));
            assertFalse(e instanceof Imap4AbortException, "a refused login is not a broken connection");
            assertEquals("NO", e.status());
            assertEquals(State.NONAUTH, imap.state());
            assertTrue(imap.isAlive());
            // an unknown user too
            assertThrows(Imap4Exception.class, () -> imap.login("nobody", Gm.PASSWORD));
            assertEquals(State.NONAUTH, imap.state());
            // mailbox commands are still refused (locally)
            assertThrows(Imap4Exception.class, () -> imap.select("INBOX"));
            // and the connection still logs in with the right password
            imap.login(Gm.USER, Gm.PASSWORD);
            assertEquals(State.AUTH, imap.state());
        }
    }

    @Test
    void passwordIsMaskedInTheTrace() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        try (Imap4 imap = Gm.connect(greenMail, trace.options())) {
            imap.login(Gm.USER, Gm.PASSWORD);
        }
        assertTrue(trace.sent().stream().anyMatch(l -> l.contains("LOGIN")), trace.text());
        assertFalse(trace.text().contains(Gm.PASSWORD), trace.text());
        assertFalse(trace.text().contains("s3cret"), trace.text());
    }

    @Test
    void authenticateXoauth2AsOffered() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        try (Imap4 imap = Gm.connect(greenMail, trace.options())) {
            assertTrue(imap.hasCapability("AUTH=XOAUTH2"), imap.capabilities().toString());
            assertTrue(imap.hasCapability("SASL-IR"));
            // GreenMail checks the bearer token against the user's password
            Result<Void> r = imap.authenticate(new XOAuth2(Gm.USER, Gm.PASSWORD.toCharArray()));
            assertEquals("OK", r.type());
            assertEquals(State.AUTH, imap.state());
            assertEquals("OK", imap.select("INBOX").type());
        }
        String token = Base64.getEncoder().encodeToString(
                ("user=" + Gm.USER + "\u0001auth=Bearer " + Gm.PASSWORD + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
        assertTrue(trace.sent().stream().anyMatch(l -> l.contains("AUTHENTICATE XOAUTH2")), trace.text());
        assertFalse(trace.text().contains(token), "SASL initial response must be masked: " + trace.text());
    }

    @Test
    void authenticateXoauth2WithBadTokenThrows() throws Exception {
        try (Imap4 imap = Gm.connect(greenMail)) {
            Imap4Exception e = assertThrows(Imap4Exception.class,
                    () -> imap.authenticate(new XOAuth2(Gm.USER, "not-the-token".toCharArray())));
            assertFalse(e instanceof Imap4AbortException);
            assertEquals(State.NONAUTH, imap.state());
            assertTrue(imap.isAlive());
            assertEquals("OK", imap.noop().type());
        }
    }

    @Test
    void authenticateWithAMechanismGreenMailDoesNotOfferFails() throws Exception {
        try (Imap4 imap = Gm.connect(greenMail)) {
            assertFalse(imap.hasCapability("AUTH=PLAIN"));
            Imap4Exception e = assertThrows(Imap4Exception.class,
                    () -> imap.authenticate(Sasl.create("PLAIN", null, Gm.USER, Gm.PASSWORD.toCharArray())));
            assertFalse(e instanceof Imap4AbortException, e.toString());
            assertEquals(State.NONAUTH, imap.state());
            assertEquals("OK", imap.noop().type());
            imap.login(Gm.USER, Gm.PASSWORD);
            assertEquals(State.AUTH, imap.state());
        }
    }

    @Test
    void starttlsIsNotOfferedByGreenMail() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        try (Imap4 imap = Gm.connect(greenMail, trace.options())) {
            assertFalse(imap.hasCapability("STARTTLS"));
            int before = trace.sent().size();
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.starttls((javax.net.ssl.SSLContext) null));
            assertFalse(e instanceof Imap4AbortException);
            assertTrue(e.getMessage().contains("not supported"), e.getMessage());
            assertEquals(before, trace.sent().size(), "nothing may be sent: " + trace.text());
            assertFalse(imap.isSecure());
            assertEquals(State.NONAUTH, imap.state());
            imap.login(Gm.USER, Gm.PASSWORD);
        }
    }

    // ------------------------------------------------------------------ LOGOUT, close

    @Test
    void logoutReturnsByeAndEndsTheConnection() throws Exception {
        Imap4 imap = Gm.login(greenMail);
        Result<Void> r = imap.logout();
        assertEquals("BYE", r.type());
        assertTrue(Gm.dataText(r).contains("logging out"), Gm.dataText(r));
        assertEquals(State.LOGOUT, imap.state());
        assertFalse(imap.isAlive());
        assertTrue(imap.socket().isClosed());
        assertThrows(Imap4AbortException.class, imap::noop);
        imap.close();
        imap.close();
    }

    @Test
    void closeLogsOutOnceAndIsSafeTwice() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        Imap4 imap = Gm.connect(greenMail, trace.options());
        imap.login(Gm.USER, Gm.PASSWORD);
        imap.close();
        assertEquals(State.LOGOUT, imap.state());
        assertTrue(imap.socket().isClosed());
        imap.close();
        long logouts = trace.sent().stream().filter(l -> l.endsWith(" LOGOUT")).count();
        assertEquals(1, logouts, trace.text());
        assertThrows(Imap4AbortException.class, () -> imap.select("INBOX"));
    }

    // ------------------------------------------------------------------ state checks

    @Test
    void commandsInTheWrongStateAreRejectedBeforeAnythingIsSent() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        try (Imap4 imap = Gm.connect(greenMail, trace.options())) {
            // NONAUTH: no mailbox commands
            assertThrows(Imap4Exception.class, () -> imap.select("INBOX"));
            assertThrows(Imap4Exception.class, () -> imap.list());
            assertThrows(Imap4Exception.class, () -> imap.create("X"));
            imap.login(Gm.USER, Gm.PASSWORD);
            int sentAfterLogin = trace.sent().size();

            // AUTH: no message commands, no second LOGIN
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.fetch("1", "(FLAGS)"));
            assertFalse(e instanceof Imap4AbortException);
            assertTrue(e.getMessage().contains("FETCH") && e.getMessage().contains("AUTH"), e.getMessage());
            assertThrows(Imap4Exception.class, () -> imap.store("1", "+FLAGS", "\\Seen"));
            assertThrows(Imap4Exception.class, () -> imap.search(null, "ALL"));
            assertThrows(Imap4Exception.class, () -> imap.expunge());
            assertThrows(Imap4Exception.class, () -> imap.closeMailbox());
            assertThrows(Imap4Exception.class, () -> imap.uidFetch("1", "(FLAGS)"));
            assertThrows(Imap4Exception.class, () -> imap.uid("FETCH", "1", "(FLAGS)"));
            assertThrows(Imap4Exception.class, () -> imap.login(Gm.USER, Gm.PASSWORD));

            assertEquals(sentAfterLogin, trace.sent().size(), "nothing may reach the wire: " + trace.sent());
            assertFalse(trace.sent().stream().anyMatch(l -> l.contains("FETCH") || l.contains("STORE")), trace.text());
            assertEquals(State.AUTH, imap.state());
            assertTrue(imap.isAlive());
            assertEquals("OK", imap.noop().type());
        }
    }

    // ------------------------------------------------------------------ stored responses, listener

    @Test
    void responsePopsStoredUntaggedResponses() throws Exception {
        try (Imap4 other = Gm.login(greenMail); Imap4 imap = Gm.login(greenMail)) {
            Gm.append(other, "INBOX", Gm.message("one", "1"));
            imap.select("INBOX");

            Result<List<Untagged>> exists = imap.response("EXISTS");
            assertEquals("EXISTS", exists.type());
            assertEquals(1, exists.value().size());
            assertEquals(1, exists.value().get(0).number());
            assertEquals(1, exists.data().size());
            assertArrayEquals("1".getBytes(StandardCharsets.US_ASCII), (byte[]) exists.data().get(0));

            // popped: a second call finds nothing (imaplib's [None])
            Result<List<Untagged>> again = imap.response("exists");
            assertEquals("EXISTS", again.type());
            assertTrue(again.value().isEmpty());
            assertEquals(1, again.data().size());
            assertNull(again.data().get(0));

            // response codes are stored under their name
            Result<List<Untagged>> uidNext = imap.response("UIDNEXT");
            assertEquals(1, uidNext.value().size());
            assertEquals("2", new String((byte[]) uidNext.data().get(0), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void recentReturnsStoredRecentWithoutSendingAnything() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        try (Imap4 other = Gm.login(greenMail); Imap4 imap = Gm.connect(greenMail, trace.options())) {
            imap.login(Gm.USER, Gm.PASSWORD);
            Gm.append(other, "INBOX", Gm.message("one", "1"));
            imap.select("INBOX");
            int sent = trace.sent().size();
            Result<List<Untagged>> r = imap.recent();
            assertEquals("OK", r.type());
            assertEquals(sent, trace.sent().size(), "stored RECENT needs no NOOP");
            assertEquals(1, r.value().size());
            assertEquals(1, r.value().get(0).number());
            assertArrayEquals("1".getBytes(StandardCharsets.US_ASCII), (byte[]) r.data().get(0));
        }
    }

    @Test
    void recentAsksTheServerWhenNothingIsStored() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        try (Imap4 other = Gm.login(greenMail); Imap4 imap = Gm.connect(greenMail, trace.options())) {
            imap.login(Gm.USER, Gm.PASSWORD);
            imap.select("INBOX");
            imap.response("RECENT"); // drop what SELECT stored
            Gm.append(other, "INBOX", Gm.message("two", "2"));
            Result<List<Untagged>> r = imap.recent();
            assertTrue(trace.sent().stream().anyMatch(l -> l.endsWith(" NOOP")), trace.text());
            // imaplib: the NOOP's type with the RECENT data it brought
            assertEquals("OK", r.type(), r + " data=" + Gm.dataText(r) + "\n" + trace.text());
            assertEquals(List.of("1"), r.data().stream().map(o -> o == null ? "null"
                    : new String((byte[]) o, StandardCharsets.US_ASCII)).toList(), trace.text());
        }
    }

    @Test
    void untaggedListenerSeesExistsAfterAnotherConnectionAppends() throws Exception {
        List<Untagged> seen = new CopyOnWriteArrayList<>();
        try (Imap4 other = Gm.login(greenMail); Imap4 imap = Gm.login(greenMail)) {
            imap.select("INBOX");
            imap.addUntaggedListener(seen::add);
            Gm.append(other, "INBOX", Gm.message("hello", "world"));
            Gm.append(other, "INBOX", Gm.message("hello again", "world"));
            imap.noop();
            List<Long> exists = seen.stream().filter(u -> u.type().equals("EXISTS")).map(Untagged::number).toList();
            assertFalse(exists.isEmpty(), seen.toString());
            assertEquals(2L, exists.get(exists.size() - 1), seen.toString());
            // removed listeners hear nothing more
            imap.removeUntaggedListener(seen::add); // a different lambda instance: must not throw
            int before = seen.size();
            List<Untagged> second = new ArrayList<>();
            UntaggedListener l = second::add;
            imap.addUntaggedListener(l);
            imap.removeUntaggedListener(l);
            Gm.append(other, "INBOX", Gm.message("third", "x"));
            imap.noop();
            assertTrue(second.isEmpty(), second.toString());
            assertTrue(seen.size() > before, "the first listener is still registered");
        }
    }

    @Test
    void withoutRetainingUntaggedListenersStillHearEverything() throws Exception {
        List<Untagged> seen = new CopyOnWriteArrayList<>();
        ClientOptions noRetain = ClientOptions.defaults().withTimeout(Gm.TIMEOUT).withRetainUntagged(false);
        try (Imap4 other = Gm.login(greenMail); Imap4 imap = Gm.connect(greenMail, noRetain)) {
            imap.login(Gm.USER, Gm.PASSWORD);
            imap.addUntaggedListener(seen::add);
            Result<SelectInfo> sel = imap.select("INBOX");
            assertEquals(0, sel.value().exists(), "the SELECT result is built from its own responses");
            Gm.append(other, "INBOX", Gm.message("x", "y"));
            assertEquals("OK", imap.noop().type());
            assertTrue(seen.stream().anyMatch(u -> u.type().equals("EXISTS") && u.number() == 1), seen.toString());
            // nothing accumulates for response()
            assertTrue(imap.response("EXISTS").value().isEmpty());
            assertTrue(imap.response("RECENT").value().isEmpty());
            // command results are unaffected
            assertEquals(1, imap.search(null, "ALL").value().size());
        }
    }

    // ------------------------------------------------------------------ raw I/O

    @Test
    void rawSendAndReadline() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.send("x NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = new String(imap.readline(), StandardCharsets.US_ASCII);
                lines.add(line);
                assertTrue(lines.size() < 20, lines.toString());
            } while (!line.startsWith("x "));
            assertTrue(line.startsWith("x OK"), lines.toString());
            assertFalse(line.endsWith("\r") || line.endsWith("\n"), "readline strips CRLF: " + lines);
            // the session is still in step afterwards
            assertEquals("OK", imap.select("INBOX").type());
            assertEquals("OK", imap.noop().type());
        }
    }

    // ------------------------------------------------------------------ IDLE

    @Test
    void idleDeliversExistsWhenAnotherConnectionAppends() throws Exception {
        try (Imap4 other = Gm.login(greenMail); Imap4 imap = Gm.login(greenMail)) {
            imap.select("INBOX");
            Untagged exists = null;
            long start = System.nanoTime();
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(30))) {
                assertTrue(idler.isIdling());
                // GreenMail registers its IDLE listener after sending "+": an append in that
                // window is only reported after DONE. Appending again (at most 3 times) keeps
                // the test about us, not about that race.
                for (int attempt = 0; attempt < 3 && exists == null; attempt++) {
                    Gm.append(other, "INBOX", Gm.message("while idling " + attempt, "x"));
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
                    while (exists == null && System.nanoTime() < until) {
                        Untagged u = idler.next(Duration.ofSeconds(4));
                        if (u != null && u.type().equals("EXISTS")) {
                            exists = u;
                        }
                    }
                }
            }
            assertNotNull(exists, "no EXISTS during IDLE");
            assertTrue(exists.number() >= 1);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
            // IDLE is over and commands run again
            assertEquals("OK", imap.noop().type());
            assertEquals(State.SELECTED, imap.state());
        }
    }

    @Test
    void idleDoneFromAnotherThreadEndsIt() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.select("INBOX");
            try (Imap4.Idler idler = imap.idle(null)) {
                CompletableFuture<Untagged> waiting = CompletableFuture.supplyAsync(() -> {
                    try {
                        return idler.next();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                Thread.sleep(300);
                assertFalse(waiting.isDone(), "next() should block while idling");
                idler.done();
                assertNull(waiting.get(10, TimeUnit.SECONDS));
                assertFalse(idler.isIdling());
            }
            assertEquals("OK", imap.noop().type());
        }
    }

    @Test
    void idleWithADurationEndsByItself() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.select("INBOX");
            long start = System.nanoTime();
            try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(1))) {
                assertNull(idler.next());
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(ms >= 900, "ended too early: " + ms + " ms");
                assertTrue(ms < 10_000, "ended too late: " + ms + " ms");
                assertFalse(idler.isIdling());
            }
            assertEquals("OK", imap.noop().type());
        }
    }

    @Test
    void otherCommandsWaitForTheIdleToEnd() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.select("INBOX");
            Imap4.Idler idler = imap.idle(null);
            CompletableFuture<String> noop = CompletableFuture.supplyAsync(() -> {
                try {
                    return imap.noop().type();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(noop.isDone(), "NOOP must not run inside IDLE");
            idler.close();
            assertEquals("OK", noop.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void idleRequiresAnAuthenticatedState() throws Exception {
        try (Imap4 imap = Gm.connect(greenMail)) {
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.idle(Duration.ofSeconds(1)));
            assertInstanceOf(Imap4Exception.class, e);
            assertFalse(e instanceof Imap4AbortException);
            // the command lock was released
            assertEquals("OK", imap.noop().type());
        }
    }
}
