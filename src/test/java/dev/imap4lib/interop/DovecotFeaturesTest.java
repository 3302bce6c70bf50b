package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Imap4ReadOnlyException;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.client.State;
import dev.imap4lib.client.Untagged;
import dev.imap4lib.response.Acl;
import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.ListRights;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.Metadata;
import dev.imap4lib.response.MyRights;
import dev.imap4lib.response.Namespaces;
import dev.imap4lib.response.Quota;
import dev.imap4lib.response.QuotaRoot;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.response.SequenceSet;
import dev.imap4lib.response.ThreadNode;
import dev.imap4lib.sasl.Sasl;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The core API against the extensions a real Dovecot 2.3 announces: SCRAM, MOVE, UIDPLUS,
 * CONDSTORE/QRESYNC, QUOTA, ACL, SPECIAL-USE, NAMESPACE, METADATA, SORT, THREAD, ESEARCH,
 * BINARY, LIST-STATUS, ID, non-ASCII mailbox names and searches, and a 200-message FETCH.
 * Every test works in mailboxes of its own (UUID names) and deletes them.
 */
@ExtendWith(DovecotExtension.class)
class DovecotFeaturesTest {
    private static final ClientOptions OPTS = ClientOptions.defaults().withTimeout(java.time.Duration.ofSeconds(10));

    private static Imap4 login(DovecotServer d, String user) throws IOException {
        Imap4 imap = new Imap4("localhost", d.imapPort(), OPTS);
        imap.login(user, DovecotServer.USERS.get(user));
        return imap;
    }

    private static String box(String what) {
        return what + "-" + UUID.randomUUID();
    }

    /** A message from header lines and a body, with CRLF line ends. */
    private static byte[] msg(String body, String... headers) {
        StringBuilder sb = new StringBuilder();
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        sb.append("\r\n").append(body.replace("\r\n", "\n").replace("\n", "\r\n"));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] simple(String subject) {
        return msg("body of " + subject + "\n", "From: a@example.com", "Subject: " + subject);
    }

    private static List<Long> uids(Result<List<FetchData>> r) {
        return r.value().stream().map(FetchData::uid).collect(Collectors.toList());
    }

