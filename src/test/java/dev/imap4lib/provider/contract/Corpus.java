package dev.imap4lib.provider.contract;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Date;

/** The raw test messages (CRLF, exact bytes) and what a reader must see in them. */
public final class Corpus {

    private Corpus() {
    }

    /** A message to append: exact bytes, the INTERNALDATE to give it (or null) and its flags (or null). */
    public record Msg(byte[] raw, Date internalDate, Flags flags) {
        public Msg withFlags(Flags f) {
            return new Msg(raw, internalDate, f);
        }

        /** A MimeMessage that writes exactly {@link #raw} and reports {@link #internalDate} as received date. */
        public MimeMessage toMime(Session s) throws MessagingException {
            MimeMessage m = new MimeMessage(s, new ByteArrayInputStream(raw)) {
                @Override
                public Date getReceivedDate() {
                    return internalDate;
                }
            };
            if (flags != null) {
                m.setFlags(flags, true);
            }
            return m;
        }

        public String text() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    static Date date(String iso) {
        return Date.from(ZonedDateTime.parse(iso).toInstant());
    }

    static byte[] crlfBytes(String... lines) {
        return (String.join("\r\n", lines)).getBytes(StandardCharsets.UTF_8);
    }

    /** Normalises bare LF and bare CR to CRLF. */
    public static byte[] crlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    // ---- text/plain, quoted-printable UTF-8, RFC 2047 headers ----------------------------------

    public static final String TEXT_SUBJECT = "Grüße aus Köln €";
    public static final String TEXT_BODY = "Line one\r\nLine two: Grüße\r\nLine three\r\n";
    public static final int TEXT_BODY_LINES = 3;
    public static final Date TEXT_SENT = date("2025-01-14T09:30:00+01:00");
    public static final Date TEXT_INTERNAL = date("2025-01-16T11:12:13Z");
    public static final Msg TEXT = new Msg(crlfBytes(
            "Message-ID: <contract-text-1@example.com>",
            "Date: Tue, 14 Jan 2025 09:30:00 +0100",
            "From: =?UTF-8?Q?Al=C3=AFce_Example?= <alice@example.com>",
            "To: Bob <bob@example.org>, carol@example.net",
            "Cc: Dave <dave@example.com>",
            "Reply-To: replies@example.com",
            "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4g4oKs?=",
            "X-Contract-Id: text-1",
            "X-Folded: first part",
            " continued part",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "Line one",
            "Line two: Gr=C3=BC=C3=9Fe",
            "Line three",
            ""), TEXT_INTERNAL, null);

    /** Header names of {@link #TEXT}, in order. */
    public static final String[] TEXT_HEADER_NAMES = {"Message-ID", "Date", "From", "To", "Cc", "Reply-To",
        "Subject", "X-Contract-Id", "X-Folded", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"};

    // ---- multipart/alternative ------------------------------------------------------------------

    public static final Msg ALTERNATIVE = new Msg(crlfBytes(
            "Message-ID: <contract-alt-1@example.com>",
            "Date: Wed, 15 Jan 2025 10:00:00 +0000",
            "From: Bob <bob@example.org>",
            "To: alice@example.com",
            "Subject: Alternative",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"alt-boundary-42\"",
            "",
            "This is a multi-part message in MIME format.",
            "--alt-boundary-42",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "Plain version",
            "--alt-boundary-42",
            "Content-Type: text/html; charset=us-ascii",
            "",
            "<p>HTML version</p>",
            "--alt-boundary-42--",
            ""), date("2025-01-15T10:00:05Z"), null);

    // ---- multipart/mixed with a base64 attachment ----------------------------------------------

    /** The attachment: every byte value, a few times. */
    public static final byte[] ATTACHMENT = attachment();
    public static final String ATTACHMENT_NAME = "data.bin";

    private static byte[] attachment() {
        byte[] b = new byte[1000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7 + i / 256);
        }
        return b;
    }

