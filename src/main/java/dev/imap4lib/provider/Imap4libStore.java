package dev.imap4lib.provider;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.State;
import dev.imap4lib.response.IdResponse;
import dev.imap4lib.response.Namespaces;
import dev.imap4lib.response.Quota;
import dev.imap4lib.sasl.Sasl;
import dev.imap4lib.transport.ProcessTransport;
import dev.imap4lib.transport.SocketTransport;
import dev.imap4lib.transport.Transport;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.QuotaAwareStore;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.URLName;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The imap4lib Jakarta Mail store: {@code session.getStore("imap4lib")}, or
 * {@code mail.imap.class=dev.imap4lib.provider.Imap4libStore} to serve plain {@code "imap"}.
 *
 * <p>One connection serves the store itself (LIST, STATUS, CREATE, ...); each open folder takes
 * its own connection from a small pool, as with Angus Mail. Everything goes through the
 * protocol core ({@link Imap4}); this class only decides which connection does what.
 */
public class Imap4libStore extends Store implements QuotaAwareStore {
    private final String protocol;
    private final boolean implicitTls;
    private volatile StoreConfig config;
    private String host;
    private final Set<Imap4libWatch> watches = ConcurrentHashMap.newKeySet();
    private int port;
    private String user;
    private String password;
    /** {@code proxyauth.user} or {@link #setProxyAuthUser}: PROXYAUTH after login (null: none). */
    private volatile String proxyAuthUser;
    private volatile boolean proxyAuthSet;
    /** Whether the store's connection is protected by TLS (implicit or STARTTLS). */
    private volatile boolean usingSsl;
    /** The IDLE that {@link #idle()} runs on the store connection, ended when another store operation needs it. */
    private volatile Imap4.Idler storeIdler;
    /** Store operations started and not finished: an {@link #idle()} that begins meanwhile ends at once. */
    private final java.util.concurrent.atomic.AtomicInteger storeWanted = new java.util.concurrent.atomic.AtomicInteger();

    private Imap4 storeConn;
    /** Store operations running on {@link #storeConn} right now (guarded by this). */
    private int storeUsers;
    private final Deque<Pooled> idle = new ArrayDeque<>();
    private final Set<Imap4libFolder> openFolders = ConcurrentHashMap.newKeySet();
    /** Set while {@link #closeStore} runs; see there. */
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile List<String> capabilities = List.of();
    private final BinaryFetch binary = new BinaryFetch();

    private record Pooled(Imap4 conn, long since) {
    }

    /** Called by Jakarta Mail for the {@code imap4lib} protocol (or any protocol mapped to this class). */
    public Imap4libStore(Session session, URLName url) {
        this(session, url, "imap4lib", false);
    }

    protected Imap4libStore(Session session, URLName url, String defaultProtocol, boolean implicitTls) {
        super(session, url);
        String p = url != null && url.getProtocol() != null ? url.getProtocol() : defaultProtocol;
        this.protocol = p.equals(defaultProtocol) ? dropInProtocol(session, defaultProtocol, getClass()) : p;
        this.implicitTls = implicitTls || protocol.equals("imaps");
        if (!protocol.equals(p)) {
            // Service.connect reads mail.<protocol>.host/user by the URL's protocol: make it ours
            this.url = url == null ? new URLName(protocol, null, -1, null, null, null)
                    : new URLName(protocol, url.getHost(), url.getPort(), url.getFile(), url.getUsername(), url.getPassword());
        }
    }

    /**
     * The protocol whose properties a store asked for under our own name reads. Installed as a
     * drop-in ({@code mail.imap.class} or {@code mail.imaps.class} naming this class), Jakarta's
     * {@code getProvider("imap")} hands out our provider object, whose protocol is
     * {@code imap4lib}; a store made from it ({@code session.getStore(provider)}, as frameworks
     * do) must still read the user's {@code mail.imap.*} settings, like {@code getStore("imap")}.
     */
    private static String dropInProtocol(Session session, String ours, Class<?> cls) {
        List<String> order = ours.endsWith("s") ? List.of("imaps", "imap") : List.of("imap", "imaps");
        for (String p : order) {
            if (cls.getName().equals(session.getProperty("mail." + p + ".class"))) {
                return p;
            }
        }
        return ours;
    }

