package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Passwords, OAuth tokens and AUTHENTICATE payloads never reach the Jakarta Mail debug output,
 * whether it is switched on with {@code session.setDebug(true)} or {@code mail.debug=true}, and
 * never appear in the exception of a failed login. Each case also checks that the trace was on
 * and that the secret really went to the server (so the test cannot pass by sending nothing).
 */
@Timeout(60)
class ProviderCredentialsTest {

    /**
     * How the debug output is switched on: {@code setDebug(true)} with {@code setDebugOut}, or
     * {@code mail.debug=true} writing to System.out (captured while the case runs).
     */
    private enum DebugSwitch { SET_DEBUG, MAIL_DEBUG_PROPERTY }

    /** One login exchange: the script, the store properties, the secret and what the server must see. */
    private record Case(String name, String script, String secret, String onTheWire, String traceShows,
            String... props) {
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Case> cases() {
        String pw = "Hunter2-secret";
        String quotedPw = "pass word \"x\"";
        String literalPw = "pässwörd-secret";
        String token = "ya29.TOKEN-SECRET-42";
        String plainIr = b64("\0alice\0" + pw);
        String xoauth = b64("user=alice\u0001auth=Bearer " + token + "\u0001\u0001");
        String bearer = b64("n,a=alice,\u0001auth=Bearer " + token + "\u0001\u0001");
        List<Case> l = new ArrayList<>();
        l.add(new Case("LOGIN atom", """
                S: * OK [CAPABILITY IMAP4rev1] hi
                C: $tag LOGIN alice Hunter2-secret
                S: $tag OK logged in
                """, pw, "LOGIN alice " + pw, "LOGIN alice"));
        l.add(new Case("LOGIN quoted", """
                S: * OK [CAPABILITY IMAP4rev1] hi
                C: $tag LOGIN alice "pass word \\"x\\""
                S: $tag OK logged in
                """, quotedPw, "\"pass word \\\"x\\\"\"", "LOGIN alice"));
        int len = literalPw.getBytes(StandardCharsets.UTF_8).length;
        l.add(new Case("LOGIN literal", """
                S: * OK [CAPABILITY IMAP4rev1] hi
                C: $tag LOGIN alice {%d}
                S: + go on
                CL: %d
                S: $tag OK logged in
                """.formatted(len, len + 2), literalPw, literalPw, "LOGIN alice"));
        l.add(new Case("AUTHENTICATE PLAIN with SASL-IR", """
                S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] hi
                C: $tag AUTHENTICATE PLAIN %s
                S: $tag OK logged in
                """.formatted(plainIr), pw, plainIr, "AUTHENTICATE PLAIN"));
        l.add(new Case("AUTHENTICATE PLAIN after a continuation", """
                S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi
                C: $tag AUTHENTICATE PLAIN
                S: +\\x20
                C: %s
                S: $tag OK logged in
                """.formatted(plainIr), pw, plainIr, "AUTHENTICATE PLAIN"));
        l.add(new Case("AUTHENTICATE LOGIN", """
                S: * OK [CAPABILITY IMAP4rev1 AUTH=LOGIN] hi
                C: $tag AUTHENTICATE LOGIN
                S: + VXNlcm5hbWU6
                C: YWxpY2U=
                S: + UGFzc3dvcmQ6
                C: %s
                S: $tag OK logged in
                """.formatted(b64(pw)), pw, b64(pw), "AUTHENTICATE LOGIN", "auth.mechanisms", "LOGIN"));
        l.add(new Case("XOAUTH2 through auth.mechanisms", """
                S: * OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR] hi
                C: $tag AUTHENTICATE XOAUTH2 %s
                S: $tag OK logged in
                """.formatted(xoauth), token, xoauth, "AUTHENTICATE XOAUTH2", "auth.mechanisms", "XOAUTH2"));
        l.add(new Case("XOAUTH2 through auth.xoauth2.disable=false", """
                S: * OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 SASL-IR] hi
                C: $tag AUTHENTICATE XOAUTH2 %s
                S: $tag OK logged in
                """.formatted(xoauth), token, xoauth, "AUTHENTICATE XOAUTH2", "auth.xoauth2.disable", "false"));
        l.add(new Case("OAUTHBEARER through auth.mechanisms", """
                S: * OK [CAPABILITY IMAP4rev1 AUTH=OAUTHBEARER SASL-IR] hi
                C: $tag AUTHENTICATE OAUTHBEARER %s
                S: $tag OK logged in
                """.formatted(bearer), token, bearer, "AUTHENTICATE OAUTHBEARER", "auth.mechanisms", "OAUTHBEARER"));
        l.add(new Case("OAUTHBEARER through sasl.mechanisms", """
                S: * OK [CAPABILITY IMAP4rev1 AUTH=OAUTHBEARER AUTH=PLAIN] hi
                C: $tag AUTHENTICATE OAUTHBEARER
                S: +\\x20
                C: %s
                S: $tag OK logged in
                """.formatted(bearer), token, bearer, "AUTHENTICATE OAUTHBEARER",
                "sasl.enable", "true", "sasl.mechanisms", "OAUTHBEARER"));
        return l;
    }

    private static Store store(ScriptedImapServer server, DebugSwitch debug, ByteArrayOutputStream sink,
            String... extra) {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", server.host());
        p.put("mail.imap4lib.port", String.valueOf(server.port()));
        p.put("mail.imap4lib.timeout", "3000");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put("mail.imap4lib." + extra[i], extra[i + 1]);
        }
        if (debug == DebugSwitch.MAIL_DEBUG_PROPERTY) {
            p.put("mail.debug", "true");
        }
        Session s = Session.getInstance(p);
        if (debug == DebugSwitch.SET_DEBUG) {
            s.setDebugOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
            s.setDebug(true);
        }
        try {
            return s.getStore("imap4lib");
        } catch (jakarta.mail.NoSuchProviderException e) {
            throw new AssertionError(e);
        }
    }

