package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.Capability;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.Namespaces;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.wire.RawResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed parsers over replies captured from Cyrus IMAP 3.6.1 (fixtures/cyrus-*.txt). */
class CyrusFixtureTest {

    @Test
    void capabilitiesBeforeAndAfterLogin() throws Exception {
        Capture c = Capture.load("cyrus-greeting-capability.txt");
        RawResponse greeting = c.first("* OK [CAPABILITY");
        ResponseCode code = ResponseCode.parse(Capture.atCode(greeting));
        List<String> pre = code.capabilities();
        assertTrue(pre.containsAll(List.of("IMAP4rev1", "STARTTLS", "AUTH=PLAIN", "AUTH=CRAM-MD5", "SASL-IR")), pre.toString());
        assertFalse(pre.contains("LOGINDISABLED"));

        List<RawResponse> caps = c.startingWith("* CAPABILITY ");
        assertEquals(3, caps.size());   // before STARTTLS, after STARTTLS, after LOGIN
        List<String> plain = Capability.parseCapabilities(Capture.after(caps.get(0), "* CAPABILITY "));
        List<String> tls = Capability.parseCapabilities(Capture.after(caps.get(1), "* CAPABILITY "));
        List<String> auth = Capability.parseCapabilities(Capture.after(caps.get(2), "* CAPABILITY "));
        assertTrue(plain.contains("STARTTLS") && !tls.contains("STARTTLS"));
        assertTrue(plain.contains("APPENDLIMIT=4294967295") && plain.contains("X-QUOTA=STORAGE"), plain.toString());
        // the quirk: LOGINDISABLED appears only once logged in (and in LOGIN's OK code)
        assertTrue(auth.contains("LOGINDISABLED"), auth.toString());
        assertFalse(plain.contains("LOGINDISABLED") || tls.contains("LOGINDISABLED"));
        RawResponse loginOk = c.first("a4 OK [CAPABILITY");
        List<String> inCode = ResponseCode.parse(Capture.atCode(loginOk)).capabilities();
        assertEquals(auth, inCode);
        assertTrue(Capture.text(loginOk).endsWith("User logged in SESSIONID=<" + Capture.text(loginOk)
                .replaceFirst("(?s).*SESSIONID=<", "")), "text after the code kept");

        RawResponse failed = c.first("b1 NO");
        assertEquals(RawResponse.Kind.TAGGED, failed.kind());
        assertEquals("b1", failed.tag());
    }

    @Test
    void namespaceAndList() throws Exception {
        Capture c = Capture.load("cyrus-list-namespace.txt");
        Namespaces ns = Namespaces.parse(Capture.after(c.first("* NAMESPACE "), "* NAMESPACE "));
        assertEquals("INBOX/", ns.personal().get(0).prefix());
        assertEquals('/', ns.personal().get(0).delimiter());
        assertEquals("user/", ns.otherUsers().get(0).prefix());
        assertEquals("", ns.shared().get(0).prefix());

        List<ListEntry> all = c.startingWith("* LIST ").stream().map(r -> {
            try {
                return ListEntry.parse(Capture.after(r, "* LIST "), false);
            } catch (Exception e) {
                throw new AssertionError(Capture.text(r), e);
            }
        }).toList();
        assertTrue(all.size() >= 9, all.toString());
        ListEntry umlaut = all.stream().filter(e -> e.rawName().equals("INBOX/Gr&APwA3w-e/Unter")).findFirst().orElseThrow();
        assertEquals("INBOX/Grüße/Unter", umlaut.name());
        assertEquals('/', umlaut.delimiter());
        assertTrue(umlaut.attributes().contains("\\HasNoChildren"));
        ListEntry inbox = all.get(0);
        assertEquals("INBOX", inbox.name());
        assertTrue(inbox.hasChildren());
        assertFalse(inbox.noSelect());

        // LIST-STATUS + LIST-MYRIGHTS: STATUS and MYRIGHTS untagged responses interleaved with LIST
        assertEquals(7, c.startingWith("* STATUS ").size());
        assertEquals(7, c.startingWith("* MYRIGHTS ").size());
        // LSUB with an empty attribute list
        ListEntry lsub = ListEntry.parse(Capture.after(c.first("* LSUB "), "* LSUB "), false);
        assertTrue(lsub.attributes().isEmpty());
        assertEquals("INBOX", lsub.name());
        // a CREATE answers with a MAILBOXID code (RFC 8474)
        ResponseCode id = ResponseCode.parse(Capture.atCode(c.first("a3 OK [MAILBOXID")));
        assertEquals("MAILBOXID", id.name());
    }

