package dev.imap4lib.cli;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Imap4Ssl;
import dev.imap4lib.client.Imap4Stream;
import dev.imap4lib.client.State;
import dev.imap4lib.provider.Imap4libFolder;
import dev.imap4lib.provider.Imap4libStore;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The mail account a command works on: the embedded demo server (no server options), or a real
 * server from {@code --host/--port/--user}, {@code --tls}/{@code --starttls}, {@code --stream-command}.
 * Commands use the Jakarta Mail provider through {@link #store}; {@link #raw()} opens a core
 * {@link Imap4} connection with the same settings for the raw-by-nature work.
 */
final class Mail implements AutoCloseable {
    final Ctx ctx;
    final DemoServer demo;
    final String host;
    final int port;
    final String user;
    private final String password;
    private final boolean tls;
    private final boolean starttls;
    /** Whom TLS trusts: null for the JVM's CAs, else --cacert's, --pin's or --insecure's context. */
    private final SSLContext trust;
    /** Whether the certificate must name the host: off for --insecure and --pin. */
    private final boolean verifyHostname;
    private final String streamCommand;
    Imap4libStore store;

    /** The server options, each also taken with a prefix ({@code --from-host}) by commands with two accounts. */
    static final List<String> SERVER_VALUES = List.of("host", "port", "user", "stream-command", "password-file", "cacert", "pin");
    static final List<String> SERVER_FLAGS = List.of("tls", "starttls", "insecure");

    private Mail(Ctx ctx, DemoServer demo, String host, int port, String user, String password, boolean tls,
            boolean starttls, SSLContext trust, boolean verifyHostname, String streamCommand) {
        this.ctx = ctx;
        this.demo = demo;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.tls = tls;
        this.starttls = starttls;
        this.trust = trust;
        this.verifyHostname = verifyHostname;
        this.streamCommand = streamCommand;
    }

    /** Whether the options name a real server (otherwise the embedded demo server is used). */
    static boolean wantsRealServer(Args a) {
        return wantsRealServer(a, "");
    }

    /** Whether the options with {@code prefix} name a real server. */
    static boolean wantsRealServer(Args a, String prefix) {
        return a.value(prefix + "host") != null || a.value(prefix + "port") != null || a.value(prefix + "user") != null
                || a.value(prefix + "stream-command") != null || a.flag(prefix + "tls") || a.flag(prefix + "starttls");
    }

    /** Option names: {@code names} with each prefix (for a command's option set). */
    static Set<String> prefixed(List<String> names, String... prefixes) {
        Set<String> out = new HashSet<>();
        for (String p : prefixes) {
            for (String n : names) {
                out.add(p + n);
            }
        }
        return out;
    }

    /** Resolves the account and connects the store (seeding the demo mailbox when embedded). */
    static Mail open(Ctx ctx, Args a) throws CliException, MessagingException {
        return open(ctx, a, "");
    }

    /** {@link #open(Ctx, Args)} from the options that start with {@code prefix} ("" or e.g. "from-"). */
    static Mail open(Ctx ctx, Args a, String prefix) throws CliException, MessagingException {
        return resolve(ctx, a, prefix).connect();
    }

    /** Connects the store of a resolved account (seeding the demo mailbox when embedded); closes itself on failure. */
    Mail connect() throws MessagingException {
        try {
            connectStore();
            if (demo != null) {
                long t0 = System.nanoTime();
                int n = SampleMailbox.seed(store);
                if (!ctx.json) {
                    ctx.err.println(ctx.c(Ctx.YELLOW, "embedded demo server") + " (GreenMail, in memory) on 127.0.0.1:"
                            + port + ", user " + DemoServer.USER + ": " + n + " sample messages appended in "
                            + (System.nanoTime() - t0) / 1_000_000 + " ms. Give --host/--user for a real server.");
                }
            }
            return this;
        } catch (MessagingException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Works out where to connect and the password, starting the demo server when none is given. */
    static Mail resolve(Ctx ctx, Args a) throws CliException {
        return resolve(ctx, a, "");
    }

    static Mail resolve(Ctx ctx, Args a, String prefix) throws CliException {
        String o = "--" + prefix;
        if (!wantsRealServer(a, prefix)) {
            for (String n : List.of("password-file", "cacert", "pin")) {
                if (a.value(prefix + n) != null) {
                    throw CliException.usage(o + n + " needs a real server (" + o + "host)");
                }
            }
            if (a.flag(prefix + "insecure")) {
                throw CliException.usage(o + "insecure needs a real server (" + o + "host)");
            }
            DemoServer d = DemoServer.start();
            return new Mail(ctx, d, "127.0.0.1", d.port(), DemoServer.USER, DemoServer.PASSWORD, false, false, null, true, null);
        }
        boolean tls = a.flag(prefix + "tls");
        boolean starttls = a.flag(prefix + "starttls");
        String stream = a.value(prefix + "stream-command");
        if (tls && starttls) {
            throw CliException.usage(o + "tls (implicit TLS, port 993) and " + o + "starttls (port 143) exclude each other");
        }
        String host = a.value(prefix + "host");
        if (host == null && stream == null) {
            throw CliException.usage(o + "host is required for a real server (or " + o + "stream-command CMD)");
        }
        int port;
        try {
            port = Integer.parseInt(a.value(prefix + "port", tls ? "993" : "143"));
        } catch (NumberFormatException e) {
            throw CliException.usage(o + "port needs a number");
        }
        String cacert = a.value(prefix + "cacert");
        String pin = a.value(prefix + "pin");
        boolean insecure = a.flag(prefix + "insecure");
        if ((cacert != null ? 1 : 0) + (pin != null ? 1 : 0) + (insecure ? 1 : 0) > 1) {
            throw CliException.usage(o + "cacert, " + o + "pin and " + o + "insecure exclude each other");
        }
        SSLContext trust;
        try {
            trust = cacert != null ? Trust.caFile(Path.of(cacert))
                    : pin != null ? Trust.pinned(Trust.parsePin(pin))
                    : insecure ? dev.imap4lib.transport.TlsSettings.trustAllContext() : null;
        } catch (IOException e) {
            throw new CliException(Main.EXIT_TLS, "cannot set up TLS: " + e.getMessage(), e);
        }
        String user = a.value(prefix + "user", stream == null ? ctx.env.get("USER") : null);
        String password = null;
        if (user != null) {
            password = password(ctx, a, prefix, user, host == null ? "the server" : host);
        } else if (stream == null) {
            throw CliException.usage(o + "user is required");
        }
        return new Mail(ctx, null, host == null ? "localhost" : host, port, user, password, tls, starttls,
                trust, cacert != null || trust == null, stream);
    }

    /** The environment variable holding the password for the options with {@code prefix}. */
    static String passwordVariable(String prefix) {
        return prefix.isEmpty() ? "IMAP4LIB_PASSWORD"
                : "IMAP4LIB_" + prefix.replace("-", "_").toUpperCase(java.util.Locale.ROOT) + "PASSWORD";
    }

    /** --password-file, then $IMAP4LIB_PASSWORD, then a no-echo prompt; never the command line. */
    private static String password(Ctx ctx, Args a, String prefix, String user, String host) throws CliException {
        String file = a.value(prefix + "password-file");
        if (file != null) {
            try {
                String s = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                s = nl >= 0 ? s.substring(0, nl) : s;
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            } catch (NoSuchFileException e) {
                throw CliException.usage("password file not found: " + file);
            } catch (IOException e) {
                throw CliException.usage("cannot read password file " + file + ": " + e.getMessage());
            }
        }
        String env = ctx.env.get(passwordVariable(prefix));
        if (env != null) {
            return env;
        }
        Console console = System.console();
        if (console != null && ctx.tty) {
            char[] pw = console.readPassword("Password for %s at %s: ", user, host);
            if (pw != null) {
                return new String(pw);
            }
        }
        throw CliException.usage("no password for " + user + ": set " + passwordVariable(prefix) + ", use --" + prefix
                + "password-file FILE, or run on a terminal to be asked");
    }

    private void connectStore() throws MessagingException {
        String protocol = tls ? "imap4libs" : "imap4lib";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "connectiontimeout", "15000");
        props.put(p + "timeout", "120000");
        props.put(p + "peek", "true");
        if (starttls) {
            props.put(p + "starttls.required", "true");
        }
        if (trust != null) {
            props.put(p + "ssl.socketFactory", trust.getSocketFactory());
        }
        if (!verifyHostname) {
            props.put(p + "ssl.checkserveridentity", "false");
        }
        if (streamCommand != null) {
            props.put(p + "stream.command", streamCommand);
        }
        Session session = Session.getInstance(props);
        if (ctx.debug) {
            session.setDebug(true);
            session.setDebugOut(ctx.err);
        }
        store = (Imap4libStore) session.getStore(protocol);
        store.connect(host, port, user, password);
    }

    /** One line describing the account, for headers and errors. */
    String describe() {
        if (demo != null) {
            return "embedded demo server 127.0.0.1:" + port + " (user " + user + ")";
        }
        if (streamCommand != null) {
            return "stream command \"" + streamCommand + "\"" + (user == null ? "" : " (user " + user + ")");
        }
        return host + ":" + port + (tls ? " (TLS" : starttls ? " (STARTTLS" : " (") + (tls || starttls ? ", " : "")
                + "user " + user + ")";
    }

    boolean isDemo() {
        return demo != null;
    }

    /** An existing folder (not opened), or FolderNotFoundException. */
    Imap4libFolder folder(String name) throws MessagingException {
        Folder f = store.getFolder(name);
        if (!f.exists()) {
            throw new FolderNotFoundException(f, "no folder \"" + name + "\" on " + describe());
        }
        return (Imap4libFolder) f;
    }

    /** A core connection with this account's settings, logged in unless {@code login} is false. */
    Imap4 raw(boolean login) throws IOException, CliException {
        ClientOptions opts = ClientOptions.defaults().withTimeout(Duration.ofSeconds(120)).withVerifyHostname(verifyHostname);
        if (ctx.debug) {
            opts = opts.withDebug(2, ctx.err);
        }
        Imap4 c;
        if (streamCommand != null) {
            c = new Imap4Stream(streamCommand, opts);
        } else if (tls) {
            c = new Imap4Ssl(host, port, trust, opts);
        } else {
            c = new Imap4(host, port, opts);
            if (demo == null && c.state() == State.NONAUTH && (starttls || c.hasCapability("STARTTLS"))) {
                c.starttls(trust);
            }
        }
        try {
            if (starttls && !c.isSecure()) {
                throw new CliException(Main.EXIT_TLS, "STARTTLS is required but " + host + " does not offer it");
            }
            if (login && c.state() == State.NONAUTH) {
                login(c);
            }
            return c;
        } catch (IOException | CliException | RuntimeException e) {
            c.shutdown();
            throw e;
        }
    }

    /** LOGIN with this account's credentials; a refusal is an authentication failure. */
    void login(Imap4 c) throws IOException, CliException {
        if (user == null || password == null) {
            throw CliException.usage("no user and password for LOGIN (use --user)");
        }
        try {
            c.login(user, password);
        } catch (Imap4Exception e) {
            if ("NO".equals(e.status()) || "BAD".equals(e.status())) {
                throw new CliException(Main.EXIT_AUTH, "authentication failed for " + user + " at " + describe()
                        + ": " + e.getMessage(), new AuthenticationFailedException(e.getMessage()));
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException ignored) {
            // closing anyway
        }
        if (demo != null) {
            demo.close();
        }
    }
}
