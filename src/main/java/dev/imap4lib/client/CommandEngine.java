package dev.imap4lib.client;

import dev.imap4lib.client.Imap4.Completion;
import dev.imap4lib.client.Imap4.Request;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.transport.Transport;
import dev.imap4lib.wire.Arg;
import dev.imap4lib.wire.CommandEncoder;
import dev.imap4lib.wire.Excerpt;
import dev.imap4lib.wire.LiteralSink;
import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.ResponseReader;
import dev.imap4lib.wire.TagGenerator;
import dev.imap4lib.wire.Tokenizer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * The command engine of one {@link Imap4} connection: it owns the transport, the tag generator,
 * the response reader and the queue of commands in flight, sends each command (waiting for the
 * {@code +} before a synchronizing literal), reads responses and hands the untagged ones to the
 * {@link ResponseRouter}, and matches tagged completions to their {@link CommandHandle}s.
 * {@link Imap4}'s command methods build arguments and results; everything on the wire goes
 * through here.
 *
 * <p><b>Concurrency.</b> Both locks of a connection live here. The <em>command lock</em>
 * ({@link #busy}, a fair semaphore taken by {@link #acquireLock()}) guards the reader, the
 * in-flight queue, the handles, {@link #gathering}, and the per-command state of the
 * {@link ResponseRouter}; one thread holds it for a command, a {@link Pipeline} or an open IDLE,
 * so calls from several threads are serialised, and that thread is the only one reading
 * responses. Holding it, a thread may call anything in this class and the router, but not take
 * it again: a command from a listener (which runs on that thread, from
 * {@link ResponseRouter#handleUntagged}) or from the thread holding an open IDLE throws
 * {@link Imap4Exception}. The <em>write lock</em> ({@link #writeLock}) guards only the output
 * stream, so that IDLE's DONE sent from another thread never lands inside a command's bytes;
 * nothing else is called while holding it. {@link #abortReason} and {@link #closed} are
 * volatile: any thread may look at them, and {@link Imap4#close()} from another thread closes
 * the transport, which ends the reading thread's wait with an abort.
 */
final class CommandEngine {
    /** How many {@code +} a command may get unasked (or AUTHENTICATE challenges) before we give up. */
    static final int MAX_CONTINUATIONS = 32;
    /** The states each command is allowed in (imaplib's {@code Commands} table). */
    static final Map<String, Set<State>> COMMANDS = commandStates();
    private static final Set<String> SEQUENCE_COMMANDS = Set.of("FETCH", "STORE", "COPY", "MOVE", "SEARCH", "SORT",
            "THREAD", "PARTIAL", "REPLACE");

    /** What the engine calls back into {@link Imap4} for: the FETCH sent ahead, which lives there. */
    interface AheadHook {
        /** Reads the answer of the unclaimed FETCH sent ahead ({@code h}) and drops it. Under the command lock. */
        void drainAhead(CommandHandle h) throws IOException;
    }

    final ClientOptions options;
    final TagGenerator tags;
    final DebugTrace trace;
    /** Replaced by COMPRESS (under the command lock); read by accessors on any thread. */
    volatile Transport transport;
    final ResponseReader reader;
    final ResponseRouter router;
    private final AheadHook hook;
    /** The command lock. */
    final Semaphore busy = new Semaphore(1, true);
    /** The thread holding the command lock, so that it cannot deadlock on it. */
    volatile Thread owner;
    /** The write lock: the output stream only. */
    final Object writeLock = new Object();
    /**
     * The commands sent and not completed yet, oldest first (see {@link PipelineRules}); under the
     * command lock, as is everything the reader touches.
     */
    final ArrayDeque<CommandHandle> flight = new ArrayDeque<>();
    /** The command whose tagged completion is being parsed: its response codes go to it. */
    CommandHandle completing;
    /** The command sent last (LOGOUT's BYE is read from it when the server hangs up at once). */
    CommandHandle lastSent;
    /**
     * Set by {@link #execGathering}: the untagged response types the running command's result is
     * built from, instead of its entry in {@link Gathered}. Under the command lock.
     */
    Set<String> gathering;
    /** The command awaited, and when a command was sent or last received a response of its result (nanoTime). */
    private String running;
    private long lastProgress;
    volatile String abortReason;
    volatile boolean closed;

    CommandEngine(ClientOptions options, Transport transport, AheadHook hook) {
        this.options = options;
        this.transport = transport;
        this.hook = hook;
        this.tags = options.tagPrefix() == null ? new TagGenerator() : new TagGenerator(options.tagPrefix());
        this.trace = new DebugTrace(options.debug(), options.debugOut());
        this.reader = new ResponseReader(transport.input(), options.limits());
        this.router = new ResponseRouter(this);
    }

    /** Throws when the connection is aborted or closed (raw I/O has no state to check). */
    void ensureAlive() throws Imap4Exception {
        if (abortReason != null || closed) {
            throw new Imap4AbortException("connection is no longer usable" + (abortReason != null ? ": " + abortReason : ""));
        }
    }

    /** Handles {@code +} continuations while a command runs (AUTHENTICATE, IDLE). */
    interface ContinuationHandler {
        /** @return true to stop reading and return to the caller with the command still open */
        boolean onContinuation(RawResponse r) throws IOException;
    }

    /**
     * Takes the command lock for a command that talks to the server. Whatever is still in flight
     * (a FETCH sent ahead) is dealt with when the command is admitted ({@link #admit}).
     */
    void acquire() throws IOException {
        acquireLock();
    }

    void acquireLock() throws Imap4Exception {
        if (owner == Thread.currentThread()) {
            throw new Imap4Exception("a command was issued from inside a response listener or an open IDLE;"
                    + " finish the IDLE (or return from the listener) first");
        }
        try {
            busy.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Imap4Exception("interrupted while waiting for another command to finish");
        }
        owner = Thread.currentThread();
    }

    void release() {
        owner = null;
        busy.release();
    }

    void ensureUsable(String name) throws Imap4Exception {
        if (abortReason != null) {
            throw new Imap4AbortException("connection is no longer usable: " + abortReason);
        }
        if (closed) {
            throw new Imap4AbortException("connection is closed");
        }
        refuseSequenceNumbers(name);
        Set<State> allowed = COMMANDS.get(name);
        if (allowed != null && !allowed.contains(router.state)) {
            throw new Imap4Exception("command " + name + " illegal in state " + router.state
                    + ", only allowed in states " + allowed);
        }
        if (router.state == State.SELECTED && router.readOnlyLost && !router.selectedReadOnly) {
            router.readOnlyLost = false;
            router.selectedReadOnly = true;
            throw new Imap4ReadOnlyException("mailbox status changed to READ-ONLY");
        }
    }

    Completion exec(String name, List<Arg> args) throws IOException {
        return exec(name, args, null, null);
    }

    /**
     * A command whose result is built from untagged responses of {@code types} only (none for
     * NOOP and CHECK, FETCH for the FETCH family): see {@link #gathering}.
     */
    Completion execGathering(Set<String> types, String name, List<Arg> args, LiteralSink sink)
            throws IOException {
        acquire();
        try {
            gathering = types; // only under the command lock: another command must not see it
            return execLocked(name, args, sink, null);
        } finally {
            gathering = null;
            release();
        }
    }


    Completion exec(String name, List<Arg> args, LiteralSink sink, ContinuationHandler cont)
            throws IOException {
        acquire();
        try {
            return execLocked(name, args, sink, cont);
        } finally {
            release();
        }
    }

    CommandEncoder.Options encoderOptions() {
        List<String> caps = router.capabilities;
        return new CommandEncoder.Options(caps.contains("LITERAL+"),
                caps.contains("LITERAL-") || caps.contains("IMAP4REV2"), router.utf8Enabled);
    }

    static String verbOf(String name) {
        return name.indexOf(' ') < 0 ? name : name.substring(0, name.indexOf(' '));
    }

    /** A command ready to send: its tag and its encoded pieces. */
    private record Prepared(String tag, CommandEncoder.Encoded enc) {
    }

    /**
     * Checks the state allows {@code verb} (before taking a tag, so a refused command leaves no
     * gap in the tags), encodes the command and traces it. Caller holds the lock.
     */
    Prepared prepare(String verb, String name, List<Arg> args) throws Imap4Exception {
        ensureUsable(verb);
        String tag = tags.next();
        CommandEncoder.Encoded enc;
        try {
            enc = CommandEncoder.encode(tag, name, args, encoderOptions());
        } catch (IllegalArgumentException e) {
            throw new Imap4Exception(verb + ": " + e.getMessage());
        }
        trace.sent(enc.trace());
        return new Prepared(tag, enc);
    }

    /** Sends a command and reads up to its tagged completion. Caller holds the command lock. */
    Completion execLocked(String name, List<Arg> args, LiteralSink sink, ContinuationHandler cont)
            throws IOException {
        CommandHandle h = send(name, args, gathering != null ? gathering : Gathered.whole(name), null, false);
        return finish(verbOf(name), h.done != null ? h.done : readUntil(h, sink, cont));
    }

    /**
     * Sends a command once {@link PipelineRules} let it follow what is in flight, waiting for the
     * {@code +} before each synchronizing literal (the responses of the commands before it are
     * routed meanwhile). Returns with the command in flight, or already completed when the server
     * answered before its last literal. Caller holds the command lock.
     *
     * @param whole the types kept whole for its result
     * @param key see {@link CommandHandle#key}
     * @param onePiece refuse (before anything is sent) a command that needs a {@code +}
     */
    CommandHandle send(String name, List<Arg> args, Set<String> whole, String key, boolean onePiece)
            throws IOException {
        return send(name, args, whole, key, onePiece, -1);
    }

    /** As {@link #send(String, List, Set, String, boolean)}; {@code aheadNumber}: see {@link CommandHandle#aheadNumber}. */
    CommandHandle send(String name, List<Arg> args, Set<String> whole, String key, boolean onePiece,
            long aheadNumber) throws IOException {
        String verb = verbOf(name);
        ensureUsable(verb);
        admit(name, key, aheadNumber);
        Prepared cmd = prepare(verb, name, args);
        List<byte[]> pieces = cmd.enc().pieces();
        if (onePiece && pieces.size() != 1) {
            throw new Imap4Exception(verb + ": a command sent ahead cannot carry synchronizing literals");
        }
        CommandHandle h = new CommandHandle(cmd.tag(), name, whole, key, true);
        h.aheadNumber = aheadNumber;
        flight.addLast(h);
        lastSent = h;
        running = name;
        lastProgress = System.nanoTime();
        for (int i = 0; i < pieces.size(); i++) {
            write(pieces.get(i));
            if (i < pieces.size() - 1 && !awaitContinuation(h)) {
                break; // answered instead of +: the rest is not sent
            }
        }
        return h;
    }

    /**
     * Reads responses until every command in flight that {@code name} may not follow has
     * completed; an unclaimed FETCH sent ahead among them is read and dropped.
     */
    void admit(String name, String key) throws IOException {
        admit(name, key, -1);
    }

    /** As {@link #admit(String, String)} for a FETCH sent ahead of message {@code aheadNumber} (-1: not one). */
    private void admit(String name, String key, long aheadNumber) throws IOException {
        while (true) {
            CommandHandle blocker = null;
            for (CommandHandle h : flight) {
                if (!PipelineRules.mayFollow(h, name, key) && !mayJoinAheads(h, name, aheadNumber)) {
                    blocker = h;
                    break;
                }
            }
            if (blocker == null) {
                return;
            }
            if (blocker.unclaimedAhead) {
                hook.drainAhead(blocker);
            } else {
                readUntil(blocker, null, null); // its owner finds the completion in the handle
            }
        }
    }

    /**
     * Whether a FETCH sent ahead for message {@code number} (-1: not one message) may be sent
     * while {@code inFlight}, another one sent ahead and not claimed, is: the same command for
     * another message, so that their answers can be told apart ({@link CommandHandle#accepts}).
     */
    private static boolean mayJoinAheads(CommandHandle inFlight, String name, long number) {
        return number > 0 && inFlight.unclaimedAhead && inFlight.aheadNumber > 0 && inFlight.aheadNumber != number
                && inFlight.name.equals(name);
    }

    /** Sends {@code r} behind what is in flight, once fewer than {@code window} commands are outstanding. Under the lock. */
    CommandHandle sendPipelined(Request<?> r, int window) throws IOException {
        while (flight.size() >= window) {
            readUntil(flight.peekFirst(), null, null);
        }
        return send(r.name(), r.args(), Gathered.whole(r.name()), r.key(), false);
    }

    /** Reads until {@code h} completed; a BAD completion throws as for every command. Under the lock. */
    Completion awaitHandle(CommandHandle h) throws IOException {
        return finish(verbOf(h.name), h.done != null ? h.done : readUntil(h, null, null));
    }

    /**
     * The command bound ({@link ClientOptions#commandTimeout}): a response of type {@code type}
     * the result is built from restarts the clock; any other one past the bound ends the command.
     */
    void checkCommandBound(String type) throws Imap4AbortException {
        long bound = options.commandTimeoutNanos();
        if (bound == 0) {
            return;
        }
        long now = System.nanoTime();
        if (wantedWhole(type) || (router.fetchHandler != null && type.equals("FETCH"))) {
            lastProgress = now;
        } else if (now - lastProgress > bound) {
            throw abort(running + " did not complete: " + ((now - lastProgress) / 1_000_000)
                    + " ms without a response of its result, only others (the last: " + type
                    + "), past the command timeout of " + (bound / 1_000_000) + " ms", null);
        }
    }

    Completion finish(String verb, Completion done) throws IOException {
        if (router.byeText != null && !verb.equals("LOGOUT")) {
            throw abort("server said BYE: " + router.byeText, null);
        }
        if ("BAD".equals(done.status())) {
            throw new Imap4Exception(verb + " command error: " + Imap4Exception.answer("BAD", done.code(), done.text()),
                    "BAD", done.code(), null);
        }
        return done;
    }

    /** Whether a command in flight keeps responses of {@code type} whole (they are progress for the command bound). */
    boolean wantedWhole(String type) {
        for (CommandHandle h : flight) {
            if (h.received != null && h.whole.contains(type)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a command in flight gathers responses (IDLE alone does not, so it is not bounded). */
    boolean gathersAny() {
        for (CommandHandle h : flight) {
            if (h.received != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for the {@code +} that lets {@code h}'s next synchronising literal follow, routing
     * the responses of the commands before it; false when {@code h} was answered instead.
     */
    boolean awaitContinuation(CommandHandle h) throws IOException {
        h.awaitingContinuation = true;
        try {
            while (h.done == null) {
                RawResponse r = readResponse();
                switch (r.kind()) {
                    case CONTINUATION:
                        return true;
                    case UNTAGGED:
                        router.handleUntagged(r);
                        break;
                    default:
                        complete(r);
                }
            }
            return false;
        } finally {
            h.awaitingContinuation = false;
        }
    }

    /**
     * Reads responses, routing them to the commands in flight, until {@code target} completed.
     * Literals go to {@code sink}; so that no other command's literal reaches it, the commands
     * sent before {@code target} are read to their completion first, without the sink.
     *
     * @return the completion, or null when {@code cont} asked to return with the command open
     */
    Completion readUntil(CommandHandle target, LiteralSink sink, ContinuationHandler cont) throws IOException {
        if (sink != null) {
            for (CommandHandle older = flight.peekFirst(); older != null && older != target && target.done == null;
                    older = flight.peekFirst()) {
                readUntil(older, null, null);
            }
        }
        if (target.done == null && (abortReason != null || closed)) {
            throw new Imap4AbortException("connection is no longer usable"
                    + (abortReason != null ? ": " + abortReason : ""));
        }
        reader.setLiteralSink(sink);
        int stray = 0;
        try {
            while (target.done == null) {
                RawResponse r = readResponse();
                switch (r.kind()) {
                    case UNTAGGED:
                        router.handleUntagged(r);
                        break;
                    case CONTINUATION:
                        if (cont != null) {
                            if (cont.onContinuation(r)) {
                                return null;
                            }
                        } else if (++stray > MAX_CONTINUATIONS) {
                            throw abort("server keeps sending continuation requests to " + running, null);
                        }
                        break;
                    default:
                        complete(r);
                }
            }
            return target.done;
        } finally {
            reader.setLiteralSink(null);
        }
    }

    /** A tagged response: completes the command in flight with that tag. */
    void complete(RawResponse r) throws IOException {
        for (CommandHandle h : flight) {
            if (r.hasTag(h.tagBytes)) {
                h.done = completion(r, h);
                flight.remove(h);
                lastProgress = System.nanoTime();
                return;
            }
        }
        throw abort("unexpected tagged response (tag we did not send): " + Excerpt.escape(r.bytes()), null);
    }

    /** Parses {@code tag SP status SP [code] text}. */
    Completion completion(RawResponse r, CommandHandle h) throws IOException {
        Tokenizer t = r.tokenizer();
        t.word();
        t.skipSpaces();
        String status;
        if (t.tryAtom("OK")) {
            status = "OK";
        } else if (t.tryAtom("NO")) {
            status = "NO";
        } else if (t.tryAtom("BAD")) {
            status = "BAD";
        } else {
            throw abort("malformed tagged response: " + Excerpt.escape(r.bytes()), null);
        }
        t.skipSpaces();
        int dataStart = t.position();
        ResponseCode code = null;
        if (t.peek() == '[') {
            try {
                code = ResponseCode.parse(t);
                completing = h;
                router.noteCode(code, r, dataStart, true);
            } catch (ResponseFormatException | RuntimeException e) {
                code = null;
                t.position(dataStart); // keep an unparseable code as text
            } finally {
                completing = null;
            }
            t.skipSpaces();
        }
        String text = t.rest();
        byte[] data = java.util.Arrays.copyOfRange(r.bytes(), dataStart, r.length());
        if (trace.on(1)) {
            trace.received(r.bytes(), r.length());
        }
        return new Completion(status, code, text, data, h.received == null ? Map.of() : h.received);
    }

    void write(byte[] b) throws IOException {
        synchronized (writeLock) {
            try {
                OutputStream out = transport.output();
                out.write(b);
                out.flush();
            } catch (IOException e) {
                throw abort("cannot send to " + transport.describe() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Reads one response; every I/O or format failure kills the connection. */
    RawResponse readResponse() throws IOException {
        try {
            reader.setProgressTimeout(options.timeoutMillis());
            return reader.read();
        } catch (SocketTimeoutException e) {
            throw abort("timed out after " + transport.readTimeout() + " ms waiting for " + transport.describe()
                    + " (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw abort(router.byeText != null ? "server said BYE: " + router.byeText : e.getMessage(), e);
        } catch (ResponseFormatException e) {
            throw abort("unparseable response from server: " + e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw abort("interrupted while waiting for " + transport.describe(), e);
        } catch (IOException e) {
            throw abort("connection to " + transport.describe() + " failed: " + e.getMessage(), e);
        }
    }

    /** Marks the connection dead, closes it, and returns the exception to throw. */
    Imap4AbortException abort(String reason, Throwable cause) {
        if (abortReason == null) {
            abortReason = reason;
        }
        trace.note("abort: " + reason);
        flight.clear(); // every command in flight fails with this abort; none is sent again
        closeTransport();
        if (router.state != State.LOGOUT) {
            router.state = State.LOGOUT;
        }
        return new Imap4AbortException(reason, cause);
    }

    void closeTransport() {
        try {
            transport.close();
        } catch (IOException ignored) {
            // nothing more to do with a dead connection
        }
    }

    private void refuseSequenceNumbers(String verb) throws Imap4Exception {
        if (router.uidOnlyEnabled && SEQUENCE_COMMANDS.contains(verb)) {
            throw new Imap4Exception(verb + " takes message numbers, which UIDONLY (RFC 9586) forbids: use UID " + verb);
        }
    }

    private static Map<String, Set<State>> commandStates() {
        Map<String, Set<State>> m = new HashMap<>();
        Set<State> any = EnumSet.of(State.NONAUTH, State.AUTH, State.SELECTED, State.LOGOUT);
        Set<State> authSel = EnumSet.of(State.AUTH, State.SELECTED);
        Set<State> sel = EnumSet.of(State.SELECTED);
        Set<State> nonauth = EnumSet.of(State.NONAUTH);
        for (String c : new String[] {"CAPABILITY", "NOOP", "LOGOUT"}) {
            m.put(c, any);
        }
        m.put("ID", EnumSet.of(State.NONAUTH, State.AUTH, State.SELECTED));
        for (String c : new String[] {"LOGIN", "AUTHENTICATE", "STARTTLS"}) {
            m.put(c, nonauth);
        }
        for (String c : new String[] {"APPEND", "CREATE", "DELETE", "DELETEACL", "EXAMINE", "GETACL", "GETANNOTATION",
            "GETQUOTA", "GETQUOTAROOT", "MYRIGHTS", "LISTRIGHTS", "LIST", "LSUB", "NAMESPACE", "RENAME", "SELECT",
            "SETACL", "SETANNOTATION", "SETQUOTA", "STATUS", "SUBSCRIBE", "UNSUBSCRIBE", "IDLE", "GETMETADATA",
            "SETMETADATA", "NOTIFY", "ESEARCH"}) {
            m.put(c, authSel);
        }
        m.put("ENABLE", EnumSet.of(State.AUTH));
        m.put("COMPRESS", authSel);
        m.put("PROXYAUTH", EnumSet.of(State.AUTH));
        for (String c : new String[] {"CHECK", "CLOSE", "COPY", "EXPUNGE", "FETCH", "MOVE", "PARTIAL", "SEARCH", "SORT",
            "STORE", "THREAD", "UID", "UNSELECT", "REPLACE"}) {
            m.put(c, sel);
        }
        return Collections.unmodifiableMap(m);
    }
}
