package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4Stream;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.client.State;
import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.Namespaces;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.testing.CourierExtension;
import dev.imap4lib.testing.CourierServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core API over the stream transport against a real Courier-IMAP 5 (PREAUTH on stdin/stdout). */
@ExtendWith(CourierExtension.class)
@Timeout(30)
class CourierCoreTest {
    private static final Duration T = Duration.ofSeconds(10);

    private static ClientOptions opts() {
        return ClientOptions.defaults().withTimeout(T);
    }

    @Test
    void preauthGreetingAndCapabilities(CourierServer c) throws Exception {
        try (Imap4Stream imap = new Imap4Stream(c.streamCommandLine(), opts())) {
            assertEquals(State.AUTH, imap.state(), "PREAUTH greeting: " + imap.welcome());
            assertTrue(imap.welcome().startsWith("* PREAUTH"), imap.welcome());
            // the greeting has no CAPABILITY code: the client must have asked
            assertTrue(imap.hasCapability("UTF8=ACCEPT"), imap.capabilities().toString());
            assertTrue(imap.hasCapability("UIDPLUS"));
            assertTrue(imap.hasCapability("ENABLE"));
            Namespaces ns = imap.namespace().value();
            assertEquals("INBOX.", ns.personal().get(0).prefix());
            assertEquals('.', ns.personal().get(0).delimiter());
            assertEquals("BYE", imap.logout().type());
        }
        assertFalse(c.stderr().isEmpty(), "Courier's log lines went to the stderr file");
    }

    /**
     * Without its FAM server Courier sends {@code * OK [ALERT] Filesystem notification
     * initialization error ...} and only then {@code * PREAUTH Ready.} (a second greeting, which
     * RFC 3501 does not allow). The client keeps the first line as the greeting and takes the
     * late PREAUTH (it arrives with the CAPABILITY answer) as the server's word that we are in.
     */
    @Test
    void alertBeforePreauthWithoutFamServer(CourierServer c) throws Exception {
        try (Imap4Stream imap = new Imap4Stream(c.streamCommandLine(false), opts())) {
            assertTrue(imap.welcome().contains("[ALERT]"), imap.welcome());
            assertEquals(State.AUTH, imap.state(), "greeting: " + imap.welcome());
            assertTrue(imap.select("INBOX").isOk());
        }
    }

    @Test
    void closeEndsTheProcess(CourierServer c) throws Exception {
        Imap4Stream imap = new Imap4Stream(c.streamCommandLine(), opts());
        Process p = imap.process();
        imap.close();
        assertTrue(p.waitFor(5, TimeUnit.SECONDS));
    }

