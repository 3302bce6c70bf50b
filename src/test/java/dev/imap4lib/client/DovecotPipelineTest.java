package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MULTIAPPEND and pipelined commands against a real Dovecot (2.3 offers MULTIAPPEND and LITERAL+). */
@ExtendWith(DovecotExtension.class)
class DovecotPipelineTest {
    private static final Duration T = Duration.ofSeconds(10);

    private static Imap4 login(DovecotServer d) throws Exception {
        Imap4 imap = new Imap4("localhost", d.imapPort(), ClientOptions.defaults().withTimeout(T));
        imap.login("user2", "pass2");
        return imap;
    }

    private static byte[] message(int i) {
        return ("Subject: m" + i + "\nFrom: a@example.com\n\nbody " + i + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void multiAppendStoresEveryMessageWithItsUidFlagsAndDate(DovecotServer d) throws Exception {
        String box = "multi-" + UUID.randomUUID();
        ZonedDateTime date = ZonedDateTime.of(2021, 3, 4, 5, 6, 7, 0, ZoneOffset.ofHours(2));
        try (Imap4 imap = login(d)) {
            assertTrue(imap.hasCapability("MULTIAPPEND") && imap.hasCapability("LITERAL+"), imap.capabilities().toString());
            imap.create(box).check();
            List<AppendMessage> msgs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                msgs.add(new AppendMessage(i == 1 ? "\\Flagged" : null, i == 2 ? date : null, message(i)));
            }
            ResponseCode.AppendUid uid = imap.multiAppend(box, msgs).check().value();
            assertEquals(5, uid.uids().size());
            imap.select(box).check();
            List<FetchData> f = imap.fetch("1:*", "(UID FLAGS INTERNALDATE BODY.PEEK[])").check().value();
            assertEquals(5, f.size());
            long[] uids = f.stream().mapToLong(x -> x.uid()).toArray();
            assertArrayEquals(uid.uids().toArray(Long.MAX_VALUE), uids, "APPENDUID lists the UIDs in message order");
            for (int i = 0; i < 5; i++) {
                String body = new String(f.get(i).section("BODY[]"), StandardCharsets.US_ASCII);
                assertTrue(body.startsWith("Subject: m" + i + "\r\n"), body);
            }
            assertTrue(f.get(1).flags().contains("\\Flagged"), f.get(1).flags().toString());
            assertEquals(date.toInstant(), f.get(2).internalDate().toInstant());
            imap.closeMailbox();
            imap.delete(box);
        }
    }
}
