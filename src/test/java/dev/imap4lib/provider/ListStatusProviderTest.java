package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.FaultProxy;
import dev.imap4lib.testing.FaultProxy.Direction;
import dev.imap4lib.testing.InFlightRelay;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code mail.imap4lib.liststatus}: on Dovecot (LIST-STATUS, RFC 5819) {@code list(pattern)}
 * brings every folder's counts, so asking each listed folder for them sends no STATUS; without
 * the property each folder asks once.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(120)
class ListStatusProviderTest {
    private static final String USER = "user1";
    private static final int FOLDERS = 4;

    private static String fill(DovecotServer d) throws Exception {
        String parent = "ls" + UUID.randomUUID().toString().substring(0, 8);
        try (Imap4 imap = new Imap4("127.0.0.1", d.imapPort(), Duration.ofSeconds(10))) {
            imap.login(USER, DovecotServer.USERS.get(USER));
            for (int i = 0; i < FOLDERS; i++) {
                String name = parent + "/f" + i;
                imap.create(name).check();
                for (int j = 0; j <= i; j++) {
                    byte[] m = ("Subject: m" + j + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
                    imap.append(name, j == 0 ? "(\\Seen)" : null, (String) null, m).check();
                }
            }
        }
        return parent;
    }

    /** Lists the folders and asks each for its counts; returns how many STATUS commands that took. */
    private static int statusCommands(DovecotServer d, String parent, boolean listStatus) throws Exception {
        try (FaultProxy proxy = new FaultProxy("127.0.0.1", d.imapPort(), null)) {
            countEach(proxy.port(), parent, listStatus);
            return proxy.occurrences(Direction.CLIENT_TO_SERVER, " STATUS ");
        }
    }

    /** Through the server at {@code port}: lists {@code parent}'s folders and checks each one's counts. */
    private static void countEach(int port, String parent, boolean listStatus) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(port));
        p.put("mail.imap4lib.starttls.enable", "false");
        p.put("mail.imap4lib.liststatus", String.valueOf(listStatus));
        Store store = Session.getInstance(p).getStore("imap4lib");
        store.connect(USER, DovecotServer.USERS.get(USER));
        try {
            Folder[] list = store.getFolder(parent).list("*");
            assertEquals(FOLDERS, list.length);
            for (Folder f : list) {
                int i = Integer.parseInt(f.getName().substring(1));
                assertEquals(i + 1, f.getMessageCount(), f.getFullName());
                assertEquals(i, f.getUnreadMessageCount(), f.getFullName());
            }
        } finally {
            store.close();
        }
    }

    /**
     * Without LIST-STATUS (hidden from the client) the first count asked of a listed folder asks
     * every listed folder's STATUS at once, pipelined: one STATUS each, all in flight together,
     * none again for the second count. With {@code liststatus=false}, one STATUS at a time.
     */
    @Test
    void withoutListStatusTheFirstCountAsksAllListedFoldersPipelined(DovecotServer d) throws Exception {
        String parent = fill(d);
        for (boolean on : new boolean[] {true, false}) {
            try (FaultProxy hide = new FaultProxy("127.0.0.1", d.imapPort(), null, FaultProxy.hideCapability("LIST-STATUS"));
                    InFlightRelay relay = new InFlightRelay(hide.port(), "STATUS")) {
                countEach(relay.port(), parent, on);
                assertEquals(FOLDERS, relay.commands(), "STATUS commands, liststatus=" + on);
                if (on) {
                    assertEquals(FOLDERS, relay.maxInFlight(), "all in flight together");
                } else {
                    assertEquals(1, relay.maxInFlight(), "one at a time");
                }
                assertFalse(hide.forwardedText(1, Direction.CLIENT_TO_SERVER).contains("RETURN (STATUS"));
            }
        }
    }

    @Test
    void countsOfListedFoldersComeWithTheList(DovecotServer d) throws Exception {
        String parent = fill(d);
        assertEquals(0, statusCommands(d, parent, true), "STATUS commands with liststatus");
        assertEquals(FOLDERS, statusCommands(d, parent, false), "STATUS commands without");
    }

    /** The counts from the LIST are cached like a STATUS answer: a change to the folder forgets them. */
    @Test
    void appendForgetsListedCounts(DovecotServer d) throws Exception {
        String parent = fill(d);
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(d.imapPort()));
        p.put("mail.imap4lib.starttls.enable", "false");
        p.put("mail.imap4lib.liststatus", "true");
        Session s = Session.getInstance(p);
        Store store = s.getStore("imap4lib");
        store.connect(USER, DovecotServer.USERS.get(USER));
        try {
            Folder f0 = store.getFolder(parent).list("f0")[0];
            assertEquals(1, f0.getMessageCount());
            f0.appendMessages(new jakarta.mail.Message[] {new jakarta.mail.internet.MimeMessage(s,
                    new java.io.ByteArrayInputStream("Subject: new\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)))});
            assertEquals(2, f0.getMessageCount());
            assertTrue(f0.getUnreadMessageCount() >= 1);
        } finally {
            store.close();
        }
    }
}
