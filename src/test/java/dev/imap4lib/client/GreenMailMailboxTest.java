package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.Quota;
import dev.imap4lib.response.QuotaRoot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mailbox commands against GreenMail (hierarchy delimiter "."): CREATE, DELETE, RENAME,
 * SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS, SELECT, EXAMINE, CHECK, UNSELECT, GETQUOTAROOT,
 * GETQUOTA, SETQUOTA. Server state is checked through a second connection or GreenMail's store.
 */
@Timeout(60)
class GreenMailMailboxTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    /** "Grüße" and "日本語" in modified UTF-7 (RFC 3501 5.1.3). */
    static final String GRUSSE_UTF7 = "Gr&APwA3w-e";
    static final String NIHONGO_UTF7 = "&ZeVnLIqe-";

    @BeforeEach
    void user() {
        Gm.addUser(greenMail);
    }

    /** The mailbox names in LIST/LSUB data as sent by the server (quoted strings unquoted). */
    static List<String> names(Result<?> r) {
        return r.data().stream().filter(o -> o != null).map(o -> {
            String s = new String((byte[]) o, StandardCharsets.UTF_8);
            // (attrs) "." name
            String name = s.substring(s.indexOf(')') + 1).trim();
            name = name.substring(name.indexOf(' ') + 1).trim();
            if (name.startsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            return name;
        }).toList();
    }

    static List<String> listAll() throws Exception {
        try (Imap4 fresh = Gm.login(greenMail)) {
            Result<?> r = fresh.list();
            assertEquals("OK", r.type());
            return names(r);
        }
    }

    @Test
    void createListDeleteWithHierarchy() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            assertEquals("OK", imap.create("Projects").type());
            assertEquals("OK", imap.create("Projects.2024").type());
            assertEquals("OK", imap.create("Projects.2025").type());
            assertEquals("OK", imap.create("Projects.2024.Q1").type());

            Result<?> all = imap.list();
            assertEquals("OK", all.type());
            String text = Gm.dataText(all);
            assertTrue(text.contains("\".\""), "delimiter: " + text);
            assertTrue(names(all).containsAll(List.of("INBOX", "Projects", "Projects.2024", "Projects.2025",
                    "Projects.2024.Q1")), text);
            List<ListEntry> entries = imap.list().value();
            assertEquals(names(all).size(), entries.size());
            assertEquals(names(all), entries.stream().map(ListEntry::rawName).toList());
            assertTrue(entries.stream().allMatch(e -> Character.valueOf('.').equals(e.delimiter())), entries.toString());
            assertTrue(entries.stream().anyMatch(e -> e.name().equals("INBOX")));

            // % does not descend, * does
            Result<List<ListEntry>> pct = imap.list("", "Projects.%");
            List<String> children = names(pct);
            assertEquals(List.of("Projects.2024", "Projects.2025"), children.stream().sorted().toList());
            assertEquals(List.of("Projects.2024", "Projects.2025"),
                    pct.value().stream().map(ListEntry::name).sorted().toList());
            List<String> deep = names(imap.list("Projects.", "*"));
            assertTrue(deep.containsAll(List.of("Projects.2024", "Projects.2024.Q1", "Projects.2025")), deep.toString());

            // nothing matches: imaplib's [None]
            Result<?> none = imap.list("", "NoSuchThing*");
            assertEquals("OK", none.type());
            assertEquals(1, none.data().size());
            assertNull(none.data().get(0));
            assertTrue(((List<?>) none.value()).isEmpty());

            assertEquals("OK", imap.delete("Projects.2024.Q1").type());
        }
        List<String> after = listAll();
        assertFalse(after.contains("Projects.2024.Q1"), after.toString());
        assertTrue(after.contains("Projects.2024"), after.toString());
        assertNull(Gm.folder(greenMail, "Projects.2024.Q1"));
        assertNotNull(Gm.folder(greenMail, "Projects.2025"));
    }

    @Test
    void createExistingAndDeleteMissingAreNoNotExceptions() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.create("Dup");
            Result<Void> again = imap.create("Dup");
            assertEquals("NO", again.type());
            assertFalse(again.isOk());
            assertThrows(Imap4Exception.class, again::check);
            Result<Void> missing = imap.delete("Missing");
            assertEquals("NO", missing.type());
            assertEquals("OK", imap.noop().type());
        }
    }

    @Test
    void renameMovesTheMailboxAndItsMessages() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.create("Old Name");
            Gm.append(imap, "Old Name", Gm.message("kept", "across rename"));
            assertEquals("OK", imap.rename("Old Name", "New Name").type());
        }
        List<String> names = listAll();
        assertTrue(names.contains("New Name"), names.toString());
        assertFalse(names.contains("Old Name"), names.toString());
        assertEquals(1, Gm.folder(greenMail, "New Name").getMessageCount());
        try (Imap4 fresh = Gm.login(greenMail)) {
            assertEquals(1, fresh.select("New Name").value().exists());
            assertEquals("NO", fresh.rename("Old Name", "Other").type());
        }
    }

    @Test
    void namesWithSpacesAndQuotesRoundTrip() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        try (Imap4 imap = Gm.connect(greenMail, trace.options())) {
            imap.login(Gm.USER, Gm.PASSWORD);
            assertEquals("OK", imap.create("My Folder").type());
            // GreenMail stores the quotes but lists the name without escaping them ("Say "hi""), so
            // only the store is checked for that one
            assertEquals("OK", imap.create("Say \"hi\"").type());
            Gm.append(imap, "My Folder", Gm.message("spaced", "x"));
            assertEquals(1, imap.select("My Folder").value().exists());
        }
        assertTrue(trace.sent().stream().anyMatch(l -> l.endsWith("CREATE \"My Folder\"")), trace.text());
        assertNotNull(Gm.folder(greenMail, "My Folder"));
        assertNotNull(Gm.folder(greenMail, "Say \"hi\""));
        try (Imap4 fresh = Gm.login(greenMail)) {
            List<ListEntry> entries = fresh.list("", "My*").value();
            assertEquals(1, entries.size(), entries.toString());
            assertEquals("My Folder", entries.get(0).name());
            assertEquals(Character.valueOf('.'), entries.get(0).delimiter());
        }
    }

    @Test
    void nonAsciiNamesAreSentAsModifiedUtf7() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        String name = "Grüße/日本語";
        String wire = GRUSSE_UTF7 + "/" + NIHONGO_UTF7;
        try (Imap4 imap = Gm.connect(greenMail, trace.options())) {
            imap.login(Gm.USER, Gm.PASSWORD);
            assertEquals("OK", imap.create(name).type());
            // hierarchy with non-ASCII on both levels
            assertEquals("OK", imap.create("Grüße.日本語").type());
            Gm.append(imap, name, Gm.message("unicode box", "x"));
            Result<SelectInfo> sel = imap.select(name);
            assertEquals("OK", sel.type());
            assertEquals(1, sel.value().exists());
            Result<?> st = imap.status("Grüße.日本語", "(MESSAGES)");
            assertEquals("OK", st.type());
            assertTrue(Gm.dataText(st).contains(GRUSSE_UTF7 + "." + NIHONGO_UTF7), Gm.dataText(st));
        }
        assertTrue(trace.sent().stream().anyMatch(l -> l.endsWith("CREATE " + wire)), trace.text());
        assertFalse(trace.text().contains("Grüße"), "names must never be sent raw: " + trace.text());
        // the server stored the encoded names
        // GreenMail decodes modified UTF-7 and keeps the Unicode names
        assertNotNull(Gm.folder(greenMail, name));
        assertNotNull(Gm.folder(greenMail, "Grüße.日本語"));
        assertEquals(1, Gm.folder(greenMail, name).getMessageCount());
        try (Imap4 fresh = Gm.login(greenMail)) {
            List<ListEntry> entries = fresh.list().value();
            ListEntry box = entries.stream().filter(e -> e.rawName().equals(wire)).findFirst().orElseThrow();
            assertEquals(name, box.name(), "LIST returns the decoded name");
            ListEntry child = entries.stream().filter(e -> e.rawName().equals(GRUSSE_UTF7 + "." + NIHONGO_UTF7))
                    .findFirst().orElseThrow();
            assertEquals("Grüße.日本語", child.name());
            assertTrue(entries.stream().anyMatch(e -> e.name().equals("Grüße")), entries.toString());
            // a pattern with non-ASCII is encoded too
            List<ListEntry> under = fresh.list("", "Grüße.*").value();
            assertEquals(List.of("Grüße.日本語"), under.stream().map(ListEntry::name).toList());
            MailboxStatus st = fresh.status(name, "(MESSAGES)").value();
            assertEquals(name, st.name());
            assertEquals(1L, st.messages());
        }
        List<String> listed = listAll();
        assertTrue(listed.contains(wire), listed.toString());
        assertTrue(listed.contains(GRUSSE_UTF7 + "." + NIHONGO_UTF7), listed.toString());
        try (Imap4 fresh = Gm.login(greenMail)) {
            assertEquals("OK", fresh.rename(name, "Ärger").type());
            assertEquals("OK", fresh.delete("Grüße.日本語").type());
        }
        assertNull(Gm.folder(greenMail, name));
        assertNull(Gm.folder(greenMail, "Grüße.日本語"));
        assertEquals(1, Gm.folder(greenMail, "Ärger").getMessageCount());
        List<String> after = listAll();
        assertTrue(after.contains("&AMQ-rger"), after.toString());
        try (Imap4 fresh = Gm.login(greenMail)) {
            assertTrue(fresh.list().value().stream().anyMatch(e -> e.name().equals("Ärger")));
        }
        assertFalse(after.contains(GRUSSE_UTF7 + "." + NIHONGO_UTF7), after.toString());
    }

    @Test
    void subscribeUnsubscribeLsub() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.create("News");
            imap.create("News.Java");
            Result<?> empty = imap.lsub("", "*");
            assertEquals("OK", empty.type());
            assertNull(empty.data().get(0), "nothing subscribed yet");
            assertEquals("OK", imap.subscribe("News.Java").type());
        }
        try (Imap4 fresh = Gm.login(greenMail)) {
            Result<List<ListEntry>> lsub = fresh.lsub("", "*");
            List<String> subscribed = names(lsub);
            assertTrue(subscribed.contains("News.Java"), subscribed.toString());
            assertEquals(List.of("News.Java"), lsub.value().stream().map(ListEntry::name).toList());
            assertFalse(subscribed.contains("News"), subscribed.toString());
            assertEquals("OK", fresh.unsubscribe("News.Java").type());
        }
        try (Imap4 fresh = Gm.login(greenMail)) {
            List<String> subscribed = names(fresh.lsub("", "*"));
            assertFalse(subscribed.contains("News.Java"), subscribed.toString());
        }
    }

    @Test
    void statusReportsCounts() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.create("Box");
            imap.append("Box", "(\\Seen)", (String) null, Gm.message("a", "1"));
            imap.append("Box", null, (String) null, Gm.message("b", "2"));
            imap.append("Box", null, (String) null, Gm.message("c", "3"));
            Result<?> st = imap.status("Box", "MESSAGES UNSEEN UIDNEXT RECENT");
            assertEquals("OK", st.type());
            assertEquals("STATUS", st.command());
            String text = Gm.dataText(st);
            assertTrue(text.contains("MESSAGES 3"), text);
            assertTrue(text.contains("UNSEEN 2"), text);
            assertTrue(text.contains("UIDNEXT 4"), text);
            MailboxStatus v = (MailboxStatus) st.value();
            assertEquals("Box", v.name());
            assertEquals(3L, v.messages());
            assertEquals(2L, v.unseen());
            assertEquals(4L, v.uidNext());
            assertEquals(3L, v.recent());
            assertNull(v.uidValidity(), "not asked for");
            Result<?> missing = imap.status("NoSuchBox", "(MESSAGES)");
            assertEquals("NO", missing.type());
            assertNull(missing.value());
        }
    }

    @Test
    void selectDescribesTheMailbox() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.append("INBOX", "(\\Seen)", (String) null, Gm.message("a", "1"));
            imap.append("INBOX", null, (String) null, Gm.message("b", "2"));
            Result<SelectInfo> sel = imap.select("INBOX");
            assertEquals("OK", sel.type());
            assertEquals(State.SELECTED, imap.state());
            assertFalse(imap.isReadOnly());
            // imaplib: the data is the EXISTS count
            assertEquals(List.of("2"), sel.data().stream().map(o -> new String((byte[]) o, StandardCharsets.US_ASCII)).toList());
            SelectInfo info = sel.value();
            assertEquals(2, info.exists());
            assertEquals(2, info.recent());
            assertEquals(2, info.firstUnseen());
            assertEquals(3, info.uidNext());
            assertEquals(Gm.folder(greenMail, "INBOX").getUidValidity(), info.uidValidity());
            assertTrue(info.flags().containsAll(List.of("\\Seen", "\\Deleted", "\\Flagged")), info.flags().toString());
            assertTrue(info.permanentFlags().contains("\\*"), info.permanentFlags().toString());
            assertFalse(info.readOnly());
            assertEquals(-1, info.highestModSeq());
            assertNotNull(sel.code());
            assertEquals("READ-WRITE", sel.code().name());
        }
    }

    @Test
    void examineIsReadOnlyAndSelectAgainIsNot() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            Gm.append(imap, "INBOX", Gm.message("a", "1"));
            Result<SelectInfo> ex = imap.examine("INBOX");
            assertEquals("OK", ex.type());
            assertEquals("EXAMINE", ex.command());
            assertTrue(ex.value().readOnly());
            assertTrue(imap.isReadOnly());
            assertTrue(ex.code().isReadOnly());
            assertEquals(1, ex.value().exists());
            assertEquals(State.SELECTED, imap.state());
            Result<SelectInfo> sel = imap.select("INBOX");
            assertFalse(sel.value().readOnly());
            assertFalse(imap.isReadOnly());
        }
    }

    @Test
    void selectOfAMissingMailboxIsNoAndDeselects() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.select("INBOX");
            assertEquals(State.SELECTED, imap.state());
            Result<SelectInfo> r = imap.select("Nowhere");
            assertEquals("NO", r.type());
            assertNull(r.value());
            assertEquals(State.AUTH, imap.state());
            assertThrows(Imap4Exception.class, () -> imap.fetch("1", "(FLAGS)"));
        }
    }

    @Test
    void checkAndUnsupportedUnselect() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.select("INBOX");
            assertEquals("OK", imap.check().type());
            // GreenMail does not offer UNSELECT: it answers BAD, which throws; we stay selected
            assertFalse(imap.hasCapability("UNSELECT"));
            Imap4Exception e = assertThrows(Imap4Exception.class, imap::unselect);
            assertFalse(e instanceof Imap4AbortException);
            assertEquals("BAD", e.status());
            assertEquals(State.SELECTED, imap.state());
            assertEquals("OK", imap.noop().type());
        }
    }

    @Test
    void unknownCommandIsBadAndTheSessionContinues() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            Imap4Exception e = assertThrows(Imap4Exception.class, imap::namespace);
            assertEquals("BAD", e.status());
            assertFalse(e instanceof Imap4AbortException);
            Imap4Exception x = assertThrows(Imap4Exception.class, () -> imap.xatom("XFOO", "bar"));
            assertEquals("BAD", x.status());
            assertTrue(imap.isAlive());
            assertEquals("OK", imap.noop().type());
        }
    }

    @Test
    void quotaRootAndQuota() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            assertTrue(imap.hasCapability("QUOTA"));
            Result<?> set = imap.setQuota("INBOX", "(STORAGE 512)");
            assertEquals("OK", set.type(), set.toString());
            Gm.append(imap, "INBOX", Gm.message("quota", "x".repeat(4000)));

            Result<Imap4.QuotaRoots> qr = imap.getQuotaRoot("INBOX");
            assertEquals("OK", qr.type());
            // imaplib: [quotaroot data, quota data]
            assertEquals(2, qr.data().size());
            String roots = qr.data().get(0).toString();
            assertNotNull(roots);
            assertEquals(1, qr.value().roots().size());
            assertEquals(1, qr.value().quotas().size());
            @SuppressWarnings("unchecked")
            List<Object> quotaData = (List<Object>) qr.data().get(1);
            String q = new String((byte[]) quotaData.get(0), StandardCharsets.UTF_8);
            assertTrue(q.startsWith("\"INBOX\" (STORAGE "), q);
            assertTrue(q.endsWith(" 512)"), q);

            QuotaRoot root = qr.value().roots().get(0);
            assertEquals("INBOX", root.mailbox());
            Quota typed = qr.value().quotas().get(0);
            assertEquals("INBOX", typed.root());
            assertEquals(1, typed.resources().size());
            assertEquals("STORAGE", typed.resources().get(0).name());
            assertEquals(512, typed.resources().get(0).limit());
            assertTrue(typed.resources().get(0).usage() >= 0);

            Result<List<Quota>> quota = imap.getQuota("INBOX");
            assertEquals("OK", quota.type());
            assertEquals(List.of(typed), quota.value());
            assertTrue(Gm.dataText(quota).contains("STORAGE"), Gm.dataText(quota));
            assertEquals("NO", imap.getQuota("no-such-root").type());
        }
    }
}