    private static String subjectHeader(FetchData f) {
        return new String(f.section("BODY[HEADER.FIELDS (SUBJECT)]"), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Imap4 imap, String... boxes) {
        for (String b : boxes) {
            try {
                imap.delete(b);
            } catch (IOException e) {
                // best effort clean-up; the assertion that matters already ran
            }
        }
    }

    // ------------------------------------------------------------------ SCRAM

    @Test
    void scramSha256AndScramSha1LogIn(DovecotServer d) throws Exception {
        for (String mech : List.of("SCRAM-SHA-256", "SCRAM-SHA-1")) {
            try (Imap4 imap = new Imap4("localhost", d.imapPort(), OPTS)) {
                assertTrue(imap.hasCapability("AUTH=" + mech), imap.capabilities().toString());
                Result<Void> r = imap.authenticate(Sasl.create(mech, null, "user1", "pass1".toCharArray()));
                assertEquals("OK", r.type(), mech);
                assertEquals(State.AUTH, imap.state(), mech);
                assertTrue(imap.hasCapability("QUOTA"), mech + ": post-login capabilities " + imap.capabilities());
            }
            // non-ASCII password: SASLprep'd and UTF-8 encoded into the salted password
            try (Imap4 imap = new Imap4("localhost", d.imapPort(), OPTS)) {
                imap.authenticate(Sasl.create(mech, null, "user3", "pässwörd".toCharArray()));
                assertEquals(State.AUTH, imap.state(), mech + " user3");
            }
        }
    }

    @Test
    void scramWithAWrongPasswordIsRefused(DovecotServer d) throws Exception {
        for (String mech : List.of("SCRAM-SHA-256", "SCRAM-SHA-1")) {
            try (Imap4 imap = new Imap4("localhost", d.imapPort(), OPTS)) {
                Imap4Exception e = assertThrows(Imap4Exception.class,
                        () -> imap.authenticate(Sasl.create(mech, null, "user1", "wrong".toCharArray())), mech);
                assertEquals("NO", e.status(), mech);
                assertNotNull(e.code(), mech + ": " + e.getMessage());
                assertEquals("AUTHENTICATIONFAILED", e.code().name(), mech);
                assertEquals(State.NONAUTH, imap.state(), mech);
                // the connection is still usable: a correct attempt succeeds
                imap.authenticate(Sasl.create(mech, null, "user1", "pass1".toCharArray()));
                assertEquals(State.AUTH, imap.state(), mech);
            }
        }
    }

    // ------------------------------------------------------------------ MOVE, UIDPLUS

    @Test
    void moveAndUidMoveReportCopyUid(DovecotServer d) throws Exception {
        String src = box("move-src");
        String dst = box("move-dst");
        try (Imap4 imap = login(d, "user1")) {
            imap.create(src).check();
            imap.create(dst).check();
            long[] srcUids = new long[4];
            for (int i = 0; i < 4; i++) {
                srcUids[i] = imap.append(src, null, (String) null, simple("m" + (i + 1))).value().uids().toArray(Long.MAX_VALUE)[0];
            }
            MailboxStatus before = imap.status(dst, "(UIDNEXT UIDVALIDITY)").value();
            long next = before.uidNext();

            SelectInfo sel = imap.select(src).value();
            assertEquals(4, sel.exists());
            Result<ResponseCode.CopyUid> moved = imap.move("1:2", dst);
            assertEquals("OK", moved.type());
            ResponseCode.CopyUid cu = moved.value();
            assertNotNull(cu, "COPYUID for MOVE");
            assertEquals(before.uidValidity(), cu.uidValidity());
            assertEquals(SequenceSet.of(srcUids[0], srcUids[1]), cu.source());
            assertEquals(SequenceSet.of(next, next + 1), cu.destination());
            assertEquals(List.of(srcUids[2], srcUids[3]), uids(imap.fetch("1:*", "(UID)")));

            Result<ResponseCode.CopyUid> uidMoved = imap.uidMove(Long.toString(srcUids[3]), dst);
            assertEquals("OK", uidMoved.type());
            assertEquals(before.uidValidity(), uidMoved.value().uidValidity());
            assertEquals(SequenceSet.of(srcUids[3]), uidMoved.value().source());
            assertEquals(SequenceSet.of(next + 2), uidMoved.value().destination());
            assertEquals(List.of(srcUids[2]), uids(imap.fetch("1:*", "(UID)")));
            assertEquals(1L, imap.status(src, "(MESSAGES)").value().messages());

            imap.select(dst);
            Result<List<FetchData>> f = imap.uidFetch(next + ":" + (next + 2), "(UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertEquals(List.of(next, next + 1, next + 2), uids(f));
            assertEquals(List.of("Subject: m1\r\n\r\n", "Subject: m2\r\n\r\n", "Subject: m4\r\n\r\n"),
                    f.value().stream().map(DovecotFeaturesTest::subjectHeader).collect(Collectors.toList()));
            assertEquals(next + 3, imap.status(dst, "(UIDNEXT)").value().uidNext());
            imap.closeMailbox();
        } finally {
            try (Imap4 imap = login(d, "user1")) {
                deleteQuietly(imap, src, dst);
            }
        }
    }

    @Test
    void uidplusAppendUidCopyUidAndUidExpunge(DovecotServer d) throws Exception {
        String a = box("uidplus-a");
        String b = box("uidplus-b");
        try (Imap4 imap = login(d, "user1")) {
            assertTrue(imap.hasCapability("UIDPLUS"));
            imap.create(a).check();
            imap.create(b).check();
            SelectInfo sel = imap.select(a).value();
            assertEquals(0, sel.exists());
            assertTrue(sel.uidValidity() > 0, sel.toString());
            long next = sel.uidNext();
            for (int i = 0; i < 3; i++) {
                Result<ResponseCode.AppendUid> r = imap.append(a, "(\\Flagged)", (String) null, simple("u" + (i + 1)));
                assertEquals("OK", r.type());
                assertEquals(sel.uidValidity(), r.value().uidValidity(), "APPENDUID uidvalidity");
                assertEquals(SequenceSet.of(next + i), r.value().uids(), "APPENDUID uid");
                assertEquals("APPENDUID", r.code().name());
            }
            assertEquals(List.of(next, next + 1, next + 2), uids(imap.fetch("1:*", "(UID)")));

            MailboxStatus bs = imap.status(b, "(UIDNEXT UIDVALIDITY)").value();
            Result<ResponseCode.CopyUid> c = imap.copy("2:3", b);
            assertEquals("OK", c.type());
            assertEquals(bs.uidValidity(), c.value().uidValidity());
            assertEquals(SequenceSet.of(next + 1, next + 2), c.value().source());
            assertEquals(SequenceSet.of(bs.uidNext(), bs.uidNext() + 1), c.value().destination());
            assertEquals(2L, imap.status(b, "(MESSAGES)").value().messages());

            Result<ResponseCode.CopyUid> uc = imap.uidCopy(Long.toString(next), b);
            assertEquals(SequenceSet.of(next), uc.value().source());
            assertEquals(SequenceSet.of(bs.uidNext() + 2), uc.value().destination());

            imap.store("1:3", "+FLAGS.SILENT", "\\Deleted").check();
            Result<long[]> x = imap.uidExpunge(Long.toString(next + 1));
            assertEquals("OK", x.type());
            assertArrayEquals(new long[] {2}, x.value(), "only message 2 (UID " + (next + 1) + ") expunged");
            Result<List<FetchData>> left = imap.fetch("1:*", "(UID FLAGS)");
            assertEquals(List.of(next, next + 2), uids(left));
            for (FetchData f : left.value()) {
                assertTrue(f.hasFlag("\\Deleted"), f.flags().toString());
                assertTrue(f.hasFlag("\\Flagged"), f.flags().toString());
            }
            // the copies in b are untouched
            assertEquals(3L, imap.status(b, "(MESSAGES)").value().messages());
            imap.closeMailbox();
        } finally {
            try (Imap4 imap = login(d, "user1")) {
                deleteQuietly(imap, a, b);
            }
        }
    }

    // ------------------------------------------------------------------ CONDSTORE / QRESYNC

    @Test
    void condstoreAndQresync(DovecotServer d) throws Exception {
        String a = box("condstore");
        try (Imap4 imap = login(d, "user1")) {
            imap.create(a).check();
            for (int i = 1; i <= 3; i++) {
                imap.append(a, null, (String) null, simple("c" + i)).check();
            }
            Result<List<String>> en = imap.enable("QRESYNC");
            assertEquals("OK", en.type());
            assertEquals(List.of("QRESYNC"), en.value());

            SelectInfo sel = imap.select(a).value();
            assertEquals(3, sel.exists());
            long hms = sel.highestModSeq();
            assertTrue(hms > 0, "HIGHESTMODSEQ in SELECT: " + sel);
            assertEquals(hms, imap.status(a, "(HIGHESTMODSEQ)").value().highestModSeq());

            // nothing changed since hms
            Result<List<FetchData>> none = imap.fetch("1:*", "(FLAGS) (CHANGEDSINCE " + hms + ")");
            assertEquals("OK", none.type());
            assertEquals(List.of(), none.value());

            Result<List<FetchData>> st = imap.store("2", "+FLAGS", "\\Flagged");
            assertEquals(1, st.value().size());
            FetchData stored = st.value().get(0);
            assertEquals(2, stored.msgno());
            assertTrue(stored.hasFlag("\\Flagged"), stored.flags().toString());
            assertNotNull(stored.modseq(), "MODSEQ in the STORE's FETCH once CONDSTORE is enabled");
            long m2 = stored.modseq();
            assertTrue(m2 > hms, m2 + " > " + hms);

            Result<List<FetchData>> changed = imap.fetch("1:*", "(FLAGS) (CHANGEDSINCE " + hms + ")");
            assertEquals(1, changed.value().size(), changed.value().toString());
            FetchData c = changed.value().get(0);
            assertEquals(2, c.msgno());
            assertEquals(Long.valueOf(m2), c.modseq());
            assertTrue(c.hasFlag("\\Flagged"));

            long hms2 = imap.status(a, "(HIGHESTMODSEQ)").value().highestModSeq();
            assertEquals(m2, hms2, "STORE raised HIGHESTMODSEQ to the message's MODSEQ");

            // UNCHANGEDSINCE older than message 2's MODSEQ: not stored, reported as MODIFIED
            Result<List<FetchData>> cond = imap.store("1:2", "(UNCHANGEDSINCE " + hms + ") +FLAGS.SILENT", "\\Seen");
            assertEquals("OK", cond.type());
            assertNotNull(cond.code());
            assertEquals("MODIFIED", cond.code().name());
            assertEquals(SequenceSet.of(2), cond.code().modified());
            Result<List<FetchData>> flags = imap.fetch("1:3", "(FLAGS MODSEQ)");
            assertTrue(flags.value().get(0).hasFlag("\\Seen"), "message 1 was unchanged, so stored");
            assertFalse(flags.value().get(1).hasFlag("\\Seen"), "message 2 was modified, so not stored");
            assertFalse(flags.value().get(2).hasFlag("\\Seen"), "message 3 not in the set");

            // a re-SELECT reports the raised HIGHESTMODSEQ
            long hms3 = imap.status(a, "(HIGHESTMODSEQ)").value().highestModSeq();
            assertTrue(hms3 > hms2);
            assertEquals(hms3, imap.select(a).value().highestModSeq());

            // QRESYNC enabled: expunges are announced as VANISHED (UIDs), not EXPUNGE
            List<Long> u = uids(imap.fetch("1:3", "(UID)"));
            imap.uidStore(Long.toString(u.get(0)), "+FLAGS.SILENT", "\\Deleted").check();
            imap.response("VANISHED");
            Result<long[]> x = imap.uidExpunge(Long.toString(u.get(0)));
            assertEquals("OK", x.type());
            assertArrayEquals(new long[0], x.value(), "no EXPUNGE responses under QRESYNC");
            List<Untagged> vanished = imap.response("VANISHED").value();
            assertEquals(1, vanished.size(), vanished.toString());
            assertEquals(Long.toString(u.get(0)), vanished.get(0).text());
            assertEquals(List.of(u.get(1), u.get(2)), uids(imap.fetch("1:*", "(UID)")));
            // UID FETCH ... (CHANGEDSINCE n VANISHED) reports the expunged UID as VANISHED (EARLIER)
            Result<List<FetchData>> since = imap.uidFetch("1:*", "(FLAGS) (CHANGEDSINCE " + hms3 + " VANISHED)");
            assertEquals(List.of(), since.value());
            List<Untagged> earlier = imap.response("VANISHED").value();
            assertEquals(1, earlier.size(), earlier.toString());
            assertEquals("(EARLIER) " + u.get(0), earlier.get(0).text());
            imap.closeMailbox();
            imap.delete(a).check();
        }
    }

    // ------------------------------------------------------------------ QUOTA

    @Test
    void quotaRootAndOverQuotaAppend(DovecotServer d) throws Exception {
        String a = box("quota");
        try (Imap4 imap = login(d, "quotauser")) {
            Result<Imap4.QuotaRoots> qr = imap.getQuotaRoot("INBOX");
            assertEquals("OK", qr.type());
            assertEquals(List.of(new QuotaRoot("INBOX", List.of("User quota"))), qr.value().roots());
            assertEquals(1, qr.value().quotas().size());
            Quota q0 = qr.value().quotas().get(0);
            assertEquals("User quota", q0.root());
            assertEquals(List.of("STORAGE", "MESSAGE"), q0.resources().stream().map(Quota.Resource::name).toList());
            assertEquals(100, q0.resources().get(0).limit());
            assertEquals(20, q0.resources().get(1).limit());
            long storage0 = q0.resources().get(0).usage();
            long messages0 = q0.resources().get(1).usage();

            imap.create(a).check();
            byte[] twoKiB = new byte[2048];
            byte[] head = "Subject: 2 KiB\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            Arrays.fill(twoKiB, (byte) 'x');
            System.arraycopy(head, 0, twoKiB, 0, head.length);
            twoKiB[2046] = '\r';
            twoKiB[2047] = '\n';
            imap.append(a, null, (String) null, twoKiB).check();
            List<Quota.Resource> r1 = imap.getQuota("User quota").value().get(0).resources();
            assertEquals(List.of(new Quota.Resource("STORAGE", storage0 + 2, 100),
                    new Quota.Resource("MESSAGE", messages0 + 1, 20)), r1);

            byte[] big = new byte[120 * 1024];
            Arrays.fill(big, (byte) 'y');
            System.arraycopy(head, 0, big, 0, head.length);
            Result<ResponseCode.AppendUid> over = imap.append(a, null, (String) null, big);
            assertEquals("NO", over.type());
            assertNotNull(over.code(), over.toString());
            assertEquals("OVERQUOTA", over.code().name());
            assertNull(over.value());
            assertEquals(1L, imap.status(a, "(MESSAGES)").value().messages());

            imap.delete(a).check();
            List<Quota.Resource> r2 = imap.getQuotaRoot("INBOX").value().quotas().get(0).resources();
            assertEquals(List.of(new Quota.Resource("STORAGE", storage0, 100),
                    new Quota.Resource("MESSAGE", messages0, 20)), r2);
        }
    }

    // ------------------------------------------------------------------ ACL

    @Test
    void aclSharesAMailboxReadOnlyWithAnotherUser(DovecotServer d) throws Exception {
        String a = box("acl");
        String shared = "Shared/user1/" + a;
        try (Imap4 owner = login(d, "user1")) {
            owner.create(a).check();
            owner.append(a, null, (String) null, simple("shared one")).check();
            owner.append(a, "(\\Seen)", (String) null, simple("shared two")).check();
            try (Imap4 before = login(d, "user2")) {
                assertEquals(List.of(), before.list("", shared).value(), "not visible before SETACL");
                assertEquals("NO", before.select(shared, true).type());
            }

            assertEquals("OK", owner.setAcl(a, "user2", "lr").type());
            Acl acl = owner.getAcl(a).value();
            assertEquals(a, acl.mailbox());
            assertEquals(Map.of("user2", "lr", "user1", "lrwstipekxacd"), acl.rights());
            assertEquals(new MyRights(a, "lrwstipekxacd"), owner.myRights(a).value());
            ListRights lr = owner.listRights(a, "user2").value();
            assertEquals(new ListRights(a, "user2", "",
                    List.of("l", "r", "w", "s", "t", "p", "i", "e", "k", "x", "a", "c", "d")), lr);

            // A session of user2 opened after the SETACL (Dovecot caches ACLs per session)
            try (Imap4 other = login(d, "user2")) {
                List<ListEntry> seen = other.list("", "*").value();
                ListEntry e = seen.stream().filter(x -> x.name().equals(shared)).findFirst().orElse(null);
                assertNotNull(e, "user2 lists " + shared + ": " + seen);
                assertEquals(Character.valueOf('/'), e.delimiter());
                assertTrue(seen.stream().anyMatch(x -> x.name().equals("Shared/user1") && x.noSelect()), seen.toString());
                assertEquals(new MyRights(shared, "lr"), other.myRights(shared).value());

                // no write rights: Dovecot answers SELECT with [READ-ONLY], which the client reports
                assertThrows(Imap4ReadOnlyException.class, () -> other.select(shared));
                assertEquals(State.SELECTED, other.state());
                assertTrue(other.isReadOnly());
                Result<List<FetchData>> f = other.fetch("1:2", "(UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
                assertEquals(List.of("Subject: shared one\r\n\r\n", "Subject: shared two\r\n\r\n"),
                        f.value().stream().map(DovecotFeaturesTest::subjectHeader).collect(Collectors.toList()));
                assertFalse(f.value().get(0).hasFlag("\\Seen"));

                // STORE without the w/s rights: Dovecot answers OK but changes nothing (RFC 4314 §4)
                Result<List<FetchData>> st = other.store("1:2", "+FLAGS", "\\Flagged");
                assertEquals(List.of(), st.value(), "no FETCH: nothing was changed");
                for (FetchData x : other.fetch("1:2", "(FLAGS)").value()) {
                    assertFalse(x.hasFlag("\\Flagged"), x.flags().toString());
                }
                other.closeMailbox();

                // nor may user2 change the ACL or delete the mailbox
                assertEquals("NO", other.setAcl(shared, "user2", "lrwstipekxacd").type());
                assertEquals("NO", other.delete(shared).type());
            }
            owner.examine(a);
            for (FetchData x : owner.fetch("1:2", "(FLAGS)").value()) {
                assertFalse(x.hasFlag("\\Flagged"), "owner sees no \\Flagged: " + x.flags());
            }
            owner.closeMailbox();

            assertEquals("OK", owner.deleteAcl(a, "user2").type());
            assertEquals(Map.of("user1", "lrwstipekxacd"), owner.getAcl(a).value().rights());
            try (Imap4 after = login(d, "user2")) {
                assertEquals(List.of(), after.list("", shared).value(), "not visible after DELETEACL");
                assertEquals("NO", after.select(shared, true).type(), "no access after DELETEACL");
            }
            owner.delete(a).check();
        }
    }

    // ------------------------------------------------------------------ LIST extensions, NAMESPACE, ID

    @Test
    void specialUseMailboxes(DovecotServer d) throws Exception {
        try (Imap4 imap = login(d, "user3")) {
            Result<List<ListEntry>> r = imap.listExtended("SPECIAL-USE", "", List.of("*"), null);
            assertEquals("OK", r.type());
            Map<String, String> uses = new LinkedHashMap<>();
            for (ListEntry e : r.value()) {
                assertTrue(e.specialUse().isPresent(), "only special-use mailboxes are selected: " + e);
                uses.put(e.name(), e.specialUse().get());
            }
            assertEquals(Map.of("Drafts", "\\Drafts", "Sent", "\\Sent", "Trash", "\\Trash", "Junk", "\\Junk"), uses);
            // the same attributes in a plain LIST, as RETURN (SPECIAL-USE) asks for
            Result<List<ListEntry>> all = imap.listExtended(null, "", List.of("*"), "SPECIAL-USE");
            Map<String, String> fromAll = new LinkedHashMap<>();
            for (ListEntry e : all.value()) {
                e.specialUse().ifPresent(u -> fromAll.put(e.name(), u));
            }
            assertEquals(uses, fromAll);
            assertTrue(all.value().stream().anyMatch(e -> e.name().equals("INBOX") && e.specialUse().isEmpty()));
        }
    }

    @Test
    void namespaceValues(DovecotServer d) throws Exception {
        try (Imap4 imap = login(d, "user1")) {
            Namespaces ns = imap.namespace().value();
            assertEquals(List.of(new Namespaces.Namespace("", '/', Map.of())), ns.personal());
            assertEquals(List.of(new Namespaces.Namespace("Shared/", '/', Map.of())), ns.otherUsers());
            assertEquals(List.of(new Namespaces.Namespace("Public/", '/', Map.of())), ns.shared());
        }
    }

    @Test
    void idReturnsDovecotsFields(DovecotServer d) throws Exception {
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), OPTS)) {
            // ID is allowed before login
            Result<dev.imap4lib.response.IdResponse> r = imap.id(Map.of("name", "imap4lib"));
            assertEquals("OK", r.type());
            assertEquals(Map.of("name", "Dovecot"), r.value().fields());
            assertEquals("Dovecot", r.value().get("NAME"));
            imap.login("user1", "pass1");
            assertEquals(Map.of("name", "Dovecot"), imap.id(null).value().fields());
        }
    }

