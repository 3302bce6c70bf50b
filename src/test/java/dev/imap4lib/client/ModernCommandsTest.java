package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.play;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.NotifySpec.Filter;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.MailboxSearchResult;
import dev.imap4lib.response.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** REPLACE, MULTISEARCH, UIDONLY, APPENDLIMIT and SAVEDATE against scripted servers (issue 11). */
@Timeout(30)
class ModernCommandsTest {
    private static final String CAPS = "S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+ ENABLE UIDPLUS REPLACE MULTISEARCH UIDONLY"
            + " APPENDLIMIT=40 SAVEDATE] ready\n";
    private static final byte[] SMALL = "Subject: s\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BIG = ("Subject: big\r\n\r\n" + "x".repeat(60) + "\r\n").getBytes(StandardCharsets.US_ASCII);

    @Test
    void uidReplaceTakesTheAppendUidOfTheUntaggedOk() throws Exception {
        play(CAPS + """
                C: A0 SELECT INBOX/a
                S: * 3 EXISTS
                S: A0 OK [READ-WRITE] selected
                C: A1 UID REPLACE 7 INBOX/a (\\Seen) {18+}
                CL: 18
                C:
                S: * OK [APPENDUID 99 8] Replacement Message ready
                S: * 3 EXPUNGE
                S: A1 OK [HIGHESTMODSEQ 21] Completed
                C: A2 REPLACE 1 INBOX/b {18+}
                CL: 18
                C:
                S: A2 OK [APPENDUID 5 1] done
                """, (server, imap) -> {
            imap.select("INBOX/a").check();
            Result<ResponseCode.AppendUid> r = imap.uidReplace(7, "INBOX/a", "\\Seen", null, SMALL);
            assertTrue(r.isOk());
            assertEquals(99L, r.value().uidValidity());
            assertEquals("8", r.value().uids().toString());
            assertEquals("1", imap.replace(1, "INBOX/b", null, null, SMALL).value().uids().toString());
            server.awaitDone();
        });
    }

    @Test
    void appendLimitRefusesAppendAndReplaceBeforeSendingAnything() throws Exception {
        play(CAPS + """
                C: A0 NOOP
                S: A0 OK nothing else came
                """, (server, imap) -> {
            assertEquals(40L, imap.appendLimit());
            Imap4Exception a = assertThrows(Imap4Exception.class, () -> imap.append("INBOX", null, (String) null, BIG));
            assertTrue(a.getMessage().contains("APPENDLIMIT of 40 bytes") && a.getMessage().contains(BIG.length + " bytes"),
                    a.getMessage());
            assertThrows(Imap4Exception.class, () -> imap.uidReplace(1, "INBOX", null, null, BIG));
            imap.noop().check();
            server.awaitDone();
            assertFalse(server.clientText().contains("APPEND"), server.clientText());
        });
    }

    @Test
    void noAppendLimitCapabilityLimitsNothing() throws Exception {
        play("S: * PREAUTH [CAPABILITY IMAP4rev1 APPENDLIMIT] ready\n", (server, imap) -> assertEquals(-1L, imap.appendLimit()));
    }

    @Test
    void multisearchGivesOneTypedResultPerMailbox() throws Exception {
        play(CAPS + """
                C: A0 ESEARCH IN (mailboxes (INBOX/a "b c" &AOk-t&AOk-)) RETURN (ALL COUNT) UNSEEN
                S: * ESEARCH (TAG "A0" MAILBOX "INBOX/a" UIDVALIDITY 11) UID COUNT 2 ALL 1:2
                S: * ESEARCH (TAG "A0" MAILBOX "&AOk-t&AOk-" UIDVALIDITY 12) UID COUNT 1 ALL 5
                S: A0 OK done
                C: A1 ESEARCH IN (personal) SUBJECT x
                S: * ESEARCH (TAG "A1" MAILBOX INBOX UIDVALIDITY 3) UID ALL 4
                S: A1 OK done
                """, (server, imap) -> {
            List<MailboxSearchResult> r = imap.esearch(Filter.MAILBOXES, List.of("INBOX/a", "b c", "été"),
                    "ALL COUNT", "UNSEEN").check().value();
            assertEquals(2, r.size());
            assertEquals("INBOX/a", r.get(0).mailbox());
            assertEquals(11L, r.get(0).uidValidity());
            assertEquals(2L, r.get(0).result().count());
            assertTrue(r.get(0).result().uid());
            assertEquals("été", r.get(1).mailbox());
            assertEquals("5", r.get(1).result().all().toString());
            List<MailboxSearchResult> p = imap.esearch(Filter.PERSONAL, List.of(), null, "SUBJECT", "x").value();
            assertEquals("INBOX", p.get(0).mailbox());
            server.awaitDone();
        });
    }

