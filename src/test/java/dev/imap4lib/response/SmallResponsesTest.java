package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.after;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.Namespaces.Namespace;
import dev.imap4lib.wire.ResponseFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallResponsesTest {

    static Namespaces ns(String s) throws ResponseFormatException {
        return Namespaces.parse(after(s, "NAMESPACE"));
    }

    @Test
    void rfc2342Namespaces() throws Exception {
        Namespaces a = ns("* NAMESPACE ((\"\" \"/\")) NIL NIL");
        assertEquals(List.of(new Namespace("", '/', Map.of())), a.personal());
        assertEquals(List.of(), a.otherUsers());
        assertEquals(List.of(), a.shared());
        assertEquals(List.of(new Namespace("", '.', Map.of())), ns("* NAMESPACE NIL NIL ((\"\" \".\"))").shared());
        assertEquals("Public Folders/", ns("* NAMESPACE ((\"\" \"/\")) NIL ((\"Public Folders/\" \"/\"))").shared().get(0).prefix());
        Namespaces d = ns("* NAMESPACE ((\"\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#public/\" \"/\")"
                + "(\"#ftp/\" \"/\")(\"#news.\" \".\"))");
        assertEquals("~", d.otherUsers().get(0).prefix());
        assertEquals(4, d.shared().size());
        assertEquals('.', d.shared().get(3).delimiter());
        assertEquals("INBOX.", ns("* NAMESPACE ((\"INBOX.\" \".\")) NIL  NIL").personal().get(0).prefix());
        Namespaces x = ns("* NAMESPACE ((\"\" \"/\")(\"#mh/\" \"/\" \"X-PARAM\" (\"FLAG1\" \"FLAG2\"))) NIL NIL");
        assertEquals(Map.of("X-PARAM", List.of("FLAG1", "FLAG2")), x.personal().get(1).extensions());
        assertNull(ns("* NAMESPACE ((\"\" NIL)) NIL NIL").personal().get(0).delimiter());
        for (String bad : new String[] {"* NAMESPACE ((\"\" \"/\")) NIL", "* NAMESPACE ((\"\" \"/\") NIL NIL",
            "* NAMESPACE ((\"\" \"//\")) NIL NIL", "* NAMESPACE ((\"\" \"/\" \"X\")) NIL NIL"}) {
            assertThrows(ResponseFormatException.class, () -> ns(bad), bad);
        }
    }

    @Test
    void quota() throws Exception {
        QuotaRoot r = QuotaRoot.parse(after("* QUOTAROOT INBOX \"\"", "QUOTAROOT"), false);
        assertEquals("INBOX", r.mailbox());
        assertEquals(List.of(""), r.roots());
        assertEquals(List.of(), QuotaRoot.parse(after("* QUOTAROOT comp.mail.mime", "QUOTAROOT"), false).roots());
        assertEquals(List.of("#user/alice", "!partition/sda4"),
                QuotaRoot.parse(after("* QUOTAROOT INBOX \"#user/alice\" \"!partition/sda4\"", "QUOTAROOT"), false).roots());
        Quota q = Quota.parse(after("* QUOTA \"\" (STORAGE 10 512)", "QUOTA"));
        assertEquals("", q.root());
        assertEquals(List.of(new Quota.Resource("STORAGE", 10, 512)), q.resources());
        Quota q2 = Quota.parse(after("* QUOTA \"#user/alice\" (MESSAGE 42 1000 storage 104 10923847)", "QUOTA"));
        assertEquals(new Quota.Resource("STORAGE", 104, 10923847), q2.resources().get(1));
        for (String bad : new String[] {"* QUOTA \"\" (STORAGE 10)", "* QUOTA \"\" (STORAGE 10 512", "* QUOTA \"\" STORAGE"}) {
            assertThrows(ResponseFormatException.class, () -> Quota.parse(after(bad, "QUOTA")), bad);
        }
    }

    @Test
    void rfc4314Acl() throws Exception {
        Acl a = Acl.parse(after("* ACL INBOX Fred rwipsldexta -Bob w \"Sam Smith\" lr", "ACL"), false);
        assertEquals("INBOX", a.mailbox());
        assertEquals(List.of("Fred", "-Bob", "Sam Smith"), List.copyOf(a.rights().keySet()));
        assertEquals("rwipsldexta", a.rights().get("Fred"));
        assertThrows(ResponseFormatException.class, () -> Acl.parse(after("* ACL INBOX Fred", "ACL"), false));
        assertEquals(a, Acl.parse(after("* ACL INBOX Fred rwipsldexta -Bob w \"Sam Smith\" lr", "ACL")));
        MyRights m = MyRights.parse(after("* MYRIGHTS INBOX rwiptsldaex", "MYRIGHTS"), false);
        assertTrue(m.has('w'));
        assertEquals("rwiptsldaex", m.rights());
        ListRights l = ListRights.parse(after("* LISTRIGHTS ~/Mail/saved smith la r swicdkxte", "LISTRIGHTS"), false);
        assertEquals("~/Mail/saved", l.mailbox());
        assertEquals("smith", l.identifier());
        assertEquals("la", l.required());
        assertEquals(List.of("r", "swicdkxte"), l.optional());
        assertEquals("", ListRights.parse(after("* LISTRIGHTS INBOX bob \"\" l", "LISTRIGHTS"), false).required());
    }

    @Test
    void rfc5464Metadata() throws Exception {
        Metadata a = Metadata.parse(after("* METADATA \"\" (/shared/comment \"Shared comment\")", "METADATA"), false);
        assertEquals("", a.mailbox());
        assertEquals("Shared comment", a.value("/shared/comment"));
        Metadata b = Metadata.parse(after("* METADATA \"INBOX\" (/shared/comment \"Shared comment\" "
                + "/private/comment {15}\r\nMy own\r\ncomment /private/x NIL)", "METADATA"), false);
        assertEquals(List.of("/shared/comment", "/private/comment", "/private/x"), List.copyOf(b.entries().keySet()));
        assertArrayEquals("My own\r\ncomment".getBytes(StandardCharsets.US_ASCII), b.entries().get("/private/comment"));
        assertTrue(b.entries().containsKey("/private/x"));
        assertNull(b.value("/private/x"));
        Metadata c = Metadata.parse(after("* METADATA INBOX /shared/comment /private/comment", "METADATA"), false);
        assertEquals(List.of("/shared/comment", "/private/comment"), c.changed());
        assertTrue(c.entries().isEmpty());
        for (String bad : new String[] {"* METADATA INBOX", "* METADATA INBOX (/shared/comment)", "* METADATA INBOX (/a \"b\""}) {
            assertThrows(ResponseFormatException.class, () -> Metadata.parse(after(bad, "METADATA"), false), bad);
        }
    }

    @Test
    void annotateMore() throws Exception {
        Annotation a = Annotation.parse(after("* ANNOTATION \"INBOX\" \"/comment\" (\"value.shared\" \"Shared\" "
                + "\"value.priv\" NIL)", "ANNOTATION"), false);
        assertEquals("INBOX", a.mailbox());
        assertEquals("/comment", a.entry());
        assertEquals("Shared", a.attributes().get("value.shared"));
        assertTrue(a.attributes().containsKey("value.priv"));
        assertThrows(ResponseFormatException.class,
                () -> Annotation.parse(after("* ANNOTATION \"INBOX\" \"/comment\" (\"value.shared\")", "ANNOTATION"), false));
    }

    @Test
    void rfc2971Id() throws Exception {
        IdResponse id = IdResponse.parse(after("* ID (\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" \"sunos\" "
                + "\"os-version\" \"5.5\" \"support-url\" \"mailto:cyrus-bugs+@andrew.cmu.edu\")", "ID"));
        assertEquals("Cyrus", id.get("NAME"));
        assertEquals(5, id.fields().size());
        assertEquals("mailto:cyrus-bugs+@andrew.cmu.edu", id.fields().get("support-url"));
        assertTrue(IdResponse.parse(after("* ID NIL", "ID")).fields().isEmpty());
        assertNull(IdResponse.parse(after("* ID (\"vendor\" NIL)", "ID")).get("vendor"));
        assertThrows(ResponseFormatException.class, () -> IdResponse.parse(after("* ID (\"name\")", "ID")));
        assertThrows(ResponseFormatException.class, () -> IdResponse.parse(after("* ID (\"name\" \"x\"", "ID")));
    }

    @Test
    void enabledAndCapabilities() throws Exception {
        Enabled e = Enabled.parse(after("* ENABLED CONDSTORE QRESYNC", "ENABLED"));
        assertEquals(List.of("CONDSTORE", "QRESYNC"), e.capabilities());
        assertTrue(e.contains("qresync"));
        assertEquals(List.of(), Enabled.parse(after("* ENABLED", "ENABLED")).capabilities());
        assertEquals(List.of("IMAP4rev1", "STARTTLS", "AUTH=GSSAPI", "LOGINDISABLED"),
                Capability.parseCapabilities(after("* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED", "CAPABILITY")));
        assertThrows(ResponseFormatException.class, () -> Enabled.parse(after("* ENABLED (X)", "ENABLED")));
    }
}