    @Test
    void selectAppendAndFetchOfAMultipart() throws Exception {
        Capture c = Capture.load("cyrus-fetch-bodystructure.txt");
        ResponseCode.AppendUid au = ResponseCode.parse(Capture.atCode(c.first("a3 OK [APPENDUID"))).appendUid();
        assertEquals(1795775476L, au.uidValidity());
        assertEquals("1", au.uids().toString());
        for (String odd : new String[] {"* OK [MAILBOXID", "* OK [URLMECH", "* OK [ANNOTATIONS", "* OK [HIGHESTMODSEQ"}) {
            ResponseCode code = ResponseCode.parse(Capture.atCode(c.first(odd)));
            assertEquals(odd.substring(6), code.name());
        }
        assertEquals(2L, ResponseCode.parse(Capture.atCode(c.first("* OK [HIGHESTMODSEQ"))).highestModSeq());
        List<String> perm = ResponseCode.parse(Capture.atCode(c.first("* OK [PERMANENTFLAGS"))).permanentFlags();
        assertTrue(perm.contains("\\*"), perm.toString());

        List<RawResponse> fetches = c.startingWith("* 1 FETCH ");
        FetchData f = Capture.fetch(fetches.get(0));
        assertEquals(1L, f.uid());
        assertTrue(f.hasFlag("\\Recent") && f.hasFlag("\\Flagged"));
        assertEquals(976L, f.rfc822Size());
        // Cyrus pads the day of INTERNALDATE with a space: " 4-Mar-2024"
        assertEquals(ZonedDateTime.of(2024, 3, 4, 9, 15, 0, 0, ZoneOffset.UTC).toInstant(), f.internalDate().toInstant());
        assertEquals("Fixture multipart", f.envelope().subject());
        assertEquals("alice@example.com", f.envelope().from().get(0).address());
        assertNull(f.envelope().to().get(0).personal());

        BodyStructure b = f.bodyStructure();
        assertInstanceOf(BodyStructure.Multipart.class, b);
        assertEquals("multipart/mixed", b.mimeType(), "Cyrus sends upper case; mimeType() is lower case");
        assertEquals("MIXED", b.subtype());
        assertEquals("=_b0undary", b.parameter("boundary").orElseThrow());
        BodyStructure.Text text = assertInstanceOf(BodyStructure.Text.class, b.parts().get(0));
        assertEquals("1", text.section());
        assertEquals("UTF-8", text.parameter("charset").orElseThrow());
        assertEquals("QUOTED-PRINTABLE", text.encoding());
        assertEquals(42, text.size());
        assertEquals(1, text.lines());
        BodyStructure.Basic att = assertInstanceOf(BodyStructure.Basic.class, b.parts().get(1));
        assertEquals("2", att.section());
        assertEquals("application/octet-stream", att.mimeType());
        assertEquals("daten.bin", att.filename().orElseThrow());
        assertEquals("ATTACHMENT", att.disposition().orElseThrow().type());
        assertEquals(352, att.size());

        // BODY (no extension data), a .MIME section and a partial section in one response
        FetchData g = Capture.fetch(fetches.get(1));
        assertEquals(BodyStructure.Extensions.NONE, g.bodyStructure().extensions());
        assertEquals(2, g.bodyStructure().parts().size());
        assertTrue(new String(g.section("BODY[1.MIME]"), StandardCharsets.US_ASCII).startsWith("Content-Type: text/plain"));
        assertArrayEquals("AAECAwQFBgcICQoL".getBytes(StandardCharsets.US_ASCII), g.section("BODY.PEEK[2]<0.16>"));
        assertEquals(0L, g.sectionOrigin("BODY[2]"));

        // RFC 8474 / CONDSTORE / SAVEDATE / PREVIEW items, THREADID (NIL) and PREVIEW NIL
        FetchData h = Capture.fetch(fetches.get(2));
        assertEquals(2L, h.modseq());
        assertTrue(h.emailId().startsWith("M"), h.emailId());
        assertTrue(h.threadId() == null || h.threadId().equals("NIL"), "see threadIdInParenthesesMeansNone");
        assertNull(h.preview());
        assertEquals(java.time.Instant.parse("2026-11-27T10:31:15Z"), h.saveDate().toInstant()); // typed (RFC 8514)
        assertFalse(h.extras().containsKey("SAVEDATE"), h.extras().toString());

        SearchResult es = SearchResult.parseEsearch(Capture.after(c.first("* ESEARCH "), "* ESEARCH "));
        assertTrue(es.uid());
        assertEquals("a8", es.tag());
        assertEquals(1L, es.count());
        assertEquals(1L, es.min());
        assertEquals(1L, es.max());
        assertArrayEquals(new long[] {1}, SearchResult.parseSearch(Capture.after(c.first("* SEARCH"), "* SEARCH")).numbers());

        // STORE answers with FLAGS and MODSEQ once CONDSTORE is on
        FetchData stored = Capture.fetch(fetches.get(3));
        assertTrue(stored.hasFlag("\\Deleted"));
        assertEquals(3L, stored.modseq());
    }

    /**
     * Cyrus 3.6 sends {@code THREADID (NIL)} for a message without a thread (RFC 8474 says
     * {@code THREADID NIL}). Grammatically {@code NIL} in parentheses is an objectid, so reading
     * it as the id "NIL" is defensible, but the meaning is "no thread id".
     */
    @Test
    void threadIdInParenthesesMeansNone() throws Exception {
        Capture c = Capture.load("cyrus-fetch-bodystructure.txt");
        FetchData h = Capture.fetch(c.startingWith("* 1 FETCH (MODSEQ").get(0));
        assertNull(h.threadId());
    }
}
