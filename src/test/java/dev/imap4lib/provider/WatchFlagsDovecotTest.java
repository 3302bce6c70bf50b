package dev.imap4lib.provider;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The flag-change scenario of {@link Cyrus310WatchFlagsTest} on Dovecot 2.3, once with its
 * NOTIFY and once with a polling watch, which polls STATUS with HIGHESTMODSEQ (every
 * 300 ms here) and asks CHANGEDSINCE when it moved.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(90)
class WatchFlagsDovecotTest {
    private final DovecotServer dovecot;

    WatchFlagsDovecotTest(DovecotServer dovecot) {
        this.dovecot = dovecot;
    }

    private void scenario(boolean hideNotify) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", dovecot.host());
        p.put("mail.imap4lib.port", String.valueOf(dovecot.imapPort()));
        p.put("mail.imap4lib.starttls.enable", "false");
        Imap4libStore store = (Imap4libStore) Session.getInstance(p).getStore("imap4lib");
        store.connect("user3", DovecotServer.USERS.get("user3"));
        try (Imap4 other = new Imap4(dovecot.host(), dovecot.imapPort(),
                ClientOptions.defaults().withTimeout(Duration.ofSeconds(10)))) {
            other.login("user3", DovecotServer.USERS.get("user3")).check();
            String base = "flags" + (hideNotify ? "poll" : "notify") + Long.toString(System.nanoTime(), 36);
            boolean notify = !hideNotify && other.hasCapability("NOTIFY");
            Cyrus310WatchFlagsTest.run(store, other, List.of(base + "a", base + "b"), notify,
                    hideNotify ? Duration.ofMillis(300) : null);
        } finally {
            store.close();
        }
    }

    @Test
    void flagChangesWithNotify() throws Exception {
        scenario(false);
    }

    @Test
    void flagChangesByPollingHighestModSeq() throws Exception {
        scenario(true);
    }
}
