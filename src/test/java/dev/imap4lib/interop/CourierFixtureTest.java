package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.Capability;
import dev.imap4lib.response.Enabled;
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

/** The typed parsers over replies captured from Courier-IMAP 5.0.13 (fixtures/courier-*.txt). */
class CourierFixtureTest {

    private static ListEntry list(RawResponse r, boolean utf8) {
        try {
            return ListEntry.parse(Capture.after(r, "* LIST "), utf8);
        } catch (Exception e) {
            throw new AssertionError(Capture.text(r), e);
        }
    }

    @Test
    void preauthCapabilityEnabledAndTheAlertGreeting() throws Exception {
        Capture c = Capture.load("courier-greeting-capability.txt");
        assertEquals("* PREAUTH Ready.", Capture.text(c.responses.get(0)), "no CAPABILITY code in the greeting");
        List<String> caps = Capability.parseCapabilities(Capture.after(c.first("* CAPABILITY "), "* CAPABILITY "));
        assertTrue(caps.containsAll(List.of("IMAP4rev1", "UIDPLUS", "ENABLE", "UTF8=ACCEPT", "IDLE")), caps.toString());
        List<RawResponse> enabled = c.startingWith("* ENABLED");
        assertEquals(2, enabled.size());
        for (RawResponse r : enabled) {
            Enabled e = Enabled.parse(Capture.after(r, "* ENABLED"));
            assertEquals(List.of("UTF8=ACCEPT"), e.capabilities(), "CONDSTORE is not enabled (not offered)");
        }
        // Without its FAM server Courier greets twice: an untagged OK [ALERT], then PREAUTH
        RawResponse alert = c.first("* OK [ALERT]");
        ResponseCode code = ResponseCode.parse(Capture.atCode(alert));
        assertTrue(code.isAlert());
        int i = c.responses.indexOf(alert);
        assertEquals("* PREAUTH Ready.", Capture.text(c.responses.get(i + 1)));
    }

    @Test
    void namespaceAndListInModifiedUtf7AndUtf8() throws Exception {
        Capture c = Capture.load("courier-list-namespace.txt");
        Namespaces ns = Namespaces.parse(Capture.after(c.first("* NAMESPACE "), "* NAMESPACE "));
        assertEquals("INBOX.", ns.personal().get(0).prefix());
        assertEquals('.', ns.personal().get(0).delimiter());
        assertTrue(ns.otherUsers().isEmpty(), "NIL");
        assertEquals(List.of("#shared.", "shared."), ns.shared().stream().map(Namespaces.Namespace::prefix).toList());

        List<RawResponse> lists = c.startingWith("* LIST ");
        assertEquals(3 + 1 + 4, lists.size());
        // before ENABLE: modified UTF-7, INBOX listed last, \Unmarked on INBOX
        ListEntry sub = list(lists.get(1), false);
        assertEquals("INBOX.Gr&APwA3w-e.Unter", sub.rawName());
        assertEquals("INBOX.Grüße.Unter", sub.name());
        assertEquals('.', sub.delimiter());
        ListEntry inbox = list(lists.get(2), false);
        assertEquals("INBOX", inbox.name());
        assertTrue(inbox.hasChildren());
        assertTrue(inbox.hasAttribute("\\Unmarked"));
        // after ENABLE UTF8=ACCEPT: the same mailboxes as UTF-8 quoted strings
        List<ListEntry> utf8 = lists.subList(4, 8).stream().map(r -> list(r, true)).toList();
        List<String> names = utf8.stream().map(ListEntry::name).toList();
        assertEquals(List.of("INBOX.Grüße", "INBOX.日本語", "INBOX.Grüße.Unter", "INBOX"), names);
        assertEquals("INBOX.日本語", utf8.get(1).rawName());
        assertEquals("NO", Capture.text(c.first("a4 NO")).substring(3, 5), "top-level CREATE refused");
    }

    @Test
    void selectAppendAndFetchOfAMultipart() throws Exception {
        Capture c = Capture.load("courier-fetch-bodystructure.txt");
        ResponseCode myRights = ResponseCode.parse(Capture.atCode(c.first("* OK [MYRIGHTS")));
        assertEquals("MYRIGHTS", myRights.name());
        assertTrue(myRights.argument().contains("acdilrsw"), myRights.argument());
        List<String> perm = ResponseCode.parse(Capture.atCode(c.first("* OK [PERMANENTFLAGS"))).permanentFlags();
        assertFalse(perm.contains("\\*"), "no keywords: " + perm);
        ResponseCode.AppendUid au = ResponseCode.parse(Capture.atCode(c.first("a3 OK [APPENDUID"))).appendUid();
        assertEquals("1", au.uids().toString());
        // a FETCH before NOOP announced the message: untagged NO, tagged OK
        RawResponse no = c.first("* NO Invalid message sequence number");
        assertEquals(RawResponse.Kind.UNTAGGED, no.kind());

        List<RawResponse> fetches = c.startingWith("* 1 FETCH ");
        FetchData f = Capture.fetch(fetches.get(0));
        assertEquals(1L, f.uid());
        assertEquals(List.of("\\Flagged"), f.flags());
        assertEquals(ZonedDateTime.of(2024, 3, 4, 9, 15, 0, 0, ZoneOffset.UTC).toInstant(), f.internalDate().toInstant());
        assertEquals("Fixture multipart", f.envelope().subject());
        BodyStructure b = f.bodyStructure();
        assertInstanceOf(BodyStructure.Multipart.class, b);
        assertEquals("mixed", b.subtype(), "Courier sends lower case");
        assertEquals("multipart/mixed", b.mimeType());
        BodyStructure.Text text = assertInstanceOf(BodyStructure.Text.class, b.parts().get(0));
        assertEquals("utf-8", text.parameter("CHARSET").orElseThrow(), "Courier lower-cases parameter values");
        assertEquals(42, text.size());
        BodyStructure att = b.find("2").orElseThrow();
        assertEquals("application/octet-stream", att.mimeType());
        assertEquals("daten.bin", att.filename().orElseThrow());
        assertEquals("attachment", att.disposition().orElseThrow().type());

        FetchData g = Capture.fetch(fetches.get(1));
        assertEquals(BodyStructure.Extensions.NONE, g.bodyStructure().extensions());
        assertTrue(new String(g.section("BODY[1.MIME]"), StandardCharsets.US_ASCII).startsWith("Content-Type: text/plain"));
        assertArrayEquals("AAECAwQFBgcICQoL".getBytes(StandardCharsets.US_ASCII), g.section("BODY[2]<0>"));

        for (RawResponse r : c.startingWith("* SEARCH")) {
            assertArrayEquals(new long[] {1}, SearchResult.parseSearch(Capture.after(r, "* SEARCH")).numbers());
        }
        FetchData stored = Capture.fetch(fetches.get(2));
        assertEquals(List.of("\\Flagged", "\\Deleted"), stored.flags());
    }
}