    @Test
    void listStatusReturnsStatusResponses(DovecotServer d) throws Exception {
        String a = box("liststatus");
        try (Imap4 imap = login(d, "user1")) {
            imap.create(a).check();
            imap.append(a, "(\\Seen)", (String) null, simple("s1")).check();
            imap.append(a, null, (String) null, simple("s2")).check();
            imap.append(a, null, (String) null, simple("s3")).check();
            imap.response("STATUS");   // drop anything stored earlier
            Result<List<ListEntry>> r = imap.listExtended(null, "", List.of("*"), "STATUS (MESSAGES UNSEEN)");
            assertEquals("OK", r.type());
            Set<String> names = r.value().stream().map(ListEntry::name).collect(Collectors.toSet());
            assertTrue(names.contains(a), names.toString());
            assertTrue(names.contains("INBOX"), names.toString());

            List<Untagged> stored = imap.response("STATUS").value();
            Map<String, MailboxStatus> byName = new LinkedHashMap<>();
            for (Untagged u : stored) {
                assertEquals("STATUS", u.type());
                MailboxStatus s = MailboxStatus.parse(u.tokenizer());
                byName.put(s.name(), s);
            }
            assertEquals(new TreeSet<>(names), new TreeSet<>(byName.keySet()), "one STATUS per selectable mailbox");
            MailboxStatus s = byName.get(a);
            assertEquals(3L, s.messages());
            assertEquals(2L, s.unseen());
            assertNull(s.uidNext(), "not asked for");
            // popped: a second call has none
            assertEquals(List.of(), imap.response("STATUS").value());
            imap.delete(a).check();
        }
    }