    public static final Msg MIXED = new Msg(crlfBytes(
            "Message-ID: <contract-mixed-1@example.com>",
            "Date: Thu, 16 Jan 2025 08:00:00 -0500",
            "From: carol@example.net",
            "To: alice@example.com",
            "Subject: With attachment",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"mixed-b\"",
            "",
            "--mixed-b",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "See attachment.",
            "--mixed-b",
            "Content-Type: application/octet-stream; name=\"" + ATTACHMENT_NAME + "\"",
            "Content-Disposition: attachment; filename=\"" + ATTACHMENT_NAME + "\"",
            "Content-Transfer-Encoding: base64",
            "",
            Base64.getMimeEncoder().encodeToString(ATTACHMENT),
            "--mixed-b--",
            ""), date("2025-01-16T13:00:05Z"), null);

    // ---- multipart/mixed with a nested message/rfc822 ------------------------------------------

    public static final Msg NESTED = new Msg(crlfBytes(
            "Message-ID: <contract-nested-1@example.com>",
            "Date: Fri, 17 Jan 2025 12:00:00 +0000",
            "From: dave@example.com",
            "To: alice@example.com",
            "Subject: Fwd: Inner subject",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"outer-b\"",
            "",
            "--outer-b",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "See the forwarded message.",
            "--outer-b",
            "Content-Type: message/rfc822",
            "",
            "Message-ID: <contract-inner-1@example.com>",
            "Date: Thu, 02 Jan 2025 07:00:00 +0000",
            "From: Inner Sender <inner@example.com>",
            "To: dave@example.com",
            "Subject: Inner subject",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "Inner body",
            "--outer-b--",
            ""), date("2025-01-17T12:00:05Z"), null);

    // ---- simple messages ------------------------------------------------------------------------

    /** A small text message with a distinctive subject, sender, recipient, date and body. */
    public static Msg simple(String subject, String from, String to, String date, String body, String xTag) {
        return new Msg(crlfBytes(
                "Message-ID: <" + Math.abs((subject + body).hashCode()) + "." + subject.length() + "@contract.example>",
                "Date: " + date,
                "From: " + from,
                "To: " + to,
                "Subject: " + subject,
                "X-Tag: " + xTag,
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=us-ascii",
                "",
                body,
                ""), null, null);
    }

    /** n simple numbered messages "Message 1".."Message n". */
    public static Msg[] numbered(int n) {
        Msg[] m = new Msg[n];
        for (int i = 0; i < n; i++) {
            m[i] = simple("Message " + (i + 1), "sender" + (i + 1) + "@example.com", "alice@example.com",
                    "Mon, 6 Jan 2025 10:00:0" + (i % 10) + " +0000", "Body of message " + (i + 1), "n" + (i + 1));
        }
        return m;
    }

    /** 8-bit UTF-8 body without transfer encoding and an ~200 KB line-structured body. */
    public static final Msg EIGHT_BIT = new Msg(crlfBytes(
            "Message-ID: <contract-8bit@example.com>",
            "Date: Sat, 18 Jan 2025 12:00:00 +0000",
            "From: alice@example.com",
            "To: alice@example.com",
            "Subject: 8bit",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Zürich – naïve café, 日本語, emoji \uD83D\uDE00",
            "Trailing spaces kept   ",
            "\tTab-led line",
            ""), null, null);

    public static final Msg LARGE = large();

    private static Msg large() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            sb.append("Line ").append(i).append(" of a large body: the quick brown fox jumps over the lazy dog\r\n");
        }
        return new Msg(("Message-ID: <contract-large@example.com>\r\n"
                + "Date: Sun, 19 Jan 2025 12:00:00 +0000\r\n"
                + "From: alice@example.com\r\nTo: alice@example.com\r\nSubject: Large\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + sb)
                .getBytes(StandardCharsets.US_ASCII), null, null);
    }
}
