package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.FaultProxy;
import dev.imap4lib.testing.FaultProxy.Action;
import dev.imap4lib.testing.FaultProxy.Direction;
import dev.imap4lib.testing.FaultProxy.Fault;
import dev.imap4lib.testing.FaultProxy.Trigger;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 7, "faults during writes: nothing lost, nothing duplicated". Every write the provider
 * offers (APPEND, COPY, MOVE and its COPY + STORE + UID EXPUNGE fallback, STORE, EXPUNGE) is
 * cut by a {@link FaultProxy} at each interesting point (before the command line, inside the
 * APPEND literal, after the command before its tagged reply, just after the tagged reply) by a
 * reset, a close or a stall. Then a fresh connection straight to the server compares the
 * mailboxes with what the caller was told:
 *
 * <ul>
 *   <li>success: the effect is there exactly once, and a UID the call returned is that message's;
 *   <li>failure: a {@link MessagingException} ({@link StoreClosedException} for APPEND, which runs
 *       on the store's connection, {@link FolderClosedException} for the open folder's work), and
 *       the state is the one the cut point implies: a command the server never saw has no effect,
 *       one it answered (unheard) has its effect once; never a duplicate, and no command line
 *       reaches the server twice (the provider does not silently retry);
 *   <li>MOVE: the message is in exactly one of the two folders; only in the fallback, between its
 *       COPY and its UID EXPUNGE, may it be in both, and then the exception names the
 *       destination, so the caller knows where the copy is;
 *   <li>MULTIAPPEND (Dovecot; {@code APPEND_THREE} hides it and LITERAL+ to test one APPEND per
 *       message, waiting for each answer): all three messages or none, each with the UID
 *       returned; after a failure that stored none, the caller's re-run stores each exactly once;
 *   <li>pipelined APPENDs (no MULTIAPPEND, LITERAL+: GreenMail, Dovecot with MULTIAPPEND hidden),
 *       cut at the 2nd or the 3rd: on success each message once with its UID; a failure names
 *       each message as stored, refused, in doubt (with its Message-ID) or not sent, and the
 *       server agrees; a re-run of those not on the server (as {@code import} does) then stores
 *       each exactly once;
 *   <li>afterwards the store reconnects or the folder reopens, and shows the server's state.
 * </ul>
 *
 * <p>Each case has its own folders (messages with unique Message-IDs) and its own proxy; the cases
 * run side by side (a stall costs the 2 s read timeout) and each one's verdict is a dynamic test.
 * The table of outcomes is written to {@code target/write-fault-matrix-<server>.md}.
 */
@ExtendWith(DovecotExtension.class)
class WriteFaultMatrixTest {
    private static final int TIMEOUT_MS = 2000;
    private static final int PARALLEL = 8;
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static final AtomicInteger CASES = new AtomicInteger();
    /** Lines that are not a command ({@code tag [UID] VERB}), i.e. literal text, left out of transcripts. */
    private static final java.util.regex.Pattern COMMAND_LINES =
            java.util.regex.Pattern.compile("(?m)^(?![A-Za-z0-9.]+ (?:UID )?[A-Z]+[ \r]).*\r?\n");

    /** The writes under test; the MOVE fallback is cut once in each of its three commands. */
    enum Op {
        APPEND_ONE(" APPEND ", 1), APPEND_THREE(" APPEND ", 2), APPEND_UID(" APPEND ", 1),
        /** Three messages in one MULTIAPPEND (servers that offer it): stored all or none. */
        APPEND_MULTI(" APPEND ", 1),
        /** Three APPENDs in flight together (no MULTIAPPEND, LITERAL+), cut at the 2nd or the last. */
        APPEND_PIPELINED(" APPEND ", 2), APPEND_PIPELINED_LAST(" APPEND ", 3),
        COPY(" COPY ", 1), COPY_UID(" COPY ", 1),
        MOVE(" MOVE ", 1), MOVE_UID(" MOVE ", 1),
        MOVE_FALLBACK_AT_COPY(" COPY ", 1), MOVE_FALLBACK_AT_STORE(" STORE ", 1),
        MOVE_FALLBACK_AT_UID_EXPUNGE(" UID EXPUNGE ", 1),
        STORE(" STORE ", 1), EXPUNGE(" EXPUNGE\r\n", 1), EXPUNGE_MESSAGES(" UID EXPUNGE ", 1);

