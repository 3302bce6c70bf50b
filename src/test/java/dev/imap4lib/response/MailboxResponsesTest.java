package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.after;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.ResponseFormatException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailboxResponsesTest {

    static ListEntry list(String s) throws ResponseFormatException {
        return ListEntry.parse(after(s, s.contains("LSUB") ? "LSUB" : "LIST"), false);
    }

    @Test
    void rfc3501ListAndLsub() throws Exception {
        ListEntry a = list("* LIST (\\Noselect) \"/\" ~/Mail/foo");
        assertEquals(List.of("\\Noselect"), a.attributes());
        assertTrue(a.noSelect());
        assertEquals('/', a.delimiter());
        assertEquals("~/Mail/foo", a.name());
        ListEntry b = list("* LSUB () \".\" #news.comp.mail.misc");
        assertEquals('.', b.delimiter());
        assertEquals("#news.comp.mail.misc", b.rawName());
        assertFalse(b.noSelect());
        ListEntry c = list("* LIST (\\NoInferiors) NIL \"\"");
        assertNull(c.delimiter());
        assertEquals("", c.name());
        ListEntry d = list("* LIST (\\Noselect) \"\\\\\" \"a\\\\b\"");
        assertEquals('\\', d.delimiter());
        assertEquals("a\\b", d.name());
    }

    @Test
    void rfc9051ListExamples() throws Exception {
        ListEntry inbox = list("* LIST (\\Marked \\NoInferiors) \"/\" \"inbox\"");
        assertEquals("inbox", inbox.rawName());
        assertEquals("INBOX", inbox.name());
        ListEntry sub = list("* LIST () \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
        assertEquals(List.of("SUBSCRIBED"), sub.childInfo());
        ListEntry ren = list("* LIST () \"/\" \"NewMailbox\" (\"OLDNAME\" (\"OldMailbox\"))");
        assertEquals(Optional.of("OldMailbox"), ren.oldName());
        assertEquals(List.of(), ren.childInfo());
        ListEntry ne = list("* LIST (\\Subscribed \\NonExistent) \"/\" \"Vegetable/Broccoli\"");
        assertTrue(ne.noSelect());
        ListEntry lit = list("* LIST (\\HasChildren) \"/\" {8}\r\nMy \"Box\"");
        assertEquals("My \"Box\"", lit.name());
        assertTrue(lit.hasChildren());
    }

    @Test
    void specialUse() throws Exception {
        assertEquals(Optional.of("\\Sent"), list("* LIST (\\HasNoChildren \\sent) \"/\" \"Sent Items\"").specialUse());
        assertEquals(Optional.of("\\All"), list("* LIST (\\All \\HasNoChildren) \"/\" \"[Gmail]/All Mail\"").specialUse());
        assertEquals(Optional.of("\\Important"), list("* LIST (\\Important) \"/\" \"[Gmail]/Important\"").specialUse());
        assertEquals(Optional.empty(), list("* LIST () \"/\" x").specialUse());
        assertEquals("[Gmail]/All Mail", list("* LIST (\\All) \"/\" \"[Gmail]/All Mail\"").name());
        assertEquals("[Gmail]", list("* LIST (\\Noselect) \"/\" [Gmail]").name());
    }

    @Test
    void utf8NamesAreKept() throws Exception {
        ListEntry e = ListEntry.parse(after("* LIST () \"/\" \"Entw\u00fcrfe\"", "LIST"), true);
        assertEquals("Entw\u00fcrfe", e.name());
    }

    @Test
    void listMalformed() {
        for (String s : new String[] {
            "* LIST \\Noselect \"/\" foo",
            "* LIST (\\Noselect \"/\" foo",
            "* LIST () \"//\" foo",
            "* LIST () \"/\"",
            "* LIST () \"/\" foo (\"CHILDINFO\" (\"SUBSCRIBED\")",
            "* LIST () \"/\" \"foo",
        }) {
            assertThrows(ResponseFormatException.class, () -> list(s), s);
        }
    }

    @Test
    void status() throws Exception {
        MailboxStatus s = MailboxStatus.parse(after("* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)", "STATUS"), false);
        assertEquals("blurdybloop", s.name());
        assertEquals(231L, s.messages());
        assertEquals(44292L, s.uidNext());
        assertNull(s.unseen());
        MailboxStatus all = MailboxStatus.parse(after("* STATUS \"INBOX\" (MESSAGES 17 RECENT 1 UIDNEXT 4392 UIDVALIDITY 3857529045 "
                + "UNSEEN 2 DELETED 0 SIZE 1234567 HIGHESTMODSEQ 90060115205545359 APPENDLIMIT 35651584 X-FOO (1 2) MAILBOXID (F2212))",
                "STATUS"), false);
        assertEquals(1L, all.recent());
        assertEquals(3857529045L, all.uidValidity());
        assertEquals(2L, all.unseen());
        assertEquals(0L, all.deleted());
        assertEquals(1234567L, all.size());
        assertEquals(90060115205545359L, all.highestModSeq());
        assertEquals(35651584L, all.appendLimit());
        assertEquals(Map.of("X-FOO", "(1 2)", "MAILBOXID", "(F2212)"), all.other());
        MailboxStatus gmail = MailboxStatus.parse(after("* STATUS \"[Gmail]/Sent Mail\" ( messages 3  unseen 0 )", "STATUS"), false);
        assertEquals(3L, gmail.messages());
        assertEquals("[Gmail]/Sent Mail", gmail.name());
        assertNull(MailboxStatus.parse(after("* STATUS x (APPENDLIMIT NIL)", "STATUS"), false).appendLimit());
        for (String bad : new String[] {"* STATUS x (MESSAGES)", "* STATUS x (MESSAGES abc)", "* STATUS x (MESSAGES 1",
            "* STATUS x MESSAGES 1"}) {
            assertThrows(ResponseFormatException.class, () -> MailboxStatus.parse(after(bad, "STATUS"), false), bad);
        }
    }
}
