package dev.imap4lib.client;

import dev.imap4lib.client.Imap4.Completion;
import dev.imap4lib.response.Capability;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.wire.Excerpt;
import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the untagged responses of one connection do: each is classified, its response codes
 * noted, the connection state it carries updated (capabilities, ENABLED extensions, BYE,
 * READ-ONLY, PREAUTH), and it is routed to the command in flight that gathers its type, kept
 * for imaplib's {@code response()}, queued for an open IDLE, handed to a streaming FETCH, and
 * given to the listeners. The session state lives here too, as the responses change it.
 *
 * <p><b>Concurrency.</b> Everything here runs on the thread holding the {@link CommandEngine}'s
 * command lock (the one reading responses), and the non-volatile fields are guarded by that
 * lock. The volatile fields ({@link #state}, {@link #capabilities} and the ENABLE flags) are
 * written under it and read by accessors on any thread. The listeners run here, on the reading
 * thread with the command lock held: they may call accessors, and a command from one throws
 * ({@link CommandEngine#acquireLock()}). The stored responses ({@link StoredResponses}) have
 * their own monitor, so {@code response()} never waits for the reader.
 */
final class ResponseRouter {
    private static final String[] COMMON_TYPES = {"FETCH", "EXISTS", "EXPUNGE", "RECENT", "OK", "LIST", "FLAGS",
        "SEARCH", "ESEARCH", "STATUS", "CAPABILITY", "NO", "BAD", "BYE", "LSUB", "VANISHED"};

    private final CommandEngine engine;
    volatile State state = State.NONAUTH;
    volatile List<String> capabilities = List.of();
    volatile boolean utf8Enabled;
    volatile boolean imap4rev2Enabled;
    volatile boolean uidOnlyEnabled;
    /** Every extension a {@code * ENABLED} response named, upper case (ENABLE cannot be undone). */
    final Set<String> enabled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    boolean selectedReadOnly;
    /** An untagged {@code [READ-ONLY]} came while a read-write mailbox was selected: the next command throws. */
    boolean readOnlyLost;
    /** Set while SELECT/EXAMINE runs: its READ-ONLY code describes the new mailbox, not a change. */
    boolean inSelect;
    /** The text of the server's BYE, once it sent one. */
    String byeText;
    /** The COPYUID of the last untagged OK (MOVE reports it before the EXPUNGEs). */
    ResponseCode.CopyUid lastCopyUid;
    final StoredResponses untagged = new StoredResponses();
    final List<UntaggedListener> listeners = new CopyOnWriteArrayList<>();
    /** While an IDLE is open: the responses {@code Idler.next()} hands out. */
    ArrayDeque<Untagged> idleQueue;
    /** While a streaming FETCH runs: where each FETCH response goes as soon as it is parsed. */
    Consumer<FetchData> fetchHandler;
    int fetchDelivered;
    Exception fetchFailure;

    ResponseRouter(CommandEngine engine) {
        this.engine = engine;
    }

    /** Classifies, stores and dispatches an untagged response; returns its type. */
    String handleUntagged(RawResponse r) throws IOException {
        if (engine.trace.on(2)) {
            engine.trace.received(r.bytes(), r.length());
        }
        Tokenizer t = r.tokenizer();
        String type;
        long number = -1;
        int dataStart;
        try {
            t.expect('*');
            t.skipSpaces();
            dataStart = t.position();
            if (t.peekDigit()) {
                number = t.number();
                t.skipSpaces();
            }
            type = typeName(t);
        } catch (ResponseFormatException e) {
            throw engine.abort("malformed untagged response: " + e.getMessage(), e);
        }
        if (engine.gathersAny()) {
            engine.checkCommandBound(type); // IDLE gathers nothing, so it is not bounded
        }
        t.skipSpaces();
        int valueStart = t.position();
        if (number < 0) {
            dataStart = valueStart;
        }
        switch (type) {
            case "OK", "NO", "BAD", "BYE", "PREAUTH" -> {
                if (t.peek() == '[') {
                    try {
                        ResponseCode code = ResponseCode.parse(t);
                        noteCode(code, r, valueStart, false);
                    } catch (ResponseFormatException | RuntimeException e) {
                        t.position(valueStart); // an unparseable code stays plain text
                    }
                }
                if (type.equals("BYE")) {
                    byeText = Tokenizer.decode(r.bytes(), valueStart, r.length() - valueStart);
                } else if (type.equals("PREAUTH") && state == State.NONAUTH) {
                    // Courier without its FAM server greets with "* OK [ALERT] ..." and then
                    // "* PREAUTH": the server says we are authenticated, so we are.
                    state = State.AUTH;
                }
            }
            case "CAPABILITY" -> setCapabilities(new Tokenizer(r.bytes(), valueStart, r.length()));
            case "ENABLED" -> {
                String rest = Tokenizer.decode(r.bytes(), valueStart, r.length() - valueStart).toUpperCase(Locale.ROOT);
                for (String c : rest.split(" ")) {
                    if (!c.isEmpty()) {
                        enabled.add(c);
                    }
                    if (c.equals("UTF8=ACCEPT") || c.equals("UTF8=ONLY")) {
                        utf8Enabled = true;
                    } else if (c.equals("IMAP4REV2")) {
                        imap4rev2Enabled = true;
                    } else if (c.equals("UIDONLY")) {
                        uidOnlyEnabled = true;
                    }
                }
            }
            default -> {
                // data responses are parsed when the command result is built
            }
        }
        store(new Untagged(type, number, r, dataStart, valueStart, r.length()));
        return type;
    }

    /** Reads the response type keyword, reusing constants for the common ones. */
    private static String typeName(Tokenizer t) throws ResponseFormatException {
        for (String k : COMMON_TYPES) {
            if (t.tryAtom(k)) {
                return k;
            }
        }
        return t.atom().toUpperCase(Locale.ROOT);
    }


    /** Stores a response code under its name, as imaplib does, and acts on the ones that change state. */
    void noteCode(ResponseCode code, RawResponse r, int bracket, boolean tagged) {
        byte[] b = r.bytes();
        int nameEnd = bracket + 1;
        while (nameEnd < b.length && b[nameEnd] != ' ' && b[nameEnd] != ']') {
            nameEnd++;
        }
        int argStart = Math.min(nameEnd + 1, b.length);
        int close = argStart;
        int depth = 0;
        boolean quoted = false;
        if (nameEnd < b.length && b[nameEnd] == ']') {
            close = nameEnd;
            argStart = nameEnd;
        } else {
            while (close < b.length) {
                byte c = b[close];
                if (quoted) {
                    if (c == '\\') {
                        close++;
                    } else if (c == '"') {
                        quoted = false;
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ']' && depth <= 0) {
                    break;
                }
                close++;
            }
        }
        store(new Untagged(code.name(), -1, r, argStart, argStart, Math.min(close, b.length)));
        if (!tagged && code.name().equals("COPYUID")) {
            lastCopyUid = code.copyUid();
        }
        switch (code.name()) {
            case "CAPABILITY" -> setCapabilities(new Tokenizer(b, argStart, Math.min(close, b.length)));
            case "READ-ONLY" -> {
                if (state == State.SELECTED && !inSelect && !selectedReadOnly && !tagged) {
                    readOnlyLost = true;
                }
            }
            case "ALERT" -> engine.trace.note("server ALERT: " + Tokenizer.decode(b, close + 1 < b.length ? close + 1 : b.length, Math.max(0, b.length - close - 1)));
            default -> {
            }
        }
    }

    void setCapabilities(Tokenizer t) {
        try {
            LinkedHashSet<String> caps = new LinkedHashSet<>();
            for (String c : Capability.parseCapabilities(t)) {
                caps.add(c.toUpperCase(Locale.ROOT));
            }
            capabilities = List.copyOf(caps);
        } catch (ResponseFormatException e) {
            engine.trace.note("ignored malformed capability list: " + e.getMessage());
        }
    }

    void store(Untagged u) {
        boolean streamed = fetchHandler != null && u.type().equals("FETCH");
        if (streamed) {
            deliverFetch(u); // handed over, so neither kept for the command nor for response()
        } else {
            route(u);
        }
        if (idleQueue != null) {
            idleQueue.add(u); // handed out once, by Idler.next(); what it leaves is kept on close
        } else if (!streamed) {
            retain(u);
        }
        for (UntaggedListener l : listeners) {
            try {
                l.onUntagged(u);
            } catch (RuntimeException e) {
                engine.trace.note("untagged listener failed: " + e);
            }
        }
    }

    /**
     * Gives {@code u} to the oldest command in flight that keeps its type whole (for STATUS: the
     * one asking for that mailbox), else, bounded, to the oldest command in flight; a tagged
     * response's codes go to the command it completes.
     */
    void route(Untagged u) {
        if (engine.completing != null) {
            if (engine.completing.received != null) {
                Gathered.add(engine.completing.received, engine.completing.whole, u);
            }
            return;
        }
        CommandHandle oldest = null;
        for (CommandHandle h : engine.flight) {
            if (h.received == null) {
                continue;
            }
            if (oldest == null) {
                oldest = h;
            }
            if (h.whole.contains(u.type()) && keyMatches(h, u) && h.accepts(u)) {
                Gathered.add(h.received, h.whole, u);
                return;
            }
        }
        if (oldest != null) {
            Gathered.add(oldest.received, oldest.whole, u);
        }
    }

    boolean keyMatches(CommandHandle h, Untagged u) {
        if (h.key == null || !u.type().equals("STATUS")) {
            return true;
        }
        try {
            return PipelineRules.sameMailbox(MailboxStatus.parse(u.tokenizer(), utf8Enabled).name(), h.key);
        } catch (ResponseFormatException | RuntimeException e) {
            return true; // the first STATUS command in flight reports it as malformed
        }
    }

    /** Keeps {@code u} for {@link #response} (when the options say so), bounded. */
    void retain(Untagged u) {
        if (engine.options.retainUntagged()) {
            untagged.add(u);
        }
    }

    /** Ends the IDLE queue; the responses no {@link Idler#next} took stay for {@link #response}. */
    void dropIdleQueue() {
        ArrayDeque<Untagged> q = idleQueue;
        idleQueue = null;
        if (q != null) {
            q.forEach(this::retain);
        }
    }

    /**
     * The responses of {@code type} that answered command {@code c}; like imaplib, they are
     * also removed from the stored responses that {@link #response} pops.
     */
    List<Untagged> take(Completion c, String type) {
        List<Untagged> mine = c.get(type);
        if (!mine.isEmpty() && engine.options.retainUntagged()) {
            untagged.remove(type, mine);
        }
        return mine;
    }

    List<Untagged> popStored(String type) {
        return untagged.pop(type);
    }

    void deliverFetch(Untagged u) {
        FetchData f;
        try {
            f = Results.parseFetch(u, engine.options.limits().maxDepth());
        } catch (ResponseFormatException | RuntimeException e) {
            // Framed correctly, so the stream stays in step: report it once the command is done.
            if (fetchFailure == null) {
                fetchFailure = new ResponseFormatException("malformed FETCH response: " + e.getMessage()
                        + " in \"" + Excerpt.escape(u.raw().bytes(), 0, u.raw().length(), 200) + "\"");
            }
            return;
        }
        try {
            fetchHandler.accept(f);
            fetchDelivered++;
        } catch (RuntimeException e) {
            if (fetchFailure == null) {
                fetchFailure = e;
            }
        }
    }
}