    /** Whether parts are read decoded by the server, and whether it refused that once. */
    BinaryFetch binary() {
        return binary;
    }

    StoreConfig config() {
        StoreConfig c = config;
        if (c == null) {
            c = new StoreConfig(session, protocol, implicitTls);
            config = c;
        }
        return c;
    }

    /** What this store remembers of closed folders for automatic resync; cleared when the store closes. */
    private FolderMemory memory;
    /** Guards {@link #memory} alone: folders ask for it holding their own lock, never the store's. */
    private final Object memoryLock = new Object();

    /** The store's folder memory, or null when automatic resync is off. */
    FolderMemory memory() {
        StoreConfig cfg = config();
        if (!cfg.resyncEnable) {
            return null;
        }
        synchronized (memoryLock) {
            if (memory == null) {
                memory = new FolderMemory(cfg.resyncFolders, cfg.resyncMessages);
            }
            return memory;
        }
    }

    Session session() {
        return session;
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        config = new StoreConfig(session, protocol, implicitTls);
        StoreConfig cfg = config;
        this.host = host != null ? host : cfg.host != null ? cfg.host : "localhost";
        this.port = port > 0 ? port : cfg.port > 0 ? cfg.port : (cfg.sslEnable ? Imap4.IMAP4_SSL_PORT : Imap4.IMAP4_PORT);
        this.user = user != null ? user : cfg.user;
        if (cfg.streamCommand == null && (this.user == null || password == null)) {
            return false; // lets Service ask the Authenticator, then report the failure
        }
        this.password = password;
        if (!proxyAuthSet) {
            proxyAuthUser = cfg.proxyAuthUser;
        }
        storeConn = openConnection();
        capabilities = storeConn.capabilities();
        usingSsl = storeConn.isSecure();
        return true;
    }

    /** Opens and authenticates a new connection with this store's settings. */
    Imap4 openConnection() throws MessagingException {
        StoreConfig cfg = config();
        PrintStream debugOut = session.getDebug() ? session.getDebugOut() : null;
        ClientOptions opts = ClientOptions.defaults()
                .withTimeout(Duration.ofMillis(Math.max(0, cfg.timeout)))
                .withCommandTimeout(Duration.ofMillis(Math.max(0, cfg.commandTimeout)))
                .withRetainUntagged(false)
                .withVerifyHostname(cfg.checkServerIdentity)
                .withDebug(debugOut == null ? 0 : 2, debugOut);
        Imap4 c = null;
        try {
            Transport t;
            if (cfg.streamCommand != null) {
                t = ProcessTransport.start(cfg.streamCommand, Math.max(0, cfg.timeout));
            } else {
                SocketTransport st = cfg.connection.open(host, port, cfg.sslEnable, debugOut);
                st.setWriteTimeout(Math.max(0, cfg.writeTimeout));
                t = st;
            }
            c = Imap4.open(host, port, opts, t);
            if (!c.isSecure()) {
                if (cfg.starttlsEnable && c.hasCapability("STARTTLS") && c.state() == State.NONAUTH) {
                    try {
                        c.starttlsWith(cfg.connection.tls(host));
                    } catch (Imap4AbortException e) {
                        throw e;
                    } catch (Imap4Exception e) {
                        // A refused STARTTLS is no verdict on the credentials (never sent).
                        throw new MessagingException("STARTTLS refused by " + host + ":" + port + ": " + e.getMessage(), e);
                    }
                } else if (cfg.starttlsRequired) {
                    // No credentials ever cross a plain connection when TLS is required.
                    throw new MessagingException(c.state() == State.AUTH
                            ? "STARTTLS is required but the server pre-authenticated the plain-text session"
                            : "STARTTLS is required but the server does not offer it");
                }
            }
            if (c.state() == State.NONAUTH) {
                Referrals.check(authenticate(c, cfg), cfg.referralException);
            }
            proxyAuth(c);
            if (cfg.enableResponseEvents) {
                c.addUntaggedListener(this::responseEvent);
            }
            cfg.connection.compress(c);
            if (cfg.imap4rev2 && c.hasCapability("IMAP4REV2") && c.hasCapability("ENABLE")) {
                // a refusal leaves the session in rev1, which the provider speaks as well
                c.enable("IMAP4rev2");
            }
            Imap4 ok = c;
            c = null;
            return ok;
        } catch (Imap4AbortException e) {
            throw new MessagingException("connection to " + host + ":" + port + " failed: " + e.getMessage()
                    + TlsFailureHint.of(e, protocol, host, !cfg.sslEnable), e);
        } catch (Imap4Exception e) {
            Referrals.check(e);
            if ("NO".equals(e.status()) || "BAD".equals(e.status())) {
                throw new AuthenticationFailedException(e.getMessage());
            }
            throw new MessagingException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MessagingException("cannot connect to " + host + ":" + port + ": " + e
                    + TlsFailureHint.of(e, protocol, host, !cfg.sslEnable), e);
        } finally {
            if (c != null) {
                c.shutdown();
            }
        }
    }