    // ------------------------------------------------------------------ METADATA

    @Test
    void metadataSetGetAndRemove(DovecotServer d) throws Exception {
        String a = box("metadata");
        try (Imap4 imap = login(d, "user1")) {
            imap.create(a).check();
            assertEquals("OK", imap.setMetadata(a, Map.of("/private/comment", "hello")).type());
            Result<List<Metadata>> r = imap.getMetadata(a, "/private/comment");
            assertEquals("OK", r.type());
            assertEquals(1, r.value().size());
            Metadata m = r.value().get(0);
            assertEquals(a, m.mailbox());
            assertEquals("hello", m.value("/private/comment"));
            assertEquals(Set.of("/private/comment"), m.entries().keySet());

            // a value with a line break and 8-bit text must travel as a literal
            String multi = "Zeile 1\r\nZeile 2: Grüße \"quoted\"";
            imap.setMetadata(a, Map.of("/private/comment", multi)).check();
            assertEquals(multi, imap.getMetadata(a, "/private/comment").value().get(0).value("/private/comment"));

            Map<String, String> remove = Collections.singletonMap("/private/comment", null);
            assertEquals("OK", imap.setMetadata(a, remove).type());
            Result<List<Metadata>> gone = imap.getMetadata(a, "/private/comment");
            assertEquals("OK", gone.type());
            // Dovecot answers (/private/comment NIL) for an entry that is not set
            assertEquals(1, gone.value().size());
            Map<String, byte[]> entries = gone.value().get(0).entries();
            assertEquals(Set.of("/private/comment"), entries.keySet());
            assertNull(entries.get("/private/comment"));
            assertNull(gone.value().get(0).value("/private/comment"));
            imap.delete(a).check();
        }
    }