    @Test
    void multisearchSourcesAreCheckedLocally() throws Exception {
        play(CAPS, (server, imap) -> {
            assertThrows(IllegalArgumentException.class, () -> imap.esearch(Filter.MAILBOXES, List.of(), null, "ALL"));
            assertThrows(IllegalArgumentException.class, () -> imap.esearch(Filter.PERSONAL, List.of("x"), null, "ALL"));
            assertThrows(IllegalArgumentException.class, () -> imap.esearch(Filter.SELECTED_DELAYED, List.of(), null, "ALL"));
        });
        play("S: * PREAUTH [CAPABILITY IMAP4rev1] ready\n", (server, imap) ->
                assertThrows(Imap4Exception.class, () -> imap.esearch(Filter.PERSONAL, List.of(), null, "ALL")));
    }

    @Test
    void uidOnlyParsesUidFetchAndRefusesMessageNumbers() throws Exception {
        play(CAPS + """
                C: A0 ENABLE UIDONLY
                S: * ENABLED UIDONLY
                S: A0 OK enabled
                C: A1 SELECT INBOX
                S: * 3 EXISTS
                S: * OK [UIDVALIDITY 5] ok
                S: A1 OK [READ-WRITE] selected
                C: A2 UID FETCH 1:* (FLAGS SAVEDATE)
                S: * 4000000000 UIDFETCH (FLAGS (\\Seen) SAVEDATE "07-Dec-2026 11:23:40 +0000")
                S: * 4000000007 UIDFETCH (FLAGS () SAVEDATE NIL)
                S: A2 OK done
                C: A3 UID STORE 4000000000 +FLAGS (\\Flagged)
                S: * 4000000000 UIDFETCH (FLAGS (\\Seen \\Flagged))
                S: A3 OK done
                """, (server, imap) -> {
            assertFalse(imap.uidOnlyEnabled());
            imap.enable("UIDONLY").check();
            assertTrue(imap.uidOnlyEnabled());
            imap.select("INBOX").check();
            List<FetchData> d = imap.uidFetch("1:*", "(FLAGS SAVEDATE)").check().value();
            assertEquals(2, d.size());
            assertEquals(4_000_000_000L, d.get(0).uid());
            assertEquals(0, d.get(0).msgno());
            assertTrue(d.get(0).hasFlag("\\Seen"));
            assertEquals(2026, d.get(0).saveDate().getYear());
            assertNull(d.get(1).saveDate(), "SAVEDATE NIL");
            assertEquals(List.of("\\Seen", "\\Flagged"), imap.uidStore("4000000000", "+FLAGS", "\\Flagged").value().get(0).flags());
            for (var call : List.<org.junit.jupiter.api.function.Executable>of(() -> imap.fetch("1", "(FLAGS)"),
                    () -> imap.store("1", "+FLAGS", "\\Seen"), () -> imap.copy("1", "x"), () -> imap.move("1", "x"),
                    () -> imap.search(null, "ALL"), () -> imap.replace(1, "INBOX", null, null, SMALL))) {
                Imap4Exception e = assertThrows(Imap4Exception.class, call);
                assertTrue(e.getMessage().contains("UIDONLY"), e.getMessage());
            }
            server.awaitDone();
        });
    }
}
