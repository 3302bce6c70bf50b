package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.BodyStructure.Basic;
import dev.imap4lib.response.BodyStructure.Message;
import dev.imap4lib.response.BodyStructure.Multipart;
import dev.imap4lib.response.BodyStructure.Text;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.ResponseLimitException;
import dev.imap4lib.wire.Tokenizer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BodyStructureTest {

    static BodyStructure parse(String s) throws ResponseFormatException {
        Tokenizer t = of(s);
        BodyStructure b = BodyStructure.parse(t, 64);
        assertTrue(t.atEnd(), "consumed everything");
        return b;
    }

    @Test
    void rfc3501MultipartExample() throws Exception {
        BodyStructure b = parse("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1152 23)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\") "
                + "\"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73) \"MIXED\")");
        Multipart m = assertInstanceOf(Multipart.class, b);
        assertEquals("multipart/mixed", m.mimeType());
        assertEquals("", m.section());
        assertEquals(2, m.parts().size());
        Text second = assertInstanceOf(Text.class, m.parts().get(1));
        assertEquals("2", second.section());
        assertEquals("<960723163407.20117h@cac.washington.edu>", second.id());
        assertEquals("Compiler diff", second.description());
        assertEquals("BASE64", second.encoding());
        assertEquals(4554, second.size());
        assertEquals(73, second.lines());
        assertEquals(Optional.of("cc.diff"), second.parameter("name"));
        assertEquals(Optional.of("cc.diff"), second.filename());
        assertEquals(BodyStructure.Extensions.NONE, m.extensions());
    }

    @Test
    void singlePartIsSectionOne() throws Exception {
        BodyStructure b = parse("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)");
        assertEquals("1", b.section());
        assertEquals(List.of(), b.parts());
        assertEquals(Optional.of("US-ASCII"), b.parameter("charset"));
    }

    @Test
    void dovecotMultipartWithRfc2231Filename() throws Exception {
        BodyStructure b = parse("((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 120 4 NIL NIL NIL NIL)"
                + "(\"application\" \"pdf\" (\"name*\" \"utf-8''%E2%82%AC%20rates.pdf\") NIL NIL \"base64\" 4096 NIL "
                + "(\"attachment\" (\"filename*0*\" \"utf-8''%E2%82%AC%20ra\" \"filename*1\" \"tes.pdf\" \"size\" \"3000\")) NIL NIL)"
                + " \"mixed\" (\"boundary\" \"----=_Part_0\") NIL NIL NIL)");
        Multipart m = assertInstanceOf(Multipart.class, b);
        assertEquals(Optional.of("----=_Part_0"), m.parameter("BOUNDARY"));
        Basic pdf = assertInstanceOf(Basic.class, m.parts().get(1));
        assertEquals("application/pdf", pdf.mimeType());
        assertEquals("2", pdf.section());
        assertEquals("attachment", pdf.disposition().orElseThrow().type());
        assertEquals(Optional.of("\u20ac rates.pdf"), pdf.filename());
        assertEquals(Optional.of("\u20ac rates.pdf"), pdf.params().decoded("name"));
        assertEquals(Optional.of("3000"), pdf.disposition().orElseThrow().params().get("SIZE"));
        Text text = assertInstanceOf(Text.class, m.parts().get(0));
        assertEquals(4, text.lines());
        assertNull(text.extensions().md5());
        assertEquals(Optional.empty(), text.filename());
    }

    @Test
    void exchangeOddities() throws Exception {
        BodyStructure b = parse("((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 1234 20 NIL NIL NIL NIL)"
                + "(\"application\" \"octet-stream\" (\"name\" \"report.bin\") NIL NIL NIL -1 NIL (\"attachment\" NIL) NIL NIL)"
                + "(\"text\" \"html\" NIL NIL NIL NIL NIL)"
                + " \"mixed\" (\"boundary\" \"b1\") NIL \"en-US\" NIL)");
        Basic att = assertInstanceOf(Basic.class, b.parts().get(1));
        assertEquals(-1, att.size());
        assertNull(att.encoding());
        assertEquals("attachment", att.disposition().orElseThrow().type());
        assertTrue(att.disposition().orElseThrow().params().isEmpty());
        assertEquals(Optional.of("report.bin"), att.filename());
        Text html = assertInstanceOf(Text.class, b.parts().get(2));
        assertEquals(-1, html.size());
        assertEquals(-1, html.lines());
        assertEquals(List.of("en-US"), b.extensions().language());
        // missing trailing fields
        Text t = assertInstanceOf(Text.class, parse("(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 100)"));
        assertEquals(100, t.size());
        assertEquals(-1, t.lines());
    }

    @Test
    void messageRfc822NestsEnvelopeAndBody() throws Exception {
        BodyStructure b = parse("((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 1 NIL NIL NIL NIL)"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 500 "
                + "(\"Mon, 1 Jan 2024 00:00:00 +0000\" \"inner\" ((\"A\" NIL \"a\" \"x.org\")) NIL NIL NIL NIL NIL NIL \"<i@x>\") "
                + "((\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1 NIL NIL NIL NIL)"
                + "(\"image\" \"png\" (\"name\" \"p.png\") \"<cid1>\" NIL \"base64\" 100 NIL (\"inline\" (\"filename\" \"p.png\")) NIL NIL)"
                + " \"related\" (\"boundary\" \"x\") NIL NIL NIL) 20 NIL (\"attachment\" (\"filename\" \"fwd.eml\")) NIL NIL)"
                + " \"mixed\" (\"boundary\" \"y\") NIL NIL NIL)");
        Message msg = assertInstanceOf(Message.class, b.parts().get(1));
        assertEquals("2", msg.section());
        assertEquals("inner", msg.envelope().subject());
        assertEquals("a@x.org", msg.envelope().from().get(0).address());
        assertEquals(20, msg.lines());
        assertEquals(Optional.of("fwd.eml"), msg.filename());
        Multipart inner = assertInstanceOf(Multipart.class, msg.body());
        assertEquals("2", inner.section());
        assertEquals("2.1", inner.parts().get(0).section());
        assertEquals("2.2", inner.parts().get(1).section());
        assertEquals(msg, b.find("2").orElseThrow());
        assertEquals("image/png", b.find("2.2").orElseThrow().mimeType());
        assertEquals(Optional.of("p.png"), b.find("2.2").orElseThrow().filename());
        assertEquals(List.of(inner), msg.parts());

        Message top = assertInstanceOf(Message.class, parse("(\"MESSAGE\" \"GLOBAL\" NIL NIL NIL \"8bit\" 50 "
                + "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) (\"TEXT\" \"PLAIN\" NIL NIL NIL \"8BIT\" 5 1) 3)"));
        assertEquals("1", top.section());
        assertEquals("1.1", top.body().section());
        assertEquals(3, top.lines());
    }

    @Test
    void extensionData() throws Exception {
        Text t = assertInstanceOf(Text.class, parse("(\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1 \"Q2hlY2s=\" "
                + "(\"inline\" NIL) (\"en\" \"de\") \"http://x/y\" \"x-ext\" (1 (2)) 7)"));
        BodyStructure.Extensions e = t.extensions();
        assertEquals("Q2hlY2s=", e.md5());
        assertEquals("inline", e.disposition().type());
        assertEquals(List.of("en", "de"), e.language());
        assertEquals("http://x/y", e.location());
        assertEquals(List.of("\"x-ext\"", "(1 (2))", "7"), e.other());
        assertTrue(parse("(\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1 NIL NIL NIL)").extensions().language().isEmpty());
    }

    @Test
    void encodedWordFilename() throws Exception {
        BodyStructure b = parse("(\"application\" \"octet-stream\" (\"name\" \"=?UTF-8?B?w6nDqS50eHQ=?=\") NIL NIL \"base64\" 10)");
        assertEquals(Optional.of("\u00e9\u00e9.txt"), b.filename());
        BodyStructure u = parse("(\"application\" \"octet-stream\" (\"name*\" \"x-unknown-cs''%41\") NIL NIL \"base64\" 10)");
        assertEquals(Optional.of("x-unknown-cs''%41"), u.filename());
        BodyStructure l = parse("(\"application\" \"octet-stream\" (\"name*\" \"iso-8859-1'en'%E9t%E9.txt\") NIL NIL \"base64\" 10)");
        assertEquals(Optional.of("\u00e9t\u00e9.txt"), l.filename());
    }

    @Test
    void malformed() {
        String[] bad = {
            "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 10 1",
            "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" abc 1)",
            "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" -5 1)",
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\") NIL NIL \"7BIT\" 10 1)",
            "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"x\" NIL NIL \"7BIT\" 10 1)",
            "((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 10 1) \"MIXED\"",
            "(\"TEXT\" \"PLAIN\" NIL NIL NIL {-3}\r\nabc 10 1)",
            "(\"TEXT\" \"PLAIN\" NIL NIL NIL {30}\r\nabc 10 1)",
            "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 10 (NIL NIL) (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1) 1)",
            "",
            ")",
        };
        for (String s : bad) {
            assertThrows(ResponseFormatException.class, () -> BodyStructure.parse(of(s), 64), s);
        }
    }

    @Test
    void deepNestingIsRefusedWithoutStackOverflow() {
        int n = 100_000;
        String open = "(".repeat(n) + "\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1" + ")".repeat(n);
        assertThrows(ResponseLimitException.class, () -> BodyStructure.parse(of(open), 64));
        assertThrows(ResponseLimitException.class, () -> BodyStructure.parse(of(open), Integer.MAX_VALUE));
        assertThrows(ResponseFormatException.class, () -> BodyStructure.parse(of("(".repeat(n)), Integer.MAX_VALUE));
        String msg = "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 1 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ";
        String nested = msg.repeat(n) + "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)" + " 1)".repeat(n);
        assertThrows(ResponseLimitException.class, () -> BodyStructure.parse(of(nested), 64));
        String ok = "(".repeat(10) + "\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)" + " \"MIXED\")".repeat(9);
        assertThrows(ResponseLimitException.class, () -> BodyStructure.parse(of(ok), 8));
    }

    @Test
    void nestedMultipartSections() throws Exception {
        String leaf = "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 1 1)";
        BodyStructure b = parse("(" + leaf + "(" + leaf + leaf + " \"ALTERNATIVE\") \"MIXED\")");
        assertEquals("2", b.parts().get(1).section());
        assertEquals("2.2", b.parts().get(1).parts().get(1).section());
        assertEquals(Optional.empty(), b.find("3"));
    }
}
