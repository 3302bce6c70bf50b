package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.Envelope;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.wire.InternalDate;
import dev.imap4lib.wire.LiteralSink;
import jakarta.mail.Flags;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Message commands against GreenMail: APPEND, FETCH (incl. streamed literals), STORE, COPY,
 * MOVE, SEARCH, SORT, EXPUNGE, CLOSE and their UID forms. Results are checked through a second
 * connection or GreenMail's store.
 */
@Timeout(120)
class GreenMailMessageTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @BeforeEach
    void user() {
        Gm.addUser(greenMail);
    }

    static String flagsOf(String fetchText) {
        Matcher m = Pattern.compile("FLAGS \\(([^)]*)\\)").matcher(fetchText);
        assertTrue(m.find(), fetchText);
        return m.group(1);
    }

    /** FLAGS of message {@code n} in {@code mailbox}, seen through a fresh connection (EXAMINE: changes nothing). */
    static List<String> flagsViaFreshConnection(String mailbox, int n) throws Exception {
        try (Imap4 fresh = Gm.login(greenMail)) {
            fresh.examine(mailbox);
            Result<?> f = fresh.fetch(Integer.toString(n), "(FLAGS)");
            assertEquals("OK", f.type());
            return Arrays.stream(flagsOf(Gm.dataText(f)).split(" ")).filter(s -> !s.isEmpty()).toList();
        }
    }

    /** BODY.PEEK[] of message {@code n} of {@code mailbox} through a fresh connection. */
    static byte[] storedBytes(String mailbox, int n) throws Exception {
        try (Imap4 fresh = Gm.login(greenMail)) {
            fresh.examine(mailbox);
            return Gm.onlyLiteral(fresh.fetch(Integer.toString(n), "(BODY.PEEK[])"));
        }
    }

    static List<String> subjects(String mailbox) throws Exception {
        MailFolder f = Gm.folder(greenMail, mailbox);
        List<String> out = new ArrayList<>();
        for (StoredMessage m : f.getMessages()) {
            out.add(m.getMimeMessage().getSubject());
        }
        return out;
    }

    /** The numbers of a SEARCH/SORT answer from imaplib's data, checked against the typed value. */
    static List<String> searchNumbers(Result<?> r) {
        assertEquals("OK", r.type(), r.toString());
        Object d = r.data().get(0);
        List<String> raw;
        if (d == null) {
            raw = List.of();
        } else {
            String s = new String((byte[]) d, StandardCharsets.US_ASCII).trim();
            raw = s.isEmpty() ? List.of() : List.of(s.split(" "));
        }
        if (r.value() instanceof SearchResult sr) {
            assertEquals(raw, sr.numberList().stream().map(String::valueOf).toList(), "typed value");
            assertEquals(raw.size(), sr.size());
        }
        return raw;
    }

    // ------------------------------------------------------------------ APPEND

    @Test
    void appendWithFlagsAndInternalDate() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            Result<?> r = imap.append("INBOX", "(\\Flagged $Work)", "\"01-Jan-2024 10:00:00 +0100\"",
                    Gm.message("dated", "body"));
            assertEquals("OK", r.type());
            assertNotNull(r.code());
            assertEquals("APPENDUID", r.code().name());
            assertTrue(r.code().argument().endsWith(" 1"), r.code().argument());
            ResponseCode.AppendUid au = (ResponseCode.AppendUid) r.value();
            assertEquals(Gm.folder(greenMail, "INBOX").getUidValidity(), au.uidValidity());
            assertEquals(1, au.uids().size());
            assertTrue(au.uids().contains(1));
            Result<?> r2 = imap.append("INBOX", "\\Seen", ZonedDateTime.of(2019, 6, 30, 23, 59, 58, 0, ZoneOffset.ofHours(-7)),
                    Gm.message("dated 2", "body"));
            assertEquals("OK", r2.type());
            assertTrue(((ResponseCode.AppendUid) r2.value()).uids().contains(2));
        }
        try (Imap4 fresh = Gm.login(greenMail)) {
            fresh.examine("INBOX");
            Result<?> f = fresh.fetch("1:2", "(FLAGS INTERNALDATE)");
            assertEquals(2, f.data().size(), Gm.dataText(f));
            String first = new String((byte[]) f.data().get(0), StandardCharsets.UTF_8);
            String second = new String((byte[]) f.data().get(1), StandardCharsets.UTF_8);
            assertTrue(flagsOf(first).contains("\\Flagged"), first);
            assertTrue(flagsOf(first).contains("$Work"), first);
            assertFalse(flagsOf(first).contains("\\Seen"), first);
            assertTrue(flagsOf(second).contains("\\Seen"), second);
            assertEquals(Instant.parse("2024-01-01T09:00:00Z"), internalDate(first));
            assertEquals(Instant.parse("2019-07-01T06:59:58Z"), internalDate(second));
            @SuppressWarnings("unchecked")
            List<FetchData> typed = (List<FetchData>) f.value();
            assertEquals(2, typed.size());
            assertEquals(1, typed.get(0).msgno());
            assertTrue(typed.get(0).hasFlag("\\Flagged") && typed.get(0).hasFlag("$Work"), typed.get(0).flags().toString());
            assertFalse(typed.get(0).hasFlag("\\Seen"));
            assertTrue(typed.get(1).hasFlag("\\Seen"));
            assertEquals(Instant.parse("2024-01-01T09:00:00Z"), typed.get(0).internalDate().toInstant());
            assertEquals(Instant.parse("2019-07-01T06:59:58Z"), typed.get(1).internalDate().toInstant());
        }
        Flags stored = Gm.folder(greenMail, "INBOX").getMessages().get(0).getFlags();
        assertTrue(stored.contains(Flags.Flag.FLAGGED));
        assertTrue(stored.contains("$Work"));
    }

    static Instant internalDate(String fetchText) {
        Matcher m = Pattern.compile("INTERNALDATE (\"[^\"]*\")").matcher(fetchText);
        assertTrue(m.find(), fetchText);
        return InternalDate.parse(m.group(1)).toInstant();
    }

    @Test
    void appendConvertsBareLineFeedsToCrlf() throws Exception {
        String lf = "From: bob@example.org\nSubject: lf only\n\nline one\nline two\n";
        try (Imap4 imap = Gm.login(greenMail)) {
            assertEquals("OK", imap.append("INBOX", null, (String) null, lf.getBytes(StandardCharsets.US_ASCII)).type());
        }
        byte[] stored = storedBytes("INBOX", 1);
        assertEquals(lf.replace("\n", "\r\n"), new String(stored, StandardCharsets.US_ASCII));
    }

    @Test
    void appendEightBitBodyKeepsItsBytes() throws Exception {
        byte[] body = "Grüße, ñandú, 日本語\r\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.writeBytes(("From: bob@example.org\r\nSubject: eight bit\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        msg.writeBytes(body);
        try (Imap4 imap = Gm.login(greenMail)) {
            assertEquals("OK", imap.append("INBOX", null, (String) null, msg.toByteArray()).type());
            imap.select("INBOX");
            // GreenMail drops the final CRLF of BODY[TEXT]; the bytes before it are intact
            byte[] text = Gm.onlyLiteral(imap.fetch("1", "(BODY.PEEK[TEXT])"));
            assertArrayEquals(Arrays.copyOf(body, body.length - 2), Arrays.copyOf(text, body.length - 2));
        }
        assertArrayEquals(msg.toByteArray(), storedBytes("INBOX", 1));
    }

    static byte[] bigMessage(int approxSize) {
        StringBuilder sb = new StringBuilder(approxSize + 200);
        sb.append("From: bob@example.org\r\nSubject: big one\r\n\r\n");
        int line = 0;
        while (sb.length() < approxSize) {
            sb.append(String.format("%08d ", line++)).append("abcdefghijklmnopqrstuvwxyz0123456789".repeat(2)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static final class Counting extends OutputStream {
        long count;
        boolean closed;
        final MessageDigest sha;

        Counting() throws Exception {
            sha = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public void write(int b) {
            count++;
            sha.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            sha.update(b, off, len);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void appendFiveMegabytesAndStreamItBack() throws Exception {
        byte[] big = bigMessage(5 * 1024 * 1024);
        try (Imap4 imap = Gm.login(greenMail)) {
            Result<?> r = imap.append("INBOX", null, (String) null, big);
            assertEquals("OK", r.type(), r.toString());
        }
        assertEquals(1, Gm.folder(greenMail, "INBOX").getMessageCount());
        try (Imap4 fresh = Gm.login(greenMail)) {
            fresh.select("INBOX");
            Counting out = new Counting();
            List<LiteralSink.LiteralContext> seen = new ArrayList<>();
            Result<?> f = fresh.fetch("1", "(UID BODY.PEEK[])", ctx -> {
                seen.add(ctx);
                return out;
            });
            assertEquals("OK", f.type());
            assertEquals(1, seen.size(), seen.toString());
            LiteralSink.LiteralContext ctx = seen.get(0);
            assertEquals(1, ctx.messageNumber());
            assertEquals("BODY[]", ctx.item());
            assertEquals(big.length, ctx.size());
            assertFalse(ctx.binary());
            assertEquals(big.length, out.count);
            assertTrue(out.closed, "the sink's stream is closed after the literal");
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(big), out.sha.digest());
            // the parsed response holds an empty literal in place of the streamed one
            assertEquals(0, Gm.onlyLiteral(f).length);
            assertTrue(Gm.dataText(f).contains("UID 1"), Gm.dataText(f));
            @SuppressWarnings("unchecked")
            FetchData fd = ((List<FetchData>) f.value()).get(0);
            assertEquals(1L, fd.uid());
            assertEquals(0, fd.section("BODY[]").length, "streamed: the parsed section is empty");
            // returning null from the sink buffers as usual
            Result<List<FetchData>> buffered = fresh.fetch("1", "(BODY.PEEK[])", c -> null);
            assertArrayEquals(big, Gm.onlyLiteral(buffered));
            assertArrayEquals(big, buffered.value().get(0).section("BODY.PEEK[]"));
            // and the session is still in step
            assertEquals("OK", fresh.noop().type());
            assertFalse(flagsViaFreshConnection("INBOX", 1).contains("\\Seen"));
        }
    }

    // ------------------------------------------------------------------ FETCH

    @Test
    void fetchStandardItems() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.append("INBOX", "(\\Answered)", "\"02-Feb-2024 03:04:05 +0000\"", Gm.message("simple", "hello"));
            Gm.append(imap, "INBOX", Gm.MULTIPART.getBytes(StandardCharsets.US_ASCII));
            imap.select("INBOX");
            Result<?> f = imap.fetch("1:2", "(FLAGS UID INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)");
            assertEquals("OK", f.type());
            assertEquals("FETCH", f.command());
            assertEquals(2, f.data().size(), Gm.dataText(f));
            String one = new String((byte[]) f.data().get(0), StandardCharsets.UTF_8);
            String two = new String((byte[]) f.data().get(1), StandardCharsets.UTF_8);
            // imaplib's data starts with the message number
            assertTrue(one.startsWith("1 ("), one);
            assertTrue(two.startsWith("2 ("), two);
            assertTrue(one.contains("UID 1"), one);
            assertTrue(two.contains("UID 2"), two);
            assertTrue(flagsOf(one).contains("\\Answered"), one);
            assertEquals(Instant.parse("2024-02-02T03:04:05Z"), internalDate(one));
            assertTrue(Pattern.compile("RFC822\\.SIZE \\d+").matcher(one).find(), one);
            assertTrue(one.contains("\"simple\""), one);
            assertTrue(one.contains("(\"Bob\" NIL \"bob\" \"example.org\")"), one);
            assertTrue(two.contains("\"multipart test\""), two);
            assertTrue(two.toLowerCase().contains("(\"text\" \"plain\""), two);
            assertTrue(two.toLowerCase().contains("\"mixed\" (\"boundary\" \"xyz\")"), two);

            @SuppressWarnings("unchecked")
            List<FetchData> typed = (List<FetchData>) f.value();
            assertEquals(2, typed.size());
            FetchData a = typed.get(0);
            assertEquals(1, a.msgno());
            assertEquals(1L, a.uid());
            assertEquals(List.of("\\Answered"), a.flags());
            assertEquals(Instant.parse("2024-02-02T03:04:05Z"), a.internalDate().toInstant());
            assertNotNull(a.rfc822Size());
            assertTrue(a.rfc822Size() > 0);
            Envelope env = a.envelope();
            assertEquals("simple", env.subject());
            assertEquals(1, env.from().size());
            assertEquals("Bob", env.from().get(0).personal());
            assertEquals("bob@example.org", env.from().get(0).address());
            assertEquals("alice@example.com", env.to().get(0).address());
            assertInstanceOf(BodyStructure.Text.class, a.bodyStructure());
            assertEquals("text/plain", a.bodyStructure().mimeType());

            FetchData b = typed.get(1);
            assertEquals(2L, b.uid());
            assertEquals(List.of(), b.flags());
            assertEquals("multipart test", b.envelope().subject());
            BodyStructure bs = b.bodyStructure();
            BodyStructure.Multipart mp = assertInstanceOf(BodyStructure.Multipart.class, bs);
            assertEquals("multipart/mixed", mp.mimeType());
            assertEquals("XYZ", mp.parameter("boundary").orElseThrow());
            assertEquals(2, mp.parts().size());
            BodyStructure.Text p1 = assertInstanceOf(BodyStructure.Text.class, mp.parts().get(0));
            assertEquals("text/plain", p1.mimeType());
            assertEquals("1", p1.section());
            assertEquals("us-ascii", p1.parameter("charset").orElseThrow().toLowerCase());
            BodyStructure.Basic p2 = assertInstanceOf(BodyStructure.Basic.class, mp.parts().get(1));
            assertEquals("application/octet-stream", p2.mimeType());
            assertEquals("2", p2.section());
            assertEquals("base64", p2.encoding().toLowerCase());
        }
    }

    @Test
    void bodyPeekLeavesSeenAloneAndBodySetsIt() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            Gm.append(imap, "INBOX", Gm.message("peek", "content"));
            imap.select("INBOX");
            Result<List<FetchData>> peek = imap.fetch("1", "(BODY.PEEK[])");
            byte[] whole = Gm.onlyLiteral(peek);
            assertArrayEquals(Gm.message("peek", "content"), whole);
            assertArrayEquals(whole, peek.value().get(0).section("BODY[]"));
            assertNull(peek.value().get(0).flags(), "FLAGS not asked for, not sent");
            assertFalse(flagsViaFreshConnection("INBOX", 1).contains("\\Seen"));
            assertFalse(Gm.folder(greenMail, "INBOX").getMessages().get(0).isSet(Flags.Flag.SEEN));

            Result<List<FetchData>> f = imap.fetch("1", "(BODY[TEXT])");
            // GreenMail drops the final CRLF of BODY[TEXT]
            assertEquals("content", new String(Gm.onlyLiteral(f), StandardCharsets.US_ASCII).strip());
            assertEquals("content", new String(f.value().get(0).section("BODY[TEXT]"), StandardCharsets.US_ASCII).strip());
            // the server reports the \Seen it set in the same FETCH response
            assertTrue(f.value().get(0).hasFlag("\\Seen"), String.valueOf(f.value().get(0).flags()));
            assertTrue(flagsViaFreshConnection("INBOX", 1).contains("\\Seen"));
            assertTrue(Gm.folder(greenMail, "INBOX").getMessages().get(0).isSet(Flags.Flag.SEEN));
        }
    }

    @Test
    void fetchSectionsAndPartial() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            Gm.append(imap, "INBOX", Gm.MULTIPART.getBytes(StandardCharsets.US_ASCII));
            imap.select("INBOX");

            Result<List<FetchData>> part = imap.fetch("1", "(BODY.PEEK[1])");
            assertEquals("first part text", new String(Gm.onlyLiteral(part), StandardCharsets.US_ASCII));
            assertEquals("first part text", new String(part.value().get(0).section("BODY[1]"), StandardCharsets.US_ASCII));
            Result<?> part2 = imap.fetch("1", "(BODY.PEEK[2])");
            assertEquals("AAECAwQF", new String(Gm.onlyLiteral(part2), StandardCharsets.US_ASCII).trim());

            Result<List<FetchData>> hdr = imap.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            String h = new String(Gm.onlyLiteral(hdr), StandardCharsets.US_ASCII);
            assertTrue(h.startsWith("Subject: multipart test\r\n"), h);
            assertFalse(h.contains("From:"), h);
            assertTrue(Gm.dataText(hdr).contains("BODY[HEADER.FIELDS (SUBJECT)]"), Gm.dataText(hdr));
            assertArrayEquals(Gm.onlyLiteral(hdr), hdr.value().get(0).section("BODY.PEEK[HEADER.FIELDS (SUBJECT)]"));


            // several literals in one response, in order
            Result<List<FetchData>> many = imap.fetch("1", "(BODY.PEEK[1] BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertEquals(2, Gm.literals(many).size(), Gm.dataText(many));
            assertEquals(2, many.value().get(0).sections().size(), many.value().get(0).sections().keySet().toString());
            assertFalse(flagsViaFreshConnection("INBOX", 1).contains("\\Seen"));
        }
    }

    @Test
    void fetchPartial() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            Gm.append(imap, "INBOX", Gm.MULTIPART.getBytes(StandardCharsets.US_ASCII));
            imap.select("INBOX");
            Result<List<FetchData>> partial = imap.fetch("1", "(BODY.PEEK[]<0.10>)");
            assertEquals(Gm.MULTIPART.substring(0, 10), new String(Gm.onlyLiteral(partial), StandardCharsets.US_ASCII));
            assertTrue(Gm.dataText(partial).contains("BODY[]<0>"), Gm.dataText(partial));
            FetchData fd = partial.value().get(0);
            assertEquals(Gm.MULTIPART.substring(0, 10), new String(fd.section("BODY.PEEK[]<0.10>"), StandardCharsets.US_ASCII));
            assertEquals(0L, fd.sectionOrigin("BODY[]"));
            Result<List<FetchData>> later = imap.fetch("1", "(BODY.PEEK[]<6.5>)");
            assertEquals(Gm.MULTIPART.substring(6, 11), new String(Gm.onlyLiteral(later), StandardCharsets.US_ASCII));
            assertEquals(6L, later.value().get(0).sectionOrigin("BODY[]"));
        }
    }

    @Test
    void fetchOfAMissingMessageIsNotAnException() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.select("INBOX");
            Result<?> r = imap.fetch("5", "(FLAGS)");
            // GreenMail answers NO or BAD; imaplib raises only on BAD
            assertFalse(r.isOk() && r.data().get(0) != null, Gm.dataText(r));
        } catch (Imap4Exception e) {
            assertFalse(e instanceof Imap4AbortException, e.toString());
            assertEquals("BAD", e.status());
        }
    }

    // ------------------------------------------------------------------ STORE

    @Test
    void storeAddsRemovesAndReplacesFlags() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            Gm.append(imap, "INBOX", Gm.message("s1", "x"));
            Gm.append(imap, "INBOX", Gm.message("s2", "x"));
            imap.select("INBOX");

            Result<List<FetchData>> add = imap.store("1:2", "+FLAGS", "\\Seen \\Flagged");
            assertEquals("OK", add.type());
            assertEquals(List.of(1, 2), add.value().stream().map(FetchData::msgno).toList());
            assertTrue(add.value().stream().allMatch(d -> d.hasFlag("\\Seen") && d.hasFlag("\\Flagged")));
            assertEquals(2, add.data().size(), Gm.dataText(add));
            assertTrue(flagsOf(Gm.dataText(add)).contains("\\Flagged"));
            assertTrue(flagsViaFreshConnection("INBOX", 2).containsAll(List.of("\\Seen", "\\Flagged")));

            Result<?> remove = imap.store("2", "-FLAGS", "(\\Flagged)");
            assertEquals("OK", remove.type());
            assertFalse(flagsOf(Gm.dataText(remove)).contains("\\Flagged"), Gm.dataText(remove));
            assertEquals(List.of("\\Seen"), flagsViaFreshConnection("INBOX", 2));

            Result<?> replace = imap.store("1", "FLAGS", "\\Answered");
            assertEquals("OK", replace.type());
            assertEquals(List.of("\\Answered"), flagsViaFreshConnection("INBOX", 1));
        }
    }

    @Test
    void storeSilentAndKeywords() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            Gm.append(imap, "INBOX", Gm.message("kw", "x"));
            imap.select("INBOX");
            Result<List<FetchData>> silent = imap.store("1", "+FLAGS.SILENT", "$Label1 Important");
            assertEquals("OK", silent.type());
            assertTrue(silent.value().isEmpty());
            assertEquals(1, silent.data().size());
            assertNull(silent.data().get(0), "SILENT: no FETCH back, imaplib's [None]");
            assertTrue(flagsViaFreshConnection("INBOX", 1).containsAll(List.of("$Label1", "Important")));
            Flags stored = Gm.folder(greenMail, "INBOX").getMessages().get(0).getFlags();
            assertTrue(Arrays.asList(stored.getUserFlags()).containsAll(List.of("$Label1", "Important")),
                    Arrays.toString(stored.getUserFlags()));

            Result<?> off = imap.store("1", "-FLAGS.SILENT", "Important");
            assertNull(off.data().get(0));
            assertEquals(List.of("$Label1"), flagsViaFreshConnection("INBOX", 1));
            // other connections can search by keyword
            try (Imap4 fresh = Gm.login(greenMail)) {
                fresh.select("INBOX");
                assertEquals(List.of("1"), searchNumbers(fresh.search(null, "KEYWORD $Label1")));
            }
        }
    }

    // ------------------------------------------------------------------ COPY, MOVE

    @Test
    void copyKeepsTheSourceAndReportsCopyUid() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.create("Archive");
            Gm.append(imap, "INBOX", Gm.message("c1", "x"));
            Gm.append(imap, "INBOX", Gm.message("c2", "x"));
            imap.select("INBOX");
            Result<?> r = imap.copy("1:2", "Archive");
            assertEquals("OK", r.type());
            assertEquals("COPYUID", r.code().name());
            // the UIDVALIDITY is the destination's; GreenMail writes the sets oddly ("1,1:2")
            long destValidity = Gm.folder(greenMail, "Archive").getUidValidity();
            assertTrue(r.code().argument().startsWith(destValidity + " "), r.code().argument());
            ResponseCode.CopyUid cu = (ResponseCode.CopyUid) r.value();
            assertNotNull(cu, "COPYUID value");
            assertEquals(destValidity, cu.uidValidity());
            assertTrue(cu.source().contains(1) && cu.source().contains(2), cu.source().toString());
            assertTrue(cu.destination().contains(1) && cu.destination().contains(2), cu.destination().toString());
            Result<?> missing = imap.copy("1", "NoSuchFolder");
            assertEquals("NO", missing.type());
            assertNull(missing.value());
        }
        assertEquals(2, Gm.folder(greenMail, "INBOX").getMessageCount());
        assertEquals(List.of("c1", "c2"), subjects("Archive"));
        try (Imap4 fresh = Gm.login(greenMail)) {
            assertTrue(Gm.dataText(fresh.status("Archive", "(MESSAGES)")).contains("MESSAGES 2"));
        }
    }

    @Test
    void moveRemovesFromTheSource() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.create("Archive");
            Gm.append(imap, "INBOX", Gm.message("m1", "x"));
            Gm.append(imap, "INBOX", Gm.message("m2", "x"));
            Gm.append(imap, "INBOX", Gm.message("m3", "x"));
            imap.select("INBOX");
            Result<ResponseCode.CopyUid> r = imap.move("2", "Archive");
            assertEquals("OK", r.type(), r.toString());
            // GreenMail sends COPYUID in an untagged OK before the EXPUNGE
            assertNotNull(r.value(), "COPYUID of MOVE");
            assertEquals(Gm.folder(greenMail, "Archive").getUidValidity(), r.value().uidValidity());
            assertTrue(r.value().source().contains(2), r.value().toString());
            assertTrue(r.value().destination().contains(1), r.value().toString());
            // the EXPUNGE came in; a NOOP afterwards sees two messages
            imap.noop();
            assertEquals(List.of("m1", "m3"), subjects("INBOX"));
            assertEquals(List.of("m2"), subjects("Archive"));
            Result<?> f = imap.fetch("2", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertTrue(new String(Gm.onlyLiteral(f), StandardCharsets.US_ASCII).contains("m3"));
        }
    }

    @Test
    void moveLeavesNoStaleExpungeForTheNextExpunge() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.create("Archive");
            Gm.append(imap, "INBOX", Gm.message("m1", "x"));
            Gm.append(imap, "INBOX", Gm.message("m2", "x"));
            imap.select("INBOX");
            assertEquals("OK", imap.move("1", "Archive").type());
            assertEquals("OK", imap.uidMove("2", "Archive").type());
            Result<long[]> x = imap.expunge();
            assertEquals("OK", x.type());
            assertArrayEquals(new long[0], x.value(), "nothing was \\Deleted: " + Arrays.toString(x.value()));
        }
    }

    // ------------------------------------------------------------------ UID commands

    /** INBOX with UIDs 2..5 at message numbers 1..4 (UID 1 expunged), so UIDs and numbers differ. */
    static void shiftedInbox(Imap4 imap) throws Exception {
        for (String s : List.of("u1", "u2", "u3", "u4", "u5")) {
            Gm.append(imap, "INBOX", Gm.message(s, "x"));
        }
        imap.select("INBOX");
        imap.store("1", "+FLAGS.SILENT", "\\Deleted");
        assertEquals("OK", imap.expunge().type());
    }

    @Test
    void uidFetchSearchStore() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            shiftedInbox(imap);
            Result<?> f = imap.uidFetch("3:4", "(FLAGS)");
            assertEquals("OK", f.type());
            assertEquals("UID FETCH", f.command());
            String text = Gm.dataText(f);
            assertTrue(text.startsWith("2 ("), "UID 3 is message 2: " + text);
            assertTrue(text.contains("UID 3") && text.contains("UID 4"), text);
            @SuppressWarnings("unchecked")
            List<FetchData> typed = (List<FetchData>) f.value();
            assertEquals(List.of(2, 3), typed.stream().map(FetchData::msgno).toList());
            assertEquals(List.of(3L, 4L), typed.stream().map(FetchData::uid).toList());

            assertEquals(List.of("2", "3", "4", "5"), searchNumbers(imap.uidSearch(null, "ALL")));
            assertEquals(List.of("1", "2", "3", "4"), searchNumbers(imap.search(null, "ALL")));

            Result<?> st = imap.uidStore("5", "+FLAGS", "\\Flagged");
            assertEquals("OK", st.type());
            assertTrue(Gm.dataText(st).startsWith("4 ("), Gm.dataText(st));
            assertEquals(List.of("5"), searchNumbers(imap.uidSearch(null, "FLAGGED")));
            assertTrue(flagsViaFreshConnection("INBOX", 4).contains("\\Flagged"));

            // imaplib's generic uid(): FETCH data for FETCH, SEARCH data for SEARCH
            Result<List<Object>> gen = imap.uid("fetch", "2", "(UID)");
            assertEquals("OK", gen.type());
            assertTrue(Gm.dataText(gen).contains("UID 2"), Gm.dataText(gen));
            Result<List<Object>> gs = imap.uid("SEARCH", "UNFLAGGED");
            assertEquals(List.of("2", "3", "4"), searchNumbers(gs));
        }
    }

    @Test
    void uidCopyMoveExpunge() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.create("Target");
            shiftedInbox(imap);
            Result<?> c = imap.uidCopy("2", "Target");
            assertEquals("OK", c.type());
            assertEquals("COPYUID", c.code().name());
            assertTrue(c.code().argument().endsWith(" 2 1"), c.code().argument());
            ResponseCode.CopyUid cu = (ResponseCode.CopyUid) c.value();
            assertEquals(ResponseCode.CopyUid.class, cu.getClass());
            assertTrue(cu.source().contains(2) && cu.source().size() == 1, cu.toString());
            assertTrue(cu.destination().contains(1) && cu.destination().size() == 1, cu.toString());
            assertEquals(List.of("u2"), subjects("Target"));
            assertEquals(4, Gm.folder(greenMail, "INBOX").getMessageCount());

            Result<ResponseCode.CopyUid> m = imap.uidMove("3", "Target");
            assertEquals("OK", m.type());
            assertNotNull(m.value(), "COPYUID of UID MOVE");
            assertTrue(m.value().source().contains(3), m.value().toString());
            assertTrue(m.value().destination().contains(2), m.value().toString());
            assertEquals(List.of("u2", "u3"), subjects("Target"));
            assertEquals(List.of("u2", "u4", "u5"), subjects("INBOX"));

            // UID EXPUNGE removes only the given UIDs even if others are \Deleted
            imap.uidStore("2,4", "+FLAGS.SILENT", "\\Deleted");
            Result<long[]> x = imap.uidExpunge("4");
            assertEquals("OK", x.type());
            assertArrayEquals(new long[] {2}, x.value());
            assertEquals(List.of("u2", "u5"), subjects("INBOX"));
            assertTrue(flagsViaFreshConnection("INBOX", 1).contains("\\Deleted"));
        }
    }

    // ------------------------------------------------------------------ SEARCH, SORT

    @Test
    void searchCriteria() throws Exception {
        byte[] unicode = ("From: Bob <bob@example.org>\r\nTo: alice@example.com\r\n"
                + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\r\n\r\nhallo\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] carol = ("From: carol@example.org\r\nTo: alice@example.com\r\nSubject: plain\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.append("INBOX", "(\\Seen)", "\"15-Mar-2019 12:00:00 +0000\"", unicode);
            imap.append("INBOX", null, "\"15-Mar-2024 12:00:00 +0000\"", carol);
            imap.append("INBOX", null, "\"16-Mar-2024 12:00:00 +0000\"", Gm.message("third", "x"));
            imap.select("INBOX");

            Result<?> all = imap.search(null, "ALL");
            assertEquals("SEARCH", all.command());
            assertEquals(List.of("1", "2", "3"), searchNumbers(all));
            assertEquals(List.of("2", "3"), searchNumbers(imap.search(null, "UNSEEN")));
            assertEquals(List.of("2"), searchNumbers(imap.search(null, "FROM", "\"carol@example.org\"")));
            assertEquals(List.of("1", "3"), searchNumbers(imap.search(null, "FROM bob@example.org")));
            assertEquals(List.of("2", "3"), searchNumbers(imap.search(null, "SINCE 1-Jan-2020")));
            assertEquals(List.of("1"), searchNumbers(imap.search(null, "BEFORE", "1-Jan-2020")));
            assertEquals(List.of("3"), searchNumbers(imap.search(null, "UNSEEN", "SUBJECT", "third")));
            // nothing found: an empty SEARCH response
            assertEquals(List.of(), searchNumbers(imap.search(null, "SUBJECT", "nothing-like-this")));
        }
    }

    @Test
    void searchNonAsciiSubjectWithUtf8Charset() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        byte[] unicode = ("From: bob@example.org\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=\r\n\r\nhallo\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (Imap4 imap = Gm.connect(greenMail, trace.options())) {
            imap.login(Gm.USER, Gm.PASSWORD);
            Gm.append(imap, "INBOX", Gm.message("ascii only", "x"));
            Gm.append(imap, "INBOX", unicode);
            imap.select("INBOX");
            assertEquals(List.of("2"), searchNumbers(imap.search("UTF-8", "SUBJECT", "Grüße")));
            assertEquals(List.of("2"), searchNumbers(imap.search("UTF-8", "SUBJECT", "Köln")));
        }
        // the non-ASCII string went as a literal after CHARSET UTF-8
        assertTrue(trace.sent().stream().anyMatch(l -> l.contains("SEARCH CHARSET UTF-8 SUBJECT {")), trace.text());
    }

    @Test
    void searchQuotedNonAsciiPhraseIsSentAsALiteral() throws Exception {
        Gm.Trace trace = new Gm.Trace();
        try (Imap4 imap = Gm.connect(greenMail, trace.options())) {
            imap.login(Gm.USER, Gm.PASSWORD);
            Gm.append(imap, "INBOX", ("From: bob@example.org\r\nSubject: =?UTF-8?Q?aus_K=C3=B6ln_am_Rhein?=\r\n\r\nx\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            imap.select("INBOX");
            assertEquals(List.of("1"), searchNumbers(imap.search("UTF-8", "SUBJECT", "\"Köln am\"")));
        }
        // the encoder turned the quoted 8-bit string into a literal
        assertFalse(trace.text().contains("Köln"), trace.text());
        assertTrue(trace.sent().stream().anyMatch(l -> l.contains("SEARCH CHARSET UTF-8 SUBJECT {")), trace.text());
    }

    @Test
    void sortOrders() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            assertTrue(imap.hasCapability("SORT"));
            // distinct INTERNALDATEs: GreenMail's ARRIVAL order has one-second resolution
            imap.append("INBOX", null, "\"01-Jan-2024 10:00:00 +0000\"", Gm.message("banana", "x"));
            imap.append("INBOX", null, "\"02-Jan-2024 10:00:00 +0000\"", Gm.message("apple", "x"));
            imap.append("INBOX", null, "\"03-Jan-2024 10:00:00 +0000\"", Gm.message("cherry", "x"));
            imap.select("INBOX");
            Result<?> bySubject = imap.sort("(SUBJECT)", "UTF-8", "ALL");
            assertEquals("OK", bySubject.type());
            assertEquals("SORT", bySubject.command());
            assertEquals(List.of("2", "1", "3"), searchNumbers(bySubject));
            assertEquals(List.of("3", "2", "1"), searchNumbers(imap.sort("REVERSE ARRIVAL", "UTF-8", "ALL")));
            imap.store("1", "+FLAGS.SILENT", "\\Deleted");
            imap.expunge();
            // UID SORT answers UIDs: apple=2, cherry=3
            assertEquals(List.of("2", "3"), searchNumbers(imap.uidSort("(SUBJECT)", "UTF-8", "ALL")));
        }
    }

    // ------------------------------------------------------------------ EXPUNGE, CLOSE

    @Test
    void expungeListsExpungedNumbers() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            for (String s : List.of("e1", "e2", "e3", "e4")) {
                Gm.append(imap, "INBOX", Gm.message(s, "x"));
            }
            imap.select("INBOX");
            imap.store("1,3", "+FLAGS.SILENT", "\\Deleted");
            Result<long[]> r = imap.expunge();
            assertEquals("OK", r.type());
            assertEquals("EXPUNGE", r.command());
            // each number refers to the mailbox as it is after the previous EXPUNGEs: replaying
            // them on the old list must remove exactly e1 and e3 (GreenMail reports 3 then 1)
            assertEquals(2, r.value().length);
            List<String> replay = new ArrayList<>(List.of("e1", "e2", "e3", "e4"));
            for (long n : r.value()) {
                replay.remove((int) n - 1);
            }
            assertEquals(List.of("e2", "e4"), replay, Arrays.toString(r.value()));
            assertEquals(Arrays.stream(r.value()).mapToObj(Long::toString).toList(),
                    r.data().stream().map(o -> new String((byte[]) o, StandardCharsets.US_ASCII)).toList());
            Result<long[]> none = imap.expunge();
            assertEquals(0, none.value().length);
            assertNull(none.data().get(0));
        }
        assertEquals(List.of("e2", "e4"), subjects("INBOX"));
    }

    @Test
    void closeMailboxExpungesAndDeselects() throws Exception {
        try (Imap4 imap = Gm.login(greenMail)) {
            Gm.append(imap, "INBOX", Gm.message("gone", "x"));
            Gm.append(imap, "INBOX", Gm.message("stays", "x"));
            imap.select("INBOX");
            imap.store("1", "+FLAGS.SILENT", "\\Deleted");
            Result<Void> r = imap.closeMailbox();
            assertEquals("OK", r.type());
            assertEquals("CLOSE", r.command());
            assertEquals(State.AUTH, imap.state());
            assertTrue(imap.isAlive(), "CLOSE is not LOGOUT");
        }
        assertEquals(List.of("stays"), subjects("INBOX"));
    }

    @Test
    void leavingAMailboxWithoutCloseDoesNotExpunge() throws Exception {
        // GreenMail has no UNSELECT; selecting another mailbox also leaves without expunging (RFC 3501 6.3.1)
        try (Imap4 imap = Gm.login(greenMail)) {
            imap.create("Other");
            Gm.append(imap, "INBOX", Gm.message("flagged deleted", "x"));
            imap.select("INBOX");
            imap.store("1", "+FLAGS.SILENT", "\\Deleted");
            imap.select("Other");
            assertEquals(State.SELECTED, imap.state());
        }
        assertEquals(1, Gm.folder(greenMail, "INBOX").getMessageCount());
        assertTrue(flagsViaFreshConnection("INBOX", 1).contains("\\Deleted"));
    }
}
