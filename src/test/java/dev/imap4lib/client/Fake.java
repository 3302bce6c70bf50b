package dev.imap4lib.client;

import dev.imap4lib.testing.ScriptedImapServer;
import dev.imap4lib.wire.RawResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shared plumbing for the transcript tests of {@link Imap4} against {@link ScriptedImapServer}. */
final class Fake {
    /** Client read timeout: short, so a test that waits wrongly fails fast. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
    /** Server-side bound on every wait. */
    static final Duration SERVER_TIMEOUT = Duration.ofSeconds(5);

    /** A pre-authenticated greeting announcing the extensions the transcripts use. */
    static final String PREAUTH = "S: * PREAUTH [CAPABILITY IMAP4rev1 ACL RIGHTS=texk QUOTA ANNOTATEMORE METADATA"
            + " SORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES NAMESPACE ID ENABLE UNSELECT UIDPLUS ESEARCH"
            + " LIST-EXTENDED LIST-STATUS IDLE XLIST] ready\n";

    /** A plain (not authenticated) greeting with capabilities. */
    static String greeting(String caps) {
        return "S: * OK [CAPABILITY IMAP4rev1 " + caps + "] ready\n";
    }

    /** SELECT INBOX answered read-write with 172 messages, as in RFC 3501 6.3.1. */
    static String selectInbox(String tag) {
        return "C: " + tag + " SELECT INBOX\n"
                + "S: * 172 EXISTS\n"
                + "S: * 1 RECENT\n"
                + "S: * OK [UNSEEN 12] Message 12 is first unseen\n"
                + "S: * OK [UIDVALIDITY 3857529045] UIDs valid\n"
                + "S: * OK [UIDNEXT 4392] Predicted next UID\n"
                + "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\n"
                + "S: * OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\n"
                + "S: " + tag + " OK [READ-WRITE] SELECT completed\n";
    }

    private Fake() {
    }

    static ClientOptions options() {
        return ClientOptions.defaults().withTagPrefix("A").withTimeout(CLIENT_TIMEOUT);
    }

    static ScriptedImapServer server(String script) {
        ScriptedImapServer s = new ScriptedImapServer(SERVER_TIMEOUT);
        s.expect(script);
        return s;
    }

    static Imap4 connect(ScriptedImapServer s) throws IOException {
        return new Imap4(s.host(), s.port(), options());
    }

    static Imap4 connect(ScriptedImapServer s, ClientOptions o) throws IOException {
        return new Imap4(s.host(), s.port(), o);
    }

    /** What the test does with the connected client. */
    interface Body {
        void run(ScriptedImapServer server, Imap4 imap) throws Exception;
    }

    /**
     * Plays {@code script}: connects, runs {@code body}, then drops the connection without LOGOUT
     * (so no unscripted command is sent at the end).
     */
    static void play(String script, Body body) throws Exception {
        try (ScriptedImapServer server = server(script)) {
            Imap4 imap = connect(server);
            try {
                body.run(server, imap);
            } finally {
                imap.shutdown();
            }
        }
    }

    /** The UTF-8 bytes of {@code s} read one char per byte, as {@link ScriptedImapServer#clientText()} reports them. */
    static String wire(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** imaplib's data list rendered as strings: bytes as text, pairs as (header, literal), None as "None". */
    static List<String> data(Result<?> r) {
        return render(r.data());
    }

    static List<String> render(List<?> data) {
        List<String> out = new ArrayList<>();
        for (Object o : data) {
            if (o == null) {
                out.add("None");
            } else if (o instanceof byte[] b) {
                out.add(new String(b, StandardCharsets.UTF_8));
            } else if (o instanceof RawResponse.LiteralPair p) {
                out.add("(" + new String(p.header(), StandardCharsets.UTF_8) + ", "
                        + new String(p.literal(), StandardCharsets.UTF_8) + ")");
            } else if (o instanceof List<?> l) {
                out.add(render(l).toString());
            } else {
                out.add("?" + o.getClass().getSimpleName() + ":" + o);
            }
        }
        return out;
    }
}