    // ------------------------------------------------------------------ SORT, THREAD, ESEARCH

    @Test
    void sortReverseDateThenSubject(DovecotServer d) throws Exception {
        String a = box("sort");
        try (Imap4 imap = login(d, "user1")) {
            imap.create(a).check();
            imap.append(a, null, (String) null, msg("1\n", "Subject: beta", "Date: Wed, 03 Jan 2024 10:00:00 +0000")).check();
            imap.append(a, null, (String) null, msg("2\n", "Subject: alpha", "Date: Mon, 01 Jan 2024 10:00:00 +0000")).check();
            imap.append(a, null, (String) null, msg("3\n", "Subject: alpha", "Date: Wed, 03 Jan 2024 10:00:00 +0000")).check();
            imap.append(a, null, (String) null, msg("4\n", "Subject: Re: gamma", "Date: Tue, 02 Jan 2024 10:00:00 +0000")).check();
            imap.select(a);
            Result<SearchResult> r = imap.sort("(REVERSE DATE SUBJECT)", "UTF-8", "ALL");
            assertEquals("OK", r.type());
            assertEquals(List.of(3L, 1L, 4L, 2L), r.value().numberList());
            // SUBJECT compares base subjects ("Re:" removed), ties in message order
            assertEquals(List.of(2L, 3L, 1L, 4L), imap.sort("SUBJECT", "UTF-8", "ALL").value().numberList());
            // with a search key
            assertEquals(List.of(3L, 2L), imap.sort("(REVERSE DATE)", "UTF-8", "SUBJECT", "alpha").value().numberList());
            // UID SORT answers UIDs
            List<Long> uidOf = uids(imap.fetch("1:4", "(UID)"));
            assertEquals(List.of(uidOf.get(2), uidOf.get(0), uidOf.get(3), uidOf.get(1)),
                    imap.uidSort("(REVERSE DATE SUBJECT)", "UTF-8", "ALL").value().numberList());
            imap.closeMailbox();
            imap.delete(a).check();
        }
    }

