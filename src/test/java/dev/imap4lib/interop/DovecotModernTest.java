package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.provider.Imap4libMessage;
import dev.imap4lib.provider.SaveDateSupportedTerm;
import dev.imap4lib.provider.SaveDateTerm;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.ComparisonTerm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PREVIEW and SAVEDATE on Dovecot 2.3, which offers both (and computes the preview from the
 * body, unlike Cyrus 3.10); it has none of REPLACE, MULTISEARCH, UIDONLY, and the calls say so.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(60)
class DovecotModernTest {
    private static final String USER = "user1";

    @Test
    void previewAndSaveDateInCoreAndProvider(DovecotServer d) throws Exception {
        String name = "modern-" + UUID.randomUUID().toString().substring(0, 8);
        try (Imap4 imap = new Imap4("127.0.0.1", d.imapPort(), ClientOptions.defaults().withTimeout(Duration.ofSeconds(10)))) {
            imap.login(USER, DovecotServer.USERS.get(USER));
            assertTrue(imap.hasCapability("PREVIEW") && imap.hasCapability("SAVEDATE"), imap.capabilities().toString());
            assertFalse(imap.hasCapability("REPLACE") || imap.hasCapability("MULTISEARCH") || imap.hasCapability("UIDONLY"),
                    "Dovecot gained REPLACE/MULTISEARCH/UIDONLY: test them here too");
            imap.create(name).check();
            imap.append(name, null, (String) null, "Subject: p\r\n\r\nLunch at noon tomorrow?\r\n"
                    .getBytes(StandardCharsets.US_ASCII)).check();
            imap.select(name).check();
            FetchData f = imap.fetch("1", "(PREVIEW SAVEDATE)").check().value().get(0);
            assertEquals("Lunch at noon tomorrow?", f.preview());
            assertNotNull(f.saveDate());
        }
        Properties p = new Properties();
        p.put("mail.imap4lib.host", "127.0.0.1");
        p.put("mail.imap4lib.port", String.valueOf(d.imapPort()));
        p.put("mail.imap4lib.starttls.enable", "false");
        Store store = Session.getInstance(p).getStore("imap4lib");
        store.connect(USER, DovecotServer.USERS.get(USER));
        try {
            Folder f = store.getFolder(name);
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setSubject("second");
            m.setText("See you there");
            f.appendMessages(new Message[] {m});
            f.open(Folder.READ_ONLY);
            Imap4libMessage second = (Imap4libMessage) f.getMessage(2);
            assertEquals("See you there", second.getPreview());
            assertTrue(second.getSaveDate().toInstant().isAfter(Instant.now().minus(1, ChronoUnit.HOURS)));
            assertEquals(2, f.search(new SaveDateSupportedTerm()).length);
            assertEquals(2, f.search(new SaveDateTerm(ComparisonTerm.GE, Date.from(Instant.now().minus(3, ChronoUnit.DAYS)))).length);
            assertEquals(0, f.search(new SaveDateTerm(ComparisonTerm.LT, Date.from(Instant.parse("2020-01-01T00:00:00Z")))).length);
            f.close(false);
        } finally {
            store.close();
        }
    }
}