    private dev.imap4lib.client.Result<Void> authenticate(Imap4 c, StoreConfig cfg) throws IOException, MessagingException {
        if (cfg.saslEnable) {
            for (String m : cfg.saslMechanisms.isEmpty() ? List.of(Sasl.preferredOrder()) : cfg.saslMechanisms) {
                if (c.hasCapability("AUTH=" + m)) {
                    return c.authenticate(Sasl.create(m, cfg.saslAuthorizationId, user, password.toCharArray()));
                }
            }
        }
        for (String m : cfg.authMechanisms) {
            if (c.hasCapability("AUTH=" + m)) {
                String authzid = m.equals("PLAIN") ? cfg.saslAuthorizationId : null;
                return c.authenticate(Sasl.create(m, authzid, user, password.toCharArray()));
            }
        }
        if (c.hasCapability("LOGINDISABLED")) {
            throw new MessagingException("the server disabled LOGIN and offers none of the mechanisms "
                    + cfg.authMechanisms + " (capabilities " + c.capabilities() + ")");
        }
        return c.login(user, password);
    }

    /**
     * PROXYAUTH (Cyrus) as {@link #getProxyAuthUser()} when one is set: a refusal fails the
     * connect, since going on would act as the logged-in user instead of the one asked for.
     */
    private void proxyAuth(Imap4 c) throws IOException, MessagingException {
        String as = proxyAuthUser;
        if (as == null) {
            return;
        }
        String why;
        try {
            dev.imap4lib.client.Result<Void> r = c.proxyAuth(as);
            if (r.isOk()) {
                return;
            }
            why = r.text();
        } catch (Imap4AbortException e) {
            throw e;
        } catch (Imap4Exception e) {
            why = e.getMessage();
        }
        throw new AuthenticationFailedException("PROXYAUTH as " + as + " refused: " + why);
    }

    // ---------------------------------------------------------------- Angus IMAPStore extras

    /** Angus's {@code IMAPStore.RESPONSE}: the StoreEvent type of a raw server response. */
    public static final int RESPONSE = 1000;

    /** At most this many characters of a response go into a {@link #RESPONSE} event (a FETCH may carry a whole body). */
    private static final int RESPONSE_EVENT_CHARS = 8192;

