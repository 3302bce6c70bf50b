package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.PREAUTH;
import static dev.imap4lib.client.Fake.data;
import static dev.imap4lib.client.Fake.play;
import static dev.imap4lib.client.Fake.selectInbox;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.Acl;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.IdResponse;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.ListRights;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.Metadata;
import dev.imap4lib.response.MyRights;
import dev.imap4lib.response.Namespaces;
import dev.imap4lib.response.Quota;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.response.SequenceSet;
import dev.imap4lib.response.ThreadNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Commands GreenMail cannot exercise, played from the examples of their RFCs; checks the bytes
 * sent and imaplib's {@code (typ, data)} shapes.
 */
@Timeout(30)
class ExtensionCommandsTest {

    private static final String SELECT = "A0 SELECT INBOX\r\n";

    @Test
    void greetingWithoutCapabilitiesMakesTheClientAsk() throws Exception {
        play("""
                S: * OK IMAP4rev1 Service Ready
                C: A0 CAPABILITY
                S: * CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED
                S: A0 OK CAPABILITY completed
                C: A1 CAPABILITY
                S: * CAPABILITY IMAP4rev1 AUTH=PLAIN
                S: A1 OK CAPABILITY completed
                """, (server, imap) -> {
            assertEquals(List.of("IMAP4REV1", "STARTTLS", "AUTH=GSSAPI", "LOGINDISABLED"), imap.capabilities());
            assertEquals(State.NONAUTH, imap.state());
            Result<List<String>> r = imap.capability();
            assertEquals(List.of("IMAP4rev1 AUTH=PLAIN"), data(r));
            assertEquals(List.of("IMAP4REV1", "AUTH=PLAIN"), r.value());
            assertTrue(imap.hasCapability("auth=plain"));
            server.awaitDone();
            assertEquals("A0 CAPABILITY\r\nA1 CAPABILITY\r\n", server.clientText());
        });
    }

    // ------------------------------------------------------------------ RFC 4314 ACL

    @Test
    void getAclSetAclDeleteAclMyRightsListRights() throws Exception {
        play(PREAUTH + """
                C: A0 GETACL INBOX
                S: * ACL INBOX Fred rwipsldexta
                S: A0 OK Getacl complete
                C: A1 SETACL INBOX/Drafts John lrswicda
                S: A1 OK Setacl complete
                C: A2 SETACL INBOX/Drafts John lrQswicda
                S: A2 BAD Uppercase rights are not allowed
                C: A3 DELETEACL INBOX/Drafts John
                S: A3 OK Deleteacl complete
                C: A4 MYRIGHTS INBOX
                S: * MYRIGHTS INBOX rwiptsldaex
                S: A4 OK Myrights complete
                C: A5 LISTRIGHTS ~/Mail/saved smith
                S: * LISTRIGHTS ~/Mail/saved smith la r swicdkxte
                S: A5 OK Listrights completed
                C: A6 GETACL "My Box"
                S: A6 NO [NONEXISTENT] No such mailbox
                """, (server, imap) -> {
            Result<Acl> acl = imap.getAcl("INBOX");
            assertEquals("OK", acl.type());
            assertEquals(List.of("INBOX Fred rwipsldexta"), data(acl));
            assertEquals("INBOX", acl.value().mailbox());
            assertEquals(Map.of("Fred", "rwipsldexta"), acl.value().rights());
            assertTrue(imap.setAcl("INBOX/Drafts", "John", "lrswicda").isOk());
            Imap4Exception bad = assertThrows(Imap4Exception.class, () -> imap.setAcl("INBOX/Drafts", "John", "lrQswicda"));
            assertEquals("BAD", bad.status());
            assertTrue(imap.isAlive());
            assertTrue(imap.deleteAcl("INBOX/Drafts", "John").isOk());
            Result<MyRights> my = imap.myRights("INBOX");
            assertEquals(List.of("INBOX rwiptsldaex"), data(my));
            assertEquals(new MyRights("INBOX", "rwiptsldaex"), my.value());
            assertTrue(my.value().has('x'));
            assertFalse(my.value().has('k'));
            Result<ListRights> lr = imap.listRights("~/Mail/saved", "smith");
            assertEquals(List.of("~/Mail/saved smith la r swicdkxte"), data(lr));
            assertEquals("~/Mail/saved", lr.value().mailbox());
            assertEquals("smith", lr.value().identifier());
            assertEquals("la", lr.value().required());
            assertEquals(List.of("r", "swicdkxte"), lr.value().optional());
            Result<?> no = imap.getAcl("My Box");
            assertEquals("NO", no.type());
            assertEquals(List.of("[NONEXISTENT] No such mailbox"), data(no));
            assertEquals("NONEXISTENT", no.code().name());
            assertEquals(null, no.value());
            server.awaitDone();
            assertEquals("A0 GETACL INBOX\r\n"
                    + "A1 SETACL INBOX/Drafts John lrswicda\r\n"
                    + "A2 SETACL INBOX/Drafts John lrQswicda\r\n"
                    + "A3 DELETEACL INBOX/Drafts John\r\n"
                    + "A4 MYRIGHTS INBOX\r\n"
                    + "A5 LISTRIGHTS ~/Mail/saved smith\r\n"
                    + "A6 GETACL \"My Box\"\r\n", server.clientText());
        });
    }

