package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.after;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.ResponseLimitException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchDataTest {
    static final String RFC3501_FETCH = "* 12 FETCH (FLAGS (\\Seen) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" "
            + "RFC822.SIZE 4286 ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" "
            + "\"IMAP4rev1 WG mtg summary and minutes\" "
            + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
            + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
            + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
            + "((NIL NIL \"imap\" \"cac.washington.edu\")) "
            + "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
            + "\"<B27397-0100000@cac.washington.edu>\") "
            + "BODY (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))";

    static FetchData parse(String response) throws ResponseFormatException {
        return FetchData.parse(1, after(response, "FETCH"), 64);
    }

    @Test
    void rfc3501Example() throws Exception {
        FetchData f = FetchData.parse(12, after(RFC3501_FETCH, "FETCH"), 64);
        assertEquals(12, f.msgno());
        assertEquals(List.of("\\Seen"), f.flags());
        assertTrue(f.hasFlag("\\SEEN"));
        assertFalse(f.hasFlag("\\Deleted"));
        assertEquals(4286L, f.rfc822Size());
        assertEquals(1996, f.internalDate().getYear());
        assertEquals(ZoneOffset.ofHours(-7), f.internalDate().getOffset());
        Envelope e = f.envelope();
        assertEquals("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)", e.date());
        assertEquals("IMAP4rev1 WG mtg summary and minutes", e.subject());
        assertEquals("gray@cac.washington.edu", e.from().get(0).address());
        assertEquals("Terry Gray", e.from().get(0).personal());
        assertEquals(2, e.cc().size());
        assertEquals("KLENSIN@MIT.EDU", e.cc().get(1).address());
        assertEquals(List.of(), e.bcc());
        assertNull(e.inReplyTo());
        assertEquals("<B27397-0100000@cac.washington.edu>", e.messageId());
        BodyStructure.Text b = assertInstanceOf(BodyStructure.Text.class, f.bodyStructure());
        assertEquals("text/plain", b.mimeType());
        assertEquals(3028, b.size());
        assertEquals(92, b.lines());
        assertEquals("1", b.section());
        assertEquals(BodyStructure.Extensions.NONE, b.extensions());
        assertNull(f.uid());
        assertNull(f.modseq());
        assertTrue(f.sections().isEmpty());
    }

    @Test
    void shortRfcExamples() throws Exception {
        FetchData a = parse("* 23 FETCH (FLAGS (\\Seen) RFC822.SIZE 44827)");
        assertEquals(44827L, a.rfc822Size());
        FetchData b = parse("* 14 FETCH (FLAGS (\\Seen \\Deleted))");
        assertEquals(List.of("\\Seen", "\\Deleted"), b.flags());
        FetchData c = parse("* 23 FETCH (FLAGS (\\Seen) UID 4827313)");
        assertEquals(4827313L, c.uid());
        FetchData d = parse("* 12 FETCH (BODY[HEADER] {11}\r\nFrom: a\r\n\r\n)");
        assertEquals("From: a\r\n\r\n", new String(d.section("BODY[HEADER]"), StandardCharsets.US_ASCII));
        FetchData e = parse("* 4 FETCH (FLAGS ())");
        assertEquals(List.of(), e.flags());
        FetchData m = parse("* 7 FETCH (MODSEQ (12121231000) UID 5)");
        assertEquals(12121231000L, m.modseq());
    }

    @Test
    void literalSubjectInEnvelope() throws Exception {
        FetchData f = parse("* 1 FETCH (ENVELOPE (NIL {5}\r\nhello NIL NIL NIL NIL NIL NIL NIL NIL) UID 9)");
        assertEquals("hello", f.envelope().subject());
        assertNull(f.envelope().date());
        assertEquals(9L, f.uid());
    }

    @Test
    void bodySectionsAndPartials() throws Exception {
        FetchData f = parse("* 3 FETCH (UID 7 BODY[]<0> {5}\r\nHello BODY[1.2] \"part\" "
                + "BODY[HEADER.FIELDS (From  Subject)] {4}\r\nab\r\n BODY[TEXT] NIL RFC822.HEADER {2}\r\nhh "
                + "RFC822.TEXT \"t\" RFC822 {1}\r\nx BINARY[1] ~{3}\r\n\u0000\u0001\u0002 BINARY.SIZE[1] 3)");
        assertArrayEquals("Hello".getBytes(StandardCharsets.US_ASCII), f.section("BODY[]<0>"));
        assertEquals(0L, f.sectionOrigin("BODY[]<0>"));
        assertArrayEquals("Hello".getBytes(StandardCharsets.US_ASCII), f.section("BODY.PEEK[]<0.2048>"));
        assertArrayEquals("Hello".getBytes(StandardCharsets.US_ASCII), f.section("body.peek[]"));
        assertEquals(0L, f.sectionOrigin("BODY[]"));
        assertEquals("part", new String(f.section("BODY.PEEK[1.2]"), StandardCharsets.US_ASCII));
        assertTrue(f.sections().containsKey("BODY[HEADER.FIELDS (FROM SUBJECT)]"), f.sections().keySet().toString());
        assertArrayEquals("ab\r\n".getBytes(StandardCharsets.US_ASCII),
                f.section("BODY.PEEK[HEADER.FIELDS (from subject)]"));
        assertTrue(f.sections().containsKey("BODY[TEXT]"));
        assertNull(f.section("BODY[TEXT]"));
        assertEquals("hh", new String(f.section("RFC822.HEADER"), StandardCharsets.US_ASCII));
        assertEquals("t", new String(f.section("RFC822.TEXT"), StandardCharsets.US_ASCII));
        assertEquals("x", new String(f.section("RFC822"), StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {0, 1, 2}, f.section("BINARY[1]"));
        assertArrayEquals(new byte[] {0, 1, 2}, f.section("BINARY.PEEK[1]"));
        assertEquals(3L, f.binarySizes().get("1"));
        assertNull(f.section("BODY[2]"));
        assertNull(f.sectionOrigin("BODY[1.2]"));
    }

    @Test
    void greenMailFetch() throws Exception {
        // as GreenMail 2.x answers "FETCH 1 (FLAGS UID RFC822.SIZE INTERNALDATE BODYSTRUCTURE BODY.PEEK[])"
        String msg = "Subject: hi\r\n\r\nbody\r\n";
        FetchData f = parse("* 1 FETCH (FLAGS (\\Recent) UID 1 RFC822.SIZE 21 "
                + "INTERNALDATE \"06-Mar-2024 10:15:03 +0000\" "
                + "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 6 1 NIL NIL NIL NIL) "
                + "BODY[] {" + msg.length() + "}\r\n" + msg + ")");
        assertEquals(List.of("\\Recent"), f.flags());
        assertEquals(msg, new String(f.section("BODY[]"), StandardCharsets.US_ASCII));
        assertEquals("us-ascii", f.bodyStructure().parameter("CHARSET").orElseThrow());
        assertEquals(6, f.internalDate().getDayOfMonth());
    }

    @Test
    void gmailItems() throws Exception {
        FetchData f = parse("* 1 FETCH (X-GM-THRID 1278455344230334865 X-GM-MSGID 1278455344230334866 "
                + "X-GM-LABELS (\\Inbox \\Sent Important \"Muy Importante\" \"\\\\Starred\") UID 5 FLAGS (\\Seen))");
        assertEquals(1278455344230334865L, f.gmThrId());
        assertEquals(1278455344230334866L, f.gmMsgId());
        assertEquals(List.of("\\Inbox", "\\Sent", "Important", "Muy Importante", "\\Starred"), f.gmLabels());
        assertEquals(5L, f.uid());
        assertEquals(List.of(), parse("* 2 FETCH (X-GM-LABELS ())").gmLabels());
    }

    @Test
    void objectIdPreviewAndUnknownItems() throws Exception {
        FetchData f = parse("* 5 FETCH (EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9) "
                + "PREVIEW \"Hi there\" X-FOO (a (b \"c)\") {2}\r\n)))"
                + " ANNOTATION (/comment (value.priv \"x\")) X-BAR 5)");
        assertEquals("M6d99ac3275bb4e", f.emailId());
        assertEquals("T64b478a75b7ea9", f.threadId());
        assertEquals("Hi there", f.preview());
        assertEquals("(a (b \"c)\") {2}\r\n)))", f.extras().get("X-FOO"));
        assertEquals("(/comment (value.priv \"x\"))", f.extras().get("ANNOTATION"));
        assertEquals("5", f.extras().get("X-BAR"));
        assertNull(parse("* 5 FETCH (THREADID NIL)").threadId());
        assertEquals("snip", parse("* 5 FETCH (SNIPPET (FUZZY \"snip\"))").preview());
        assertNull(parse("* 5 FETCH (PREVIEW NIL)").preview());
    }

    @Test
    void sloppyServers() throws Exception {
        FetchData f = parse("* 5 FETCH ( flags (\\seen  $Junk)  uid 3  rfc822.size 10 )");
        assertEquals(List.of("\\Seen", "$Junk"), f.flags());
        assertEquals(3L, f.uid());
        assertEquals(10L, f.rfc822Size());
    }

    @Test
    void malformed() {
        String[] bad = {
            "* 1 FETCH (UID abc)",
            "* 1 FETCH (UID 5",
            "* 1 FETCH (FLAGS (\\Seen)",
            "* 1 FETCH (FLAGS \\Seen)",
            "* 1 FETCH (BODY[] {-1}\r\n)",
            "* 1 FETCH (BODY[] {10}\r\nabc)",
            "* 1 FETCH (BODY[1 \"x\")",
            "* 1 FETCH (INTERNALDATE \"yesterday\")",
            "* 1 FETCH (ENVELOPE (NIL NIL))",
            "* 1 FETCH (RFC822.SIZE 99999999999999999999999)",
            "* 1 FETCH (X-UNKNOWN (a b)",
            "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 10 1)",
            "* 1 FETCH UID 5",
            "* 1 FETCH (MODSEQ 5)",
        };
        for (String s : bad) {
            assertThrows(ResponseFormatException.class, () -> parse(s), s);
        }
    }

    @Test
    void deepUnknownItemIsLimited() {
        int n = 100_000;
        String deep = "* 1 FETCH (X-DEEP " + "(".repeat(n) + ")".repeat(n) + ")";
        assertThrows(ResponseLimitException.class, () -> parse(deep));
        String deepBody = "* 1 FETCH (BODYSTRUCTURE " + "(".repeat(n) + ")";
        assertThrows(ResponseLimitException.class, () -> parse(deepBody));
    }
}
