package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import dev.imap4lib.wire.RawResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shared bits of the GreenMail integration tests: users, connections, message texts, raw data access. */
final class Gm {
    static final String USER = "alice";
    static final String PASSWORD = "s3cret pass";
    static final String EMAIL = "alice@example.com";
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Gm() {
    }

    static GreenMailUser addUser(GreenMailExtension gm) {
        return gm.setUser(EMAIL, USER, PASSWORD);
    }

    static int port(GreenMailExtension gm) {
        return gm.getImap().getPort();
    }

    /** A fresh connection, not logged in. */
    static Imap4 connect(GreenMailExtension gm) throws IOException {
        return new Imap4("127.0.0.1", port(gm), TIMEOUT);
    }

    static Imap4 connect(GreenMailExtension gm, ClientOptions options) throws IOException {
        return new Imap4("127.0.0.1", port(gm), options);
    }

    /** A fresh, logged-in connection. */
    static Imap4 login(GreenMailExtension gm) throws IOException {
        Imap4 imap = connect(gm);
        imap.login(USER, PASSWORD);
        return imap;
    }

    /** The server's view of a mailbox of the test user (null when it does not exist). */
    static MailFolder folder(GreenMailExtension gm, String name) {
        GreenMailUser user = gm.getUserManager().getUser(USER);
        return gm.getManagers().getImapHostManager().getFolder(user, name);
    }

    static byte[] message(String subject, String body) {
        return ("From: Bob <bob@example.org>\r\n"
                + "To: Alice <alice@example.com>\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
                + "Message-ID: <" + Math.abs(subject.hashCode()) + "@example.org>\r\n"
                + "\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static final String MULTIPART = "From: Carol <carol@example.org>\r\n"
            + "To: alice@example.com\r\n"
            + "Subject: multipart test\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n"
            + "\r\n"
            + "--XYZ\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n"
            + "\r\n"
            + "first part text\r\n"
            + "--XYZ\r\n"
            + "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n"
            + "\r\n"
            + "AAECAwQF\r\n"
            + "--XYZ--\r\n";

    /** Appends and checks that the server accepted it. */
    static void append(Imap4 imap, String mailbox, byte[] msg) throws IOException {
        Result<?> r = imap.append(mailbox, null, (String) null, msg);
        assertTrue(r.isOk(), r.toString());
    }

    /** All literals in imaplib's data list, in order. */
    static List<byte[]> literals(Result<?> r) {
        List<byte[]> out = new ArrayList<>();
        for (Object o : r.data()) {
            if (o instanceof RawResponse.LiteralPair p) {
                out.add(p.literal());
            }
        }
        return out;
    }

    static byte[] onlyLiteral(Result<?> r) {
        List<byte[]> l = literals(r);
        if (l.size() != 1) {
            fail("expected one literal in " + r.data() + ", got " + l.size());
        }
        return l.get(0);
    }

    /** imaplib's data rendered as text: byte[] items and literal headers (not literal bodies) joined by '|'. */
    static String dataText(Result<?> r) {
        StringBuilder sb = new StringBuilder();
        for (Object o : r.data()) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            if (o == null) {
                sb.append("null");
            } else if (o instanceof byte[] b) {
                sb.append(new String(b, StandardCharsets.UTF_8));
            } else if (o instanceof RawResponse.LiteralPair p) {
                sb.append(new String(p.header(), StandardCharsets.UTF_8));
            } else {
                sb.append(o);
            }
        }
        return sb.toString();
    }

    /** Collects a client's debug trace. */
    static final class Trace {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        ClientOptions options() {
            return ClientOptions.defaults().withTimeout(TIMEOUT).withDebug(4, out);
        }

        String text() {
            out.flush();
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** The lines the client sent ("> ..."). */
        List<String> sent() {
            List<String> l = new ArrayList<>();
            for (String line : text().split("\n")) {
                int i = line.indexOf(" imap4lib > ");
                if (i >= 0) {
                    l.add(line.substring(i + " imap4lib > ".length()));
                }
            }
            return l;
        }
    }
}
