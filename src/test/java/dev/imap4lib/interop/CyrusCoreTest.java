package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Imap4Ssl;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.client.State;
import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.Namespaces;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.sasl.Sasl;
import dev.imap4lib.testing.CyrusExtension;
import dev.imap4lib.testing.CyrusServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The core API against a real Cyrus IMAP 3.6 (classic INBOX/ namespace). */
@ExtendWith(CyrusExtension.class)
@Timeout(30)
class CyrusCoreTest {
    private static final Duration T = Duration.ofSeconds(10);

    private static ClientOptions opts() {
        return ClientOptions.defaults().withTimeout(T);
    }

    private static Imap4 login(CyrusServer c) throws Exception {
        Imap4 imap = new Imap4("localhost", c.imapPort(), opts());
        imap.login("user1", "pass1");
        return imap;
    }

    @Test
    void greetingStarttlsThenLogin(CyrusServer c) throws Exception {
        try (Imap4 imap = new Imap4("localhost", c.imapPort(), opts())) {
            assertTrue(imap.welcome().contains("Cyrus IMAP"), imap.welcome());
            assertEquals(State.NONAUTH, imap.state());
            assertTrue(imap.hasCapability("STARTTLS"), imap.capabilities().toString());
            assertTrue(imap.hasCapability("AUTH=PLAIN"));
            assertFalse(imap.hasCapability("LOGINDISABLED"), "allowplaintext: yes");
            assertTrue(imap.starttls(c.sslContext()).isOk());
            assertTrue(imap.isSecure());
            assertFalse(imap.hasCapability("STARTTLS"), imap.capabilities().toString());
            imap.login("user1", "pass1");
            assertEquals(State.AUTH, imap.state());
            // Cyrus quirk: the post-login capability list (also in LOGIN's OK code) has LOGINDISABLED
            assertTrue(imap.hasCapability("UIDPLUS"), imap.capabilities().toString());
            assertTrue(imap.hasCapability("LOGINDISABLED"), imap.capabilities().toString());
            assertTrue(imap.noop().isOk());
            assertEquals("BYE", imap.logout().type());
        }
    }

    @Test
    void implicitTls(CyrusServer c) throws Exception {
        try (Imap4Ssl imap = new Imap4Ssl("localhost", c.imapsPort(), c.sslContext(), T)) {
            assertTrue(imap.isSecure());
            assertFalse(imap.hasCapability("STARTTLS"));
            imap.login("user2", "pass2");
            SelectInfo s = imap.select("INBOX").value();
            assertTrue(s.uidValidity() > 0);
        }
    }

