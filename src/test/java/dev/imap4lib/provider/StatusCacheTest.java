package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A closed folder's counts: one STATUS for all of them, forgotten when the folder changes them. */
@Timeout(60)
class StatusCacheTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    private static int count(ByteArrayOutputStream trace, String what) {
        String t = trace.toString(StandardCharsets.UTF_8);
        int n = 0;
        for (int i = t.indexOf(what); i >= 0; i = t.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static Store connect(String user, String cacheMs, ByteArrayOutputStream trace) throws Exception {
        greenMail.setUser(user + "@example.com", user, "pw");
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(greenMail.getImap().getPort()));
        if (cacheMs != null) {
            p.put("mail.imap4lib.statuscachetimeout", cacheMs);
        }
        Session s = Session.getInstance(p);
        s.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
        s.setDebug(true);
        Store store = s.getStore("imap4lib");
        store.connect(user, "pw");
        return store;
    }

    private static Message[] messages(int n) throws Exception {
        Message[] out = new Message[n];
        for (int i = 0; i < n; i++) {
            MimeMessage m = new MimeMessage((Session) null);
            m.setText("m" + i);
            m.saveChanges();
            out[i] = m;
        }
        return out;
    }

    @Test
    void countsShareOneStatusAndOwnChangesForgetIt() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Store store = connect("hank", null, trace);
        Folder inbox = store.getFolder("INBOX");
        Folder other = store.getFolder("Other");
        other.create(Folder.HOLDS_MESSAGES);
        inbox.appendMessages(messages(3));
        trace.reset();
        assertEquals(3, inbox.getMessageCount());
        assertEquals(3, inbox.getUnreadMessageCount());
        assertEquals(3, inbox.getNewMessageCount());
        assertEquals(1, count(trace, " STATUS INBOX"), "one STATUS for three counts");
        inbox.appendMessages(messages(1));
        assertEquals(4, inbox.getMessageCount(), "an append to this folder forgets the counts");
        assertEquals(0, other.getMessageCount());
        inbox.open(Folder.READ_WRITE);
        inbox.copyMessages(new Message[] {inbox.getMessage(1), inbox.getMessage(2)}, other);
        assertEquals(2, other.getMessageCount(), "a copy into a folder forgets its counts");
        inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
        inbox.close(true);
        assertEquals(3, inbox.getMessageCount(), "closing forgets the counts");
        store.close();
    }

    @Test
    void zeroTimeoutAsksEachTime() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Store store = connect("ivan", "0", trace);
        Folder inbox = store.getFolder("INBOX");
        inbox.appendMessages(messages(2));
        trace.reset();
        assertEquals(2, inbox.getMessageCount());
        assertEquals(2, inbox.getUnreadMessageCount());
        assertEquals(2, count(trace, " STATUS INBOX"));
        assertEquals(1, count(trace, "STATUS INBOX (MESSAGES)"));
        store.close();
    }
}