    @Test
    void threadReferencesBuildsTheTree(DovecotServer d) throws Exception {
        String a = box("thread");
        try (Imap4 imap = login(d, "user1")) {
            imap.create(a).check();
            imap.append(a, null, (String) null, msg("a\n", "Subject: topic", "Message-ID: <a@t.example>",
                    "Date: Mon, 01 Jan 2024 10:00:00 +0000")).check();
            imap.append(a, null, (String) null, msg("b\n", "Subject: Re: topic", "Message-ID: <b@t.example>",
                    "In-Reply-To: <a@t.example>", "References: <a@t.example>",
                    "Date: Mon, 01 Jan 2024 11:00:00 +0000")).check();
            imap.append(a, null, (String) null, msg("c\n", "Subject: Re: topic", "Message-ID: <c@t.example>",
                    "In-Reply-To: <b@t.example>", "References: <a@t.example> <b@t.example>",
                    "Date: Mon, 01 Jan 2024 12:00:00 +0000")).check();
            imap.append(a, null, (String) null, msg("d\n", "Subject: Re: topic", "Message-ID: <d@t.example>",
                    "In-Reply-To: <a@t.example>", "References: <a@t.example>",
                    "Date: Mon, 01 Jan 2024 13:00:00 +0000")).check();
            imap.append(a, null, (String) null, msg("e\n", "Subject: unrelated", "Message-ID: <e@t.example>",
                    "Date: Mon, 01 Jan 2024 14:00:00 +0000")).check();
            imap.select(a);
            Result<List<ThreadNode>> r = imap.thread("REFERENCES", "UTF-8", "ALL");
            assertEquals("OK", r.type());
            ThreadNode three = new ThreadNode(3, List.of());
            List<ThreadNode> expected = List.of(
                    new ThreadNode(1, List.of(new ThreadNode(2, List.of(three)), new ThreadNode(4, List.of()))),
                    new ThreadNode(5, List.of()));
            assertEquals(expected, r.value(), r.value().toString());
            assertEquals("(1 (2 3)(4))", r.value().get(0).toString());
            assertArrayEquals(new long[] {1, 2, 3, 4}, r.value().get(0).messages());

            // UID THREAD: the same tree in UIDs
            List<Long> u = uids(imap.fetch("1:5", "(UID)"));
            List<ThreadNode> byUid = imap.uidThread("REFERENCES", "UTF-8", "ALL").value();
            assertEquals(List.of(
                    new ThreadNode(u.get(0), List.of(new ThreadNode(u.get(1), List.of(new ThreadNode(u.get(2), List.of()))),
                            new ThreadNode(u.get(3), List.of()))),
                    new ThreadNode(u.get(4), List.of())), byUid);
            imap.closeMailbox();
            imap.delete(a).check();
        }
    }

    @Test
    void esearchMinMaxCountAll(DovecotServer d) throws Exception {
        String a = box("esearch");
        try (Imap4 imap = login(d, "user1")) {
            imap.create(a).check();
            for (int i = 1; i <= 6; i++) {
                imap.append(a, i % 2 == 0 ? "(\\Seen)" : null, (String) null, simple("e" + i)).check();
            }
            imap.select(a);
            SearchResult all = imap.search(null, "RETURN (MIN MAX COUNT) ALL").value();
            assertTrue(all.isEsearch());
            assertNotNull(all.tag(), "ESEARCH (TAG ...) correlates the answer");
            assertEquals(Long.valueOf(1), all.min());
            assertEquals(Long.valueOf(6), all.max());
            assertEquals(Long.valueOf(6), all.count());
            assertFalse(all.uid());

            SearchResult unseen = imap.search(null, "RETURN (MIN MAX COUNT ALL) UNSEEN").value();
            assertEquals(Long.valueOf(1), unseen.min());
            assertEquals(Long.valueOf(5), unseen.max());
            assertEquals(Long.valueOf(3), unseen.count());
            assertEquals(SequenceSet.of(1, 3, 5), unseen.all());

            List<Long> u = uids(imap.fetch("1:6", "(UID)"));
            SearchResult byUid = imap.uidSearch(null, "RETURN (MIN MAX COUNT) SEEN").value();
            assertTrue(byUid.uid());
            assertEquals(u.get(1), byUid.min());
            assertEquals(u.get(5), byUid.max());
            assertEquals(Long.valueOf(3), byUid.count());

            // no match: COUNT 0, no MIN/MAX
            SearchResult nothing = imap.search(null, "RETURN (MIN MAX COUNT) SUBJECT \"no such subject\"").value();
            assertEquals(Long.valueOf(0), nothing.count());
            assertNull(nothing.min());
            assertNull(nothing.max());
            imap.closeMailbox();
            imap.delete(a).check();
        }
    }

    // ------------------------------------------------------------------ BINARY