    @Test
    void utf8AcceptMailboxName(CourierServer c) throws Exception {
        String box = "INBOX.Grüße-日本-" + UUID.randomUUID().toString().substring(0, 8);
        try (Imap4Stream imap = new Imap4Stream(c.streamCommandLine(), opts())) {
            assertFalse(imap.utf8Enabled());
            List<String> enabled = imap.enable("UTF8=ACCEPT").check().value();
            assertTrue(enabled.contains("UTF8=ACCEPT"), enabled.toString());
            assertTrue(imap.utf8Enabled());
            assertTrue(imap.create(box).check().isOk());
            List<ListEntry> l = imap.list("", "INBOX.*").value();
            ListEntry e = l.stream().filter(x -> x.name().equals(box)).findFirst().orElseThrow(() -> new AssertionError(l));
            assertEquals(box, e.rawName(), "sent and listed as UTF-8");
            SelectInfo s = imap.select(box).check().value();
            assertEquals(0, s.exists());
            byte[] msg = ("Subject: Grüße\r\nFrom: jörg@example.de\r\n\r\nüber\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            // with a flag list: Courier refuses `APPEND box UTF8 (~{n}` without one, see below
            ResponseCode.AppendUid a = imap.append(box, "(\\Seen)", (String) null, msg).check().value();
            assertNotNull(a, "APPENDUID");
            // Courier announces the new message (EXISTS) only at the next command that may
            // (NOOP); a FETCH before gets `* NO Invalid message sequence number: 1` + tagged OK
            assertTrue(imap.noop().isOk());
            FetchData f = imap.fetch("1", "(ENVELOPE BODY.PEEK[])").check().value().get(0);
            assertArrayEquals(msg, f.section("BODY[]"));
            assertEquals("Grüße", f.envelope().subject());
            assertTrue(imap.closeMailbox().isOk());
            assertTrue(imap.delete(box).check().isOk());
        }
        // on disk: Courier's maildir++ folder name is UTF-8 as well
        try (var s = Files.list(c.maildir())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().equals("." + box.substring(6))), "deleted");
        }
    }

    /**
     * RFC 6855 {@code APPEND mbox UTF8 (~{n}...)}: Courier 5.0.13 answers {@code NO Error in IMAP
     * command received by server.} at once unless a flag list or a date precedes {@code UTF8}
     * ({@code APPEND mbox () UTF8 (~{n}} works, checked by hand).
     */
    @Test
    void utf8AppendWithoutFlags(CourierServer c) throws Exception {
        String box = "INBOX.utf8-append-" + UUID.randomUUID();
        try (Imap4Stream imap = new Imap4Stream(c.streamCommandLine(), opts())) {
            imap.enable("UTF8=ACCEPT").check();
            imap.create(box).check();
            byte[] msg = "Subject: ohne Flags\r\n\r\nx\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertNotNull(imap.append(box, null, (String) null, msg).check().value());
            assertTrue(imap.delete(box).isOk());
        }
    }

    @Test
    void mailboxMessageWorkflow(CourierServer c) throws Exception {
        String box = "INBOX.interop-" + UUID.randomUUID();
        byte[] msg = Messages.multipart("Courier multipart");
        byte[] second = Messages.plain("Second one", "just text");
        try (Imap4Stream imap = new Imap4Stream(c.streamCommandLine(), opts())) {
            assertTrue(imap.create(box).check().isOk());
            List<String> names = imap.list().value().stream().map(ListEntry::name).toList();
            assertTrue(names.contains("INBOX") && names.contains(box), names.toString());
            SelectInfo s0 = imap.select(box).check().value();
            assertEquals(0, s0.exists());

            ResponseCode.AppendUid a1 = imap.append(box, "(\\Flagged)", (String) null, msg).check().value();
            assertNotNull(a1, "APPENDUID (UIDPLUS)");
            assertEquals(s0.uidValidity(), a1.uidValidity());
            ResponseCode.AppendUid a2 = imap.append(box, null, (String) null, second).check().value();
            assertNotNull(a2);

            assertTrue(imap.noop().isOk());
            List<FetchData> f = imap.fetch("1:*", "(FLAGS UID ENVELOPE BODYSTRUCTURE)").check().value();
            assertEquals(2, f.size(), f.toString());
            FetchData m1 = f.get(0);
            assertTrue(m1.hasFlag("\\Flagged"), m1.flags().toString());
            assertEquals(a1.uids().toString(), Long.toString(m1.uid()));
            assertEquals("Courier multipart", m1.envelope().subject());
            BodyStructure b = m1.bodyStructure();
            assertInstanceOf(BodyStructure.Multipart.class, b);
            assertEquals("multipart/mixed", b.mimeType());
            assertEquals(2, b.parts().size());
            assertEquals("text/plain", b.parts().get(0).mimeType());
            BodyStructure att = b.find("2").orElseThrow();
            assertEquals("application/octet-stream", att.mimeType());
            assertEquals("daten.bin", att.filename().orElseThrow());

            FetchData raw = imap.fetch("1", "(BODY.PEEK[])").check().value().get(0);
            assertArrayEquals(msg, raw.section("BODY[]"));
            FetchData part = imap.fetch("1", "(BODY.PEEK[2])").check().value().get(0);
            assertArrayEquals(Messages.ATTACHMENT, java.util.Base64.getMimeDecoder().decode(part.section("BODY[2]")));

            assertArrayEquals(new long[] {1}, imap.search(null, "SUBJECT", "\"multipart\"").value().numbers());
            assertArrayEquals(new long[] {2}, imap.search(null, "UNFLAGGED").value().numbers());
            assertArrayEquals(new long[] {1}, imap.search("UTF-8", "BODY", "\"Grüße\"").value().numbers());
            assertArrayEquals(new long[] {Long.parseLong(a2.uids().toString())},
                    imap.uidSearch(null, "TEXT", "\"just text\"").value().numbers());

            List<FetchData> st = imap.store("1", "+FLAGS", "(\\Deleted \\Seen)").check().value();
            assertTrue(st.get(0).hasFlag("\\Deleted"), st.toString());
            assertArrayEquals(new long[] {1}, imap.expunge().check().value());
            assertEquals(1, imap.fetch("1:*", "UID").value().size());
            assertTrue(imap.closeMailbox().isOk());
            assertTrue(imap.delete(box).check().isOk());
        }
    }
}