        /** The command line the cut is about, and which of the call's commands it is. */
        final String command;
        final int occurrence;

        Op(String command, int occurrence) {
            this.command = command;
            this.occurrence = occurrence;
        }

        boolean appends() {
            return name().startsWith("APPEND");
        }

        boolean pipelined() {
            return name().startsWith("APPEND_PIPELINED");
        }

        /** Calls that append three messages and return their UIDs. */
        boolean appendsThreeWithUids() {
            return this == APPEND_MULTI || pipelined();
        }

        boolean fallback() {
            return name().startsWith("MOVE_FALLBACK");
        }

        boolean moves() {
            return name().startsWith("MOVE");
        }
    }

    /** Hides each of {@code capabilities} from the client. */
    private static UnaryOperator<byte[]> hide(String... capabilities) {
        UnaryOperator<byte[]> all = UnaryOperator.identity();
        for (String cap : capabilities) {
            UnaryOperator<byte[]> before = all;
            UnaryOperator<byte[]> one = FaultProxy.hideCapability(cap);
            all = line -> one.apply(before.apply(line));
        }
        return all;
    }

    enum CutPoint {
        BEFORE_COMMAND, IN_LITERAL, BEFORE_REPLY, AFTER_REPLY
    }

    /** Where the cases run: a server reachable without the proxy, and one account on it. */
    record Server(String name, String host, int port, String user, String password, boolean multiAppend) {
    }

    record Case(Op op, CutPoint cut, Action action) {
        @Override
        public String toString() {
            return op + " / " + cut + " / " + action;
        }
    }

    /** One row of the table, and what is wrong with it (empty: as the contract says). */
    record Row(Case c, String got, String state, List<String> problems, String transcript) {
        String markdown(String server) {
            return "| " + c.op() + " | " + c.cut() + " | " + c.action() + " | " + server + " | " + got + " | " + state
                    + " | " + (problems.isEmpty() ? "ok" : "**FAIL**: " + String.join("; ", problems)) + " |";
        }
    }

    @TestFactory
    Stream<DynamicTest> greenMail() throws IOException {
        NoDelayGreenMail gm = new NoDelayGreenMail();
        gm.start();
        gm.setUser("faults@example.com", "faults", "faults-pw");
        Server s = new Server("GreenMail", "127.0.0.1", gm.imapPort(), "faults", "faults-pw", false);
        return matrix(s).onClose(gm::stop);
    }