    // ------------------------------------------------------------------ ANNOTATEMORE, RFC 5464 METADATA

    @Test
    void getAndSetAnnotation() throws Exception {
        play(PREAUTH + """
                C: A0 GETANNOTATION INBOX "/comment" "value.priv"
                S: * ANNOTATION INBOX "/comment" ("value.priv" "My comment")
                S: A0 OK GETANNOTATION complete
                C: A1 SETANNOTATION INBOX "/comment" ("value.priv" "My new comment")
                S: A1 OK SETANNOTATION complete
                """, (server, imap) -> {
            Result<List<dev.imap4lib.response.Annotation>> r = imap.getAnnotation("INBOX", "\"/comment\"", "\"value.priv\"");
            assertEquals(List.of("INBOX \"/comment\" (\"value.priv\" \"My comment\")"), data(r));
            assertEquals(List.of(new dev.imap4lib.response.Annotation("INBOX", "/comment",
                    Map.of("value.priv", "My comment"))), r.value());
            Result<?> s = imap.setAnnotation("INBOX", "\"/comment\"", "(\"value.priv\" \"My new comment\")");
            assertTrue(s.isOk());
            assertEquals(List.of("None"), data(s));
            server.awaitDone();
            assertEquals("A0 GETANNOTATION INBOX \"/comment\" \"value.priv\"\r\n"
                    + "A1 SETANNOTATION INBOX \"/comment\" (\"value.priv\" \"My new comment\")\r\n", server.clientText());
        });
    }

    @Test
    void getAndSetMetadata() throws Exception {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("/private/comment", "My new comment");
        set.put("/shared/comment", null);
        play(PREAUTH + """
                C: A0 GETMETADATA INBOX (/private/comment)
                S: * METADATA "INBOX" (/private/comment "My own comment")
                S: A0 OK GETMETADATA complete
                C: A1 GETMETADATA INBOX (/shared/comment /private/comment)
                S: * METADATA "INBOX" (/shared/comment {14}\\r\\nShared comment /private/comment "My own comment")
                S: A1 OK GETMETADATA complete
                C: A2 SETMETADATA INBOX (/private/comment "My new comment" /shared/comment NIL)
                S: A2 OK SETMETADATA complete
                C: A3 GETMETADATA "" (/shared/admin)
                S: * METADATA "" (/shared/admin "mailto:admin@example.com")
                S: A3 OK GETMETADATA complete
                """, (server, imap) -> {
            Result<List<Metadata>> one = imap.getMetadata("INBOX", "/private/comment");
            assertEquals(List.of("\"INBOX\" (/private/comment \"My own comment\")"), data(one));
            assertEquals(1, one.value().size());
            assertEquals("INBOX", one.value().get(0).mailbox());
            assertEquals("My own comment", one.value().get(0).value("/private/comment"));
            Result<List<Metadata>> two = imap.getMetadata("INBOX", "/shared/comment", "/private/comment");
            assertEquals(List.of("(\"INBOX\" (/shared/comment {14}, Shared comment)",
                    " /private/comment \"My own comment\")"), data(two));
            Metadata m = two.value().get(0);
            assertEquals(List.of("/shared/comment", "/private/comment"), List.copyOf(m.entries().keySet()));
            assertEquals("Shared comment", m.value("/shared/comment"));
            assertEquals("My own comment", new String(m.entries().get("/private/comment"), StandardCharsets.UTF_8));
            assertTrue(imap.setMetadata("INBOX", set).isOk());
            Result<List<Metadata>> server0 = imap.getMetadata("", "/shared/admin");
            assertEquals(List.of("\"\" (/shared/admin \"mailto:admin@example.com\")"), data(server0));
            assertEquals("", server0.value().get(0).mailbox());
            assertEquals("mailto:admin@example.com", server0.value().get(0).value("/shared/admin"));
            server.awaitDone();
            assertEquals("A0 GETMETADATA INBOX (/private/comment)\r\n"
                    + "A1 GETMETADATA INBOX (/shared/comment /private/comment)\r\n"
                    + "A2 SETMETADATA INBOX (/private/comment \"My new comment\" /shared/comment NIL)\r\n"
                    + "A3 GETMETADATA \"\" (/shared/admin)\r\n", server.clientText());
        });
    }

    // ------------------------------------------------------------------ RFC 5256 SORT and THREAD

