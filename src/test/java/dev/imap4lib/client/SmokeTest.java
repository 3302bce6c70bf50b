package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.wire.RawResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shortest round trip a user makes: login, append, select, fetch, search, list, logout. */
class SmokeTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @Test
    void loginSelectAppendFetch() throws Exception {
        greenMail.setUser("alice@example.com", "alice", "secret");
        int port = greenMail.getImap().getPort();
        byte[] msg = "Subject: hi\r\nFrom: a@b.c\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Imap4 imap = new Imap4("127.0.0.1", port)) {
            assertTrue(imap.welcome().startsWith("* OK"), imap.welcome());
            assertTrue(imap.hasCapability("IMAP4rev1"), imap.capabilities().toString());
            imap.login("alice", "secret");
            assertEquals(State.AUTH, imap.state());
            assertTrue(imap.append("INBOX", "(\\Seen)", (String) null, msg).isOk());
            assertEquals(1, imap.select("INBOX").value().exists());

            var f = imap.fetch("1", "(FLAGS UID BODY[])");
            FetchData d = f.value().get(0);
            assertEquals(1L, d.uid());
            assertTrue(d.hasFlag("\\Seen"));
            assertArrayEquals(msg, d.section("BODY[]"));
            // imaplib's shape: (b'1 (FLAGS ... BODY[] {34}', literal), b')'
            RawResponse.LiteralPair pair = (RawResponse.LiteralPair) f.data().get(0);
            assertTrue(new String(pair.header(), StandardCharsets.US_ASCII).startsWith("1 ("));
            assertArrayEquals(msg, pair.literal());

            assertArrayEquals(new long[] {1}, imap.search(null, "ALL").value().numbers());
            assertEquals("INBOX", imap.list().value().stream().map(ListEntry::name).findFirst().orElse(null));
            assertEquals("BYE", imap.logout().type());
        }
    }
}
