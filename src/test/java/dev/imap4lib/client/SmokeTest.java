package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @Test
    void loginSelectAppendFetch() throws Exception {
        greenMail.setUser("alice@example.com", "alice", "secret");
        int port = greenMail.getImap().getPort();
        try (Imap4 imap = new Imap4("127.0.0.1", port, ClientOptions.defaults().withDebug(2, System.out))) {
            System.out.println(imap.welcome() + " " + imap.capabilities());
            imap.login("alice", "secret");
            assertEquals(State.AUTH, imap.state());
            var app = imap.append("INBOX", "(\\Seen)", (String) null,
                    "Subject: hi\r\nFrom: a@b.c\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(app.isOk(), app.toString());
            var sel = imap.select("INBOX");
            assertEquals(1, sel.value().exists());
            var f = imap.fetch("1", "(FLAGS UID BODY[])");
            assertTrue(f.isOk());
            System.out.println(f.data());
            var s = imap.search(null, "ALL");
            System.out.println(s.data());
            var l = imap.list();
            System.out.println(l.data());
        }
    }
}
