package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 200-message scan with {@code writeTo} on Dovecot returns the same bytes with the read-ahead
 * window on (several messages in flight) and off, and with the window on several FETCHes are
 * really sent before the first of them is answered.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(180)
class DovecotReadAheadTest {
    private static final String USER = "user1";
    private static final int COUNT = 200;

    private static Properties props(int port, String window, boolean debug) {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(port));
        p.put("mail.imap4lib.starttls.enable", "false");
        p.put("mail.imap4lib.fetchsize", "16384"); // some messages take several chunks
        p.put("mail.imap4lib.readahead.window", window);
        return p;
    }

    private static String fill(DovecotServer d) throws Exception {
        String name = "readahead-" + UUID.randomUUID();
        Session s = Session.getInstance(props(d.imapPort(), "0", false));
        Store store = s.getStore("imap4lib");
        store.connect(USER, DovecotServer.USERS.get(USER));
        try {
            Folder f = store.getFolder(name);
            assertTrue(f.create(Folder.HOLDS_MESSAGES));
            Random r = new Random(17);
            Message[] batch = new Message[COUNT];
            for (int i = 0; i < COUNT; i++) {
                MimeMessage m = new MimeMessage(s);
                m.setSubject("message " + (i + 1));
                StringBuilder body = new StringBuilder();
                int lines = r.nextInt(i % 10 == 0 ? 1500 : 60) + 1;
                for (int l = 0; l < lines; l++) {
                    body.append("message ").append(i + 1).append(" line ").append(l).append(' ')
                            .append(Long.toHexString(r.nextLong())).append("\r\n");
                }
                m.setText(body.toString());
                m.saveChanges();
                batch[i] = m;
            }
            f.appendMessages(batch);
            return name;
        } finally {
            store.close();
        }
    }

    private static byte[][] scan(DovecotServer d, String folder, String window, ByteArrayOutputStream trace)
            throws Exception {
        Session s = Session.getInstance(props(d.imapPort(), window, trace != null));
        if (trace != null) {
            s.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
            s.setDebug(true);
        }
        Store store = s.getStore("imap4lib");
        store.connect(USER, DovecotServer.USERS.get(USER));
        try {
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            Message[] msgs = f.getMessages();
            assertEquals(COUNT, msgs.length);
            byte[][] out = new byte[COUNT][];
            for (int i = 0; i < COUNT; i++) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                msgs[i].writeTo(b);
                out[i] = b.toByteArray();
            }
            f.close(false);
            return out;
        } finally {
            store.close();
        }
    }

    @Test
    void aScanReturnsTheSameBytesWithTheWindowOnAndOff(DovecotServer d) throws Exception {
        String folder = fill(d);
        byte[][] off = scan(d, folder, "0", null);
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        byte[][] on = scan(d, folder, "8", trace);
        for (int i = 0; i < COUNT; i++) {
            String text = new String(on[i], StandardCharsets.US_ASCII);
            assertTrue(text.contains("Subject: message " + (i + 1) + "\r\n"), "message " + (i + 1));
            assertArrayEquals(off[i], on[i], "message " + (i + 1));
        }
        // Several FETCHes sent before the next tagged completion: the window was used.
        int most = 0;
        int run = 0;
        Matcher m = Pattern.compile("imap4lib > \\S+ (FETCH \\d+ \\(UID BODY\\.PEEK\\[\\]<0\\.16384>\\))|imap4lib < [^*\\s]\\S* OK ")
                .matcher(trace.toString(StandardCharsets.UTF_8));
        while (m.find()) {
            run = m.group(1) != null ? run + 1 : 0;
            most = Math.max(most, run);
        }
        assertTrue(most >= 4, "at most " + most + " FETCHes sent ahead in a row");
    }
}
