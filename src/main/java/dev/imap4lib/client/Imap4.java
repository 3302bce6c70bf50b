package dev.imap4lib.client;

import dev.imap4lib.client.CommandEngine.ContinuationHandler;
import dev.imap4lib.response.Acl;
import dev.imap4lib.response.Annotation;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.IdResponse;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.ListRights;
import dev.imap4lib.response.MailboxSearchResult;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.Metadata;
import dev.imap4lib.response.MyRights;
import dev.imap4lib.response.Namespaces;
import dev.imap4lib.response.Quota;
import dev.imap4lib.response.QuotaRoot;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.response.ThreadNode;
import dev.imap4lib.sasl.Sasl;
import dev.imap4lib.sasl.SaslException;
import dev.imap4lib.sasl.SaslMechanism;
import dev.imap4lib.transport.DeflateTransport;
import dev.imap4lib.transport.SocketTransport;
import dev.imap4lib.transport.TlsSettings;
import dev.imap4lib.transport.Transport;
import dev.imap4lib.wire.Arg;
import dev.imap4lib.wire.CommandEncoder;
import dev.imap4lib.wire.Excerpt;
import dev.imap4lib.wire.InternalDate;
import dev.imap4lib.wire.LiteralSink;
import dev.imap4lib.wire.RawResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * An IMAP4 client connection: the Java counterpart of Python's {@code imaplib.IMAP4}, over a
 * plain TCP socket (port 143) with optional STARTTLS. {@link Imap4Ssl} connects with implicit TLS
 * and {@link Imap4Stream} talks to a child process.
 *
 * <p>Opening the connection reads the greeting and learns the capabilities and protocol version.
 * Each command method sends one command, waits for its completion and returns a {@link Result}:
 * imaplib's {@code (type, data)} plus a typed value. As in imaplib, NO is returned and BAD is
 * thrown as {@link Imap4Exception}; a broken connection throws {@link Imap4AbortException}.
 * Arguments are plain Java strings: mailbox names are encoded (modified UTF-7, quoting, literals)
 * for you; message sets, item lists and search keys are passed through as protocol text, as in
 * imaplib, but may never contain CR, LF or NUL.
 *
 * <p><b>The engine and its concurrency model.</b> Each command becomes a {@link CommandHandle} (tag,
 * encoded pieces, the untagged types its result is built from) in an in-flight queue; responses
 * are read by the thread that waits for a completion, untagged ones routed to the oldest command
 * in flight that asked for their type, and to the listeners. Several commands are in flight only
 * where {@link PipelineRules} allow it: through a {@link #pipeline()}, {@link #statusAll},
 * and behind a FETCH sent ahead ({@link #fetchAhead}). Two locks: the command lock (a fair
 * semaphore) guards the reader, the in-flight queue, the handles and the per-command state, and
 * is held by one thread for a command, a pipeline or an open IDLE, so calls from several threads
 * are serialised; the write lock guards only the output stream, so that IDLE's DONE from another
 * thread never lands inside a command's bytes. Listeners run on the reading thread with the
 * command lock held: they may read their argument and call accessors such as
 * {@link #capabilities()}, but a command from a listener (or from the thread holding an open
 * IDLE) throws {@link Imap4Exception}. {@link #close()} logs out and is safe to call twice.
 *
 * <p>This class is imaplib's face: each command method builds its arguments and its result.
 * The machinery is package-private: {@code CommandEngine} owns the transport, tags, reader,
 * the in-flight queue and both locks; {@code ResponseRouter} handles untagged responses and
 * holds the session state they change; {@code IdleSession} runs an open IDLE behind
 * {@link Idler}. Each of them says in its class comment which lock guards what.
 */
public class Imap4 implements AutoCloseable {
    /** imaplib's {@code IMAP4_PORT}. */
    public static final int IMAP4_PORT = 143;
    /** imaplib's {@code IMAP4_SSL_PORT}. */
    public static final int IMAP4_SSL_PORT = 993;
    /** Servers may end an IDLE after 30 minutes (RFC 2177); we re-issue it before that. */
    public static final Duration IDLE_REISSUE = Duration.ofMinutes(29);

    protected final ClientOptions options;
    private final String host;
    private final int port;
    /** Sends commands and reads responses; holds the command lock and the write lock. */
    private final CommandEngine engine;
    /** Routes the untagged responses and holds the session state they change. */
    private final ResponseRouter router;
    private final DebugTrace trace;
    /** Builds the command results from their completions. */
    private final Results results;
    /** Builds the arguments of the larger commands. */
    private final CommandArgs commandArgs;
    private String welcome = "";
    private Duration idleReissue = IDLE_REISSUE;
    /**
     * The FETCHes sent ahead that nobody claimed yet, oldest first (at most {@link #MAX_AHEAD}),
     * in flight or answered; guarded by the command lock.
     */
    private final java.util.ArrayDeque<PendingFetch> aheads = new java.util.ArrayDeque<>();

    /** Connects to localhost:143. */
    public Imap4() throws IOException {
        this("localhost", IMAP4_PORT);
    }

    /** Connects to {@code host} on port 143. */
    public Imap4(String host) throws IOException {
        this(host, IMAP4_PORT);
    }

    /** Connects to {@code host:port} with the default options (60 s timeout). */
    public Imap4(String host, int port) throws IOException {
        this(host, port, ClientOptions.defaults());
    }

    /**
     * Connects to {@code host:port}; {@code timeout} bounds the connect and every read
     * (imaplib's {@code timeout} argument).
     */
    public Imap4(String host, int port, Duration timeout) throws IOException {
        this(host, port, Params.withTimeout(timeout));
    }

    /** Connects to {@code host:port} with the given options. */
    public Imap4(String host, int port, ClientOptions options) throws IOException {
        this(hostOrLocal(host), port, Params.options(options), SocketTransport.connect(hostOrLocal(host), port, null,
                Params.options(options).timeoutMillis(), Params.options(options).timeoutMillis()));
    }

    /**
     * Runs the protocol over an already open transport (used by {@link Imap4Ssl} and
     * {@link Imap4Stream}, and for custom transports). Reads the greeting; on failure the
     * transport is closed.
     */
    protected Imap4(String host, int port, ClientOptions options, Transport transport) throws IOException {
        this.host = host;
        this.port = port;
        this.options = options;
        this.engine = new CommandEngine(options, transport, this::drainAhead);
        this.router = engine.router;
        this.trace = engine.trace;
        this.results = new Results(router, options);
        this.commandArgs = new CommandArgs(router);
        try {
            readGreeting();
        } catch (IOException | RuntimeException e) {
            engine.closeTransport();
            throw e;
        }
    }

    /**
     * Runs the protocol over a transport the caller opened (a socket with its own connect
     * timeout, a TLS socket, a child process); reads the greeting. On failure the transport is closed.
     */
    public static Imap4 open(String host, int port, ClientOptions options, Transport transport) throws IOException {
        return new Imap4(hostOrLocal(host), port, Params.options(options), Params.require(transport, "transport"));
    }

    static String hostOrLocal(String host) {
        return host == null || host.isEmpty() ? "localhost" : host;
    }

    // ------------------------------------------------------------------ state and accessors

    /** The current connection state. */
    public State state() {
        return router.state;
    }

    /** The capabilities the server announced last, in upper case (imaplib's {@code capabilities}). */
    public List<String> capabilities() {
        return router.capabilities;
    }

    /** Whether the server announced {@code name} (case-insensitive; {@code AUTH=PLAIN} style too). */
    public boolean hasCapability(String name) {
        Params.require(name, "name");
        return router.capabilities.contains(name.toUpperCase(Locale.ROOT));
    }

    /** The server's greeting line (imaplib's {@code welcome}). */
    public String welcome() {
        return welcome;
    }

    /**
     * {@code IMAP4REV2} once {@code ENABLE IMAP4rev2} succeeded or when the server offers only
     * rev2, else {@code IMAP4REV1} (imaplib's {@code PROTOCOL_VERSION}): a server offering both
     * speaks rev1 until the client enables rev2 (RFC 9051 §2.1).
     */
    public String protocolVersion() {
        return router.imap4rev2Enabled || (router.capabilities.contains("IMAP4REV2") && !router.capabilities.contains("IMAP4REV1"))
                ? "IMAP4REV2" : "IMAP4REV1";
    }

    /** Whether the server answered {@code ENABLE IMAP4rev2} with {@code * ENABLED IMAP4REV2}. */
    public boolean imap4rev2Enabled() {
        return router.imap4rev2Enabled;
    }

    /**
     * Whether the server enabled UTF-8 (imaplib's {@code utf8_enabled}): set by a
     * {@code * ENABLED UTF8=ACCEPT} response, see {@link #enable}.
     */
    public boolean utf8Enabled() {
        return router.utf8Enabled;
    }

    /**
     * Whether the server has enabled extension {@code name} on this connection: named in a
     * {@code * ENABLED} response (RFC 5161), case-insensitive. What {@link #enable} asked for
     * and the server left out is not enabled.
     */
    public boolean isEnabled(String name) {
        Params.require(name, "name");
        return router.enabled.contains(name.toUpperCase(Locale.ROOT));
    }

    /** Whether the selected mailbox was opened read-only (imaplib's {@code is_readonly}). */
    public boolean isReadOnly() {
        return router.selectedReadOnly;
    }

    /** Whether the connection is encrypted (implicit TLS, after STARTTLS, or a local process). */
    public boolean isSecure() {
        return engine.transport.isSecure();
    }

    /** The server host this client talks to. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The underlying socket (imaplib's {@code socket()}), or {@code null} for a process transport. */
    public Socket socket() {
        return engine.transport.socket();
    }

    /** The transport (socket or process pipes). */
    protected Transport transport() {
        return engine.transport;
    }

    /** Tests shorten the IDLE re-issue interval to see it happen. */
    void setIdleReissue(Duration d) {
        idleReissue = d;
    }

    /** Adds a listener for every untagged response, as it arrives. */
    public void addUntaggedListener(UntaggedListener l) {
        Params.require(l, "listener");
        router.listeners.add(l);
    }

    public void removeUntaggedListener(UntaggedListener l) {
        router.listeners.remove(l);
    }

    /** Whether the connection is still usable (not aborted, not logged out). */
    public boolean isAlive() {
        return engine.abortReason == null && !engine.closed && router.state != State.LOGOUT;
    }

    // ------------------------------------------------------------------ greeting

    private void readGreeting() throws IOException {
        RawResponse g = engine.readResponse();
        welcome = g.toString();
        if (g.kind() != RawResponse.Kind.UNTAGGED) {
            throw engine.abort("unexpected greeting: " + Excerpt.escape(g.bytes()), null);
        }
        String type = router.handleUntagged(g);
        switch (type) {
            case "OK" -> router.state = State.NONAUTH;
            case "PREAUTH" -> router.state = State.AUTH;
            case "BYE" -> throw engine.abort("server refused the connection: " + Excerpt.escape(g.bytes()), null);
            default -> throw engine.abort("unexpected greeting: " + Excerpt.escape(g.bytes()), null);
        }
        if (router.capabilities.isEmpty()) {
            capability();
        }
        if (!router.capabilities.contains("IMAP4REV1") && !router.capabilities.contains("IMAP4REV2")) {
            throw new Imap4Exception("server is not IMAP4 compliant (capabilities: " + router.capabilities + ")");
        }
    }

    // ------------------------------------------------------------------ the command engine

    /** The tagged completion of one command. */
    record Completion(String status, ResponseCode code, String text, byte[] data,
            Map<String, List<Untagged>> received) {
        boolean ok() {
            return "OK".equals(status);
        }

        List<Untagged> get(String type) {
            List<Untagged> l = received.get(type);
            return l == null ? List.of() : l;
        }

        boolean has(String type) {
            return received.containsKey(type);
        }
    }

    // The engine's primitives under the names the command methods use.

    private void acquire() throws IOException {
        engine.acquireLock();
    }

    private void acquireLock() throws Imap4Exception {
        engine.acquireLock();
    }

    private void release() {
        engine.release();
    }

    private Completion exec(String name, List<Arg> args) throws IOException {
        return engine.exec(name, args, null, null);
    }

    private Completion exec(String name, List<Arg> args, LiteralSink sink, ContinuationHandler cont)
            throws IOException {
        return engine.exec(name, args, sink, cont);
    }

    /** See {@link CommandEngine#execGathering}. */
    private Completion execGathering(Set<String> types, String name, List<Arg> args, LiteralSink sink)
            throws IOException {
        return engine.execGathering(types, name, args, sink);
    }

    private Completion execLocked(String name, List<Arg> args, LiteralSink sink, ContinuationHandler cont)
            throws IOException {
        return engine.execLocked(name, args, sink, cont);
    }

    CommandHandle send(String name, List<Arg> args, Set<String> whole, String key, boolean onePiece)
            throws IOException {
        return engine.send(name, args, whole, key, onePiece);
    }

    private Completion readUntil(CommandHandle target, LiteralSink sink, ContinuationHandler cont) throws IOException {
        return engine.readUntil(target, sink, cont);
    }

    private Completion finish(String verb, Completion done) throws IOException {
        return engine.finish(verb, done);
    }

    private static String verbOf(String name) {
        return CommandEngine.verbOf(name);
    }

    private Result<List<FetchData>> fetchResult(String name, Completion c) throws Imap4Exception {
        return results.fetchResult(name, c);
    }

    private static final Set<String> NONE = Gathered.NONE;
    private static final Set<String> FETCH_ONLY = Gathered.FETCH_ONLY;

    // ------------------------------------------------------------------ pipelining

    /** A command as data: what to send (STATUS: its mailbox as the key) and how its completion becomes a result. */
    record Request<T>(String name, List<Arg> args, String key, ResultOf<T> result) {
    }

    /** Builds a command's result from its completion. */
    @FunctionalInterface
    interface ResultOf<T> {
        Result<T> of(Completion c) throws Imap4Exception;
    }

    /** Runs one request alone: send, await, result. */
    private <T> Result<T> run(Request<T> r) throws IOException {
        return r.result().of(exec(r.name(), r.args()));
    }

    /**
     * Opens a {@link Pipeline}: several commands in flight at once, each awaited when the caller
     * wants its result. It holds this connection until closed (use try-with-resources); commands
     * of other threads wait until then.
     */
    public Pipeline pipeline() throws IOException {
        acquire();
        try {
            engine.ensureUsable("NOOP");
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
        return new Pipeline(this);
    }

    void releasePipeline() {
        release();
    }
    /** Sends {@code r} behind what is in flight, once fewer than {@code window} commands are outstanding. Under the lock. */
    CommandHandle sendPipelined(Request<?> r, int window) throws IOException {
        return engine.sendPipelined(r, window);
    }

    /** Reads until {@code h} completed; a BAD completion throws as for every command. Under the lock. */
    Completion awaitHandle(CommandHandle h) throws IOException {
        return engine.awaitHandle(h);
    }


    /** Parses typed values; a malformed response is an error, the stream itself stays in step. */
    // ------------------------------------------------------------------ connection commands

    /** CAPABILITY: asks for and stores the capabilities. */
    public Result<List<String>> capability() throws IOException {
        Completion c = exec("CAPABILITY", List.of());
        List<Untagged> items = router.take(c, "CAPABILITY");
        return new Result<>("CAPABILITY", c.status, c.ok() ? Results.dataOf(items) : List.of(c.data), router.capabilities, c.code, c.text);
    }

    /** NOOP: lets the server send pending updates (EXISTS, EXPUNGE, FETCH), kept for {@link #response}. */
    public Result<Void> noop() throws IOException {
        return run(noopRequest());
    }

    Request<Void> noopRequest() {
        return new Request<>("NOOP", List.of(), null, c -> results.simple("NOOP", c, null));
    }

    /**
     * STARTTLS: upgrades this plain connection to TLS with host name verification (unless
     * turned off in the options). Whatever the server sent after its OK in plain text is
     * discarded (it could be injected), and the capabilities are asked for again.
     *
     * @param context TLS context, or {@code null} for the JVM's default trust
     */
    public Result<Void> starttls(SSLContext context) throws IOException {
        return starttlsWith(TlsSettings.of(context, options.verifyHostname()));
    }

    /** STARTTLS with full control of TLS (socket factory, protocols, cipher suites). */
    public Result<Void> starttlsWith(TlsSettings tls) throws IOException {
        if (tls == null) {
            tls = TlsSettings.of(null, options.verifyHostname()); // imaplib: ssl_context=None
        }
        if (!(engine.transport instanceof SocketTransport st)) {
            throw new Imap4Exception("STARTTLS needs a socket connection, not " + engine.transport.describe());
        }
        if (engine.transport.isSecure()) {
            throw new Imap4Exception("TLS session already established");
        }
        if (!hasCapability("STARTTLS")) {
            throw new Imap4Exception("STARTTLS extension not supported by server");
        }
        acquire();
        try {
            Completion c = execLocked("STARTTLS", List.of(), null, null);
            if (!c.ok()) {
                throw new Imap4Exception("could not establish TLS session: " + Imap4Exception.answer(c.status, c.code, c.text), c.status, c.code, null);
            }
            int dropped = engine.reader.discardBuffered();
            if (dropped > 0) {
                trace.note("discarded " + dropped + " plain-text bytes sent after the STARTTLS OK");
            }
            try {
                st.upgradeToTls(tls);
            } catch (IOException e) {
                throw engine.abort("TLS handshake with " + engine.transport.describe() + " failed: " + e.getMessage(), e);
            }
            engine.reader.setInput(st.input());
            router.capabilities = List.of();
            router.take(execLocked("CAPABILITY", List.of(), null, null), "CAPABILITY");
            return results.simple("STARTTLS", c, null);
        } finally {
            release();
        }
    }

    /**
     * COMPRESS DEFLATE (RFC 4978) with zlib's default level and strategy; see {@link #compress(int, int)}.
     */
    public Result<Void> compress() throws IOException {
        return compress(java.util.zip.Deflater.DEFAULT_COMPRESSION, java.util.zip.Deflater.DEFAULT_STRATEGY);
    }

    /**
     * COMPRESS DEFLATE (RFC 4978): after authentication, when the server offers
     * {@code COMPRESS=DEFLATE}, both directions are compressed from the server's OK on (over TLS
     * when TLS is in use). A NO (e.g. {@code [COMPRESSIONACTIVE]}) is returned as the result and
     * the connection stays uncompressed. Traces still show the protocol in clear.
     *
     * @param level {@link java.util.zip.Deflater} level for what we send, -1 to 9
     * @param strategy {@link java.util.zip.Deflater} strategy, 0 to 2
     * @throws Imap4Exception when compression is already on or the server does not offer it
     * @throws IllegalArgumentException for a level or strategy out of range
     */
    public Result<Void> compress(int level, int strategy) throws IOException {
        DeflateTransport.checkSettings(level, strategy);
        if (engine.transport instanceof DeflateTransport) {
            throw new Imap4Exception("compression is already active");
        }
        if (!hasCapability("COMPRESS=DEFLATE")) {
            throw new Imap4Exception("COMPRESS=DEFLATE extension not supported by server");
        }
        acquire();
        try {
            Completion c = execLocked("COMPRESS", List.of(Arg.raw("DEFLATE")), null, null);
            if (c.ok()) {
                engine.transport = DeflateTransport.wrap(engine.transport, engine.reader.takeBuffered(), level, strategy);
                engine.reader.setInput(engine.transport.input());
                trace.note("COMPRESS=DEFLATE active");
            }
            return results.simple("COMPRESS", c, null);
        } finally {
            release();
        }
    }

    /** Whether COMPRESS=DEFLATE is active on this connection. */
    public boolean isCompressed() {
        return engine.transport instanceof DeflateTransport;
    }

    /**
     * LOGIN with a user name and password (sent as quoted strings or literals, never traced).
     *
     * @throws Imap4Exception when the server refuses (imaplib raises here too)
     */
    public Result<Void> login(String user, String password) throws IOException {
        Params.require(user, "user");
        Params.require(password, "password");
        Completion c = exec("LOGIN", List.of(Arg.astring(user), Arg.secret(password)));
        if (!c.ok()) {
            throw new Imap4Exception("LOGIN failed: " + Imap4Exception.answer(c.status, c.code, c.text), c.status, c.code, null);
        }
        router.state = State.AUTH;
        return results.simple("LOGIN", c, null);
    }

    /** imaplib's {@code login_cram_md5}: AUTHENTICATE CRAM-MD5. */
    public Result<Void> loginCramMd5(String user, String password) throws IOException {
        Params.require(user, "user");
        Params.require(password, "password");
        return authenticate(Sasl.create("CRAM-MD5", null, user, password.toCharArray()));
    }

    /**
     * imaplib's generic {@code authenticate(mechanism, authobject)}: {@code authobject} gets each
     * decoded server challenge and returns the response bytes (encoded for you), or {@code null}
     * to cancel the exchange.
     */
    public Result<Void> authenticate(String mechanism, Function<byte[], byte[]> authobject) throws IOException {
        Params.require(mechanism, "mechanism");
        Params.require(authobject, "authobject");
        return authenticate(new dev.imap4lib.sasl.Callback(mechanism, authobject));
    }

    /**
     * AUTHENTICATE with a SASL mechanism; sends the initial response inline when the server has
     * SASL-IR. Responses are masked in traces.
     *
     * @throws Imap4Exception when authentication fails
     */
    public Result<Void> authenticate(SaslMechanism mech) throws IOException {
        Params.require(mech, "mech");
        String name = mech.name().toUpperCase(Locale.ROOT);
        List<Arg> args = new ArrayList<>();
        args.add(Arg.raw(name));
        boolean[] initialSent = {false};
        try {
            if (hasCapability("SASL-IR") && mech.hasInitialResponse()) {
                byte[] ir = mech.initialResponse();
                args.add(Arg.secret(ir.length == 0 ? "=" : Base64.getEncoder().encodeToString(ir)));
                initialSent[0] = true;
            }
        } catch (SaslException e) {
            throw new Imap4Exception("AUTHENTICATE " + name + ": " + e.getMessage(), null, null, e);
        }
        int[] rounds = {0};
        ContinuationHandler cont = r -> {
            if (++rounds[0] > CommandEngine.MAX_CONTINUATIONS) {
                throw engine.abort("server keeps sending AUTHENTICATE challenges", null);
            }
            byte[] reply;
            try {
                byte[] challenge = decodeChallenge(r);
                if (!initialSent[0] && mech.hasInitialResponse() && rounds[0] == 1 && challenge.length == 0) {
                    reply = mech.initialResponse();
                    initialSent[0] = true;
                } else {
                    reply = mech.evaluateChallenge(challenge);
                }
            } catch (SaslException | IllegalArgumentException e) {
                trace.note("AUTHENTICATE cancelled: " + e.getMessage());
                engine.write(CommandEncoder.line("*"));
                return false;
            }
            trace.note("> <SASL response masked>");
            engine.write(CommandEncoder.line(reply == null ? "*" : Base64.getEncoder().encodeToString(reply)));
            return false;
        };
        Completion c = exec("AUTHENTICATE", args, null, cont);
        if (!c.ok()) {
            throw new Imap4Exception("AUTHENTICATE " + name + " failed: " + Imap4Exception.answer(c.status, c.code, c.text), c.status, c.code, null);
        }
        router.state = State.AUTH;
        return results.simple("AUTHENTICATE", c, null);
    }

    private static byte[] decodeChallenge(RawResponse r) {
        byte[] b = r.bytes();
        int s = 1;
        while (s < b.length && b[s] == ' ') {
            s++;
        }
        String text = new String(b, s, b.length - s, StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? new byte[0] : Base64.getMimeDecoder().decode(text);
    }

    /** PROXYAUTH (Cyrus): act as another user. */
    public Result<Void> proxyAuth(String user) throws IOException {
        Params.require(user, "user");
        return results.simple("PROXYAUTH", exec("PROXYAUTH", List.of(Arg.astring(user))), null);
    }

    /**
     * ENABLE (RFC 5161): returns the capabilities the server enabled. Mailbox names and strings
     * switch to UTF-8 (RFC 6855) when the server answers {@code * ENABLED UTF8=ACCEPT}, and only
     * then: unlike imaplib, which switches on the tagged OK of an ENABLE naming UTF8=ACCEPT. RFC
     * 5161 lets a server answer OK while enabling nothing it does not know, so the OK alone
     * would send UTF-8 to a server that expects modified UTF-7.
     */
    public Result<List<String>> enable(String... capabilities) throws IOException {
        Params.requireAll(capabilities, "capabilities");
        if (!hasCapability("ENABLE")) {
            throw new Imap4Exception("server does not support ENABLE");
        }
        List<Arg> args = new ArrayList<>();
        for (String c : capabilities) {
            args.add(Arg.raw(c));
        }
        Completion c = exec("ENABLE", args);
        List<String> enabled = new ArrayList<>();
        for (Untagged u : router.take(c, "ENABLED")) {
            for (String word : u.text().split(" ")) {
                if (!word.isEmpty()) {
                    enabled.add(word.toUpperCase(Locale.ROOT));
                }
            }
        }
        return results.simple("ENABLE", c, enabled);
    }

    /** ID (RFC 2971): sends our identification ({@code null} for NIL) and returns the server's. */
    public Result<IdResponse> id(Map<String, String> fields) throws IOException {
        Arg arg;
        if (fields == null || fields.isEmpty()) {
            arg = new Arg.Nil();
        } else {
            List<Arg> items = new ArrayList<>();
            for (Map.Entry<String, String> e : fields.entrySet()) {
                items.add(Arg.str(e.getKey()));
                items.add(e.getValue() == null ? new Arg.Nil() : Arg.str(e.getValue()));
            }
            arg = new Arg.ListOf(items);
        }
        return results.single(results.untaggedResult("ID", exec("ID", List.of(arg)), "ID", u -> IdResponse.parse(u.tokenizer())));
    }

    /**
     * LOGOUT: ends the session and closes the connection. Returns type {@code BYE} with the
     * BYE text when the server said it, as imaplib does.
     */
    public Result<Void> logout() throws IOException {
        if (engine.closed || engine.abortReason != null) {
            engine.closeTransport();
            engine.closed = true;
            return new Result<>("LOGOUT", "BYE", List.of(), null, null, "connection already closed");
        }
        Completion c;
        try {
            c = exec("LOGOUT", List.of());
        } catch (Imap4AbortException e) {
            if (router.byeText == null) {
                throw e;
            }
            c = new Completion("OK", null, router.byeText, router.byeText.getBytes(StandardCharsets.UTF_8),
                    engine.lastSent != null && engine.lastSent.name.equals("LOGOUT") ? engine.lastSent.received : Map.of());
        } finally {
            router.state = State.LOGOUT;
            engine.closed = true;
            engine.closeTransport();
        }
        List<Untagged> bye = router.take(c, "BYE");
        if (!bye.isEmpty()) {
            return new Result<>("LOGOUT", "BYE", Results.dataOf(bye), null, c.code, bye.get(0).text());
        }
        return results.simple("LOGOUT", c, null);
    }

    /** imaplib's {@code shutdown()}: closes the connection without LOGOUT. */
    public void shutdown() {
        engine.closed = true;
        router.state = State.LOGOUT;
        engine.closeTransport();
    }

    /**
     * Logs out (when still connected) and closes the connection; safe to call more than once.
     * Errors during LOGOUT are ignored: the connection is closed either way.
     */
    @Override
    public void close() {
        if (engine.closed) {
            return;
        }
        try {
            // Another thread may hold the connection (an open IDLE, a long FETCH): then just
            // close the socket, which ends that thread's wait with an abort.
            if (engine.abortReason == null && router.state != State.LOGOUT && engine.owner != Thread.currentThread()
                    && engine.busy.tryAcquire(options.timeoutMillis() == 0 ? 5000 : Math.min(5000, options.timeoutMillis()),
                            java.util.concurrent.TimeUnit.MILLISECONDS)) {
                engine.busy.release();
                logout();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown();
        }
    }

    // ------------------------------------------------------------------ mailbox commands

    /**
     * SELECT (or EXAMINE when {@code readonly}) a mailbox. The result's data is the EXISTS count,
     * as in imaplib; the value describes the mailbox.
     *
     * @throws Imap4ReadOnlyException when a read-write SELECT was granted read-only access
     */
    public Result<SelectInfo> select(String mailbox, boolean readonly) throws IOException {
        return select(mailbox, readonly, false);
    }

    /**
     * SELECT or EXAMINE, with {@code condstore} sending the {@code (CONDSTORE)} parameter (RFC 7162
     * 3.1.8): the server answers with HIGHESTMODSEQ and CONDSTORE is enabled for the rest of the
     * session ({@link #isEnabled} then says so), without the round trip of a separate
     * {@code ENABLE CONDSTORE}. Refused with nothing sent when the server does not list CONDSTORE.
     *
     * @throws Imap4ReadOnlyException when a read-write SELECT was granted read-only access
     */
    public Result<SelectInfo> select(String mailbox, boolean readonly, boolean condstore) throws IOException {
        mailbox = Params.mailboxOrInbox(mailbox); // imaplib: select(mailbox='INBOX')
        String name = readonly ? "EXAMINE" : "SELECT";
        if (condstore && !hasCapability("CONDSTORE")) {
            throw new Imap4Exception(name + " (CONDSTORE): the server does not offer CONDSTORE");
        }
        List<Arg> args = condstore ? List.of(Arg.mailbox(mailbox), Arg.raw("(CONDSTORE)")) : List.of(Arg.mailbox(mailbox));
        acquire();
        Completion c;
        try {
            engine.ensureUsable(name);
            router.inSelect = true;
            try {
                c = execLocked(name, args, null, null);
            } finally {
                router.inSelect = false;
            }
            if (!c.ok()) {
                if (router.state == State.SELECTED) {
                    router.state = State.AUTH; // a failed SELECT deselects (RFC 3501 6.3.1)
                }
                return new Result<>(name, c.status, List.of(c.data), null, c.code, c.text);
            }
            router.state = State.SELECTED;
            router.readOnlyLost = false;
            if (condstore) {
                router.enabled.add("CONDSTORE"); // a CONDSTORE enabling command (RFC 7162 3.1)
            }
            boolean ro = (c.code != null && c.code.isReadOnly()) || c.has("READ-ONLY");
            router.selectedReadOnly = ro;
            SelectInfo info = results.selectInfo(c, ro);
            List<Object> data = c.has("EXISTS") ? List.of(Results.lastText(c, "EXISTS").getBytes(StandardCharsets.US_ASCII))
                    : Collections.singletonList(null);
            if (ro && !readonly) {
                throw new Imap4ReadOnlyException(mailbox + " is not writable");
            }
            return new Result<>(name, c.status, data, info, c.code, c.text);
        } finally {
            release();
        }
    }

    /** SELECT for reading and writing. */
    public Result<SelectInfo> select(String mailbox) throws IOException {
        return select(mailbox, false);
    }

    /** EXAMINE: SELECT read-only. */
    public Result<SelectInfo> examine(String mailbox) throws IOException {
        return select(mailbox, true);
    }

    /** UNSELECT (RFC 3691): leaves the mailbox without expunging. */
    public Result<Void> unselect() throws IOException {
        Completion c = exec("UNSELECT", List.of());
        if (c.ok()) {
            router.state = State.AUTH;
            router.selectedReadOnly = false;
        }
        return results.simple("UNSELECT", c, null);
    }

    /** IMAP's CLOSE (imaplib's {@code close()}): expunges deleted messages and leaves the mailbox. */
    public Result<Void> closeMailbox() throws IOException {
        Completion c;
        try {
            c = exec("CLOSE", List.of());
        } finally {
            if (router.state == State.SELECTED) {
                router.state = State.AUTH;
                router.selectedReadOnly = false;
            }
        }
        return results.simple("CLOSE", c, null);
    }

    /** CHECK: asks the server for a checkpoint of the mailbox. */
    public Result<Void> check() throws IOException {
        return results.simple("CHECK", execGathering(NONE, "CHECK", List.of(), null), null);
    }

    /** EXPUNGE: removes \Deleted messages; the value lists the expunged message numbers in order. */
    public Result<long[]> expunge() throws IOException {
        return results.expungeResult("EXPUNGE", exec("EXPUNGE", List.of()));
    }

    /** CREATE a mailbox. */
    public Result<Void> create(String mailbox) throws IOException {
        Params.require(mailbox, "mailbox");
        return results.simple("CREATE", exec("CREATE", List.of(Arg.mailbox(mailbox))), null);
    }

    /** DELETE a mailbox. */
    public Result<Void> delete(String mailbox) throws IOException {
        Params.require(mailbox, "mailbox");
        return results.simple("DELETE", exec("DELETE", List.of(Arg.mailbox(mailbox))), null);
    }

    /** RENAME a mailbox. */
    public Result<Void> rename(String oldMailbox, String newMailbox) throws IOException {
        Params.require(oldMailbox, "oldMailbox");
        Params.require(newMailbox, "newMailbox");
        return results.simple("RENAME", exec("RENAME", List.of(Arg.mailbox(oldMailbox), Arg.mailbox(newMailbox))), null);
    }

    /** SUBSCRIBE to a mailbox. */
    public Result<Void> subscribe(String mailbox) throws IOException {
        Params.require(mailbox, "mailbox");
        return results.simple("SUBSCRIBE", exec("SUBSCRIBE", List.of(Arg.mailbox(mailbox))), null);
    }

    /** UNSUBSCRIBE from a mailbox. */
    public Result<Void> unsubscribe(String mailbox) throws IOException {
        Params.require(mailbox, "mailbox");
        return results.simple("UNSUBSCRIBE", exec("UNSUBSCRIBE", List.of(Arg.mailbox(mailbox))), null);
    }

    /**
     * LIST mailboxes under {@code directory} matching {@code pattern} ({@code *} and {@code %}
     * wildcards); imaplib's defaults are {@code ""} and {@code "*"}.
     */
    public Result<List<ListEntry>> list(String directory, String pattern) throws IOException {
        Completion c = exec("LIST", List.of(Arg.mailbox(directory == null ? "" : directory),
                Arg.mailbox(pattern == null ? "*" : pattern)));
        boolean utf8 = router.utf8Enabled;
        return results.untaggedResult("LIST", c, "LIST", u -> ListEntry.parse(u.tokenizer(), utf8));
    }

    /** LIST of everything ({@code "" "*"}). */
    public Result<List<ListEntry>> list() throws IOException {
        return list("", "*");
    }

    /**
     * LIST-EXTENDED (RFC 5258) with selection options (e.g. {@code SUBSCRIBED SPECIAL-USE}) and
     * return options (e.g. {@code CHILDREN SPECIAL-USE STATUS (MESSAGES UNSEEN)}); either may be
     * null. STATUS responses returned alongside stay available through {@link #response}.
     */
    public Result<List<ListEntry>> listExtended(String selectOptions, String reference, List<String> patterns,
            String returnOptions) throws IOException {
        if (patterns == null) {
            patterns = List.of("*"); // as list()'s pattern
        }
        for (String p : patterns) {
            Params.require(p, "patterns element");
        }
        List<Arg> args = new ArrayList<>();
        if (selectOptions != null && !selectOptions.isBlank()) {
            args.add(Arg.raw("(" + selectOptions + ")"));
        }
        args.add(Arg.mailbox(reference == null ? "" : reference));
        List<Arg> pats = new ArrayList<>();
        for (String p : patterns) {
            pats.add(Arg.mailbox(p));
        }
        args.add(pats.size() == 1 ? pats.get(0) : new Arg.ListOf(pats));
        if (returnOptions != null && !returnOptions.isBlank()) {
            args.add(Arg.raw("RETURN (" + returnOptions + ")"));
        }
        Completion c = exec("LIST", args);
        boolean utf8 = router.utf8Enabled;
        return results.untaggedResult("LIST", c, "LIST", u -> ListEntry.parse(u.tokenizer(), utf8));
    }

    /** LSUB: subscribed mailboxes. */
    public Result<List<ListEntry>> lsub(String directory, String pattern) throws IOException {
        Completion c = exec("LSUB", List.of(Arg.mailbox(directory == null ? "" : directory),
                Arg.mailbox(pattern == null ? "*" : pattern)));
        boolean utf8 = router.utf8Enabled;
        return results.untaggedResult("LSUB", c, "LSUB", u -> ListEntry.parse(u.tokenizer(), utf8));
    }

    /** STATUS of a mailbox; {@code names} like {@code "(MESSAGES UNSEEN UIDNEXT)"} (parentheses optional). */
    public Result<MailboxStatus> status(String mailbox, String names) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.require(names, "names");
        return run(statusRequest(mailbox, names));
    }

    /**
     * STATUS of each of {@code mailboxes}, pipelined (see {@link Pipeline}): one round trip for
     * all rather than one each. The results are in the order of {@code mailboxes}; a mailbox the
     * server refuses has a NO result, the others are unaffected.
     *
     * @param names like {@code "(MESSAGES UNSEEN)"}, as for {@link #status}
     */
    public List<Result<MailboxStatus>> statusAll(List<String> mailboxes, String names) throws IOException {
        Params.require(mailboxes, "mailboxes");
        Params.require(names, "names");
        List<Pipeline.Pending<MailboxStatus>> pending = new ArrayList<>(mailboxes.size());
        List<Result<MailboxStatus>> out = new ArrayList<>(mailboxes.size());
        try (Pipeline p = pipeline()) {
            for (String m : mailboxes) {
                pending.add(p.status(Params.require(m, "mailboxes element"), names));
            }
            for (Pipeline.Pending<MailboxStatus> r : pending) {
                out.add(r.await());
            }
        }
        return out;
    }

    Request<MailboxStatus> statusRequest(String mailbox, String names) {
        return new Request<>("STATUS", List.of(Arg.mailbox(mailbox), Arg.raw(parenthesize(names))), mailbox, c -> {
            boolean utf8 = router.utf8Enabled;
            return results.single(results.untaggedResult("STATUS", c, "STATUS", u -> MailboxStatus.parse(u.tokenizer(), utf8)));
        });
    }

    /**
     * NOTIFY (RFC 5465): which changes the server reports unasked, during IDLE or between
     * commands; read them as {@link MailboxEvent}s. The value is the STATUS of each watched
     * mailbox when {@link NotifySpec#withStatus()} asked for it. A NO with {@code [BADEVENT]} names the
     * events the server supports ({@link NotifySpec#supportedEvents}).
     */
    public Result<List<MailboxStatus>> notify(NotifySpec spec) throws IOException {
        Completion c = exec("NOTIFY", Params.require(spec, "spec").args());
        boolean utf8 = router.utf8Enabled;
        return results.untaggedResult("NOTIFY", c, "STATUS", u -> MailboxStatus.parse(u.tokenizer(), utf8));
    }

    /** NAMESPACE (RFC 2342). */
    public Result<Namespaces> namespace() throws IOException {
        return results.single(results.untaggedResult("NAMESPACE", exec("NAMESPACE", List.of()), "NAMESPACE",
                u -> Namespaces.parse(u.tokenizer())));
    }

    /**
     * APPEND a message. Bare LF line ends are turned into CRLF, as imaplib does. When the
     * message holds NUL bytes and the server has BINARY, it is sent as a literal8. Once UTF-8 is
     * enabled the message goes in RFC 6855's form, {@code UTF8 (~{n}...)}: a literal8 inside
     * {@code UTF8 (...)} (imaplib instead puts the {@code UTF8 (} text inside an ordinary
     * literal, so it becomes part of the stored message). A null or empty {@code mailbox} is
     * INBOX, as in imaplib. The value is the APPENDUID code (UIDPLUS) or {@code null}.
     *
     * @param flags e.g. {@code "(\\Seen)"} or {@code "\\Seen"}, or null
     * @param internalDate an already quoted date ({@code "\"01-Jan-2024 10:00:00 +0000\""}) or null
     */
    public Result<ResponseCode.AppendUid> append(String mailbox, String flags, String internalDate, byte[] message)
            throws IOException {
        mailbox = Params.appendMailbox(mailbox);
        Params.require(message, "message");
        List<Arg> args = new ArrayList<>();
        args.add(Arg.mailbox(mailbox));
        commandArgs.addMessageArgs(args, flags, internalDate, message);
        Completion c = exec("APPEND", args);
        ResponseCode.AppendUid uid = c.code != null && c.ok() ? c.code.appendUid() : null;
        return results.simple("APPEND", c, uid);
    }

    /**
     * MULTIAPPEND (RFC 3502): appends all {@code messages} to {@code mailbox} in one APPEND
     * command, which the server carries out as a whole or not at all (a NO stores none). Each
     * message is encoded as {@link #append} does; with LITERAL+ everything goes in one write,
     * otherwise each literal waits for the server's {@code +}. The value is the APPENDUID code
     * (UIDPLUS) whose UID set lists the new UIDs in the order of {@code messages}, or {@code null}.
     *
     * @throws Imap4Exception when the server does not offer MULTIAPPEND or {@code messages} is
     *     empty (nothing is sent)
     */
    public Result<ResponseCode.AppendUid> multiAppend(String mailbox, List<AppendMessage> messages) throws IOException {
        mailbox = Params.appendMailbox(mailbox);
        Params.require(messages, "messages");
        if (messages.isEmpty()) {
            throw new Imap4Exception("MULTIAPPEND needs at least one message");
        }
        if (!hasCapability("MULTIAPPEND")) {
            throw new Imap4Exception("MULTIAPPEND extension not supported by server");
        }
        return run(appendRequest(mailbox, messages));
    }

    Request<ResponseCode.AppendUid> appendRequest(String mailbox, List<AppendMessage> messages) throws Imap4Exception {
        return new Request<>("APPEND", commandArgs.appendArgs(Params.appendMailbox(mailbox), messages), null,
                c -> results.simple("APPEND", c, c.code != null && c.ok() ? c.code.appendUid() : null));
    }

    /** APPEND with an INTERNALDATE taken from a date-time. */
    public Result<ResponseCode.AppendUid> append(String mailbox, String flags, ZonedDateTime internalDate, byte[] message)
            throws IOException {
        Params.require(message, "message");
        return append(mailbox, flags, internalDate == null ? null : InternalDate.format(internalDate), message);
    }

    // ------------------------------------------------------------------ message commands

    /** FETCH {@code parts} (e.g. {@code "(FLAGS UID ENVELOPE)"}) of the messages in {@code messageSet}. */
    public Result<List<FetchData>> fetch(String messageSet, String parts) throws IOException {
        Params.require(messageSet, "messageSet");
        Params.require(parts, "parts");
        return fetchResult("FETCH", execGathering(FETCH_ONLY, "FETCH", List.of(Arg.raw(messageSet), Arg.raw(parts)), null));
    }

    /**
     * FETCH with literals streamed: each literal (message bodies, sections) is offered to
     * {@code sink} before its bytes are read, so large bodies never sit in memory. A literal the
     * sink takes appears empty in the parsed result.
     */
    public Result<List<FetchData>> fetch(String messageSet, String parts, LiteralSink sink) throws IOException {
        Params.require(messageSet, "messageSet");
        Params.require(parts, "parts");
        return fetchResult("FETCH", execGathering(FETCH_ONLY, "FETCH", List.of(Arg.raw(messageSet), Arg.raw(parts)), sink));
    }

    /**
     * FETCH whose responses are parsed and handed to {@code each} one by one as they arrive,
     * while the server is still sending the rest: parsing overlaps the server's work, and no
     * response is kept (memory stays flat however many messages match). Unsolicited FETCH
     * responses that arrive meanwhile (flag changes of other messages) go to {@code each} too.
     * Literals the {@code sink} (may be null) takes appear empty, as in
     * {@link #fetch(String, String, LiteralSink)}.
     *
     * @return the value is the number of FETCH responses handed over; the data is the tagged
     *     reply's text, as the responses themselves are not kept
     * @throws Imap4Exception after the command completed, when a response could not be parsed
     *     or {@code each} threw (the responses after it were still handed over)
     */
    public Result<Integer> fetch(String messageSet, String parts, LiteralSink sink,
            java.util.function.Consumer<FetchData> each) throws IOException {
        Params.require(messageSet, "messageSet");
        Params.require(parts, "parts");
        Params.require(each, "each");
        return streamFetch("FETCH", List.of(Arg.raw(messageSet), Arg.raw(parts)), sink, each);
    }

    /** UID FETCH with each response handed over as it arrives; see {@link #fetch(String, String, LiteralSink, java.util.function.Consumer)}. */
    public Result<Integer> uidFetch(String uidSet, String parts, LiteralSink sink,
            java.util.function.Consumer<FetchData> each) throws IOException {
        Params.require(uidSet, "uidSet");
        Params.require(parts, "parts");
        Params.require(each, "each");
        return streamFetch("UID FETCH", List.of(Arg.raw(uidSet), Arg.raw(parts)), sink, each);
    }

    private Result<Integer> streamFetch(String name, List<Arg> args, LiteralSink sink,
            java.util.function.Consumer<FetchData> each) throws IOException {
        java.util.Objects.requireNonNull(each, "each");
        acquire();
        try {
            router.fetchHandler = each;
            router.fetchDelivered = 0;
            router.fetchFailure = null;
            engine.gathering = NONE; // FETCH goes to each; the result uses nothing else
            Completion c = execLocked(name, args, sink, null);
            if (router.fetchFailure != null) {
                throw new Imap4Exception(name + ": " + router.fetchFailure.getMessage(), null, null, router.fetchFailure);
            }
            return new Result<>(name, c.status, Collections.singletonList(c.data), router.fetchDelivered, c.code, c.text);
        } finally {
            router.fetchHandler = null;
            router.fetchFailure = null;
            engine.gathering = null;
            release();
        }
    }

    /** imaplib's {@code partial}: the obsolete PARTIAL command (FETCH of an octet range). */
    public Result<List<FetchData>> partial(long messageNumber, String messagePart, long start, long length)
            throws IOException {
        Params.require(messagePart, "messagePart");
        return fetchResult("PARTIAL", exec("PARTIAL", List.of(Arg.raw(Long.toString(messageNumber)),
                Arg.raw(messagePart), Arg.raw(Long.toString(start)), Arg.raw(Long.toString(length)))));
    }

    /**
     * STORE: {@code command} is e.g. {@code "+FLAGS"}, {@code "-FLAGS.SILENT"} or
     * {@code "FLAGS"}, {@code flags} e.g. {@code "\\Seen \\Flagged"} (parentheses added).
     */
    public Result<List<FetchData>> store(String messageSet, String command, String flags) throws IOException {
        Params.require(messageSet, "messageSet");
        Params.require(command, "command");
        Params.require(flags, "flags");
        return fetchResult("STORE", exec("STORE", List.of(Arg.raw(messageSet), Arg.raw(command),
                Arg.raw(parenthesize(flags)))));
    }

    /** COPY messages; the value is the COPYUID code (UIDPLUS) or {@code null}. */
    public Result<ResponseCode.CopyUid> copy(String messageSet, String newMailbox) throws IOException {
        Params.require(messageSet, "messageSet");
        Params.require(newMailbox, "newMailbox");
        Completion c = exec("COPY", List.of(Arg.raw(messageSet), Arg.mailbox(newMailbox)));
        return results.simple("COPY", c, c.ok() && c.code != null ? c.code.copyUid() : null);
    }

    /** MOVE messages (RFC 6851); the value is the COPYUID code or {@code null}. */
    public Result<ResponseCode.CopyUid> move(String messageSet, String newMailbox) throws IOException {
        Params.require(messageSet, "messageSet");
        Params.require(newMailbox, "newMailbox");
        Completion c = exec("MOVE", List.of(Arg.raw(messageSet), Arg.mailbox(newMailbox)));
        return results.moveResult("MOVE", c);
    }

    /**
     * SEARCH with optional {@code charset} (null for none) and criteria such as
     * {@code "FROM"}, {@code "\"smith\""}, or one string {@code "UNSEEN SINCE 1-Jan-2024"}.
     * A quoted criterion with non-ASCII text is sent as a literal.
     */
    public Result<SearchResult> search(String charset, String... criteria) throws IOException {
        Params.requireAll(criteria, "criteria");
        return results.searchResult("SEARCH", exec("SEARCH", commandArgs.searchArgs(charset, criteria)), CommandArgs.returns(criteria));
    }

    /**
     * SORT (RFC 5256): {@code sortCriteria} like {@code "(REVERSE DATE)"} (parentheses added
     * when missing), {@code charset} like {@code "UTF-8"}, then search criteria.
     */
    public Result<SearchResult> sort(String sortCriteria, String charset, String... criteria) throws IOException {
        Params.require(sortCriteria, "sortCriteria");
        Params.requireAll(criteria, "criteria");
        return results.sortResult("SORT", exec("SORT", CommandArgs.sortArgs(sortCriteria, charset, criteria)));
    }

    /** THREAD (RFC 5256): {@code algorithm} like {@code REFERENCES}, {@code charset}, search criteria. */
    public Result<List<ThreadNode>> thread(String algorithm, String charset, String... criteria) throws IOException {
        Params.require(algorithm, "algorithm");
        Params.requireAll(criteria, "criteria");
        return results.threadResult("THREAD", exec("THREAD", CommandArgs.threadArgs(algorithm, charset, criteria)));
    }

    // ------------------------------------------------------------------ UID commands

    /**
     * imaplib's generic {@code uid(command, args...)}: runs {@code UID command args}; the data
     * are the SEARCH/SORT/THREAD responses for those commands and the FETCH responses otherwise.
     * Typed variants: {@link #uidFetch}, {@link #uidSearch}, {@link #uidStore}, {@link #uidCopy},
     * {@link #uidMove}, {@link #uidExpunge}, {@link #uidSort}, {@link #uidThread}.
     */
    public Result<List<Object>> uid(String command, String... args) throws IOException {
        Params.require(command, "command");
        Params.requireAll(args, "args");
        String cmd = command.toUpperCase(Locale.ROOT);
        Set<State> allowed = CommandEngine.COMMANDS.get(cmd);
        if (allowed == null) {
            throw new Imap4Exception("unknown command " + cmd);
        }
        if (!allowed.contains(router.state)) {
            throw new Imap4Exception("command UID " + cmd + " illegal in state " + router.state);
        }
        List<Arg> a = new ArrayList<>();
        for (String s : args) {
            a.add(Arg.raw(s));
        }
        Completion c = exec("UID " + cmd, a);
        String type = switch (cmd) {
            case "SEARCH", "SORT", "THREAD" -> cmd;
            default -> "FETCH";
        };
        List<Untagged> items = router.take(c, type);
        if (cmd.equals("EXPUNGE") || cmd.equals("MOVE")) {
            router.take(c, "EXPUNGE");
        }
        return new Result<>("UID " + cmd, c.status, c.ok() ? Results.dataOf(items) : List.of(c.data), Results.dataOf(items), c.code, c.text);
    }

    /** UID FETCH. */
    public Result<List<FetchData>> uidFetch(String uidSet, String parts) throws IOException {
        Params.require(uidSet, "uidSet");
        Params.require(parts, "parts");
        return fetchResult("UID FETCH", execGathering(FETCH_ONLY, "UID FETCH", List.of(Arg.raw(uidSet), Arg.raw(parts)), null));
    }

    /** UID FETCH with literals streamed to {@code sink} (see {@link #fetch(String, String, LiteralSink)}). */
    public Result<List<FetchData>> uidFetch(String uidSet, String parts, LiteralSink sink) throws IOException {
        Params.require(uidSet, "uidSet");
        Params.require(parts, "parts");
        return fetchResult("UID FETCH", execGathering(FETCH_ONLY, "UID FETCH", List.of(Arg.raw(uidSet), Arg.raw(parts)), sink));
    }

    /** How many FETCHes sent ahead may be outstanding at once (see {@link #fetchAhead}). */
    public static final int MAX_AHEAD = 16;

    /**
     * Sends {@code FETCH messageSet parts} now and returns without reading the answer, so the
     * server prepares it while the caller works on something else (the next chunk of a large body
     * while the current one is decoded, the next messages of a scan). Claim the answer with
     * {@link PendingFetch#await}. Several FETCHes sent ahead are outstanding at once (up to
     * {@link #MAX_AHEAD}, the oldest is dropped beyond that) when each names one message, by number
     * ({@code fetchAhead("7", ...)}) or by UID, all the same way, none the same message: each
     * answer then goes to its own FETCH by the number or UID it carries, whatever order the server
     * sends them in; claim them oldest first, as an answer claimed before older ones makes those
     * be read into memory first. Any other FETCH sent ahead, and any command that may not follow a
     * FETCH ({@link PipelineRules}), first reads the unclaimed answers off the wire and drops them
     * (throwing their bodies away unread); {@link PendingFetch#await} then sends that FETCH again,
     * so the caller gets the same result either way, only later.
     */
    public PendingFetch fetchAhead(String messageSet, String parts) throws IOException {
        Params.require(messageSet, "messageSet");
        Params.require(parts, "parts");
        return sendAhead("FETCH", messageSet, List.of(Arg.raw(messageSet), Arg.raw(parts)));
    }

    /** UID FETCH sent ahead; see {@link #fetchAhead}. */
    public PendingFetch uidFetchAhead(String uidSet, String parts) throws IOException {
        Params.require(uidSet, "uidSet");
        Params.require(parts, "parts");
        return sendAhead("UID FETCH", uidSet, List.of(Arg.raw(uidSet), Arg.raw(parts)));
    }

    private PendingFetch sendAhead(String name, String set, List<Arg> args) throws IOException {
        acquire();
        try {
            // Answered behind another command and never claimed: their bodies are in memory, so
            // they are not kept once the caller moves on to ask for more.
            for (java.util.Iterator<PendingFetch> it = aheads.iterator(); it.hasNext(); ) {
                PendingFetch p = it.next();
                if (p.handle.done != null) {
                    p.dropped = true;
                    it.remove();
                }
            }
            if (aheads.size() >= MAX_AHEAD) {
                drainAhead(aheads.peekFirst().handle);
            }
            long number = singleNumber(set);
            CommandHandle h = engine.send(name, args, FETCH_ONLY, null, true, number); // may read (and drop) earlier ones
            h.unclaimedAhead = true;
            PendingFetch p = new PendingFetch(name, args, h);
            aheads.addLast(p);
            return p;
        } finally {
            release();
        }
    }

    /** The number of a set naming one message ({@code 7}), else -1. */
    private static long singleNumber(String set) {
        if (set.isEmpty() || set.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < set.length(); i++) {
            char c = set.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n > 0 && n <= 0xFFFFFFFFL ? n : -1;
    }

    /** Reads the answer of an unclaimed FETCH sent ahead and drops it. Caller holds the lock. */
    private void drainAhead(CommandHandle h) throws IOException {
        for (java.util.Iterator<PendingFetch> it = aheads.iterator(); it.hasNext(); ) {
            PendingFetch p = it.next();
            if (p.handle == h) {
                p.dropped = true;
                it.remove();
                break;
            }
        }
        h.unclaimedAhead = false;
        finish(verbOf(h.name), readUntil(h, DISCARD_SECTIONS, null));
        trace.note("read and dropped the unclaimed answer to " + h.name);
    }

    /** Throws away body sections of a dropped FETCH instead of buffering them. */
    private static final LiteralSink DISCARD_SECTIONS = ctx -> ctx.item().startsWith("BODY[")
            || ctx.item().startsWith("BINARY[") || ctx.item().startsWith("RFC822") ? OutputStream.nullOutputStream() : null;

    /**
     * A FETCH sent with {@link #fetchAhead} or {@link #uidFetchAhead} whose answer is not claimed
     * yet: a command in flight like any other (see {@link PipelineRules}).
     */
    public final class PendingFetch {
        private final String name;
        private final List<Arg> args;
        private final CommandHandle handle;
        private boolean dropped;
        private boolean claimed;

        private PendingFetch(String name, List<Arg> args, CommandHandle handle) {
            this.name = name;
            this.args = args;
            this.handle = handle;
        }

        /** The connection this FETCH was sent on. */
        public Imap4 connection() {
            return Imap4.this;
        }

        /**
         * The FETCH's result, its literals streamed to {@code sink} (may be null) as in
         * {@link #fetch(String, String, LiteralSink)}. When a command that may not follow a FETCH
         * ran in between, the answer was dropped and the FETCH is sent again now. When one that
         * may follow it ran (STATUS, LIST, APPEND...), or this one is claimed before older FETCHes
         * sent ahead, the answer was read meanwhile and is returned as it is: its literals are then
         * in the result rather than in {@code sink}. A literal of another message's answer (a
         * server answering FETCHes sent ahead out of order) never reaches {@code sink} when this
         * FETCH names its message by number. Can be claimed once.
         */
        public Result<List<FetchData>> await(LiteralSink sink) throws IOException {
            acquireLock();
            try {
                if (claimed) {
                    throw new IllegalStateException("the answer to this " + name + " was already claimed");
                }
                claimed = true;
                if (!aheads.remove(this)) {
                    return fetchResult(name, execLocked(name, args, sink, null));
                }
                handle.unclaimedAhead = false;
                LiteralSink own = sink == null || handle.aheadNumber < 0 || name.startsWith("UID") ? sink
                        : ctx -> ctx.messageNumber() == handle.aheadNumber ? sink.open(ctx) : null;
                Completion c = handle.done != null ? handle.done : readUntil(handle, own, null);
                return fetchResult(name, finish(verbOf(name), c));
            } finally {
                release();
            }
        }

        /** True when the answer was read off the wire unclaimed and {@link #await} will send the FETCH again. */
        public boolean wasDropped() {
            return dropped;
        }
    }

    /** UID SEARCH: the value holds UIDs. */
    public Result<SearchResult> uidSearch(String charset, String... criteria) throws IOException {
        Params.requireAll(criteria, "criteria");
        return results.searchResult("UID SEARCH", exec("UID SEARCH", commandArgs.searchArgs(charset, criteria)), CommandArgs.returns(criteria));
    }

    /** UID STORE. */
    public Result<List<FetchData>> uidStore(String uidSet, String command, String flags) throws IOException {
        Params.require(uidSet, "uidSet");
        Params.require(command, "command");
        Params.require(flags, "flags");
        return run(storeRequest("UID STORE", uidSet, command, flags));
    }

    Request<List<FetchData>> storeRequest(String name, String set, String command, String flags) {
        return new Request<>(name, List.of(Arg.raw(set), Arg.raw(command), Arg.raw(parenthesize(flags))), null,
                c -> fetchResult(name, c));
    }

    Request<List<FetchData>> fetchRequest(String name, String set, String parts) {
        return new Request<>(name, List.of(Arg.raw(set), Arg.raw(parts)), null, c -> fetchResult(name, c));
    }

    /** UID COPY; the value is the COPYUID code or {@code null}. */
    public Result<ResponseCode.CopyUid> uidCopy(String uidSet, String newMailbox) throws IOException {
        Params.require(uidSet, "uidSet");
        Params.require(newMailbox, "newMailbox");
        Completion c = exec("UID COPY", List.of(Arg.raw(uidSet), Arg.mailbox(newMailbox)));
        return results.simple("UID COPY", c, c.ok() && c.code != null ? c.code.copyUid() : null);
    }

    /** UID MOVE; the value is the COPYUID code or {@code null}. */
    public Result<ResponseCode.CopyUid> uidMove(String uidSet, String newMailbox) throws IOException {
        Params.require(uidSet, "uidSet");
        Params.require(newMailbox, "newMailbox");
        Completion c = exec("UID MOVE", List.of(Arg.raw(uidSet), Arg.mailbox(newMailbox)));
        return results.moveResult("UID MOVE", c);
    }

    /** UID EXPUNGE (UIDPLUS): expunges only the given UIDs; the value lists expunged message numbers. */
    public Result<long[]> uidExpunge(String uidSet) throws IOException {
        Params.require(uidSet, "uidSet");
        return results.expungeResult("UID EXPUNGE", exec("UID EXPUNGE", List.of(Arg.raw(uidSet))));
    }

    /** UID SORT. */
    public Result<SearchResult> uidSort(String sortCriteria, String charset, String... criteria) throws IOException {
        Params.require(sortCriteria, "sortCriteria");
        Params.requireAll(criteria, "criteria");
        return results.sortResult("UID SORT", exec("UID SORT", CommandArgs.sortArgs(sortCriteria, charset, criteria)));
    }

    /** UID THREAD. */
    public Result<List<ThreadNode>> uidThread(String algorithm, String charset, String... criteria) throws IOException {
        Params.require(algorithm, "algorithm");
        Params.requireAll(criteria, "criteria");
        return results.threadResult("UID THREAD", exec("UID THREAD", CommandArgs.threadArgs(algorithm, charset, criteria)));
    }

    // ------------------------------------------------------------------ ACL, quota, annotations, metadata

    /** GETACL (RFC 4314). */
    public Result<Acl> getAcl(String mailbox) throws IOException {
        Params.require(mailbox, "mailbox");
        return results.single(results.untaggedResult("GETACL", exec("GETACL", List.of(Arg.mailbox(mailbox))), "ACL",
                u -> Acl.parse(u.tokenizer(), router.utf8Enabled)));
    }

    /** SETACL: grant {@code rights} to {@code who} (a leading + or - modifies). */
    public Result<Void> setAcl(String mailbox, String who, String rights) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.require(who, "who");
        Params.require(rights, "rights");
        return results.simple("SETACL", exec("SETACL", List.of(Arg.mailbox(mailbox), Arg.astring(who), Arg.astring(rights))), null);
    }

    /** DELETEACL: remove {@code who}'s entry. */
    public Result<Void> deleteAcl(String mailbox, String who) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.require(who, "who");
        return results.simple("DELETEACL", exec("DELETEACL", List.of(Arg.mailbox(mailbox), Arg.astring(who))), null);
    }

    /** MYRIGHTS. */
    public Result<MyRights> myRights(String mailbox) throws IOException {
        Params.require(mailbox, "mailbox");
        return results.single(results.untaggedResult("MYRIGHTS", exec("MYRIGHTS", List.of(Arg.mailbox(mailbox))), "MYRIGHTS",
                u -> MyRights.parse(u.tokenizer(), router.utf8Enabled)));
    }

    /** LISTRIGHTS. */
    public Result<ListRights> listRights(String mailbox, String who) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.require(who, "who");
        return results.single(results.untaggedResult("LISTRIGHTS", exec("LISTRIGHTS", List.of(Arg.mailbox(mailbox), Arg.astring(who))),
                "LISTRIGHTS", u -> ListRights.parse(u.tokenizer(), router.utf8Enabled)));
    }

    /** GETQUOTA of a quota root. */
    public Result<List<Quota>> getQuota(String root) throws IOException {
        Params.require(root, "root");
        return results.untaggedResult("GETQUOTA", exec("GETQUOTA", List.of(Arg.astring(root))), "QUOTA",
                u -> Quota.parse(u.tokenizer()));
    }

    /** What GETQUOTAROOT returns: imaplib's {@code [quotaroot, quota]} pair. */
    public record QuotaRoots(List<QuotaRoot> roots, List<Quota> quotas) {
    }

    /** GETQUOTAROOT of a mailbox: its quota roots and their quotas. */
    public Result<QuotaRoots> getQuotaRoot(String mailbox) throws IOException {
        Params.require(mailbox, "mailbox");
        Completion c = exec("GETQUOTAROOT", List.of(Arg.mailbox(mailbox)));
        Result<List<QuotaRoot>> roots = results.untaggedResult("GETQUOTAROOT", c, "QUOTAROOT", u -> QuotaRoot.parse(u.tokenizer(), router.utf8Enabled));
        Result<List<Quota>> quotas = results.untaggedResult("GETQUOTAROOT", c, "QUOTA", u -> Quota.parse(u.tokenizer()));
        List<Object> data = new ArrayList<>(2);
        data.add(roots.data());
        data.add(quotas.data());
        return new Result<>("GETQUOTAROOT", c.status, c.ok() ? data : List.of(c.data),
                new QuotaRoots(roots.value(), quotas.value()), c.code, c.text);
    }

    /** SETQUOTA: {@code limits} like {@code "(STORAGE 512)"}. */
    public Result<List<Quota>> setQuota(String root, String limits) throws IOException {
        Params.require(root, "root");
        Params.require(limits, "limits");
        return results.untaggedResult("SETQUOTA", exec("SETQUOTA", List.of(Arg.astring(root), Arg.raw(parenthesize(limits)))),
                "QUOTA", u -> Quota.parse(u.tokenizer()));
    }

    /** GETANNOTATION (ANNOTATEMORE draft): {@code entry} and {@code attribute} as protocol text. */
    public Result<List<Annotation>> getAnnotation(String mailbox, String entry, String attribute) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.require(entry, "entry");
        Params.require(attribute, "attribute");
        return results.untaggedResult("GETANNOTATION", exec("GETANNOTATION", List.of(Arg.mailbox(mailbox), Arg.raw(entry),
                Arg.raw(attribute))), "ANNOTATION", u -> Annotation.parse(u.tokenizer(), router.utf8Enabled));
    }

    /** SETANNOTATION: arguments as protocol text after the mailbox. */
    public Result<List<Annotation>> setAnnotation(String mailbox, String... args) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.requireAll(args, "args");
        List<Arg> a = new ArrayList<>();
        a.add(Arg.mailbox(mailbox));
        for (String s : args) {
            a.add(Arg.raw(s));
        }
        return results.untaggedResult("SETANNOTATION", exec("SETANNOTATION", a), "ANNOTATION", u -> Annotation.parse(u.tokenizer(), router.utf8Enabled));
    }

    /** GETMETADATA (RFC 5464) of {@code entries} (e.g. {@code /private/comment}); mailbox "" for the server. */
    public Result<List<Metadata>> getMetadata(String mailbox, String... entries) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.requireAll(entries, "entries");
        List<Arg> items = new ArrayList<>();
        for (String e : entries) {
            items.add(Arg.astring(e));
        }
        return results.untaggedResult("GETMETADATA", exec("GETMETADATA", List.of(Arg.mailbox(mailbox), new Arg.ListOf(items))),
                "METADATA", u -> Metadata.parse(u.tokenizer(), router.utf8Enabled));
    }

    /** SETMETADATA: a {@code null} value removes the entry. */
    public Result<Void> setMetadata(String mailbox, Map<String, String> entries) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.require(entries, "entries");
        List<Arg> items = new ArrayList<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            items.add(Arg.astring(e.getKey()));
            items.add(e.getValue() == null ? new Arg.Nil() : Arg.str(e.getValue()));
        }
        return results.simple("SETMETADATA", exec("SETMETADATA", List.of(Arg.mailbox(mailbox), new Arg.ListOf(items))), null);
    }

    // ------------------------------------------------------------------ REPLACE, MULTISEARCH, UIDONLY, APPENDLIMIT

    /**
     * REPLACE (RFC 8508): replaces message {@code messageNumber} of the selected mailbox by
     * {@code message}, stored in {@code mailbox} (usually the selected one), in one step: the
     * server either stores the new message and expunges the old one, or does neither. Flags,
     * date and message as in {@link #append(String, String, String, byte[])}, APPENDLIMIT
     * included. The value is the new message's APPENDUID (UIDPLUS), which the server sends in an
     * untagged OK before the old message's EXPUNGE, or {@code null}.
     */
    public Result<ResponseCode.AppendUid> replace(long messageNumber, String mailbox, String flags, String internalDate,
            byte[] message) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.require(message, "message");
        return replaceCommand("REPLACE", messageNumber, mailbox, flags, internalDate, message);
    }

    /** UID REPLACE (RFC 8508): {@link #replace} of the message with UID {@code uid}. */
    public Result<ResponseCode.AppendUid> uidReplace(long uid, String mailbox, String flags, String internalDate,
            byte[] message) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.require(message, "message");
        return replaceCommand("UID REPLACE", uid, mailbox, flags, internalDate, message);
    }

    private Result<ResponseCode.AppendUid> replaceCommand(String name, long n, String mailbox, String flags,
            String internalDate, byte[] message) throws IOException {
        if (n < 1) {
            throw new IllegalArgumentException(name + " needs a message number or UID of at least 1, not " + n);
        }
        if (!hasCapability("REPLACE")) {
            throw new Imap4Exception("server does not support REPLACE (RFC 8508)");
        }
        List<Arg> args = new ArrayList<>();
        args.add(Arg.raw(Long.toString(n)));
        args.add(Arg.mailbox(mailbox));
        commandArgs.addMessageArgs(args, flags, internalDate, message);
        Completion c = name.equals("REPLACE") ? exec("REPLACE", args) : exec("UID REPLACE", args);
        ResponseCode.AppendUid uid = c.code != null && c.ok() ? c.code.appendUid() : null;
        if (uid == null && c.ok()) {
            // RFC 8508 3.3: the APPENDUID comes in an untagged OK, the tagged OK may carry others
            List<Untagged> codes = router.take(c, "APPENDUID");
            if (!codes.isEmpty()) {
                uid = new ResponseCode("APPENDUID", codes.get(codes.size() - 1).text()).appendUid();
            }
        }
        return results.simple(name, c, uid);
    }

    /**
     * The server's APPENDLIMIT (RFC 7889) for every mailbox, from the capability
     * {@code APPENDLIMIT=n}: APPEND and REPLACE refuse a larger message before sending anything.
     *
     * @return the limit in bytes, or -1 when the server announces none, or only a per-mailbox
     *     one (a bare {@code APPENDLIMIT}: ask {@code STATUS (APPENDLIMIT)}, which Cyrus 3.10
     *     answers BAD)
     */
    public long appendLimit() {
        return CommandArgs.appendLimit(router.capabilities);
    }

    /**
     * MULTISEARCH (RFC 7377): one {@code ESEARCH} over several mailboxes, answered per mailbox
     * with UIDs. {@code source} is which mailboxes ({@link NotifySpec.Filter#SELECTED_DELAYED}
     * is NOTIFY-only and refused); {@link NotifySpec.Filter#SUBTREE SUBTREE} and
     * {@link NotifySpec.Filter#MAILBOXES MAILBOXES} take {@code mailboxes}, the others none.
     *
     * <pre>{@code
     * for (MailboxSearchResult r : imap.esearch(Filter.MAILBOXES, List.of("INBOX", "Archive"),
     *         "ALL COUNT", "UNSEEN").check().value()) {
     *     System.out.println(r.mailbox() + ": " + r.result().count());
     * }
     * }</pre>
     *
     * @param returnOptions ESEARCH RETURN options such as {@code "ALL COUNT"}, or null for the
     *     server's default (ALL)
     * @param criteria search criteria as for {@link #search}
     */
    public Result<List<MailboxSearchResult>> esearch(NotifySpec.Filter source, List<String> mailboxes,
            String returnOptions, String... criteria) throws IOException {
        Params.require(source, "source");
        Params.require(mailboxes, "mailboxes");
        Params.requireAll(criteria, "criteria");
        if (!hasCapability("MULTISEARCH")) {
            throw new Imap4Exception("server does not support MULTISEARCH (RFC 7377)");
        }
        boolean named = source == NotifySpec.Filter.SUBTREE || source == NotifySpec.Filter.MAILBOXES;
        if (source == NotifySpec.Filter.SELECTED_DELAYED || named == mailboxes.isEmpty()) {
            throw new IllegalArgumentException(source + (source == NotifySpec.Filter.SELECTED_DELAYED
                    ? " is no ESEARCH source" : named ? " needs mailboxes" : " takes no mailboxes"));
        }
        List<Arg> in = new ArrayList<>();
        in.add(Arg.raw(source.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        if (named) {
            List<Arg> names = new ArrayList<>();
            for (String m : mailboxes) {
                names.add(Arg.mailbox(Params.require(m, "mailbox")));
            }
            in.add(new Arg.ListOf(names));
        }
        List<Arg> args = new ArrayList<>();
        args.add(Arg.raw("IN"));
        args.add(new Arg.ListOf(in));
        if (returnOptions != null) {
            args.add(Arg.raw("RETURN"));
            args.add(Arg.raw(parenthesize(returnOptions)));
        }
        args.addAll(commandArgs.searchArgs(null, criteria));
        boolean utf8 = router.utf8Enabled;
        return results.untaggedResult("ESEARCH", exec("ESEARCH", args), "ESEARCH",
                u -> MailboxSearchResult.parse(u.tokenizer(), utf8));
    }

    /**
     * Whether UIDONLY (RFC 9586) is on: after {@code enable("UIDONLY")} answered
     * {@code ENABLED UIDONLY}, the server sends {@code UIDFETCH} instead of FETCH and VANISHED
     * instead of EXPUNGE, and rejects message numbers. The commands that take them (FETCH,
     * STORE, COPY, MOVE, SEARCH, SORT, THREAD, PARTIAL, REPLACE) are refused here before sending; the
     * UID forms work, and {@link #uidFetch(String, String)} and {@link #uidStore} return the
     * UIDFETCH data (message number 0, the UID set). Streaming fetches and {@link #fetchAhead}
     * read FETCH responses only: do not use them with UIDONLY.
     */
    public boolean uidOnlyEnabled() {
        return router.uidOnlyEnabled;
    }

    /**
     * imaplib's {@code xatom(name, args...)}: sends a command the library has no method for
     * (announced in CAPABILITY), in the current state; arguments are protocol text. Untagged
     * responses stay available through {@link #response}.
     */
    public Result<Void> xatom(String name, String... args) throws IOException {
        Params.require(name, "name");
        Params.requireAll(args, "args");
        List<Arg> a = new ArrayList<>();
        for (String s : args) {
            a.add(Arg.raw(s));
        }
        String verb = name.toUpperCase(Locale.ROOT);
        if (!verb.matches("[A-Z0-9.\\-]+")) {
            throw new Imap4Exception("not a command name: " + name);
        }
        return results.simple(verb, exec(verb, a), null);
    }

    // ------------------------------------------------------------------ stored responses, raw I/O

    /**
     * imaplib's {@code response(code)}: pops the stored untagged responses (or response codes)
     * of that type. The result's type is {@code code}; data is {@code [null]} when there are none.
     */
    public Result<List<Untagged>> response(String code) throws Imap4Exception {
        Params.require(code, "code");
        String type = code.toUpperCase(Locale.ROOT);
        acquireLock();
        try {
            List<Untagged> items = router.popStored(type);
            return new Result<>(type, type, Results.dataOf(items), items, null, "");
        } finally {
            release();
        }
    }

    /**
     * imaplib's {@code recent()}: the RECENT responses stored so far, or, when there are none,
     * those a NOOP brings.
     */
    public Result<List<Untagged>> recent() throws IOException {
        Result<List<Untagged>> stored = response("RECENT");
        if (!stored.value().isEmpty()) {
            return new Result<>("RECENT", "OK", stored.data(), stored.value(), null, "");
        }
        Result<Void> n = noop();
        Result<List<Untagged>> fresh = response("RECENT");
        return new Result<>("RECENT", n.type(), fresh.data(), fresh.value(), n.code(), n.text());
    }

    /** imaplib's {@code send(data)}: writes raw bytes to the server (no tag, no checks). */
    public void send(byte[] data) throws IOException {
        Params.require(data, "data");
        ensureAliveForRaw();
        engine.write(data);
    }

    /** imaplib's {@code readline()}: one raw line from the server, without CRLF. */
    public byte[] readline() throws IOException {
        ensureAliveForRaw();
        try {
            byte[] l = engine.reader.readLine();
            if (trace.on(4)) {
                trace.received(l, l.length);
            }
            return l;
        } catch (SocketTimeoutException e) {
            throw engine.abort("timed out waiting for " + engine.transport.describe(), e);
        } catch (EOFException e) {
            throw engine.abort(e.getMessage(), e);
        }
    }

    /** imaplib's {@code read(size)}: exactly {@code size} raw bytes from the server. */
    public byte[] read(int size) throws IOException {
        ensureAliveForRaw();
        try {
            return engine.reader.readBytes(size);
        } catch (SocketTimeoutException e) {
            throw engine.abort("timed out waiting for " + engine.transport.describe(), e);
        } catch (EOFException e) {
            throw engine.abort(e.getMessage(), e);
        }
    }

    private void ensureAliveForRaw() throws Imap4Exception {
        if (engine.abortReason != null || engine.closed) {
            throw new Imap4AbortException("connection is no longer usable" + (engine.abortReason != null ? ": " + engine.abortReason : ""));
        }
    }

    // ------------------------------------------------------------------ IDLE

    /**
     * Enters IDLE (RFC 2177), like Python 3.14's {@code idle(duration)}: the returned
     * {@link Idler} delivers untagged responses as they arrive until {@code duration} has passed
     * ({@code null}: until {@link Idler#done()} or close). IDLE is re-issued every
     * {@link #IDLE_REISSUE} so a server's 30-minute limit never ends it. Close the idler
     * (try-with-resources) to leave IDLE; no other command runs meanwhile.
     */
    public Idler idle(Duration duration) throws IOException {
        if (!hasCapability("IDLE")) {
            throw new Imap4Exception("server does not support IDLE");
        }
        acquire();
        try {
            IdleSession session = new IdleSession(engine, duration, idleReissue);
            session.begin();
            return new Idler(session);
        } catch (IOException | RuntimeException e) {
            router.dropIdleQueue();
            release();
            throw e;
        }
    }

    /** An open IDLE; see {@link Imap4#idle(Duration)}. Not for use by several threads, except {@link #done()}. */
    public final class Idler implements AutoCloseable {
        private final IdleSession session;

        private Idler(IdleSession session) {
            this.session = session;
        }

        /** Waits for the next untagged response until the IDLE duration ends; {@code null} then. */
        public Untagged next() throws IOException {
            return session.next(null);
        }

        /**
         * Waits at most {@code maxWait} (null: until the duration ends) for the next untagged
         * response; returns {@code null} when none came in time or IDLE has ended.
         */
        public Untagged next(Duration maxWait) throws IOException {
            return session.next(maxWait);
        }

        /**
         * Like Python's {@code burst(interval)}: collects responses until none arrives for
         * {@code interval}, then returns them (empty when IDLE has ended).
         */
        public List<Untagged> burst(Duration interval) throws IOException {
            return session.burst(interval);
        }

        /**
         * Asks the server to end IDLE; callable from any thread (e.g. to wake a thread blocked in
         * {@link #next()}), which then sees the end and returns {@code null}.
         */
        public void done() throws IOException {
            session.done();
        }

        /** Whether the IDLE is still running. */
        public boolean isIdling() {
            return session.isIdling();
        }

        /** Leaves IDLE (DONE and the server's completion) and lets other commands run again. */
        @Override
        public void close() throws IOException {
            session.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Wraps {@code s} in parentheses unless it already is (imaplib does the same for flags). */
    static String parenthesize(String s) {
        String t = s.trim();
        return t.startsWith("(") && t.endsWith(")") ? t : "(" + t + ")";
    }
}