    @Test
    void saslMechanisms(CyrusServer c) throws Exception {
        for (String mech : new String[] {"PLAIN", "LOGIN", "CRAM-MD5"}) {
            try (Imap4 imap = new Imap4("localhost", c.imapPort(), opts())) {
                imap.authenticate(Sasl.create(mech, null, "user1", "pass1".toCharArray()));
                assertEquals(State.AUTH, imap.state(), mech);
            }
        }
        try (Imap4 imap = new Imap4("localhost", c.imapPort(), opts())) {
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.login("user1", "wrong"));
            assertEquals("NO", e.status());
            assertEquals(State.NONAUTH, imap.state());
        }
    }

    @Test
    void namespaceAndList(CyrusServer c) throws Exception {
        try (Imap4 imap = login(c)) {
            Namespaces ns = imap.namespace().value();
            assertEquals("INBOX/", ns.personal().get(0).prefix());
            assertEquals('/', ns.personal().get(0).delimiter());
            List<ListEntry> all = imap.list().value();
            List<String> names = all.stream().map(ListEntry::name).toList();
            assertTrue(names.containsAll(List.of("INBOX", "INBOX/Drafts", "INBOX/Sent", "INBOX/Trash", "INBOX/Junk")),
                    names.toString());
            ListEntry inbox = all.stream().filter(e -> e.name().equals("INBOX")).findFirst().orElseThrow();
            assertTrue(inbox.hasChildren());
            assertEquals('/', inbox.delimiter());
            // classic namespace: nothing may be created outside INBOX/
            assertEquals("NO", imap.create("Toplevel-" + UUID.randomUUID()).type());
        }
    }

    @Test
    void internationalMailboxNameGoesAsModifiedUtf7(CyrusServer c) throws Exception {
        String box = "INBOX/Grüße-" + UUID.randomUUID().toString().substring(0, 8);
        try (Imap4 imap = login(c)) {
            assertFalse(imap.utf8Enabled());
            assertTrue(imap.create(box).isOk());
            ListEntry e = imap.list("", box).value().get(0);
            assertEquals(box, e.name());
            assertTrue(e.rawName().startsWith("INBOX/Gr&APwA3w-e-"), e.rawName());
            assertTrue(imap.delete(box).isOk());
        }
    }

    @Test
    void mailboxMessageWorkflow(CyrusServer c) throws Exception {
        String box = "INBOX/interop-" + UUID.randomUUID();
        byte[] msg = Messages.multipart("Cyrus multipart");
        byte[] second = Messages.plain("Second one", "just text");
        try (Imap4 imap = login(c)) {
            assertTrue(imap.create(box).isOk());
            assertTrue(imap.list("", "INBOX/*").value().stream().anyMatch(e -> e.name().equals(box)));
            SelectInfo s0 = imap.select(box).value();
            assertEquals(0, s0.exists());
            assertTrue(s0.permanentFlags().contains("\\Deleted"), s0.permanentFlags().toString());

            ResponseCode.AppendUid a1 = imap.append(box, "(\\Flagged)", (String) null, msg).check().value();
            assertNotNull(a1, "APPENDUID (UIDPLUS)");
            assertEquals(s0.uidValidity(), a1.uidValidity());
            ResponseCode.AppendUid a2 = imap.append(box, null, (String) null, second).check().value();
            assertNotNull(a2);
            assertTrue(a2.uids().toString().compareTo("") > 0);

            assertTrue(imap.noop().isOk());
            List<FetchData> f = imap.fetch("1:*", "(FLAGS UID ENVELOPE BODYSTRUCTURE)").check().value();
            assertEquals(2, f.size());
            FetchData m1 = f.get(0);
            assertTrue(m1.hasFlag("\\Flagged"), m1.flags().toString());
            assertEquals(a1.uids().toString(), Long.toString(m1.uid()));
            assertEquals("Cyrus multipart", m1.envelope().subject());
            assertEquals("alice", m1.envelope().from().get(0).mailbox());
            BodyStructure b = m1.bodyStructure();
            assertInstanceOf(BodyStructure.Multipart.class, b);
            assertEquals("multipart/mixed", b.mimeType());
            assertEquals(2, b.parts().size());
            assertEquals("text/plain", b.parts().get(0).mimeType());
            assertEquals("UTF-8", b.parts().get(0).parameter("charset").orElseThrow());
            BodyStructure att = b.find("2").orElseThrow();
            assertEquals("application/octet-stream", att.mimeType());
            assertEquals("daten.bin", att.filename().orElseThrow());
            assertEquals("attachment", att.disposition().orElseThrow().type().toLowerCase());

            FetchData raw = imap.fetch("1", "(BODY.PEEK[])").check().value().get(0);
            assertArrayEquals(msg, raw.section("BODY[]"));
            FetchData part = imap.fetch("1", "(BODY.PEEK[2])").check().value().get(0);
            assertArrayEquals(java.util.Base64.getMimeDecoder().decode(part.section("BODY[2]")), Messages.ATTACHMENT);
            assertFalse(imap.fetch("1", "FLAGS").value().get(0).hasFlag("\\Seen"), "PEEK left \\Seen unset");

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
            assertTrue(imap.delete(box).isOk());
        }
    }
}