    /** The secret and every form of it that could leak: as is, base64 of it, and 12-character pieces of the payload. */
    private static void assertNothingOf(Case c, String trace) {
        String where = c.name() + " trace:\n" + trace;
        assertFalse(trace.contains(c.secret()), where);
        assertFalse(trace.contains(b64(c.secret())), where);
        String payload = c.onTheWire();
        if (!c.traceShows().startsWith("LOGIN")) {
            for (int i = 0; i + 12 <= payload.length(); i += 6) {
                String piece = payload.substring(i, i + 12);
                if (!c.traceShows().contains(piece) && !"AUTHENTICATE".contains(piece)) {
                    assertFalse(trace.contains(piece), "payload piece '" + piece + "' in the " + where);
                }
            }
        }
    }

    @Test
    void debugOutputNeverShowsSecretsWhicheverWayItIsSwitchedOn() throws Exception {
        for (DebugSwitch debug : DebugSwitch.values()) {
            for (Case c : cases()) {
                ByteArrayOutputStream trace = new ByteArrayOutputStream();
                PrintStream stdout = System.out;
                if (debug == DebugSwitch.MAIL_DEBUG_PROPERTY) {
                    System.setOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
                }
                try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(5))) {
                    server.expect(c.script() + "C: $tag LOGOUT\nS: * BYE bye\nS: $tag OK done\n");
                    Store store = store(server, debug, trace, c.props());
                    store.connect("alice", c.secret());
                    store.close();
                    server.awaitDone();
                    String sent = new String(server.clientBytes(), StandardCharsets.UTF_8);
                    assertTrue(sent.contains(c.onTheWire()), c.name() + ": the server got the secret: " + sent);
                } finally {
                    System.setOut(stdout);
                }
                String t = trace.toString(StandardCharsets.UTF_8);
                assertTrue(t.contains(c.traceShows()), debug + ", " + c.name() + ": the trace is on: " + t);
                assertNothingOf(c, t);
            }
        }
    }

    @Test
    void aFailedLoginsExceptionAndTraceHoldNoSecret() throws Exception {
        for (Case c : cases()) {
            String failing = c.script().replace("S: $tag OK logged in", "S: $tag NO [AUTHENTICATIONFAILED] invalid credentials");
            ByteArrayOutputStream trace = new ByteArrayOutputStream();
            try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(5))) {
                server.expect(failing + "WAIT: 500\n");
                Store store = store(server, DebugSwitch.SET_DEBUG, trace, c.props());
                AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                        () -> store.connect("alice", c.secret()), c.name());
                assertFalse(store.isConnected());
                StringBuilder all = new StringBuilder();
                for (Throwable x = e; x != null; x = x.getCause()) {
                    all.append(x).append('\n');
                }
                assertTrue(all.toString().contains("invalid credentials"), c.name() + ": " + all);
                assertFalse(all.toString().contains(c.secret()), c.name() + ": " + all);
                assertFalse(all.toString().contains(b64(c.secret())), c.name() + ": " + all);
                server.awaitDone();
            }
            assertNothingOf(c, trace.toString(StandardCharsets.UTF_8));
        }
        assertEquals(10, cases().size());
    }
}
