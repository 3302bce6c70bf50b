package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.client.Untagged;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.testing.Cyrus310Extension;
import dev.imap4lib.testing.Cyrus310Server;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core's IMAP4rev2 and OBJECTID support against a real Cyrus IMAP 3.10, its bugs pinned. */
@ExtendWith(Cyrus310Extension.class)
@Timeout(30)
class Cyrus310Rev2Test {
    private static final Duration T = Duration.ofSeconds(10);

    private static Imap4 login(Cyrus310Server c, String user) throws Exception {
        Imap4 imap = new Imap4("localhost", c.imapPort(), ClientOptions.defaults().withTimeout(T));
        imap.login(user, user.equals("user1") ? "pass1" : "pass2");
        return imap;
    }

    private static byte[] message(String subject) {
        return ("From: a@example.com\r\nTo: b@example.com\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.com>\r\n\r\nbody of " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String folder() {
        return "INBOX/rev2-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void enableImap4rev2SwitchesProtocolVersionAndSearchAnswersEsearch(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c, "user1")) {
            assertEquals("IMAP4REV1", imap.protocolVersion(), "rev1 until ENABLE");
            assertTrue(imap.enable("IMAP4rev2").value().contains("IMAP4REV2"));
            assertTrue(imap.imap4rev2Enabled());
            assertEquals("IMAP4REV2", imap.protocolVersion());
            String f = folder();
            assertTrue(imap.create(f).isOk());
            for (int i = 0; i < 3; i++) {
                assertTrue(imap.append(f, null, (String) null, message("m" + i)).isOk());
            }
            SelectInfo info = imap.select(f).value();
            assertEquals(3, info.exists());
            // Cyrus bug, pinned: RFC 9051 has no \Recent, Cyrus 3.10 still sends "* n RECENT"
            assertTrue(info.recent() >= 0, "Cyrus 3.10 stopped sending RECENT under rev2: drop the workaround note");
            // rev2 answers SEARCH with ESEARCH; the result is the same to the caller
            SearchResult all = imap.uidSearch(null, "ALL").value();
            assertEquals(3, all.numbers().length, all.toString());
            SearchResult one = imap.search(null, "SUBJECT", "m1").value();
            assertEquals(1, one.numbers().length, one.toString());
            assertTrue(imap.delete(f).isOk() || imap.unselect().isOk());
        }
    }

    @Test
    void rev1SessionStaysRev1(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c, "user2")) {
            assertTrue(imap.hasCapability("IMAP4rev2") && imap.hasCapability("IMAP4rev1"));
            assertFalse(imap.imap4rev2Enabled());
            assertEquals("IMAP4REV1", imap.protocolVersion());
            SelectInfo info = imap.select("INBOX").value();
            assertTrue(info.recent() >= 0, "rev1 has RECENT");
        }
    }

    @Test
    void selectWithOtherCaseNameGivesTheCanonicalName(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c, "user1")) {
            imap.enable("IMAP4rev2");
            SelectInfo info = imap.examine("inbox").value();
            assertTrue(info.uidValidity() > 0);
            // RFC 9051 6.3.2 lets the server tell the canonical name in an untagged LIST
            assertEquals("INBOX", info.canonicalName());
        }
    }

    @Test
    void objectIdsInCreateSelectStatusAndFetch(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c, "user1")) {
            imap.enable("IMAP4rev2");
            String f = folder();
            String g = folder();
            Result<Void> created = imap.create(f);
            assertTrue(created.isOk());
            String id = created.code() == null ? null : created.code().mailboxId();
            assertNotNull(id, "CREATE's OK carries [MAILBOXID]: " + created.text());
            assertTrue(imap.create(g).isOk());
            // Cyrus bug, pinned: STATUS MAILBOXID carries binary garbage; the other items survive it
            MailboxStatus st = imap.status(f, "(MESSAGES MAILBOXID)").value();
            assertEquals(0L, st.messages());
            assertNotEquals(id, st.mailboxId(), "Cyrus 3.10 STATUS MAILBOXID fixed: getMailboxId can use STATUS");
            assertTrue(imap.append(f, null, (String) null, message("tracked")).isOk());
            SelectInfo info = imap.select(f).value();
            assertEquals(id, info.mailboxId());
            FetchData d = imap.fetch("1", "(UID EMAILID THREADID)").value().get(0);
            assertNotNull(d.emailId());
            assertNotNull(d.threadId(), "conversations: yes gives THREADIDs");
            // the EMAILID follows the message into another mailbox
            assertTrue(imap.copy("1", g).isOk());
            imap.select(g);
            FetchData copied = imap.fetch("1", "(EMAILID THREADID)").value().get(0);
            assertEquals(d.emailId(), copied.emailId());
            assertEquals(d.threadId(), copied.threadId());
            // a rename keeps the MAILBOXID
            imap.unselect();
            String renamed = folder();
            assertTrue(imap.rename(f, renamed).isOk());
            assertEquals(id, imap.examine(renamed).value().mailboxId());
            String other = imap.examine(g).value().mailboxId();
            assertNotNull(other);
            assertNotEquals(id, other);
        }
    }

    @Test
    void statusSizeAndListStatus(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c, "user1")) {
            imap.enable("IMAP4rev2");
            String f = folder();
            imap.create(f);
            byte[] m = message("sized");
            imap.append(f, null, (String) null, m);
            MailboxStatus st = imap.status(f, "(MESSAGES SIZE)").value();
            assertEquals(1L, st.messages());
            assertEquals((long) m.length, st.size());
            List<ListEntry> l = imap.listExtended(null, "", List.of(f), "STATUS (MESSAGES SIZE)").value();
            assertEquals(1, l.size());
            List<Untagged> sts = imap.response("STATUS").value();
            assertEquals(1, sts.size(), "LIST-STATUS sends one STATUS per listed mailbox");
            MailboxStatus ls = MailboxStatus.parse(sts.get(0).tokenizer());
            assertEquals(f, ls.name());
            assertEquals(1L, ls.messages());
            assertEquals((long) m.length, ls.size());
        }
    }

    @Test
    void knownBugsPinned(Cyrus310Server c) throws Exception {
        try (Imap4 imap = login(c, "user1")) {
            imap.enable("IMAP4rev2");
            String f = folder();
            String g = folder();
            imap.create(f);
            imap.create(g);
            // STATUS (APPENDLIMIT) answers BAD although APPENDLIMIT is advertised
            assertTrue(imap.capabilities().stream().anyMatch(x -> x.startsWith("APPENDLIMIT")), imap.capabilities().toString());
            Imap4Exception bad = assertThrows(Imap4Exception.class, () -> imap.status(f, "(APPENDLIMIT)"),
                    "Cyrus 3.10 now answers STATUS APPENDLIMIT: use it instead of the capability value");
            assertTrue(bad.getMessage().contains("BAD"), bad.getMessage());
            // LIST RETURN (STATUS (MAILBOXID)) over several mailboxes, compared with EXAMINE's codes
            Map<String, String> byStatus = new HashMap<>();
            for (String n : List.of(f, g)) {
                byStatus.put(n, imap.examine(n).value().mailboxId());
            }
            imap.unselect();
            imap.listExtended(null, "", List.of("INBOX/rev2-*"), "STATUS (MAILBOXID)");
            int wrong = 0;
            List<String> seen = new java.util.ArrayList<>();
            for (var u : imap.response("STATUS").value()) {
                MailboxStatus s = MailboxStatus.parse(u.tokenizer());
                seen.add(s.name() + "=" + s.mailboxId());
                if (byStatus.containsKey(s.name()) && !byStatus.get(s.name()).equals(s.mailboxId())) {
                    wrong++;
                }
            }
            // Seen here: for this pattern LIST-STATUS agrees with EXAMINE; the garbage MAILBOXIDs
            // reported for LIST "" "*" did not show, plain STATUS MAILBOXID's did (see above)
            assertEquals(0, wrong, seen + " vs EXAMINE " + byStatus);
            assertTrue(seen.size() >= 2, seen.toString());
        }
    }
}
