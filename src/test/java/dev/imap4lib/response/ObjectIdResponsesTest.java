package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.after;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** OBJECTID values in STATUS and response codes, and ESEARCH answers read as plain SEARCH (IMAP4rev2). */
class ObjectIdResponsesTest {

    @Test
    void statusMailboxIdAndGarbageFromCyrus310() throws Exception {
        MailboxStatus ok = MailboxStatus.parse(after("* STATUS INBOX (MESSAGES 2 MAILBOXID (F2212ea87-6097) SIZE 9)", "STATUS"), false);
        assertEquals("F2212ea87-6097", ok.mailboxId());
        assertEquals(9L, ok.size());
        // what Cyrus 3.10 sent: control bytes inside the parentheses; the other items survive
        MailboxStatus junk = MailboxStatus.parse(after("* STATUS x (MESSAGES 0 MAILBOXID (\u00ca\u0007f\u00e7\u0007V) UIDNEXT 5)", "STATUS"), false);
        assertNull(junk.mailboxId());
        assertEquals(0L, junk.messages());
        assertEquals(5L, junk.uidNext());
    }

    @Test
    void mailboxIdCodeAndObjectIdSyntax() throws Exception {
        ResponseCode c = ResponseCode.parse(after("A1 OK [MAILBOXID (Fabc_1-2)] Completed", "OK"));
        assertEquals("Fabc_1-2", c.mailboxId());
        assertNull(ResponseCode.parse(after("A1 OK [UIDNEXT 4] x", "OK")).mailboxId());
        assertNull(ResponseCode.objectId("(NIL)"));
        assertNull(ResponseCode.objectId("(a b)"));
        assertNull(ResponseCode.objectId("abc"));
        assertNull(ResponseCode.objectId("(" + "x".repeat(256) + ")"));
    }

    @Test
    void esearchAllBecomesNumbersWithinTheLimit() throws Exception {
        SearchResult e = SearchResult.parseEsearch(after("* ESEARCH (TAG \"A5\") UID ALL 3:5,9", "ESEARCH"));
        assertEquals(0, e.numbers().length);
        SearchResult n = e.withAllAsNumbers(100);
        assertArrayEquals(new long[] {3, 4, 5, 9}, n.numbers());
        assertEquals(true, n.uid());
        assertSame(e, e.withAllAsNumbers(3), "over the limit: left as ESEARCH");
        SearchResult none = SearchResult.parseEsearch(after("* ESEARCH (TAG \"A6\")", "ESEARCH"));
        assertEquals(0, none.withAllAsNumbers(100).numbers().length);
    }
}
