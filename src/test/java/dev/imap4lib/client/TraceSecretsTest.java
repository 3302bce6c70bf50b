package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.greeting;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.sasl.OAuthBearer;
import dev.imap4lib.sasl.Sasl;
import dev.imap4lib.sasl.XOAuth2;
import dev.imap4lib.testing.ScriptedImapServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The core's trace at every debug level (1 to 5, to a PrintStream) and through
 * {@link System.Logger} never shows a password, token or AUTHENTICATE payload, while the
 * server does receive them.
 */
@Timeout(60)
class TraceSecretsTest {
    private static final String PW = "Hunter2-secret";
    private static final String TOKEN = "ya29.TOKEN-SECRET-42";

    /** What the client does, and the verb the trace must show. */
    private interface Login {
        void run(Imap4 imap) throws Exception;
    }

    private record Case(String name, String script, String payload, String verb, Login login) {
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Case> cases() {
        String plain = b64("\0alice\0" + PW);
        String xoauth = b64("user=alice\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
        String bearer = b64("n,a=alice,\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
        String literalPw = "pässwörd-" + PW;
        int len = literalPw.getBytes(StandardCharsets.UTF_8).length;
        return List.of(
                new Case("LOGIN atom", greeting("") + "C: $tag LOGIN alice " + PW + "\nS: $tag OK in\n",
                        PW, "LOGIN alice", i -> i.login("alice", PW)),
                new Case("LOGIN literal", greeting("") + "C: $tag LOGIN alice {" + len + "}\nS: + go\nCL: " + (len + 2)
                        + "\nS: $tag OK in\n", PW, "LOGIN alice", i -> i.login("alice", literalPw)),
                new Case("PLAIN with SASL-IR", greeting("AUTH=PLAIN SASL-IR") + "C: $tag AUTHENTICATE PLAIN " + plain
                        + "\nS: $tag OK in\n", plain, "AUTHENTICATE PLAIN",
                        i -> i.authenticate(Sasl.create("PLAIN", null, "alice", PW.toCharArray()))),
                new Case("PLAIN after +", greeting("AUTH=PLAIN") + "C: $tag AUTHENTICATE PLAIN\nS: +\\x20\nC: " + plain
                        + "\nS: $tag OK in\n", plain, "AUTHENTICATE PLAIN",
                        i -> i.authenticate(Sasl.create("PLAIN", null, "alice", PW.toCharArray()))),
                new Case("SASL LOGIN", greeting("AUTH=LOGIN") + "C: $tag AUTHENTICATE LOGIN\nS: + VXNlcm5hbWU6\nC: YWxpY2U=\n"
                        + "S: + UGFzc3dvcmQ6\nC: " + b64(PW) + "\nS: $tag OK in\n", b64(PW), "AUTHENTICATE LOGIN",
                        i -> i.authenticate(Sasl.create("LOGIN", null, "alice", PW.toCharArray()))),
                new Case("XOAUTH2", greeting("AUTH=XOAUTH2 SASL-IR") + "C: $tag AUTHENTICATE XOAUTH2 " + xoauth
                        + "\nS: $tag OK in\n", xoauth, "AUTHENTICATE XOAUTH2",
                        i -> i.authenticate(new XOAuth2("alice", TOKEN.toCharArray()))),
                new Case("OAUTHBEARER after +", greeting("AUTH=OAUTHBEARER") + "C: $tag AUTHENTICATE OAUTHBEARER\nS: +\\x20\nC: "
                        + bearer + "\nS: $tag OK in\n", bearer, "AUTHENTICATE OAUTHBEARER",
                        i -> i.authenticate(new OAuthBearer("alice", TOKEN.toCharArray()))));
    }

    private static void run(Case c, ClientOptions options) throws Exception {
        try (ScriptedImapServer server = Fake.server(c.script())) {
            Imap4 imap = Fake.connect(server, options);
            try {
                c.login().run(imap);
                assertTrue(imap.state() == State.AUTH, c.name());
            } finally {
                imap.shutdown();
            }
            server.awaitDone();
            assertTrue(new String(server.clientBytes(), StandardCharsets.UTF_8).contains(c.payload()),
                    c.name() + ": the server got the secret");
        }
    }

    private static void assertClean(Case c, String trace, String where) {
        String msg = where + ", " + c.name() + ":\n" + trace;
        assertTrue(trace.contains(c.verb()), "the trace is on: " + msg);
        assertFalse(trace.contains(PW), msg);
        assertFalse(trace.contains(TOKEN), msg);
        assertFalse(trace.contains(b64(PW)), msg);
        for (int i = 0; i + 12 <= c.payload().length(); i += 6) {
            assertFalse(trace.contains(c.payload().substring(i, i + 12)), "payload piece in " + msg);
        }
    }

    @Test
    void everyDebugLevelToAPrintStream() throws Exception {
        for (int level = 1; level <= 5; level++) {
            for (Case c : cases()) {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                run(c, Fake.options().withDebug(level, new PrintStream(sink, true, StandardCharsets.UTF_8)));
                assertClean(c, sink.toString(StandardCharsets.UTF_8), "level " + level);
            }
        }
    }

    @Test
    void systemLoggerAtTheFinestLevel() throws Exception {
        Logger jul = Logger.getLogger("dev.imap4lib.client");
        List<String> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (records) {
                    records.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = jul.getLevel();
        jul.setLevel(Level.ALL);
        jul.addHandler(h);
        try {
            for (Case c : cases()) {
                synchronized (records) {
                    records.clear();
                }
                run(c, Fake.options().withDebug(5, null));
                String all;
                synchronized (records) {
                    all = String.join("\n", records);
                }
                assertClean(c, all, "System.Logger");
            }
        } finally {
            jul.removeHandler(h);
            jul.setLevel(before);
        }
    }
}
