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

    @Test
    void statusAllAndListStatusGiveTheSameCounts(DovecotServer d) throws Exception {
        String base = "counts-" + UUID.randomUUID();
        List<String> boxes = new ArrayList<>();
        try (Imap4 imap = login(d)) {
            for (int i = 0; i < 12; i++) {
                String box = base + "-" + i;
                boxes.add(box);
                imap.create(box).check();
                for (int m = 0; m < i % 4; m++) {
                    imap.append(box, null, (String) null, message(m)).check();
                }
            }
            List<String> asked = new ArrayList<>(boxes);
            asked.add(base + "-missing");
            List<Result<dev.imap4lib.response.MailboxStatus>> r = imap.statusAll(asked, "(MESSAGES UIDNEXT)");
            assertEquals(13, r.size());
            for (int i = 0; i < 12; i++) {
                assertEquals(boxes.get(i), r.get(i).check().value().name());
                assertEquals(i % 4, r.get(i).value().messages().longValue(), boxes.get(i));
            }
            assertEquals("NO", r.get(12).type(), "a missing mailbox is a NO of its own");
            assertTrue(imap.noop().isOk(), "the connection is in step afterwards");

            assertTrue(imap.hasCapability("LIST-STATUS"), imap.capabilities().toString());
            imap.response("STATUS");
            var list = imap.listExtended(null, "", List.of(base + "-*"), "STATUS (MESSAGES)").check();
            assertEquals(12, list.value().size());
            List<Untagged> st = imap.response("STATUS").value();
            assertEquals(12, st.size(), "one STATUS per listed mailbox");
            for (Untagged u : st) {
                var s = dev.imap4lib.response.MailboxStatus.parse(u.tokenizer(), false);
                int i = Integer.parseInt(s.name().substring(s.name().lastIndexOf('-') + 1));
                assertEquals(i % 4, s.messages().longValue(), s.name());
            }
            for (String b : boxes) {
                imap.delete(b);
            }
        }
    }

    @Test
    void pipelinedAppendsAndStoresLandOnceEach(DovecotServer d) throws Exception {
        String box = "piped-" + UUID.randomUUID();
        try (Imap4 imap = login(d)) {
            imap.create(box).check();
            List<Pipeline.Pending<ResponseCode.AppendUid>> appends = new ArrayList<>();
            try (Pipeline p = imap.pipeline()) {
                for (int i = 0; i < 100; i++) {
                    appends.add(p.append(box, AppendMessage.of(message(i))));
                }
            }
            List<Long> uids = new ArrayList<>();
            for (var a : appends) {
                uids.add(a.await().check().value().uids().toArray(Long.MAX_VALUE)[0]);
            }
            imap.select(box).check();
            try (Pipeline p = imap.pipeline()) {
                var store = p.uidStore(uids.get(0) + ":" + uids.get(49), "+FLAGS.SILENT", "\\Flagged");
                var status = p.noop();
                var fetch = p.uidFetch("1:*", "(UID FLAGS)");
                store.await().check();
                status.await().check();
                List<FetchData> f = fetch.await().check().value();
                assertEquals(100, f.size(), "every pipelined APPEND stored exactly once");
                assertEquals(uids, f.stream().map(x -> x.uid()).toList());
                assertEquals(50, f.stream().filter(x -> x.flags().contains("\\Flagged")).count());
            }
            imap.closeMailbox();
            imap.delete(box);
        }
    }
}
