package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.FaultProxy;
import jakarta.activation.DataHandler;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * BINARY (RFC 3516) through the provider on Dovecot, which offers it: a base64 attachment and a
 * quoted-printable text part read with {@code getInputStream}/{@code getContent} come decoded by
 * the server, in chunks, with the same bytes as client-side decoding and fewer bytes on the wire.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(120)
class DovecotBinaryProviderTest {
    private static final String USER = "user1";
    /** Several chunks of 64 KiB, so the chunks asked for ahead are BINARY too. */
    private static final byte[] DATA = new byte[300_000];
    private static final String TEXT;

    static {
        new Random(3516).nextBytes(DATA);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            sb.append("Zeile ").append(i).append(": Grüße, naïve café = ").append("x".repeat(i % 90)).append("\r\n");
        }
        TEXT = sb.toString();
    }

    /** What one read of both parts through a recording proxy saw. */
    private record Read(byte[] attachment, String text, String trace, long serverBytes, boolean seen) {
    }

    private static Properties props(int port, boolean binary) {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(port));
        p.put("mail.imap4lib.fetchsize", "65536");
        p.put("mail.imap4lib.binary.fetchsize", "65536"); // BINARY ranges like BODY ones, so several of each
        p.put("mail.imap4lib.starttls.enable", "false"); // plain text, so the proxy counts IMAP bytes
        p.put("mail.imap4lib.binary.enable", String.valueOf(binary));
        return p;
    }

    /** Appends one message (text part quoted-printable, attachment base64) to a new folder. */
    private static String fill(DovecotServer d) throws Exception {
        String name = "binary-" + UUID.randomUUID();
        Session s = Session.getInstance(props(d.imapPort(), true));
        Store store = s.getStore("imap4lib");
        store.connect(USER, DovecotServer.USERS.get(USER));
        try {
            Folder f = store.getFolder(name);
            assertTrue(f.create(Folder.HOLDS_MESSAGES));
            MimeMessage m = new MimeMessage(s);
            m.setSubject("binary");
            MimeMultipart mp = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText(TEXT, "UTF-8");
            text.setHeader("Content-Transfer-Encoding", "quoted-printable");
            MimeBodyPart a = new MimeBodyPart();
            a.setDataHandler(new DataHandler(new ByteArrayDataSource(DATA, "application/octet-stream")));
            a.setFileName("data.bin");
            a.setHeader("Content-Transfer-Encoding", "base64");
            mp.addBodyPart(text);
            mp.addBodyPart(a);
            m.setContent(mp);
            m.saveChanges();
            f.appendMessages(new Message[] {m});
        } finally {
            store.close();
        }
        return name;
    }

    private static Read read(DovecotServer d, String folder, boolean binary, UnaryOperator<byte[]> lines) throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", d.imapPort(), null, lines)) {
            ByteArrayOutputStream trace = new ByteArrayOutputStream();
            Session s = Session.getInstance(props(proxy.port(), binary));
            s.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
            s.setDebug(true);
            Store store = s.getStore("imap4lib");
            store.connect(USER, DovecotServer.USERS.get(USER));
            try {
                Folder f = store.getFolder(folder);
                f.open(Folder.READ_WRITE);
                Message m = f.getMessage(1);
                m.setFlags(new Flags(Flags.Flag.SEEN), false);
                Multipart mp = (Multipart) m.getContent();
                BodyPart text = mp.getBodyPart(0);
                BodyPart att = mp.getBodyPart(1);
                assertEquals("quoted-printable", ((MimeBodyPart) text).getEncoding());
                assertEquals("base64", ((MimeBodyPart) att).getEncoding());
                String t = (String) text.getContent();
                byte[] a;
                try (InputStream in = att.getInputStream()) {
                    a = in.readAllBytes();
                }
                boolean seen = m.isSet(Flags.Flag.SEEN);
                f.close(false);
                long bytes = 0;
                for (int i = 1; i <= proxy.connections(); i++) {
                    bytes += proxy.forwarded(i, FaultProxy.Direction.SERVER_TO_CLIENT).length;
                }
                return new Read(a, t, trace.toString(StandardCharsets.UTF_8), bytes, seen);
            } finally {
                store.close();
            }
        }
    }

    @Test
    void partsComeDecodedByTheServerWithTheSameBytesAndFewerOnTheWire(DovecotServer d) throws Exception {
        String folder = fill(d);
        Read server = read(d, folder, true, UnaryOperator.identity());
        Read client = read(d, folder, false, UnaryOperator.identity());

        assertArrayEquals(DATA, server.attachment());
        assertArrayEquals(DATA, client.attachment());
        assertEquals(TEXT, server.text());
        assertEquals(TEXT, client.text());

        // the first chunk of each part may set \Seen (read-write, no peek), the chunks after it peek
        assertTrue(server.trace().contains("BINARY[1]<0.65536>"), server.trace());
        assertTrue(server.trace().contains("BINARY[2]<0.65536>"), server.trace());
        assertTrue(server.trace().contains("BINARY.PEEK[2]<65536.65536>"), server.trace());
        assertFalse(server.trace().contains("BODY[2]"), server.trace());
        assertFalse(server.trace().contains("BODY.PEEK[2]"), server.trace());
        assertTrue(client.trace().contains("BODY[2]<0.65536>"), client.trace());
        assertFalse(client.trace().contains("BINARY["), client.trace());
        assertFalse(client.trace().contains("BINARY.PEEK["), client.trace());
        assertTrue(server.seen(), "reading a part of a read-write folder sets \\Seen, as with BODY[]");
        assertTrue(client.seen());

        System.out.println("[binary] server to client: " + server.serverBytes() + " bytes with BINARY, "
                + client.serverBytes() + " with client decoding");
        // base64 carries 4 bytes per 3 (plus line ends): the decoded attachment is about 3/4 of it
        assertTrue(server.serverBytes() < client.serverBytes() - DATA.length / 4,
                "server to client: " + server.serverBytes() + " bytes with BINARY, " + client.serverBytes() + " without");
    }

    @Test
    void withoutTheCapabilityThePartsAreDecodedOnTheClient(DovecotServer d) throws Exception {
        String folder = fill(d);
        Read r = read(d, folder, true, FaultProxy.hideCapability("BINARY"));
        assertArrayEquals(DATA, r.attachment());
        assertEquals(TEXT, r.text());
        assertFalse(r.trace().contains("BINARY["), r.trace());
        assertFalse(r.trace().contains("BINARY.PEEK["), r.trace());
        assertTrue(r.trace().contains("BODY[2]<0.65536>"), r.trace());
    }
}
