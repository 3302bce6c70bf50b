package dev.imap4lib.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.client.Untagged;
import dev.imap4lib.response.Address;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.response.SearchResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The README's main job: an imaplib-style session against an embedded GreenMail server on
 * loopback, showing each step's raw imaplib answer and the typed value imap4lib parses from it.
 * Pass {@code --debug} to see the protocol trace (passwords masked).
 */
public final class Demo {
    private static final PrintStream OUT = System.out;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        boolean debug = List.of(args).contains("--debug");
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        GreenMail server = new GreenMail(setup);
        server.start();
        try {
            server.setUser("demo@example.com", "demo", "demo-password");
            int port = server.getImap().getPort();
            OUT.println("imap4lib demo: embedded GreenMail IMAP server on 127.0.0.1:" + port + " (user demo)");
            run(port, debug);
        } finally {
            server.stop();
        }
    }

    private static void run(int port, boolean debug) throws IOException {
        ClientOptions opts = ClientOptions.defaults().withTimeout(Duration.ofSeconds(20));
        if (debug) {
            opts = opts.withDebug(2, OUT);
        }
        try (Imap4 imap = new Imap4("127.0.0.1", port, opts)) {
            step("greeting", imap.welcome());
            step("capabilities", String.join(" ", imap.capabilities()) + "  (" + imap.protocolVersion() + ")");
            imap.login("demo", "demo-password");
            step("login", "state " + imap.state());

            // The hierarchy delimiter is the server's choice ("." here, "/" on Dovecot).
            Character delim = imap.list("", "").value().get(0).delimiter();
            imap.create("Projects" + delim + "Grüße");
            for (int i = 1; i <= 5; i++) {
                Result<ResponseCode.AppendUid> r = imap.append("INBOX", i % 2 == 0 ? "(\\Seen)" : null,
                        ZonedDateTime.of(2026, 11, i, 9, 30, 0, 0, ZoneOffset.ofHours(1)), sample(i));
                if (i == 1) {
                    step("append", r.type() + " " + r.text() + "  → APPENDUID " + r.value());
                }
            }
            step("append", "5 messages appended to INBOX");

            Result<List<ListEntry>> list = imap.list("", "*");
            for (ListEntry e : list.value()) {
                step("list", e.name() + "  (raw " + e.rawName() + ", delimiter " + e.delimiter() + ")");
            }
            Result<MailboxStatus> st = imap.status("INBOX", "(MESSAGES UNSEEN UIDNEXT)");
            step("status", "INBOX messages=" + st.value().messages() + " unseen=" + st.value().unseen()
                    + " uidnext=" + st.value().uidNext());

            Result<SelectInfo> sel = imap.select("INBOX");
            step("select", "imaplib data " + text(sel.data()) + "  → " + sel.value());

            Result<List<FetchData>> f = imap.fetch("1:*", "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)");
            for (FetchData d : f.value()) {
                Address from = d.envelope().from().isEmpty() ? null : d.envelope().from().get(0);
                step("fetch", String.format("#%d uid=%d %-8s %5d bytes  %s  from %s  \"%s\"  %s", d.msgno(), d.uid(),
                        d.flags(), d.rfc822Size(), d.internalDate(), from == null ? "?" : from.decodedPersonal(),
                        d.envelope().decodedSubject(), d.bodyStructure().mimeType()));
            }

            Result<SearchResult> s = imap.search("UTF-8", "SUBJECT \"Grüße\"");
            step("search", "SUBJECT \"Grüße\" → " + s.value().numberList() + "   UNSEEN → "
                    + imap.search(null, "UNSEEN").value().numberList());

            imap.store("1", "+FLAGS", "\\Deleted");
            Result<long[]> x = imap.expunge();
            step("expunge", "expunged message numbers " + java.util.Arrays.toString(x.value()));

            try (Imap4 other = new Imap4("127.0.0.1", port, ClientOptions.defaults())) {
                other.login("demo", "demo-password");
                try (Imap4.Idler idler = imap.idle(Duration.ofSeconds(10))) {
                    other.append("INBOX", null, (String) null, sample(6));
                    Untagged u = idler.next(Duration.ofSeconds(5));
                    step("idle", u == null ? "no event within 5 s" : "pushed while idling: " + u.type() + " " + u.number());
                }
            }
            Result<Void> bye = imap.logout();
            step("logout", bye.type() + " " + bye.text());
        }
    }

    private static byte[] sample(int i) {
        String subject = switch (i % 3) {
            case 0 -> "=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?= #" + i;
            case 1 -> "Quarterly report #" + i;
            default -> "Lunch on Friday? #" + i;
        };
        String msg = "From: \"Ada Lovelace\" <ada@example.com>\r\n"
                + "To: demo@example.com\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Mon, " + i + " Nov 2026 09:30:00 +0100\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b" + i + "\r\n\r\n"
                + "--b" + i + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMessage body " + i + "\r\n"
                + "--b" + i + "\r\nContent-Type: application/pdf; name=report.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b" + i + "--\r\n";
        return msg.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(List<Object> data) {
        StringBuilder sb = new StringBuilder("[");
        for (Object o : data) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(o instanceof byte[] b ? "b'" + new String(b, StandardCharsets.UTF_8) + "'" : String.valueOf(o));
        }
        return sb.append(']').toString();
    }

    private static void step(String what, String detail) {
        OUT.printf("%-13s %s%n", what, detail);
    }
}
