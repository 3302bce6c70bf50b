package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseCodeTest {

    /** Parses the code of a status response such as {@code * OK [X] text}. */
    static ResponseCode code(String response) throws ResponseFormatException {
        Tokenizer t = of(response);
        t.position(response.indexOf('['));
        ResponseCode c = ResponseCode.parse(t);
        assertTrue(t.atEnd() || t.peek() == ' ', "stops after ]");
        return c;
    }

    @Test
    void rfc3501Codes() throws Exception {
        assertTrue(code("* OK [ALERT] System shutdown in 10 minutes").isAlert());
        assertEquals(17L, code("* OK [UNSEEN 17] Message 17 is the first unseen message").unseen());
        ResponseCode v = code("* OK [UIDVALIDITY 3857529045] UIDs valid");
        assertEquals("UIDVALIDITY", v.name());
        assertEquals("3857529045", v.argument());
        assertEquals(3857529045L, v.uidValidity());
        assertNull(v.uidNext());
        assertEquals(4392L, code("* OK [UIDNEXT 4392] Predicted next UID").uidNext());
        assertEquals(List.of("\\Deleted", "\\Seen", "\\*"),
                code("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited").permanentFlags());
        assertEquals(List.of(), code("* OK [PERMANENTFLAGS ()] No permanent flags permitted").permanentFlags());
        assertTrue(code("A142 OK [READ-WRITE] SELECT completed").isReadWrite());
        assertTrue(code("A932 OK [READ-ONLY] EXAMINE completed").isReadOnly());
        assertTrue(code("A003 NO [TRYCREATE] COPY failed").isTryCreate());
        assertEquals(List.of("IMAP4rev1", "STARTTLS", "AUTH=GSSAPI", "XPIG-LATIN"),
                code("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI XPIG-LATIN] ready").capabilities());
        assertEquals(List.of("UTF-8", "US-ASCII"),
                code("A1 NO [BADCHARSET (UTF-8 US-ASCII)] charset").badCharset());
        assertEquals(List.of(), code("A1 NO [BADCHARSET] charset").badCharset());
        ResponseCode lower = code("* ok [uidnext 5] x");
        assertEquals("UIDNEXT", lower.name());
        assertEquals(5L, lower.uidNext());
    }

    @Test
    void uidplusCodes() throws Exception {
        ResponseCode a = code("A003 OK [APPENDUID 38505 3955] APPEND completed");
        assertEquals(new ResponseCode.AppendUid(38505, SequenceSet.parse("3955")), a.appendUid());
        ResponseCode c = code("A004 OK [COPYUID 38505 304,319:320 3956:3958] Done");
        ResponseCode.CopyUid cu = c.copyUid();
        assertEquals(38505, cu.uidValidity());
        assertEquals("304,319:320", cu.source().toString());
        assertEquals("3956:3958", cu.destination().toString());
        assertNull(c.appendUid());
        assertNull(c.permanentFlags());
        assertEquals(SequenceSet.parse("7,9"), code("d105 OK [MODIFIED 7,9] Conditional STORE failed").modified());
        assertTrue(code("* OK [NOMODSEQ] Sorry").noModSeq());
        assertEquals(715194045007L, code("* OK [HIGHESTMODSEQ 715194045007] Ok").highestModSeq());
    }

    @Test
    void otherCodesKeptRaw() throws Exception {
        assertEquals("IMAP://user;AUTH=*@SERVER2/",
                code("A001 NO [REFERRAL IMAP://user;AUTH=*@SERVER2/] Remote").referral());
        ResponseCode q = code("* NO [X-WEIRD \"a]b\" (c]) {3}\r\n]]]  ] text");
        assertEquals("X-WEIRD", q.name());
        assertEquals("\"a]b\" (c]) {3}\r\n]]]", q.argument());
        ResponseCode m = code("A1 OK [METADATA LONGENTRIES 2199] done");
        assertEquals("LONGENTRIES 2199", m.argument());
        assertEquals("", code("A1 NO [UNAVAILABLE] later").argument());
        assertFalse(m.isAlert());
    }

    @Test
    void malformed() {
        for (String s : new String[] {
            "* OK [ALERT System shutdown",
            "* OK [UIDNEXT 4392",
            "* OK [UIDNEXT abc] x",
            "* OK [UIDNEXT] x",
            "* OK [] x",
            "* OK [X \"unterminated] x",
            "* OK [APPENDUID 38505] x",
            "* OK [COPYUID 1 2:0 3] x",
            "* OK [PERMANENTFLAGS (\\Seen] x",
        }) {
            assertThrows(ResponseFormatException.class, () -> code(s), s);
        }
    }
}