    private void responseEvent(dev.imap4lib.client.Untagged u) {
        String text = "* " + u.raw();
        if (text.length() > RESPONSE_EVENT_CHARS) {
            text = text.substring(0, RESPONSE_EVENT_CHARS) + "...";
        }
        notifyStoreListeners(RESPONSE, text);
    }

    /** Whether the store's connection is protected by TLS (implicit TLS or STARTTLS), as Angus's {@code isSSL()}. */
    public synchronized boolean isSSL() {
        return usingSsl;
    }

    /**
     * The user name for connections opened from now on (the store's and folders'); idle pooled
     * connections, logged in as before, are closed.
     */
    public synchronized void setUsername(String user) {
        this.user = user;
        dropPooled();
    }

    /** The password for connections opened from now on; idle pooled connections are closed. */
    public synchronized void setPassword(String password) {
        this.password = password;
        dropPooled();
    }

    private void dropPooled() {
        synchronized (idle) {
            for (Pooled p : idle) {
                p.conn().close();
            }
            idle.clear();
        }
    }

    /**
     * Acts as {@code user} on every connection opened from now on (PROXYAUTH after login, Cyrus;
     * the logged-in user must be an administrator); overrides {@code mail.imap.proxyauth.user}.
     * A server that refuses fails the connect.
     */
    public void setProxyAuthUser(String user) {
        proxyAuthUser = user;
        proxyAuthSet = true;
    }

    /** The PROXYAUTH user ({@code proxyauth.user} or {@link #setProxyAuthUser}), or null. */
    public String getProxyAuthUser() {
        return proxyAuthUser;
    }

