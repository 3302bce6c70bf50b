package dev.imap4lib.interop;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Fixed test messages (CRLF line ends, so they read back byte for byte). */
final class Messages {
    private Messages() {
    }

    /** Attachment bytes of {@link #multipart(String)}: all 256 byte values. */
    static final byte[] ATTACHMENT = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ATTACHMENT[i] = (byte) i;
        }
    }

    /** multipart/mixed: a UTF-8 quoted-printable text part and a base64 attachment "daten.bin". */
    static byte[] multipart(String subject) {
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ATTACHMENT);
        String s = "From: Alice Example <alice@example.com>\r\n"
                + "To: user1@localhost\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Mon, 04 Mar 2024 10:15:00 +0100\r\n"
                + "Message-ID: <" + Math.abs(subject.hashCode()) + ".interop@example.com>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"=_b0undary\"\r\n"
                + "\r\n"
                + "This is a multi-part message in MIME format.\r\n"
                + "--=_b0undary\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n"
                + "\r\n"
                + "Gr=C3=BC=C3=9Fe aus K=C3=B6ln\r\n"
                + "second line\r\n"
                + "--=_b0undary\r\n"
                + "Content-Type: application/octet-stream; name=\"daten.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"daten.bin\"\r\n"
                + "\r\n"
                + b64 + "\r\n"
                + "--=_b0undary--\r\n";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] plain(String subject, String body) {
        return ("From: Bob <bob@example.org>\r\nTo: user1@localhost\r\nSubject: " + subject
                + "\r\nDate: Tue, 05 Mar 2024 08:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
