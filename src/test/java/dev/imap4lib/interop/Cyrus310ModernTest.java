package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.NotifySpec.Filter;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.MailboxSearchResult;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.testing.Cyrus310Extension;
import dev.imap4lib.testing.Cyrus310Server;
import dev.imap4lib.testing.CyrusServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core's PREVIEW, SAVEDATE, REPLACE, MULTISEARCH, UIDONLY and APPENDLIMIT against a real Cyrus IMAP 3.10. */
@ExtendWith(Cyrus310Extension.class)
@Timeout(30)
class Cyrus310ModernTest {
    private static final Duration T = Duration.ofSeconds(10);

    static Imap4 login(Cyrus310Server c) throws Exception {
        Imap4 imap = new Imap4("localhost", c.imapPort(), ClientOptions.defaults().withTimeout(T));
        imap.login("user1", "pass1");
        return imap;
    }

    static byte[] message(String subject) {
        return ("From: a@example.com\r\nTo: b@example.com\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + UUID.randomUUID() + "@example.com>\r\n\r\nbody of " + subject + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static String folder() {
        return "INBOX/modern-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void previewComesFromTheConfiguredAnnotationAndSaveDateIsTyped(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c)) {
            String f = folder();
            imap.create(f).check();
            imap.append(f, null, (String) null, message("p")).check();
            imap.select(f).check();
            assertEquals("", imap.fetch("1", "(PREVIEW)").value().get(0).preview(),
                    "Cyrus 3.10 computes no preview: empty until the annotation is set");
            String entry = CyrusServer.PREVIEW_ANNOTATION.substring("/shared".length());
            imap.store("1", "ANNOTATION", "(" + entry + " (value.shared \"Lunch at noon?\"))").check();
            ZonedDateTime before = ZonedDateTime.now().minusMinutes(5);
            FetchData d = imap.fetch("1", "(PREVIEW SAVEDATE)").value().get(0);
            assertEquals("Lunch at noon?", d.preview());
            assertNotNull(d.saveDate());
            assertTrue(d.saveDate().isAfter(before), d.saveDate().toString());
            assertEquals(1, imap.uidSearch(null, "SAVEDATESUPPORTED").value().numbers().length);
            assertEquals(1, imap.uidSearch(null, "SAVEDSINCE 1-Jan-2020").value().numbers().length);
            assertEquals(0, imap.uidSearch(null, "SAVEDBEFORE 1-Jan-2020").value().numbers().length);
        }
    }

    @Test
    void uidReplaceSwapsTheMessageAndReturnsItsNewUid(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c)) {
            String f = folder();
            imap.create(f).check();
            imap.append(f, null, (String) null, message("old")).check();
            long old = imap.select(f).value().uidNext() - 1;
            ResponseCode.AppendUid uid = imap.uidReplace(old, f, "\\Seen", null, message("new")).check().value();
            assertNotNull(uid, "Cyrus sends APPENDUID in an untagged OK");
            long fresh = Long.parseLong(uid.uids().toString());
            assertTrue(fresh > old);
            List<FetchData> all = imap.uidFetch("1:*", "(UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])").value();
            assertEquals(1, all.size(), "the old message is gone");
            assertEquals(fresh, all.get(0).uid());
            assertTrue(all.get(0).hasFlag("\\Seen"), all.get(0).flags().toString());
            assertTrue(new String(all.get(0).section("BODY[HEADER.FIELDS (SUBJECT)]"), StandardCharsets.US_ASCII).contains("new"));
            // into another mailbox: the new message lands there, the old one leaves this one
            String g = folder();
            imap.create(g).check();
            imap.replace(1, g, null, null, message("moved")).check();
            assertEquals(0L, imap.status(g, "(MESSAGES)").value().messages() - 1);
            assertEquals(0, imap.uidFetch("1:*", "(UID)").value().size());
        }
    }

    @Test
    void multisearchAnswersPerMailboxWithUidValidity(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c)) {
            String f = folder();
            String g = folder();
            imap.create(f).check();
            imap.create(g).check();
            imap.append(f, null, (String) null, message("needle one")).check();
            imap.append(f, null, (String) null, message("hay")).check();
            imap.append(g, null, (String) null, message("needle two")).check();
            long vf = imap.status(f, "(UIDVALIDITY)").value().uidValidity();
            List<MailboxSearchResult> r = imap.esearch(Filter.MAILBOXES, List.of(f, g), "ALL COUNT", "SUBJECT", "needle")
                    .check().value();
            Map<String, MailboxSearchResult> by = r.stream().collect(Collectors.toMap(MailboxSearchResult::mailbox, x -> x));
            assertEquals(2, by.size(), r.toString());
            assertEquals(1L, by.get(f).result().count());
            assertEquals(vf, by.get(f).uidValidity());
            assertTrue(by.get(f).result().uid());
            assertEquals(1L, by.get(g).result().count());
            List<MailboxSearchResult> sub = imap.esearch(Filter.SUBTREE, List.of(f), null, "ALL").check().value();
            assertEquals(List.of(f), sub.stream().map(MailboxSearchResult::mailbox).toList());
            assertEquals(2L, sub.get(0).result().all().size());
        }
    }

    @Test
    void uidOnlyFetchesByUidAndRefusesMessageNumbers(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c)) {
            String f = folder();
            imap.create(f).check();
            imap.append(f, null, (String) null, message("u1")).check();
            imap.append(f, null, (String) null, message("u2")).check();
            assertTrue(imap.enable("UIDONLY").value().contains("UIDONLY"));
            assertTrue(imap.uidOnlyEnabled());
            imap.select(f).check();
            List<FetchData> d = imap.uidFetch("1:*", "(FLAGS)").check().value();
            assertEquals(2, d.size());
            assertEquals(List.of(1L, 2L), d.stream().map(FetchData::uid).toList());
            List<FetchData> stored = imap.uidStore("2", "+FLAGS", "\\Flagged").check().value();
            assertTrue(stored.get(0).hasFlag("\\Flagged"), stored.toString());
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.fetch("1", "(FLAGS)"));
            assertTrue(e.getMessage().contains("UIDONLY"), e.getMessage());
            assertTrue(imap.noop().isOk(), "nothing was sent: the connection is fine");
        }
    }

    @Test
    void appendLimitIsTheCapabilityValue(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c)) {
            // Cyrus 3.10 advertises APPENDLIMIT=2147483647 (its maxmessagesize default) and answers
            // STATUS (APPENDLIMIT) BAD (pinned in Cyrus310Rev2Test)
            assertEquals(Integer.MAX_VALUE, imap.appendLimit());
        }
    }
}