    @TestFactory
    Stream<DynamicTest> dovecot(DovecotServer dovecot) {
        String user = "user2";
        return matrix(new Server("Dovecot", dovecot.host(), dovecot.imapPort(), user, DovecotServer.USERS.get(user), true));
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Op op : Op.values()) {
            for (CutPoint cut : CutPoint.values()) {
                if (cut == CutPoint.IN_LITERAL && !op.appends()) {
                    continue;
                }
                for (Action a : Action.values()) {
                    out.add(new Case(op, cut, a));
                }
            }
        }
        return out;
    }

    private Stream<DynamicTest> matrix(Server server) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, r -> {
            Thread t = new Thread(r, "write-fault-case");
            t.setDaemon(true);
            return t;
        });
        // -Dwfm.only=TEXT runs only the cases whose name holds TEXT (for a closer look at one)
        String only = System.getProperty("wfm.only", "");
        List<Case> cases = cases().stream().filter(c -> c.toString().contains(only))
                .filter(c -> c.op() != Op.APPEND_MULTI || server.multiAppend()).toList();
        List<Future<Row>> rows = new ArrayList<>();
        for (Case c : cases) {
            rows.add(pool.submit(() -> new CaseRun(server, c).run()));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Future<Row> f = rows.get(i);
            tests.add(DynamicTest.dynamicTest(server.name() + ": " + cases.get(i), () -> {
                Row r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> f.get());
                assertTrue(r.problems().isEmpty(), r.markdown(server.name()) + "\n" + r.transcript());
            }));
        }
        // The whole matrix as one table (target/write-fault-matrix-<server>.md), failing rows repeated in one place.
        tests.add(DynamicTest.dynamicTest(server.name() + ": every case as the contract says", () -> {
            StringBuilder table = new StringBuilder("| operation | cut point | action | server | caller got | state on a fresh connection | verdict |\n"
                    + "|---|---|---|---|---|---|---|\n");
            List<String> failed = new ArrayList<>();
            for (Future<Row> f : rows) {
                Row r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> f.get());
                table.append(r.markdown(server.name())).append('\n');
                if (!r.problems().isEmpty()) {
                    failed.add(r.markdown(server.name()));
                }
            }
            Path out = Path.of("target", "write-fault-matrix-" + server.name().toLowerCase(java.util.Locale.ROOT) + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table.toString());
            assertTrue(failed.isEmpty(), failed.size() + " of " + rows.size() + " cases broke the contract:\n" + String.join("\n", failed));
        }));
        return tests.stream().onClose(pool::shutdownNow);
    }

    /** One case: set up, cut, look. */
    private static final class CaseRun {
        private final Server server;
        private final Case c;
        private final String src;
        private final String dst;
        private final String idPrefix;
        private final List<String> problems = new ArrayList<>();
        /** The folder object the write went through. */
        private Folder used;
        /** What appendUIDMessages returned (APPEND_MULTI, APPEND_PIPELINED*; the re-run's where one re-sent a message). */
        private long[] returned;
        /** After a failed APPEND_MULTI that stored nothing (or APPEND_PIPELINED*): the server's state after the caller's re-run. */
        private Map<String, Map<String, List<FetchData>>> afterRerun;

        CaseRun(Server server, Case c) {
            this.server = server;
            this.c = c;
            int n = CASES.incrementAndGet();
            this.src = "wfm" + RUN + "c" + n + "src";
            this.dst = "wfm" + RUN + "c" + n + "dst";
            this.idPrefix = "wfm-" + RUN + "-" + n + "-";
        }

        String id(String which) {
            return "<" + idPrefix + which + "@imap4lib.test>";
        }

        Row run() throws Exception {
            try (Imap4 admin = admin()) {
                admin.create(src).check();
                admin.create(dst).check();
                if (!c.op().appends()) {
                    // T is the message the write is about; B stands by and must never change.
                    boolean deletedT = c.op() == Op.EXPUNGE || c.op() == Op.EXPUNGE_MESSAGES;
                    admin.append(src, deletedT ? "(\\Deleted)" : null, (String) null, raw("T")).check();
                    admin.append(src, c.op() == Op.EXPUNGE_MESSAGES ? "(\\Deleted)" : null, (String) null, raw("B")).check();
                }
            }
            Outcome got;
            // APPEND_THREE is about the one-APPEND-per-message path that waits for each answer, which a
            // MULTIAPPEND server would not take, nor one with non-synchronizing literals (it pipelines)
            UnaryOperator<byte[]> rewrite = c.op().fallback() ? FaultProxy.hideCapability("MOVE")
                    : c.op() == Op.APPEND_THREE ? hide("MULTIAPPEND", "LITERAL+", "LITERAL-")
                    : c.op().pipelined() ? hide("MULTIAPPEND") : UnaryOperator.identity();
            Map<String, Map<String, List<FetchData>>> state;
            StringBuilder transcript = new StringBuilder();
            try (FaultProxy proxy = new FaultProxy(server.host(), server.port(), fault(), rewrite)) {
                Session session = Session.getInstance(props(proxy));
                Store store = session.getStore("imap4lib");
                try {
                    store.connect(server.user(), server.password());
                    got = operate(session, store);
                    state = c.op().pipelined() ? settled() : look();
                    checkForwarded(proxy);
                    checkUsableAfterwards(store, got, state);
                    rerunIfNoneStored(session, store, got, state);
                } finally {
                    proxy.close(); // first: a stalled connection would otherwise hold up the store's close
                    store.close();
                    transcript.append("cut: ").append(proxy.cut().map(Object::toString).orElse("none"));
                    for (int i = 1; i <= proxy.connections(); i++) {
                        transcript.append("\n--- connection ").append(i).append(", client to server:\n")
                                .append(COMMAND_LINES.matcher(proxy.forwardedText(i, Direction.CLIENT_TO_SERVER)).replaceAll(""))
                                .append("--- server to client:\n").append(proxy.forwardedText(i, Direction.SERVER_TO_CLIENT));
                    }
                }
            } finally {
                cleanUp();
            }
            judge(got, state);
            return new Row(c, got.describe(), describe(state), List.copyOf(problems), transcript.toString());
        }

        /** Best effort: the folders only matter to this case (GreenMail drops the connection on some DELETEs). */
        private void cleanUp() {
            for (String name : List.of(src, dst)) {
                try (Imap4 admin = admin()) {
                    admin.delete(name);
                } catch (IOException | RuntimeException ignored) {
                    // left behind on a throw-away server
                }
            }
        }

        private Fault fault() {
            String cmd = c.op().command;
            int occ = c.op().occurrence;
            Trigger t = switch (c.cut()) {
                case BEFORE_COMMAND -> Trigger.atLineWith(Direction.CLIENT_TO_SERVER, cmd, occ);
                // halfway into the message: the APPEND line is sent, the literal only in part
                case IN_LITERAL -> Trigger.afterLineWith(Direction.CLIENT_TO_SERVER, cmd, occ, raw("x").length / 2);
                case BEFORE_REPLY -> Trigger.beforeReplyTo(cmd, occ);
                case AFTER_REPLY -> Trigger.afterReplyTo(cmd, occ);
            };
            return Fault.of(t, c.action());
        }

        private Properties props(FaultProxy proxy) {
            Properties p = new Properties();
            p.put("mail.imap4lib.host", proxy.host());
            p.put("mail.imap4lib.port", Integer.toString(proxy.port()));
            p.put("mail.imap4lib.timeout", Integer.toString(TIMEOUT_MS));
            p.put("mail.imap4lib.connectiontimeout", Integer.toString(TIMEOUT_MS));
            // the proxy must see the commands: no STARTTLS (Dovecot offers it)
            p.put("mail.imap4lib.starttls.enable", "false");
            return p;
        }

        /** The write under test, through the provider and the proxy. */
        private Outcome operate(Session session, Store store) throws MessagingException {
            if (c.op().appends()) {
                int n = c.op() == Op.APPEND_THREE || c.op().appendsThreeWithUids() ? 3 : 1;
                Message[] msgs = new Message[n];
                for (int i = 0; i < n; i++) {
                    msgs[i] = new MimeMessage(session, new ByteArrayInputStream(raw("M" + (i + 1))));
                }
                Imap4libFolder f = (Imap4libFolder) store.getFolder(dst);
                used = f;
                try {
                    if (c.op() == Op.APPEND_UID) {
                        return Outcome.ok(f.appendUIDMessages(msgs)[0]);
                    }
                    if (c.op().appendsThreeWithUids()) {
                        returned = f.appendUIDMessages(msgs);
                        return Outcome.ok(returned[0]);
                    }
                    f.appendMessages(msgs);
                    return Outcome.ok(-1);
                } catch (Throwable e) {
                    return Outcome.failed(e);
                }
            }
            Imap4libFolder f = (Imap4libFolder) store.getFolder(src);
            used = f;
            f.open(Folder.READ_WRITE);
            Message t = f.getMessage(1);
            Folder to = store.getFolder(dst);
            try {
                return switch (c.op()) {
                    case COPY -> {
                        f.copyMessages(new Message[] {t}, to);
                        yield Outcome.ok(-1);
                    }
                    case COPY_UID -> Outcome.ok(f.copyUIDMessages(new Message[] {t}, to)[0]);
                    case MOVE -> {
                        f.moveMessages(new Message[] {t}, to);
                        yield Outcome.ok(-1);
                    }
                    case MOVE_UID, MOVE_FALLBACK_AT_COPY, MOVE_FALLBACK_AT_STORE, MOVE_FALLBACK_AT_UID_EXPUNGE ->
                            Outcome.ok(f.moveUIDMessages(new Message[] {t}, to)[0]);
                    case STORE -> {
                        f.setFlags(new Message[] {t}, new Flags(Flags.Flag.FLAGGED), true);
                        yield Outcome.ok(-1);
                    }
                    case EXPUNGE -> {
                        f.expunge();
                        yield Outcome.ok(-1);
                    }
                    case EXPUNGE_MESSAGES -> {
                        f.expunge(new Message[] {t});
                        yield Outcome.ok(-1);
                    }
                    default -> throw new AssertionError(c.op());
                };
            } catch (Throwable e) {
                return Outcome.failed(e);
            }
        }

        /**
         * A MULTIAPPEND is all or none, so a caller whose call failed looks for the first
         * message's Message-ID and, when it is not there, simply appends again: that must store
         * each message once.
         */
        private void rerunIfNoneStored(Session session, Store store, Outcome got,
                Map<String, Map<String, List<FetchData>>> state) throws IOException {
            boolean multi = c.op() == Op.APPEND_MULTI;
            if (!(multi || c.op().pipelined()) || got.ok() || (multi && count(state.get(dst), "M1") > 0)) {
                return;
            }
            try {
                // as import does: only what the folder does not have yet
                List<Integer> missing = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    if (count(state.get(dst), "M" + (i + 1)) == 0) {
                        missing.add(i);
                    }
                }
                Message[] msgs = new Message[missing.size()];
                for (int k = 0; k < msgs.length; k++) {
                    msgs[k] = new MimeMessage(session, new ByteArrayInputStream(raw("M" + (missing.get(k) + 1))));
                }
                long[] again = ((Imap4libFolder) store.getFolder(dst)).appendUIDMessages(msgs);
                afterRerun = look();
                returned = new long[3];
                for (int i = 0; i < 3; i++) {
                    List<FetchData> l = afterRerun.get(dst).getOrDefault(id("M" + (i + 1)), List.of());
                    returned[i] = missing.contains(i) ? again[missing.indexOf(i)] : l.isEmpty() ? -1 : l.get(0).uid();
                }
            } catch (MessagingException | RuntimeException e) {
                problems.add("the re-run after a failure that stored nothing failed: " + e);
            }
        }

        /** No command the call makes reached the server more often than the call makes it. */
        private void checkForwarded(FaultProxy proxy) {
            int max = c.op() == Op.APPEND_THREE || c.op().pipelined() ? 3 : 1;
            int n = proxy.occurrences(Direction.CLIENT_TO_SERVER, c.op().command);
            if (n > max) {
                problems.add("\"" + c.op().command.strip() + "\" reached the server " + n + " times (a retry)");
            }
            boolean sawCommand = n >= c.op().occurrence;
            boolean shouldHave = c.cut() != CutPoint.BEFORE_COMMAND;
            if (sawCommand != shouldHave) {
                problems.add("the proxy did not cut where meant: command forwarded " + n + " times");
            }
        }

        /**
         * After the cut the store reconnects and the folder reopens, and then shows the server's
         * state. A folder still open after a success sits on a connection the proxy killed: its
         * next command may only fail as a MessagingException.
         */
        private void checkUsableAfterwards(Store store, Outcome got, Map<String, Map<String, List<FetchData>>> state) {
            Folder f = used;
            try {
                if (got.error() instanceof FolderClosedException && f.isOpen()) {
                    problems.add("FolderClosedException, yet the folder says it is open");
                }
                if (got.error() instanceof StoreClosedException && store.isConnected()) {
                    problems.add("StoreClosedException, yet the store says it is connected");
                }
                if (f.isOpen()) {
                    try {
                        f.getUnreadMessageCount();
                    } catch (FolderClosedException expected) {
                        // the cut connection
                    }
                }
                if (!store.isConnected()) {
                    store.connect(server.user(), server.password());
                }
                if (f.isOpen()) {
                    f.close(false);
                }
                f.open(Folder.READ_ONLY);
                int n = f.getMessageCount();
                f.close(false);
                int expected = state.get(f.getFullName()).values().stream().mapToInt(List::size).sum();
                if (n != expected) {
                    problems.add("reopened " + f.getFullName() + " shows " + n + " messages, the server has " + expected);
                }
            } catch (MessagingException | RuntimeException e) {
                problems.add("not usable afterwards: " + e);
            }
        }

        private void judge(Outcome got, Map<String, Map<String, List<FetchData>>> state) {
            if (got.error() != null && !(got.error() instanceof MessagingException)) {
                problems.add("raw " + got.error().getClass().getName() + " instead of a MessagingException");
            }
            boolean replyHeard = c.cut() == CutPoint.AFTER_REPLY;
            // the call goes on after the reply it heard only where more commands follow on the cut connection
            boolean moreAfter = c.op() == Op.APPEND_THREE || c.op() == Op.APPEND_PIPELINED || c.op() == Op.MOVE_FALLBACK_AT_COPY
                    || c.op() == Op.MOVE_FALLBACK_AT_STORE;
            boolean shouldSucceed = replyHeard && !moreAfter;
            if (got.ok() != shouldSucceed) {
                problems.add(shouldSucceed ? "failed although every reply arrived" : "reported success although a reply never arrived");
            }
            if (got.error() instanceof MessagingException) {
                Class<?> want = c.op().appends() ? StoreClosedException.class : FolderClosedException.class;
                if (!want.isInstance(got.error())) {
                    problems.add("expected " + want.getSimpleName() + ", got " + got.error().getClass().getSimpleName());
                }
                // A cut APPEND tells the caller how to find out whether the message got stored.
                // (APPEND_THREE cut after the 2nd reply fails on the 3rd, over the dead connection)
                String cutOn = c.op() != Op.APPEND_THREE ? "M1" : c.cut() == CutPoint.AFTER_REPLY ? "M3" : "M2";
                if (c.op().appends() && !c.op().pipelined() && !String.valueOf(got.error().getMessage()).contains(id(cutOn))) {
                    problems.add("the APPEND failure does not name the Message-ID " + id(cutOn));
                }
            }
            // did the server carry out the command that was cut?
            boolean done = c.cut() == CutPoint.BEFORE_REPLY || c.cut() == CutPoint.AFTER_REPLY;
            Map<String, List<FetchData>> s = state.get(src);
            Map<String, List<FetchData>> d = state.get(dst);
            switch (c.op()) {
                case APPEND_ONE, APPEND_UID -> {
                    expectCount(d, "M1", done ? 1 : 0, dst);
                    expectUid(got, d, "M1");
                }
                case APPEND_MULTI -> {
                    for (String m : List.of("M1", "M2", "M3")) {
                        expectCount(d, m, done ? 1 : 0, dst);
                    }
                    expectUids(got.ok() ? d : afterRerun == null ? null : afterRerun.get(dst));
                }
                case APPEND_PIPELINED, APPEND_PIPELINED_LAST -> {
                    int k = c.op().occurrence; // the cut APPEND, 1-based
                    for (int i = 1; i <= 3; i++) {
                        // answered: it and those before are done; not reached: it and those after are not
                        int have = count(d, "M" + i);
                        if (done ? i <= k && have != 1 : i >= k && have != 0) {
                            problems.add("M" + i + " is " + have + "x in " + dst + " with the cut at APPEND " + k);
                        }
                        if (have > 1) {
                            problems.add("M" + i + " is " + have + "x in " + dst);
                        }
                    }
                    if (got.error() != null) {
                        checkClaims(got.error().getMessage(), d);
                    }
                    expectUids(got.ok() ? d : afterRerun == null ? null : afterRerun.get(dst));
                }
                case APPEND_THREE -> {
                    expectCount(d, "M1", 1, dst);
                    expectCount(d, "M2", done ? 1 : 0, dst);
                    expectCount(d, "M3", 0, dst);
                }
                case COPY, COPY_UID -> {
                    expectCount(s, "T", 1, src);
                    expectCount(d, "T", done ? 1 : 0, dst);
                    expectUid(got, d, "T");
                }
                case MOVE, MOVE_UID -> {
                    expectCount(s, "T", done ? 0 : 1, src);
                    expectCount(d, "T", done ? 1 : 0, dst);
                    expectUid(got, d, "T");
                }
                case MOVE_FALLBACK_AT_COPY -> {
                    expectCount(s, "T", 1, src);
                    expectCount(d, "T", done ? 1 : 0, dst);
                    expectFlag(s, "T", "\\Deleted", false, src);
                }
                case MOVE_FALLBACK_AT_STORE -> {
                    expectCount(s, "T", 1, src);
                    expectCount(d, "T", 1, dst);
                    expectFlag(s, "T", "\\Deleted", done, src);
                }
                case MOVE_FALLBACK_AT_UID_EXPUNGE -> {
                    expectCount(s, "T", done ? 0 : 1, src);
                    expectCount(d, "T", 1, dst);
                    expectFlag(s, "T", "\\Deleted", true, src);
                    expectUid(got, d, "T");
                }
                case STORE -> {
                    expectCount(s, "T", 1, src);
                    expectFlag(s, "T", "\\Flagged", done, src);
                    expectFlag(s, "B", "\\Flagged", false, src);
                }
                case EXPUNGE, EXPUNGE_MESSAGES -> expectCount(s, "T", done ? 0 : 1, src);
                default -> throw new AssertionError(c.op());
            }
            if (!c.op().appends()) {
                expectCount(s, "B", 1, src);
                expectCount(d, "B", 0, dst);
            }
            if (c.op().moves()) {
                int inSrc = count(s, "T");
                int inDst = count(d, "T");
                if (inSrc + inDst == 0) {
                    problems.add("MOVE lost the message: in neither folder");
                }
                if (inSrc > 0 && inDst > 0 && (got.error() == null || !String.valueOf(got.error().getMessage()).contains(dst))) {
                    problems.add("the message is in both folders but the exception does not name " + dst);
                }
            }
        }

        private static final java.util.regex.Pattern CLAIM = java.util.regex.Pattern.compile(
                "([0-9]+(?:-[0-9]+)?(?:, [0-9]+(?:-[0-9]+)?)*) (?:is|are) (stored|refused|in flight|not sent)");

        /**
         * A failed pipelined append names each message's fate: the server must agree with every
         * claim, and each message in doubt must be named by its Message-ID.
         */
        private void checkClaims(String message, Map<String, List<FetchData>> d) {
            String m = String.valueOf(message);
            String[] fate = new String[4];
            java.util.regex.Matcher x = CLAIM.matcher(m);
            while (x.find()) {
                for (String r : x.group(1).split(", ")) {
                    String[] ends = r.split("-");
                    for (int i = Integer.parseInt(ends[0]); i <= Integer.parseInt(ends[ends.length - 1]) && i <= 3; i++) {
                        fate[i] = x.group(2);
                    }
                }
            }
            for (int i = 1; i <= 3; i++) {
                int have = count(d, "M" + i);
                String f = fate[i];
                if (f == null) {
                    problems.add("the failure does not say what became of M" + i + ": " + m);
                } else if (f.equals("stored") ? have != 1 : f.equals("in flight") ? have > 1 : have != 0) {
                    problems.add("the failure says M" + i + " " + f + ", the server has it " + have + "x");
                }
                if ("in flight".equals(f) && !m.contains(id("M" + i))) {
                    problems.add("M" + i + " is in doubt but its Message-ID is not named");
                }
            }
        }

        private void expectCount(Map<String, List<FetchData>> folder, String which, int n, String name) {
            int have = count(folder, which);
            if (have != n) {
                problems.add(which + " is " + have + "x in " + name + ", expected " + n + "x");
            }
        }

        private void expectFlag(Map<String, List<FetchData>> folder, String which, String flag, boolean set, String name) {
            for (FetchData f : folder.getOrDefault(id(which), List.of())) {
                if (f.hasFlag(flag) != set) {
                    problems.add(which + " in " + name + (set ? " lacks " : " has ") + flag);
                }
            }
        }

        /**
         * A call that returns UIDs must, on success, return the message's UID in the destination:
         * both servers have UIDPLUS, so -1 ("the server did not say") is wrong too.
         */
        private void expectUid(Outcome got, Map<String, List<FetchData>> folder, String which) {
            boolean returnsUids = EnumSet.of(Op.APPEND_UID, Op.COPY_UID, Op.MOVE_UID, Op.MOVE_FALLBACK_AT_COPY,
                    Op.MOVE_FALLBACK_AT_STORE, Op.MOVE_FALLBACK_AT_UID_EXPUNGE).contains(c.op());
            if (!got.ok() || !returnsUids) {
                return;
            }
            List<FetchData> l = folder.getOrDefault(id(which), List.of());
            if (l.size() != 1 || l.get(0).uid() == null || l.get(0).uid() != got.uid()) {
                problems.add("returned UID " + got.uid() + " is not " + which + "'s in the destination");
            }
        }

        /** Each message once, with the UID appendUIDMessages returned for it (on success or after the re-run). */
        private void expectUids(Map<String, List<FetchData>> folder) {
            if (folder == null) {
                return; // failed, and some were stored: no re-run
            }
            for (int i = 0; i < 3; i++) {
                String which = "M" + (i + 1);
                List<FetchData> l = folder.getOrDefault(id(which), List.of());
                if (l.size() != 1 || l.get(0).uid() == null || l.get(0).uid() != returned[i]) {
                    problems.add(which + " is " + l.size() + "x in " + dst + (afterRerun != null ? " after the re-run" : "")
                            + ", returned UID " + returned[i]);
                }
            }
        }

        private int count(Map<String, List<FetchData>> folder, String which) {
            return folder.getOrDefault(id(which), List.of()).size();
        }

        /**
         * {@link #look()} once it stops changing: with APPENDs in flight the server may still be
         * storing one it got whole before the cut when the first look comes (seen on GreenMail and
         * Dovecot). Three equal looks 250 ms apart, at most 5 s; the verdict is on the last.
         */
        private Map<String, Map<String, List<FetchData>>> settled() throws IOException, InterruptedException {
            Map<String, Map<String, List<FetchData>>> last = look();
            int same = 0;
            for (long end = System.nanoTime() + 5_000_000_000L; same < 2 && System.nanoTime() < end; ) {
                Thread.sleep(250);
                Map<String, Map<String, List<FetchData>>> now = look();
                same = describe(now).equals(describe(last)) ? same + 1 : 0;
                last = now;
            }
            return last;
        }

        /** Both folders as a fresh connection straight to the server sees them: Message-ID → messages. */
        private Map<String, Map<String, List<FetchData>>> look() throws IOException {
            Map<String, Map<String, List<FetchData>>> out = new HashMap<>();
            try (Imap4 admin = admin()) {
                for (String name : List.of(src, dst)) {
                    Map<String, List<FetchData>> byId = new HashMap<>();
                    SelectInfo info = admin.examine(name).check().value();
                    if (info.exists() > 0) {
                        for (FetchData f : admin.fetch("1:*", "(UID FLAGS ENVELOPE)").check().value()) {
                            String id = f.envelope() == null ? null : f.envelope().messageId();
                            byId.computeIfAbsent(String.valueOf(id), k -> new ArrayList<>()).add(f);
                        }
                    }
                    out.put(name, byId);
                }
            }
            return out;
        }

        private String describe(Map<String, Map<String, List<FetchData>>> state) {
            StringBuilder sb = new StringBuilder();
            for (String name : List.of(src, dst)) {
                if (c.op().appends() && name.equals(src)) {
                    continue;
                }
                sb.append(sb.length() == 0 ? "" : "; ").append(name.equals(src) ? "src:" : "dst:");
                List<String> items = new ArrayList<>();
                for (String which : List.of("T", "B", "M1", "M2", "M3")) {
                    for (FetchData f : state.get(name).getOrDefault(id(which), List.of())) {
                        String flags = f.hasFlag("\\Deleted") ? "\\Deleted" : f.hasFlag("\\Flagged") ? "\\Flagged" : "";
                        items.add(which + (flags.isEmpty() ? "" : " " + flags));
                    }
                }
                sb.append(items.isEmpty() ? " empty" : " " + String.join(", ", items));
            }
            return sb.toString();
        }

        private Imap4 admin() throws IOException {
            Imap4 imap = new Imap4(server.host(), server.port(), Duration.ofSeconds(10));
            imap.login(server.user(), server.password());
            return imap;
        }

        /** A small message with a unique Message-ID; the body makes its literal long enough to cut inside. */
        byte[] raw(String which) {
            return ("From: Faults <faults@example.org>\r\n"
                    + "To: Tester <tester@example.com>\r\n"
                    + "Subject: write fault " + which + "\r\n"
                    + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
                    + "Message-ID: " + id(which) + "\r\n"
                    + "\r\n"
                    + ("The quick brown fox jumps over the lazy dog " + which + ".\r\n").repeat(40))
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** What the caller got: a normal return (with the UID it reported, -1 if none) or an exception. */
    record Outcome(boolean ok, long uid, Throwable error) {
        static Outcome ok(long uid) {
            return new Outcome(true, uid, null);
        }

        static Outcome failed(Throwable e) {
            return new Outcome(false, -1, e);
        }

        String describe() {
            if (ok) {
                return "success" + (uid > 0 ? " (UID " + uid + ")" : "");
            }
            String m = String.valueOf(error.getMessage()).replace('|', '/').replace('\n', ' ');
            return error.getClass().getSimpleName() + ": " + (m.length() > 90 ? m.substring(0, 90) + "…" : m);
        }
    }

    /**
     * GreenMail with TCP_NODELAY on its connections: it writes a response line by line, and with
     * Nagle's algorithm most commands would wait 40 ms for a delayed ACK.
     */
    private static final class NoDelayGreenMail extends GreenMail {
        private AbstractServer imap;

        NoDelayGreenMail() {
            super(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        }

        int imapPort() {
            return imap.getPort();
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers mgr) {
            Map<String, AbstractServer> services = new HashMap<>();
            for (ServerSetup s : config) {
                imap = new AbstractServer(s, mgr) {
                    @Override
                    protected ProtocolHandler createProtocolHandler(Socket socket) {
                        try {
                            socket.setTcpNoDelay(true);
                        } catch (SocketException ignored) {
                            // slower, still correct
                        }
                        return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
                    }
                };
                services.put(s.getProtocol(), imap);
            }
            return services;
        }
    }
}