    /**
     * IDLE on the store's own connection until the server sends something (Angus's
     * {@code IMAPStore.idle()}) or another store operation needs the connection; returns then. With {@code enableimapevents} what arrived goes to the
     * StoreListeners as {@link #RESPONSE} events. Afterwards waits {@code minidletime} ms so the
     * thread that ended it can run before the caller idles again.
     *
     * @throws MessagingException when the server lacks IDLE, or the connection fails
     */
    public void idle() throws MessagingException {
        StoreConfig cfg = config();
        withStoreConnection(c -> {
            try (Imap4.Idler i = c.idle(null)) {
                storeIdler = i;
                if (storeWanted.get() > 1) { // an operation (besides this one) is waiting
                    i.done();
                }
                dev.imap4lib.client.Untagged u = i.next();
                if (u != null && cfg.enableImapEvents) {
                    responseEvent(u);
                }
            } finally {
                storeIdler = null;
            }
            return null;
        });
        if (cfg.minIdleTime > 0) {
            try {
                Thread.sleep(cfg.minIdleTime);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- connections for folders

    /**
     * A connection for an opening folder: an idle pooled one; else, unless
     * {@code separatestoreconnection} is set, the store's own (the store opens another only when
     * it next needs one, as Angus does: a store with one open folder uses one connection); else
     * a new one.
     */
    Imap4 borrow() throws MessagingException {
        requireConnected();
        Imap4 pooled = pooled();
        if (pooled != null) {
            return pooled;
        }
        if (!config().separateStoreConnection) {
            synchronized (this) {
                Imap4 c = storeConn;
                // Never lend it while a store operation runs on it: the folder's listener would
                // then be called from that operation's thread.
                if (c != null && c.isAlive() && storeUsers == 0) {
                    storeConn = null;
                    return c;
                }
            }
        }
        return openConnection();
    }

    private Imap4 pooled() {
        synchronized (idle) {
            long now = System.currentTimeMillis();
            while (!idle.isEmpty()) {
                Pooled p = idle.pop();
                if (p.conn().isAlive() && now - p.since() < Math.max(1000, config().poolTimeout)) {
                    return p.conn();
                }
                p.conn().close();
            }
        }
        return null;
    }

    /** Returns a folder's connection (in AUTH state) for reuse, or closes it when the pool is full. */
    void giveBack(Imap4 c) {
        if (c == null) {
            return;
        }
        if (c.isAlive() && c.state() == State.AUTH && isConnected0()) {
            synchronized (idle) {
                if (idle.size() < config().poolSize) {
                    idle.push(new Pooled(c, System.currentTimeMillis()));
                    return;
                }
            }
        }
        c.close();
    }

    void folderOpened(Imap4libFolder f) {
        openFolders.add(f);
    }

    void folderClosed(Imap4libFolder f) {
        openFolders.remove(f);
    }

    /** Work on the store's own connection. */
    @FunctionalInterface
    interface StoreOp<T> {
        T run(Imap4 c) throws IOException, MessagingException;
    }

    /**
     * Runs {@code op} on the store connection. A broken connection closes the store (and, with
     * {@code closefoldersonstorefailure}, its folders) and surfaces as {@link StoreClosedException}.
     */
    <T> T withStoreConnection(StoreOp<T> op) throws MessagingException {
        storeWanted.incrementAndGet();
        try {
            return withStoreConnection0(op);
        } finally {
            storeWanted.decrementAndGet();
        }
    }

    private <T> T withStoreConnection0(StoreOp<T> op) throws MessagingException {
        Imap4.Idler idling = storeIdler;
        if (idling != null) {
            try {
                idling.done(); // idle() returns; this operation then gets the connection
            } catch (IOException e) {
                // the connection failed: the operation below finds out and reports it
            }
        }
        Imap4 c;
        synchronized (this) {
            requireConnected();
            if (storeConn == null || !storeConn.isAlive()) {
                // lent to a folder (or gone): take an idle one, or open a new one
                Imap4 p = pooled();
                storeConn = p != null ? p : openConnection();
            }
            c = storeConn;
            storeUsers++;
        }
        try {
            return op.run(c);
        } catch (Imap4AbortException e) {
            storeFailed(e);
            throw new StoreClosedException(this, "connection to " + host + " lost: " + e.getMessage());
        } catch (Imap4Exception e) {
            throw new MessagingException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MessagingException(e.getMessage(), e);
        } finally {
            synchronized (this) {
                storeUsers--;
            }
        }
    }

    private void storeFailed(Exception cause) {
        try {
            // Without closefoldersonstorefailure, open folders keep their own connections (as Angus).
            closeStore(config().closeFoldersOnStoreFailure);
        } catch (MessagingException ignored) {
            // the store is closed either way
        }
    }

    /** For getFolder and friends, which the API says throw IllegalStateException when closed. */
    private void checkConnected() {
        if (!isConnected0()) {
            throw new IllegalStateException("Not connected");
        }
    }

    /** For work on the server: a closed store is a MessagingException the caller can handle. */
    private void requireConnected() throws StoreClosedException {
        if (!isConnected0()) {
            throw new StoreClosedException(this, "the store is closed");
        }
    }

    private boolean isConnected0() {
        return super.isConnected();
    }

    /** Checks the live connection with a NOOP; a dead server closes the store. */
    @Override
    public boolean isConnected() {
        if (!super.isConnected()) {
            return false;
        }
        Imap4 c;
        synchronized (this) {
            c = storeConn;
        }
        if (c == null) {
            return true; // lent to an open folder, which reports its own failures
        }
        if (c.isAlive()) {
            try {
                c.noop();
                return true;
            } catch (IOException e) {
                // fall through: the connection is gone
            }
        }
        storeFailed(null);
        return false;
    }

    /**
     * Watches {@code folders} (open or not) over one dedicated connection: their
     * MessageCountListeners hear of messages added and removed, the store's FolderListeners of
     * folders created, deleted and renamed. NOTIFY where the server has it, else STATUS polling
     * ({@code mail.imap4lib.watch.pollinterval}); see {@link Imap4libWatch}.
     */
    public Imap4libWatch watch(Folder... folders) throws MessagingException {
        List<Imap4libFolder> list = new ArrayList<>();
        for (Folder f : folders) {
            if (!(f instanceof Imap4libFolder imf) || f.getStore() != this) {
                throw new MessagingException("not a folder of this store: " + f);
            }
            list.add(imf);
        }
        return startWatch(list, false);
    }

    /**
     * Watches every personal folder over one dedicated connection; needs NOTIFY (throws
     * {@link MessagingException} without it). Message counts go to the handle's
     * {@link Imap4libWatch#addMessageCountListener listeners}, folder events to the store's.
     */
    public Imap4libWatch watchAll() throws MessagingException {
        return startWatch(List.of(), true);
    }

    private Imap4libWatch startWatch(List<Imap4libFolder> list, boolean all) throws MessagingException {
        checkConnected();
        String p = session.getProperty("mail.imap4lib.watch.pollinterval");
        Duration poll = Imap4libWatch.DEFAULT_POLL;
        try {
            poll = p == null || p.isBlank() ? poll : Duration.ofMillis(Math.max(100, Long.parseLong(p.trim())));
        } catch (NumberFormatException e) {
            throw new MessagingException("mail.imap4lib.watch.pollinterval is not a number: " + p);
        }
        Imap4libWatch w = Imap4libWatch.start(this, list, all, poll);
        watches.add(w);
        return w;
    }

    void forgetWatch(Imap4libWatch w) {
        watches.remove(w);
    }

    String host() {
        return host;
    }

    /** A folder object for an event a watch reports (no server round trip). */
    Imap4libFolder watchedFolder(String name) {
        return new Imap4libFolder(this, name, Imap4libFolder.UNKNOWN_SEPARATOR);
    }

    void watchedFolderEvent(int type, Folder folder, Folder newFolder) {
        if (type == jakarta.mail.event.FolderEvent.RENAMED) {
            notifyFolderRenamedListeners(folder, newFolder);
        } else {
            notifyFolderListeners(type, folder);
        }
    }

    @Override
    public void close() throws MessagingException {
        closeStore(true);
    }

    /**
     * Closes the store, and its open folders when {@code folders}. Only one close runs at a time:
     * a close (or a store failure) on another thread while one is under way returns at once and
     * leaves the work to it. That is what keeps two threads from deadlocking when each holds an
     * open folder's monitor and both find the store connection broken: each would otherwise wait
     * for the other's folder to force-close it.
     */
    private void closeStore(boolean folders) throws MessagingException {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            for (Imap4libWatch w : new ArrayList<>(watches)) {
                w.close();
            }
            if (folders) {
                // Folders first and without the store's monitor: a folder thread may be waiting for it.
                List<Imap4libFolder> open = new ArrayList<>(openFolders);
                openFolders.clear();
                for (Imap4libFolder f : open) {
                    f.forceClose();
                }
            }
            synchronized (memoryLock) {
                if (memory != null) {
                    memory.clear();
                    memory = null;
                }
            }
            closeConnections();
        } finally {
            closing.set(false);
        }
    }

    private synchronized void closeConnections() throws MessagingException {
        dropPooled();
        if (storeConn != null) {
            storeConn.close();
            storeConn = null;
        }
        if (super.isConnected()) {
            super.close();
        }
    }

    // ---------------------------------------------------------------- folders and namespaces

    @Override
    public Folder getDefaultFolder() throws MessagingException {
        checkConnected();
        return new Imap4libFolder(this, "", Imap4libFolder.UNKNOWN_SEPARATOR);
    }

    @Override
    public Folder getFolder(String name) throws MessagingException {
        checkConnected();
        return new Imap4libFolder(this, name, Imap4libFolder.UNKNOWN_SEPARATOR);
    }

    @Override
    public Folder getFolder(URLName url) throws MessagingException {
        return getFolder(url.getFile() == null ? "" : url.getFile());
    }

    private Namespaces namespaces() throws MessagingException {
        if (!hasCapability("NAMESPACE")) {
            return null;
        }
        return withStoreConnection(c -> c.namespace().check().value());
    }

    private Folder[] namespaceFolders(List<Namespaces.Namespace> list) throws MessagingException {
        Folder[] out = new Folder[list.size()];
        for (int i = 0; i < out.length; i++) {
            Namespaces.Namespace ns = list.get(i);
            String name = ns.prefix();
            char sep = ns.delimiter() == null ? Imap4libFolder.NO_SEPARATOR : ns.delimiter();
            if (!name.isEmpty() && ns.delimiter() != null && name.charAt(name.length() - 1) == sep) {
                name = name.substring(0, name.length() - 1);
            }
            out[i] = new Imap4libFolder(this, name, sep);
        }
        return out;
    }

    @Override
    public Folder[] getPersonalNamespaces() throws MessagingException {
        Namespaces ns = namespaces();
        return ns == null || ns.personal().isEmpty() ? super.getPersonalNamespaces() : namespaceFolders(ns.personal());
    }

    @Override
    public Folder[] getUserNamespaces(String user) throws MessagingException {
        Namespaces ns = namespaces();
        if (ns == null || ns.otherUsers().isEmpty()) {
            return new Folder[0];
        }
        Folder[] base = namespaceFolders(ns.otherUsers());
        if (user == null) {
            return base;
        }
        Folder[] out = new Folder[base.length];
        for (int i = 0; i < base.length; i++) {
            char sep = ((Imap4libFolder) base[i]).knownSeparator();
            String name = base[i].getFullName();
            out[i] = new Imap4libFolder(this, name.isEmpty() ? user : name + sep + user, sep);
        }
        return out;
    }

    @Override
    public Folder[] getSharedNamespaces() throws MessagingException {
        Namespaces ns = namespaces();
        return ns == null ? new Folder[0] : namespaceFolders(ns.shared());
    }

    /** Whether the server announced {@code capability} (case-insensitive). */
    public boolean hasCapability(String capability) {
        return capabilities.contains(capability.toUpperCase(Locale.ROOT));
    }

    List<String> capabilities() {
        return capabilities;
    }

    /**
     * ID (RFC 2971, Angus's {@code IMAPStore.id}): sends {@code clientParams} (null: none) and
     * returns the server's identification, or null when it sent none.
     */
    public Map<String, String> id(Map<String, String> clientParams) throws MessagingException {
        if (!hasCapability("ID")) {
            throw new MessagingException("the server does not support ID");
        }
        IdResponse r = withStoreConnection(c -> c.id(clientParams).check().value());
        return r == null ? null : r.fields();
    }

    // ---------------------------------------------------------------- quota

    @Override
    public jakarta.mail.Quota[] getQuota(String root) throws MessagingException {
        Imap4.QuotaRoots qr = withStoreConnection(c -> c.getQuotaRoot(root).check().value());
        List<jakarta.mail.Quota> out = new ArrayList<>();
        for (Quota q : qr.quotas()) {
            jakarta.mail.Quota jq = new jakarta.mail.Quota(q.root());
            for (Quota.Resource r : q.resources()) {
                jq.setResourceLimit(r.name(), r.limit());
                for (jakarta.mail.Quota.Resource res : jq.resources) {
                    if (res.name.equals(r.name())) {
                        res.usage = r.usage();
                    }
                }
            }
            out.add(jq);
        }
        return out.toArray(new jakarta.mail.Quota[0]);
    }

    @Override
    public void setQuota(jakarta.mail.Quota quota) throws MessagingException {
        StringBuilder sb = new StringBuilder("(");
        if (quota.resources != null) {
            for (jakarta.mail.Quota.Resource r : quota.resources) {
                if (sb.length() > 1) {
                    sb.append(' ');
                }
                sb.append(r.name).append(' ').append(r.limit);
            }
        }
        sb.append(')');
        withStoreConnection(c -> c.setQuota(quota.quotaRoot, sb.toString()).check());
    }
}
