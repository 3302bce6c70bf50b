package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.play;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MULTIAPPEND (RFC 3502) on the wire: literal forms, the UID set of APPENDUID, refusals. */
@Timeout(30)
class MultiAppendTest {
    private static final ZonedDateTime DATE = ZonedDateTime.of(2024, 1, 15, 10, 0, 0, 0, ZoneOffset.UTC);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<AppendMessage> two() {
        return List.of(new AppendMessage("\\Seen", null, b("hello")), new AppendMessage(null, DATE, b("a\nb")));
    }

    @Test
    void synchronizingLiteralsEachWaitForTheirContinuation() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 MULTIAPPEND UIDPLUS] ready
                C: A0 APPEND Drafts (\\Seen) {5}
                S: + go ahead
                CL: 40 hello "15-Jan-2024 10:00:00 +0000" {4}\\r\\n
                S: + go ahead
                CL: 6 a\\r\\nb\\r\\n
                S: A0 OK [APPENDUID 38505 3955:3956] APPEND completed
                """, (server, imap) -> {
            Result<ResponseCode.AppendUid> r = imap.multiAppend("Drafts", two()).check();
            assertEquals(38505L, r.value().uidValidity());
            assertArrayEquals(new long[] {3955, 3956}, r.value().uids().toArray(10_000));
            server.awaitDone();
            assertEquals("A0 APPEND Drafts (\\Seen) {5}\r\nhello \"15-Jan-2024 10:00:00 +0000\" {4}\r\na\r\nb\r\n",
                    server.clientText(), "bare LF became CRLF; the date is the second message's");
        });
    }

    @Test
    void literalPlusSendsEverythingWithoutWaiting() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 MULTIAPPEND LITERAL+ UIDPLUS] ready
                C: A0 APPEND INBOX (\\Seen) {5+}
                CL: 41 hello "15-Jan-2024 10:00:00 +0000" {4+}\\r\\n
                CL: 6 a\\r\\nb\\r\\n
                S: A0 OK [APPENDUID 7 12,14] APPEND completed
                """, (server, imap) -> {
            Result<ResponseCode.AppendUid> r = imap.multiAppend(null, two()).check();
            assertArrayEquals(new long[] {12, 14}, r.value().uids().toArray(10_000), "a UID set with a gap");
            server.awaitDone();
        });
    }

    @Test
    void aNoBeforeTheSecondLiteralEndsTheCommandWithNothingMoreSent() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 MULTIAPPEND UIDPLUS] ready
                C: A0 APPEND INBOX (\\Seen) {5}
                S: + go ahead
                CL: 40 hello "15-Jan-2024 10:00:00 +0000" {4}\\r\\n
                S: A0 NO [OVERQUOTA] mailbox full
                C: A1 NOOP
                S: A1 OK NOOP completed
                """, (server, imap) -> {
            Result<ResponseCode.AppendUid> r = imap.multiAppend("INBOX", two());
            assertFalse(r.isOk());
            assertEquals("OVERQUOTA", r.code().name());
            assertNull(r.value());
            assertTrue(imap.noop().isOk(), "the connection is still in step");
            server.awaitDone();
        });
    }

    @Test
    void refusedWithoutMultiappendAndNothingIsSent() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS] ready
                C: A0 NOOP
                S: A0 OK NOOP completed
                """, (server, imap) -> {
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.multiAppend("INBOX", two()));
            assertTrue(e.getMessage().contains("MULTIAPPEND"), e.getMessage());
            assertThrows(Imap4Exception.class, () -> imap.multiAppend("INBOX", List.of()));
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals("A0 NOOP\r\n", server.clientText(), "no tag used, nothing sent by the refusals");
        });
    }
}