    @Test
    void binaryFetchDecodesBase64(DovecotServer d) throws Exception {
        String a = box("binary");
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);   // includes NUL, CR, LF and 8-bit bytes
        }
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(payload);
        byte[] single = msg(b64 + "\n", "Subject: one part", "MIME-Version: 1.0",
                "Content-Type: application/octet-stream", "Content-Transfer-Encoding: base64");
        byte[] multi = msg("--b1\n"
                + "Content-Type: text/plain; charset=us-ascii\n\nsee attachment\n"
                + "--b1\nContent-Type: application/octet-stream; name=\"x.bin\"\n"
                + "Content-Transfer-Encoding: base64\n\n" + b64 + "\n--b1--\n",
                "Subject: two parts", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"b1\"");
        try (Imap4 imap = login(d, "user1")) {
            assertTrue(imap.hasCapability("BINARY"));
            imap.create(a).check();
            imap.append(a, null, (String) null, single).check();
            imap.append(a, null, (String) null, multi).check();
            imap.select(a);

            FetchData f1 = imap.fetch("1", "(BINARY.PEEK[1] BINARY.SIZE[1])").value().get(0);
            assertArrayEquals(payload, f1.section("BINARY[1]"));
            assertEquals(Long.valueOf(payload.length), f1.binarySizes().get("1"));

            FetchData f2 = imap.fetch("2", "(BINARY.PEEK[2] BINARY.SIZE[2] BINARY.SIZE[1])").value().get(0);
            assertArrayEquals(payload, f2.section("BINARY.PEEK[2]"));
            assertEquals(Long.valueOf(payload.length), f2.binarySizes().get("2"));
            // the CRLF before a boundary belongs to the boundary (RFC 2046 5.1.1)
            assertEquals(Long.valueOf("see attachment".length()), f2.binarySizes().get("1"));
            // BODY[2] is the encoded form
            FetchData raw = imap.fetch("2", "(BODY.PEEK[2])").value().get(0);
            assertArrayEquals(Base64.getMimeDecoder().decode(raw.section("BODY[2]")), payload);
            // not seen: PEEK
            assertFalse(imap.fetch("1:2", "(FLAGS)").value().get(0).hasFlag("\\Seen"));

            // APPEND of a message holding NUL goes as a literal8 (~{n}); Dovecot stores the
            // binary part base64-encoded, and BINARY gives the original bytes back
            byte[] withNul = "Subject: nul\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\nab\0cd\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1);
            assertEquals("OK", imap.append(a, null, (String) null, withNul).type());
            FetchData f3 = imap.fetch("3", "(BINARY.PEEK[1] BINARY.SIZE[1] BODYSTRUCTURE)").value().get(0);
            assertArrayEquals("ab\0cd\r\n".getBytes(StandardCharsets.ISO_8859_1), f3.section("BINARY[1]"));
            assertEquals(Long.valueOf(7), f3.binarySizes().get("1"));
            assertEquals("application/octet-stream", f3.bodyStructure().mimeType());
            assertEquals("base64", ((BodyStructure.Basic) f3.bodyStructure()).encoding().toLowerCase());
            imap.closeMailbox();
            imap.delete(a).check();
        }
    }

    // ------------------------------------------------------------------ non-ASCII

    @Test
    void nonAsciiMailboxNames(DovecotServer d) throws Exception {
        String parent = "Grüße-" + UUID.randomUUID();
        String child = parent + "/日本語";
        String renamed = parent + "/Köln";
        String wireParent = parent.replace("Grüße", "Gr&APwA3w-e");
        try (Imap4 imap = login(d, "user1")) {
            assertEquals("OK", imap.create(child).type());
            List<ListEntry> l = imap.list("", parent + "/*").value();
            assertEquals(1, l.size(), l.toString());
            assertEquals(child, l.get(0).name());
            assertEquals(wireParent + "/&ZeVnLIqe-", l.get(0).rawName(), "modified UTF-7 on the wire");
            List<ListEntry> p = imap.list("", parent).value();
            assertEquals(1, p.size(), p.toString());
            assertEquals(parent, p.get(0).name());
            assertEquals(wireParent, p.get(0).rawName());
            assertTrue(p.get(0).hasChildren(), p.toString());
            assertTrue(p.get(0).noSelect(), "the parent is only a level of the hierarchy: " + p);

            imap.append(child, null, (String) null, simple("in Japanese folder")).check();
            SelectInfo s = imap.select(child).value();
            assertEquals(1, s.exists());
            assertEquals(List.of("Subject: in Japanese folder\r\n\r\n"),
                    imap.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])").value().stream()
                            .map(DovecotFeaturesTest::subjectHeader).collect(Collectors.toList()));
            MailboxStatus st = imap.status(child, "(MESSAGES)").value();
            assertEquals(child, st.name());
            assertEquals(1L, st.messages());
            imap.closeMailbox();

            // the other responses that carry a mailbox name decode it too
            assertEquals(List.of(new QuotaRoot(child, List.of("User quota"))), imap.getQuotaRoot(child).value().roots());
            assertEquals(child, imap.getAcl(child).value().mailbox());
            assertEquals(new MyRights(child, "lrwstipekxacd"), imap.myRights(child).value());
            imap.setMetadata(child, Map.of("/private/comment", "Grüße")).check();
            List<Metadata> md = imap.getMetadata(child, "/private/comment").value();
            assertEquals(1, md.size());
            assertEquals(child, md.get(0).mailbox());
            assertEquals("Grüße", md.get(0).value("/private/comment"));
            imap.response("STATUS");
            List<ListEntry> ls = imap.listExtended(null, "", List.of(parent + "/*"), "STATUS (MESSAGES)").value();
            assertEquals(List.of(child), ls.stream().map(ListEntry::name).collect(Collectors.toList()));
            List<Untagged> stored = imap.response("STATUS").value();
            assertEquals(1, stored.size());
            MailboxStatus viaList = MailboxStatus.parse(stored.get(0).tokenizer());
            assertEquals(child, viaList.name());
            assertEquals(1L, viaList.messages());

            assertEquals("OK", imap.rename(child, renamed).type());
            List<ListEntry> after = imap.list("", parent + "/*").value();
            assertEquals(List.of(renamed), after.stream().map(ListEntry::name).collect(Collectors.toList()));
            assertEquals(wireParent + "/K&APY-ln", after.get(0).rawName());
            assertEquals(1L, imap.status(renamed, "(MESSAGES)").value().messages());

            assertEquals("OK", imap.delete(renamed).type());
            assertEquals(List.of(), imap.list("", parent + "/*").value());
            assertEquals("OK", imap.delete(parent).type(), "the parent CREATE made on the way");
            assertEquals(List.of(), imap.list("", parent).value());
        }
    }

    @Test
    void nonAsciiSearch(DovecotServer d) throws Exception {
        String a = box("utf8search");
        try (Imap4 imap = login(d, "user1")) {
            imap.create(a).check();
            imap.append(a, null, (String) null, msg("nothing special\n",
                    "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus Berlin", "MIME-Version: 1.0",
                    "Content-Type: text/plain; charset=us-ascii")).check();
            imap.append(a, null, (String) null, msg("Wir sehen uns in K=C3=B6ln am Rhein.\n",
                    "Subject: Treffen", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
                    "Content-Transfer-Encoding: quoted-printable")).check();
            imap.append(a, null, (String) null, msg("Gruesse aus Koeln\n",
                    "Subject: Gruesse", "MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii")).check();
            imap.select(a);
            assertEquals(List.of(1L), imap.search("UTF-8", "SUBJECT \"Grüße\"").value().numberList());
            assertEquals(List.of(2L), imap.search("UTF-8", "BODY Köln").value().numberList());
            assertEquals(List.of(2L), imap.search("UTF-8", "TEXT \"köln\"").value().numberList(), "case-insensitive");
            assertEquals(List.of(3L), imap.search("UTF-8", "BODY Koeln").value().numberList());
            assertEquals(List.of(), imap.search("UTF-8", "SUBJECT \"Grüße\" BODY Köln").value().numberList());
            assertEquals(List.of(1L, 2L), imap.search("UTF-8", "OR SUBJECT \"Grüße\" BODY Köln").value().numberList());
            assertEquals(List.of(1L, 2L), imap.search("UTF-8", "OR", "SUBJECT", "\"Grüße\"", "BODY", "Köln")
                    .value().numberList(), "criteria as separate arguments");
            // the same keys in SORT and THREAD, and in a UID SEARCH with ESEARCH's RETURN
            assertEquals(List.of(2L, 1L), imap.sort("(REVERSE SUBJECT)", "UTF-8", "OR SUBJECT \"Grüße\" BODY Köln")
                    .value().numberList());
            assertEquals(List.of(new ThreadNode(1, List.of())),
                    imap.thread("ORDEREDSUBJECT", "UTF-8", "SUBJECT \"grüße\"").value());
            List<Long> u = uids(imap.fetch("1:3", "(UID)"));
            // RFC 4731 puts RETURN before CHARSET, so both go in the criteria (the charset
            // argument would be sent first, and Dovecot answers BAD "Unknown argument RETURN")
            SearchResult es = imap.uidSearch(null, "RETURN (COUNT ALL) CHARSET UTF-8 BODY Köln").value();
            assertTrue(es.uid());
            assertEquals(Long.valueOf(1), es.count());
            assertEquals(SequenceSet.of(u.get(1)), es.all());
            imap.closeMailbox();
            imap.delete(a).check();
        }
    }

    // ------------------------------------------------------------------ many messages

    @Test
    void fetchOfTwoHundredPopulatedMessages(DovecotServer d) throws Exception {
        String a = box("populate");
        assertEquals(200, d.populate("user2", a, 200));
        try (Imap4 imap = login(d, "user2")) {
            SelectInfo s = imap.examine(a).value();
            assertEquals(200, s.exists());
            Result<List<FetchData>> r = imap.fetch("1:*", "(UID FLAGS INTERNALDATE ENVELOPE BODYSTRUCTURE)");
            assertEquals("OK", r.type());
            assertEquals(200, r.value().size());
            for (int i = 1; i <= 200; i++) {
                FetchData f = r.value().get(i - 1);
                String at = "message " + i;
                assertEquals(i, f.msgno(), at);
                assertEquals(Long.valueOf(i), f.uid(), at);
                List<String> flags = new ArrayList<>(f.flags());
                flags.remove("\\Recent");
                Set<String> expected = new TreeSet<>();
                if (i % 3 != 0) {
                    expected.add("\\Seen");
                }
                if (i % 10 == 0) {
                    expected.add("\\Flagged");
                }
                assertEquals(expected, new TreeSet<>(flags), at);
                assertEquals(flags.size(), expected.size(), at + ": no duplicates");
                assertEquals(Instant.ofEpochSecond(1700000000L + i * 3600L), f.internalDate().toInstant(), at);

                String subject = switch ((i - 1) % 4) {
                    case 0 -> "Test message " + i;
                    case 1 -> "Grüße " + i;
                    case 2 -> "Alternative " + i;
                    default -> "Attachment " + i;
                };
                assertEquals(subject, f.envelope().decodedSubject(), at);
                assertEquals("sender" + (i % 5) + "@example.com", f.envelope().from().get(0).address(), at);
                assertEquals("Sender " + (i % 5), f.envelope().from().get(0).personal(), at);
                assertEquals("<" + i + "." + (1700000000L + i * 3600L) + "@populate.imap4lib>", f.envelope().messageId(), at);
                assertEquals(List.of("user2@localhost"),
                        f.envelope().to().stream().map(dev.imap4lib.response.Address::address).toList(), at);

                BodyStructure b = f.bodyStructure();
                switch ((i - 1) % 4) {
                    case 0 -> {
                        assertEquals("text/plain", b.mimeType(), at);
                        assertEquals("us-ascii", b.parameter("charset").orElseThrow().toLowerCase(), at);
                    }
                    case 1 -> {
                        assertEquals("text/plain", b.mimeType(), at);
                        assertEquals("quoted-printable", ((BodyStructure.Text) b).encoding().toLowerCase(), at);
                    }
                    case 2 -> {
                        assertEquals("multipart/alternative", b.mimeType(), at);
                        assertEquals(List.of("text/plain", "text/html"),
                                b.parts().stream().map(BodyStructure::mimeType).toList(), at);
                    }
                    default -> {
                        assertEquals("multipart/mixed", b.mimeType(), at);
                        assertEquals(List.of("text/plain", "application/pdf"),
                                b.parts().stream().map(BodyStructure::mimeType).toList(), at);
                        BodyStructure pdf = b.find("2").orElseThrow();
                        assertEquals("doc" + i + ".pdf", pdf.filename().orElseThrow(), at);
                        assertEquals("attachment", pdf.disposition().orElseThrow().type().toLowerCase(), at);
                    }
                }
            }
            // the flags as a SEARCH sees them
            assertEquals(66, imap.search(null, "UNSEEN").value().size());
            assertEquals(20, imap.search(null, "FLAGGED").value().size());
            imap.closeMailbox();
            imap.delete(a).check();
        }
    }
}