    @Test
    void sortReplies() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994
                S: * SORT 2 84 882
                S: A1 OK SORT completed
                C: A2 SORT (SUBJECT REVERSE DATE) UTF-8 ALL
                S: * SORT 5 3 4 1 2
                S: A2 OK SORT completed
                C: A3 SORT (SUBJECT) US-ASCII TEXT "not in mailbox"
                S: * SORT
                S: A3 OK SORT completed
                C: A4 UID SORT (ARRIVAL) UTF-8 ALL
                S: * SORT 4392 4390
                S: A4 OK SORT completed
                """, (server, imap) -> {
            imap.select("INBOX");
            Result<SearchResult> s1 = imap.sort("(SUBJECT)", "UTF-8", "SINCE 1-Feb-1994");
            assertEquals(List.of("2 84 882"), data(s1));
            assertArrayEquals(new long[] {2, 84, 882}, s1.value().numbers());
            Result<SearchResult> s2 = imap.sort("SUBJECT REVERSE DATE", "UTF-8", "ALL");
            assertEquals(List.of("5 3 4 1 2"), data(s2));
            assertEquals(List.of(5L, 3L, 4L, 1L, 2L), s2.value().numberList(), "SORT order is kept");
            Result<SearchResult> s3 = imap.sort("(SUBJECT)", "US-ASCII", "TEXT \"not in mailbox\"");
            assertEquals(List.of(""), data(s3));
            assertEquals(0, s3.value().size());
            Result<SearchResult> s4 = imap.uidSort("ARRIVAL", null, "ALL");
            assertEquals(List.of("4392 4390"), data(s4));
            assertArrayEquals(new long[] {4392, 4390}, s4.value().numbers());
            server.awaitDone();
            assertEquals(SELECT + "A1 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994\r\n"
                    + "A2 SORT (SUBJECT REVERSE DATE) UTF-8 ALL\r\n"
                    + "A3 SORT (SUBJECT) US-ASCII TEXT \"not in mailbox\"\r\n"
                    + "A4 UID SORT (ARRIVAL) UTF-8 ALL\r\n", server.clientText());
        });
    }

    @Test
    void threadReplies() throws Exception {
        String ordered = "(166)(167)(168)(169)(172)(170)(171)(173)(174 (175)(176)(178)(181)(180))(179)(177 (183)"
                + "(182)(188)(184)(185)(186)(187)(189))(190)(191)(192)(193)(194 195)(196 (197)(198))(199)(200 202)"
                + "(201)(203)(204)(205)(206 207)(208)";
        String refs = "(166)(167)(168)(169)(172)((170)(179))(171)(173)((174)(175)(176)(178)(181)(180))((177)(183)"
                + "(182)(188 (184)(189))(185 186)(187))(190)(191)(192)(193)((194)(195 196))(197 198)(199)(200 202)"
                + "(201)(203)(204)(205 206 207)(208)";
        play(PREAUTH + selectInbox("A0")
                + "C: A1 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000\n"
                + "S: * THREAD " + ordered + "\n"
                + "S: A1 OK THREAD completed\n"
                + "C: A2 THREAD ORDEREDSUBJECT US-ASCII TEXT \"gewp\"\n"
                + "S: * THREAD\n"
                + "S: A2 OK THREAD completed\n"
                + "C: A3 THREAD REFERENCES UTF-8 SINCE 5-MAR-2000\n"
                + "S: * THREAD " + refs + "\n"
                + "S: A3 OK THREAD completed\n", (server, imap) -> {
            imap.select("INBOX");
            Result<List<ThreadNode>> t1 = imap.thread("ORDEREDSUBJECT", "UTF-8", "SINCE 5-MAR-2000");
            assertEquals(List.of(ordered), data(t1));
            assertEquals(25, t1.value().size());
            ThreadNode t174 = t1.value().get(8);
            assertEquals(174, t174.message());
            assertEquals(5, t174.children().size(), "(174 (175)(176)(178)(181)(180)) has five replies");
            assertArrayEquals(new long[] {174, 175, 176, 178, 181, 180}, t174.messages());
            StringBuilder back = new StringBuilder();
            t1.value().forEach(back::append);
            assertEquals(ordered, back.toString(), "the trees print back as sent");
            Result<List<ThreadNode>> t2 = imap.thread("ORDEREDSUBJECT", "US-ASCII", "TEXT \"gewp\"");
            assertEquals(List.of(""), data(t2));
            assertEquals(List.of(), t2.value());
            Result<List<ThreadNode>> t3 = imap.thread("REFERENCES", "UTF-8", "SINCE 5-MAR-2000");
            assertEquals(List.of(refs), data(t3));
            ThreadNode dummy = t3.value().get(5);
            assertTrue(dummy.isDummy(), "((170)(179)) has a missing parent");
            assertArrayEquals(new long[] {170, 179}, dummy.messages());
            ThreadNode t200 = t3.value().get(t3.value().size() - 6);
            assertEquals(200, t200.message());
            assertEquals(202, t200.children().get(0).message(), "(200 202) is a chain");
            server.awaitDone();
            assertEquals(SELECT + "A1 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000\r\n"
                    + "A2 THREAD ORDEREDSUBJECT US-ASCII TEXT \"gewp\"\r\n"
                    + "A3 THREAD REFERENCES UTF-8 SINCE 5-MAR-2000\r\n", server.clientText());
        });
    }

    // ------------------------------------------------------------------ RFC 2342, RFC 2971, RFC 5161

    @Test
    void namespace() throws Exception {
        play(PREAUTH + """
                C: A0 NAMESPACE
                S: * NAMESPACE (("" "/")) (("~" "/")) (("#shared/" "/")("#public/" "/")("#ftp/" "/")("#news." "."))
                S: A0 OK NAMESPACE command completed
                C: A1 NAMESPACE
                S: * NAMESPACE NIL NIL NIL
                S: A1 OK NAMESPACE command completed
                """, (server, imap) -> {
            Result<Namespaces> ns = imap.namespace();
            assertEquals(List.of("((\"\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\")(\"#public/\" \"/\")(\"#ftp/\" \"/\")"
                    + "(\"#news.\" \".\"))"), data(ns));
            assertEquals(1, ns.value().personal().size());
            assertEquals("", ns.value().personal().get(0).prefix());
            assertEquals('/', ns.value().personal().get(0).delimiter());
            assertEquals("~", ns.value().otherUsers().get(0).prefix());
            assertEquals(List.of("#shared/", "#public/", "#ftp/", "#news."),
                    ns.value().shared().stream().map(Namespaces.Namespace::prefix).toList());
            assertEquals('.', ns.value().shared().get(3).delimiter());
            Result<Namespaces> nil = imap.namespace();
            assertEquals(List.of("NIL NIL NIL"), data(nil));
            assertEquals(List.of(), nil.value().personal());
            assertEquals(List.of(), nil.value().otherUsers());
            assertEquals(List.of(), nil.value().shared());
            server.awaitDone();
            assertEquals("A0 NAMESPACE\r\nA1 NAMESPACE\r\n", server.clientText());
        });
    }

    @Test
    void id() throws Exception {
        Map<String, String> ours = new LinkedHashMap<>();
        ours.put("name", "sodr");
        ours.put("version", "19.34");
        ours.put("vendor", "Pink Floyd Music Limited");
        play(Fake.greeting("ID") + """
                C: A0 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited")
                S: * ID NIL
                S: A0 OK ID completed
                C: A1 ID NIL
                S: * ID ("name" "Cyrus" "version" "1.5" "os" "sunos" "os-version" "5.5" "support-url" "mailto:cyrus-bugs+@andrew.cmu.edu")
                S: A1 OK ID command completed
                """, (server, imap) -> {
            Result<IdResponse> nil = imap.id(ours);
            assertEquals(List.of("NIL"), data(nil));
            assertEquals(Map.of(), nil.value().fields());
            Result<IdResponse> cyrus = imap.id(null);
            assertEquals(List.of("(\"name\" \"Cyrus\" \"version\" \"1.5\" \"os\" \"sunos\" \"os-version\" \"5.5\""
                    + " \"support-url\" \"mailto:cyrus-bugs+@andrew.cmu.edu\")"), data(cyrus));
            assertEquals("Cyrus", cyrus.value().get("name"));
            assertEquals("5.5", cyrus.value().get("os-version"));
            assertEquals(5, cyrus.value().fields().size());
            server.awaitDone();
            assertEquals("A0 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" \"Pink Floyd Music Limited\")\r\n"
                    + "A1 ID NIL\r\n", server.clientText());
        });
    }

    @Test
    void enable() throws Exception {
        play(PREAUTH + """
                C: A0 ENABLE CONDSTORE X-GOOD-IDEA
                S: * ENABLED X-GOOD-IDEA
                S: A0 OK foo
                C: A1 ENABLE UTF8=ACCEPT
                S: * ENABLED
                S: A1 OK nothing enabled
                """, (server, imap) -> {
            Result<List<String>> r = imap.enable("CONDSTORE", "X-GOOD-IDEA");
            assertEquals("OK", r.type());
            assertEquals(List.of("X-GOOD-IDEA"), r.value());
            assertEquals(List.of("foo"), data(r));
            Result<List<String>> none = imap.enable("UTF8=ACCEPT");
            assertEquals(List.of(), none.value());
            assertFalse(imap.utf8Enabled(), "the server did not enable UTF8=ACCEPT");
            server.awaitDone();
            assertEquals("A0 ENABLE CONDSTORE X-GOOD-IDEA\r\nA1 ENABLE UTF8=ACCEPT\r\n", server.clientText());
        });
    }

    @Test
    void enableAnsweredNoIsReturnedNotThrown() throws Exception {
        play(PREAUTH + """
                C: A0 ENABLE CONDSTORE
                S: A0 NO not now
                """, (server, imap) -> {
            Result<List<String>> r = imap.enable("CONDSTORE");
            assertEquals("NO", r.type());
            assertEquals(List.of("not now"), data(r));
        });
    }

    @Test
    void enableWithoutTheCapabilitySendsNothing() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1] ready
                C: A0 NOOP
                S: A0 OK NOOP completed
                """, (server, imap) -> {
            assertThrows(Imap4Exception.class, () -> imap.enable("UTF8=ACCEPT"));
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals("A0 NOOP\r\n", server.clientText());
        });
    }

    // ------------------------------------------------------------------ UNSELECT, PROXYAUTH, PARTIAL, UID EXPUNGE

    @Test
    void unselectLeavesTheMailbox() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 UNSELECT
                S: A1 OK UNSELECT completed
                """, (server, imap) -> {
            imap.select("INBOX");
            assertEquals(State.SELECTED, imap.state());
            assertTrue(imap.unselect().isOk());
            assertEquals(State.AUTH, imap.state());
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.fetch("1", "(FLAGS)"));
            assertTrue(e.getMessage().contains("FETCH"), e.getMessage());
            server.awaitDone();
            assertEquals(SELECT + "A1 UNSELECT\r\n", server.clientText());
        });
    }

    @Test
    void selectAnsweredNoIsReturnedAndDeselects() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 SELECT Missing
                S: A1 NO [NONEXISTENT] Unknown Mailbox: Missing
                """, (server, imap) -> {
            imap.select("INBOX");
            Result<SelectInfo> r = imap.select("Missing");
            assertEquals("NO", r.type(), "imaplib returns ('NO', [...]) from select()");
            assertEquals(List.of("[NONEXISTENT] Unknown Mailbox: Missing"), data(r));
            assertEquals(State.AUTH, imap.state(), "a failed SELECT leaves no mailbox selected (RFC 3501 6.3.1)");
            assertThrows(Imap4Exception.class, () -> imap.fetch("1", "(FLAGS)"));
            server.awaitDone();
            assertEquals(SELECT + "A1 SELECT Missing\r\n", server.clientText());
        });
    }

    @Test
    void proxyAuth() throws Exception {
        play(PREAUTH + """
                C: A0 PROXYAUTH bob
                S: A0 OK proxied
                C: A1 PROXYAUTH "carol smith"
                S: A1 NO [AUTHORIZATIONFAILED] not allowed
                """, (server, imap) -> {
            assertTrue(imap.proxyAuth("bob").isOk());
            assertEquals("NO", imap.proxyAuth("carol smith").type());
            server.awaitDone();
            assertEquals("A0 PROXYAUTH bob\r\nA1 PROXYAUTH \"carol smith\"\r\n", server.clientText());
        });
    }

    @Test
    void partialGivesALiteralPair() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 PARTIAL 4 RFC822 1 10
                S: * 4 FETCH (RFC822 {10}\\r\\nReturn-Pat)
                S: A1 OK PARTIAL completed
                """, (server, imap) -> {
            imap.select("INBOX");
            Result<List<FetchData>> p = imap.partial(4, "RFC822", 1, 10);
            assertEquals(List.of("(4 (RFC822 {10}, Return-Pat)", ")"), data(p));
            assertEquals(4, p.value().get(0).msgno());
            assertEquals("Return-Pat", new String(p.value().get(0).section("RFC822"), StandardCharsets.US_ASCII));
            server.awaitDone();
            assertEquals(SELECT + "A1 PARTIAL 4 RFC822 1 10\r\n", server.clientText());
        });
    }

    @Test
    void uidExpunge() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 UID EXPUNGE 3000:3002
                S: * 3 EXPUNGE
                S: * 3 EXPUNGE
                S: * 3 EXPUNGE
                S: A1 OK UID EXPUNGE completed
                """, (server, imap) -> {
            imap.select("INBOX");
            Result<long[]> r = imap.uidExpunge("3000:3002");
            assertArrayEquals(new long[] {3, 3, 3}, r.value());
            assertEquals(List.of("3", "3", "3"), data(r));
            server.awaitDone();
            assertEquals(SELECT + "A1 UID EXPUNGE 3000:3002\r\n", server.clientText());
        });
    }

    // ------------------------------------------------------------------ RFC 4731 ESEARCH

    @Test
    void esearchRepliesToSearchReturn() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"
                S: * ESEARCH (TAG "A1") MIN 2 COUNT 3
                S: A1 OK SEARCH completed
                C: A2 UID SEARCH RETURN (ALL) UNDELETED
                S: * ESEARCH (TAG "A2") UID ALL 4392:4395,4397
                S: A2 OK SEARCH completed
                C: A3 SEARCH RETURN () UNSEEN
                S: * ESEARCH (TAG "A3")
                S: A3 OK SEARCH completed
                """, (server, imap) -> {
            imap.select("INBOX");
            Result<SearchResult> r = imap.search(null, "RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"");
            assertEquals("OK", r.type());
            assertEquals(List.of("(TAG \"A1\") MIN 2 COUNT 3"), data(r));
            assertTrue(r.value().isEsearch());
            assertEquals("A1", r.value().tag());
            assertEquals(2L, r.value().min());
            assertEquals(3L, r.value().count());
            assertEquals(null, r.value().max());
            Result<SearchResult> all = imap.uidSearch(null, "RETURN (ALL) UNDELETED");
            assertEquals(List.of("(TAG \"A2\") UID ALL 4392:4395,4397"), data(all));
            assertTrue(all.value().uid());
            assertEquals(SequenceSet.parse("4392:4395,4397"), all.value().all());
            assertEquals(0, all.value().size(), "ESEARCH answers carry no SEARCH numbers");
            Result<SearchResult> empty = imap.search(null, "RETURN () UNSEEN");
            assertEquals(List.of("(TAG \"A3\")"), data(empty));
            assertEquals(0, empty.value().size());
            server.awaitDone();
            assertEquals(SELECT + "A1 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n"
                    + "A2 UID SEARCH RETURN (ALL) UNDELETED\r\n"
                    + "A3 SEARCH RETURN () UNSEEN\r\n", server.clientText());
        });
    }

    // ------------------------------------------------------------------ RFC 2087 QUOTA

    @Test
    void quotaCommands() throws Exception {
        play(PREAUTH + """
                C: A0 GETQUOTA ""
                S: * QUOTA "" (STORAGE 10 512)
                S: A0 OK Getquota completed
                C: A1 GETQUOTAROOT INBOX
                S: * QUOTAROOT INBOX ""
                S: * QUOTA "" (STORAGE 10 512)
                S: A1 OK Getquotaroot completed
                C: A2 SETQUOTA "" (STORAGE 512)
                S: * QUOTA "" (STORAGE 10 512)
                S: A2 OK Setquota completed
                C: A3 GETQUOTAROOT "No Quota"
                S: * QUOTAROOT "No Quota"
                S: A3 OK Getquotaroot completed
                """, (server, imap) -> {
            Result<List<Quota>> q = imap.getQuota("");
            assertEquals(List.of("\"\" (STORAGE 10 512)"), data(q));
            assertEquals(List.of(new Quota("", List.of(new Quota.Resource("STORAGE", 10, 512)))), q.value());
            Result<Imap4.QuotaRoots> qr = imap.getQuotaRoot("INBOX");
            assertEquals(List.of("[INBOX \"\"]", "[\"\" (STORAGE 10 512)]"), data(qr));
            assertEquals(1, qr.value().roots().size());
            assertEquals("INBOX", qr.value().roots().get(0).mailbox());
            assertEquals(List.of(""), qr.value().roots().get(0).roots());
            assertEquals(q.value(), qr.value().quotas());
            assertEquals(List.of("\"\" (STORAGE 10 512)"), data(imap.setQuota("", "STORAGE 512")));
            Result<Imap4.QuotaRoots> none = imap.getQuotaRoot("No Quota");
            assertEquals(List.of("[\"No Quota\"]", "[None]"), data(none));
            assertEquals(0, none.value().quotas().size());
            assertEquals(List.of(), none.value().roots().get(0).roots());
            assertEquals("No Quota", none.value().roots().get(0).mailbox());
            server.awaitDone();
            assertEquals("A0 GETQUOTA \"\"\r\nA1 GETQUOTAROOT INBOX\r\nA2 SETQUOTA \"\" (STORAGE 512)\r\n"
                    + "A3 GETQUOTAROOT \"No Quota\"\r\n", server.clientText());
        });
    }

    // ------------------------------------------------------------------ RFC 5258 LIST-EXTENDED, STATUS

    @Test
    void listExtended() throws Exception {
        play(PREAUTH + """
                C: A0 LIST (SUBSCRIBED) "" "*"
                S: * LIST (\\Marked \\NoInferiors \\Subscribed) "/" "inbox"
                S: * LIST (\\Subscribed) "/" "Fruit/banana"
                S: * LIST (\\Subscribed \\NonExistent) "/" "Fruit/peach"
                S: A0 OK done
                C: A1 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)
                S: * LIST () "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))
                S: A1 OK done
                C: A2 LIST "" (INBOX Drafts "Sent/%") RETURN (STATUS (MESSAGES UNSEEN))
                S: * LIST () "/" "INBOX"
                S: * STATUS "INBOX" (MESSAGES 17 UNSEEN 16)
                S: * LIST (\\HasNoChildren) "/" "Drafts"
                S: * STATUS "Drafts" (MESSAGES 2 UNSEEN 0)
                S: A2 OK done
                """, (server, imap) -> {
            Result<List<ListEntry>> subs = imap.listExtended("SUBSCRIBED", "", List.of("*"), null);
            assertEquals(List.of("(\\Marked \\NoInferiors \\Subscribed) \"/\" \"inbox\"",
                    "(\\Subscribed) \"/\" \"Fruit/banana\"", "(\\Subscribed \\NonExistent) \"/\" \"Fruit/peach\""),
                    data(subs));
            assertEquals(List.of("INBOX", "Fruit/banana", "Fruit/peach"), subs.value().stream().map(ListEntry::name).toList());
            assertEquals('/', subs.value().get(1).delimiter());
            assertTrue(subs.value().get(2).hasAttribute("\\NonExistent"));
            Result<List<ListEntry>> ci = imap.listExtended("SUBSCRIBED RECURSIVEMATCH", "", List.of("%"), "CHILDREN");
            assertEquals(List.of("() \"/\" \"Foo\" (\"CHILDINFO\" (\"SUBSCRIBED\"))"), data(ci));
            assertEquals(List.of("SUBSCRIBED"), ci.value().get(0).childInfo());
            Result<?> withStatus = imap.listExtended(null, "", List.of("INBOX", "Drafts", "Sent/%"),
                    "STATUS (MESSAGES UNSEEN)");
            assertEquals(List.of("() \"/\" \"INBOX\"", "(\\HasNoChildren) \"/\" \"Drafts\""), data(withStatus));
            assertEquals(2, ((List<?>) withStatus.value()).size());
            assertEquals(List.of("\"INBOX\" (MESSAGES 17 UNSEEN 16)", "\"Drafts\" (MESSAGES 2 UNSEEN 0)"),
                    data(imap.response("STATUS")));
            server.awaitDone();
            assertEquals("A0 LIST (SUBSCRIBED) \"\" \"*\"\r\n"
                    + "A1 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\" RETURN (CHILDREN)\r\n"
                    + "A2 LIST \"\" (INBOX Drafts \"Sent/%\") RETURN (STATUS (MESSAGES UNSEEN))\r\n",
                    server.clientText());
        });
    }

    @Test
    void status() throws Exception {
        play(PREAUTH + """
                C: A0 STATUS blurdybloop (UIDNEXT MESSAGES)
                S: * STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)
                S: A0 OK STATUS completed
                C: A1 STATUS Entw&APw-rfe (UNSEEN)
                S: * STATUS "Entw&APw-rfe" (UNSEEN 3)
                S: A1 OK STATUS completed
                """, (server, imap) -> {
            Result<MailboxStatus> r = imap.status("blurdybloop", "(UIDNEXT MESSAGES)");
            assertEquals(List.of("blurdybloop (MESSAGES 231 UIDNEXT 44292)"), data(r));
            assertEquals("blurdybloop", r.value().name());
            assertEquals(231L, r.value().messages());
            assertEquals(44292L, r.value().uidNext());
            assertEquals(null, r.value().unseen());
            Result<MailboxStatus> u = imap.status("Entwürfe", "UNSEEN");
            assertEquals(List.of("\"Entw&APw-rfe\" (UNSEEN 3)"), data(u));
            assertEquals("Entwürfe", u.value().name());
            assertEquals("Entw&APw-rfe", u.value().rawName());
            assertEquals(3L, u.value().unseen());
            server.awaitDone();
            assertEquals("A0 STATUS blurdybloop (UIDNEXT MESSAGES)\r\nA1 STATUS Entw&APw-rfe (UNSEEN)\r\n",
                    server.clientText());
        });
    }

    // ------------------------------------------------------------------ XATOM, generic UID

    @Test
    void xatomSendsAnUnknownCommandAndKeepsItsResponses() throws Exception {
        play(PREAUTH + """
                C: A0 XLIST "" "*"
                S: * XLIST (\\HasNoChildren \\Inbox) "/" "Inbox"
                S: * XLIST (\\HasNoChildren \\Sent) "/" "Sent Mail"
                S: A0 OK XLIST completed
                """, (server, imap) -> {
            Result<?> r = imap.xatom("XLIST", "\"\"", "\"*\"");
            assertEquals("OK", r.type());
            assertEquals(List.of("(\\HasNoChildren \\Inbox) \"/\" \"Inbox\"", "(\\HasNoChildren \\Sent) \"/\" \"Sent Mail\""),
                    data(imap.response("XLIST")));
            assertEquals(List.of("None"), data(imap.response("XLIST")), "response() pops what it returns");
            assertThrows(Imap4Exception.class, () -> imap.xatom("X LIST"));
            server.awaitDone();
            assertEquals("A0 XLIST \"\" \"*\"\r\n", server.clientText());
        });
    }

    @Test
    void genericUidCommandDataShapes() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 UID COPY 4827313:4828442 meeting
                S: A1 OK [COPYUID 38505 4827313:4828442 3956:5085] UID COPY completed
                C: A2 UID FETCH 4827313:4827314 (FLAGS)
                S: * 23 FETCH (FLAGS (\\Seen) UID 4827313)
                S: * 24 FETCH (FLAGS () UID 4827314)
                S: A2 OK UID FETCH completed
                C: A3 UID SEARCH UNSEEN
                S: * SEARCH 4827314 4827320
                S: A3 OK UID SEARCH completed
                C: A4 UID STORE 4827313 +FLAGS (\\Deleted)
                S: * 23 FETCH (FLAGS (\\Seen \\Deleted) UID 4827313)
                S: A4 OK UID STORE completed
                """, (server, imap) -> {
            imap.select("INBOX");
            Result<List<Object>> copy = imap.uid("COPY", "4827313:4828442", "meeting");
            assertEquals("OK", copy.type());
            assertEquals(List.of("None"), data(copy));
            assertEquals("COPYUID", copy.code().name());
            assertEquals(38505, copy.code().copyUid().uidValidity());
            assertEquals(SequenceSet.parse("3956:5085"), copy.code().copyUid().destination());
            assertEquals(List.of("23 (FLAGS (\\Seen) UID 4827313)", "24 (FLAGS () UID 4827314)"),
                    data(imap.uid("FETCH", "4827313:4827314", "(FLAGS)")));
            assertEquals(List.of("4827314 4827320"), data(imap.uid("SEARCH", "UNSEEN")));
            assertEquals(List.of("23 (FLAGS (\\Seen \\Deleted) UID 4827313)"),
                    data(imap.uid("store", "4827313", "+FLAGS", "(\\Deleted)")));
            assertThrows(Imap4Exception.class, () -> imap.uid("FROB", "1"));
            server.awaitDone();
            assertEquals(SELECT + "A1 UID COPY 4827313:4828442 meeting\r\n"
                    + "A2 UID FETCH 4827313:4827314 (FLAGS)\r\n"
                    + "A3 UID SEARCH UNSEEN\r\n"
                    + "A4 UID STORE 4827313 +FLAGS (\\Deleted)\r\n", server.clientText());
        });
    }

    // ------------------------------------------------------------------ imaplib data shapes

    @Test
    void fetchDataShapes() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 12 (FLAGS)
                S: * 12 FETCH (FLAGS (\\Seen))
                S: A1 OK FETCH completed
                C: A2 FETCH 12 (BODY[HEADER] FLAGS)
                S: * 12 FETCH (BODY[HEADER] {5}\\r\\nhello FLAGS (\\Seen))
                S: A2 OK FETCH completed
                C: A3 FETCH 1 (BODY[1] BODY[2])
                S: * 1 FETCH (BODY[1] {3}\\r\\nabc BODY[2] {2}\\r\\nde)
                S: A3 OK FETCH completed
                C: A4 FETCH 99 (FLAGS)
                S: A4 OK FETCH completed
                C: A5 NOOP
                S: A5 OK NOOP completed
                """, (server, imap) -> {
            Result<SelectInfo> sel = imap.select("INBOX");
            assertEquals(List.of("172"), data(sel));
            assertEquals(172, sel.value().exists());
            assertEquals(1, sel.value().recent());
            assertEquals(12, sel.value().firstUnseen());
            assertEquals(3857529045L, sel.value().uidValidity());
            assertEquals(4392, sel.value().uidNext());
            assertEquals(List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"), sel.value().flags());
            assertEquals(List.of("\\Deleted", "\\Seen", "\\*"), sel.value().permanentFlags());
            assertFalse(sel.value().readOnly());
            Result<List<FetchData>> f1 = imap.fetch("12", "(FLAGS)");
            assertEquals(List.of("12 (FLAGS (\\Seen))"), data(f1));
            assertEquals(12, f1.value().get(0).msgno());
            assertEquals(List.of("\\Seen"), f1.value().get(0).flags());
            Result<List<FetchData>> f2 = imap.fetch("12", "(BODY[HEADER] FLAGS)");
            assertEquals(List.of("(12 (BODY[HEADER] {5}, hello)", " FLAGS (\\Seen))"), data(f2));
            assertEquals("hello", new String(f2.value().get(0).section("BODY[HEADER]"), StandardCharsets.US_ASCII));
            assertEquals(List.of("\\Seen"), f2.value().get(0).flags());
            Result<List<FetchData>> f3 = imap.fetch("1", "(BODY[1] BODY[2])");
            assertEquals(List.of("(1 (BODY[1] {3}, abc)", "( BODY[2] {2}, de)", ")"), data(f3));
            assertEquals("abc", new String(f3.value().get(0).section("BODY[1]"), StandardCharsets.US_ASCII));
            assertEquals("de", new String(f3.value().get(0).section("BODY[2]"), StandardCharsets.US_ASCII));
            Result<?> none = imap.fetch("99", "(FLAGS)");
            assertEquals("OK", none.type());
            assertEquals(1, none.data().size());
            assertNull(none.data().get(0), "imaplib gives [None] when no untagged response came");
            assertEquals(List.of(), none.value());
            assertEquals(List.of("NOOP completed"), data(imap.noop()));
            server.awaitDone();
        });
    }
}
