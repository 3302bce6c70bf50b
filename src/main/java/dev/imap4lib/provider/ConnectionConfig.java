package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.transport.DeflateTransport;
import dev.imap4lib.transport.HttpConnectProxy;
import dev.imap4lib.transport.SocketSettings;
import dev.imap4lib.transport.SocketTransport;
import dev.imap4lib.transport.SocksProxy;
import dev.imap4lib.transport.TlsSettings;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.HostnameVerifier;

/**
 * The settings of how a store reaches its server, with Angus Mail's names: proxies
 * ({@code proxy.*} HTTP CONNECT, {@code socks.*}), the local address, the plain socket factory,
 * the extra host name verifier and COMPRESS. A setting that cannot be honoured fails the
 * connect with a MessagingException naming it; none is ignored.
 */
final class ConnectionConfig {
    /** Angus's aliases for its built-in name checks; ours is the JDK's RFC 6125 check. */
    private static final Set<String> VERIFIER_ALIASES = Set.of("legacy", "MailHostnameVerifier",
            "JdkHostnameChecker", "sun.security.util.HostnameChecker");

    private final StoreConfig cfg;
    final boolean compressEnable;
    final int compressLevel;
    final int compressStrategy;
    private final String proxyHost;
    private final int proxyPort;
    private final String proxyUser;
    private final String proxyPassword;
    private final String socksHost;
    private final int socksPort;
    private final String localAddress;
    private final int localPort;
    private final Object socketFactory;
    private final boolean socketFactoryFallback;
    private final int socketFactoryPort;
    private final int sslSocketFactoryPort;
    private final Object hostnameVerifier;
    /** A setting that could not be read, reported when connecting (the constructor must not throw). */
    private final String invalid;

    ConnectionConfig(StoreConfig cfg) {
        this.cfg = cfg;
        StringBuilder bad = new StringBuilder();
        compressEnable = cfg.bool("compress.enable", false);
        compressLevel = strictInt("compress.level", -1, bad);
        compressStrategy = strictInt("compress.strategy", 0, bad);
        if (compressEnable) {
            try {
                DeflateTransport.checkSettings(compressLevel, compressStrategy);
            } catch (IllegalArgumentException e) {
                note(bad, cfg.prefix + "compress.*: " + e.getMessage());
            }
        }
        String[] proxy = hostAndPort("proxy.host");
        proxyHost = proxy[0];
        proxyPort = strictInt("proxy.port", proxy[1] == null ? 80 : portOf(proxy, bad), bad);
        proxyUser = cfg.str("proxy.user", null);
        proxyPassword = cfg.props().getProperty(cfg.prefix + "proxy.password");
        String[] socks = hostAndPort("socks.host");
        socksHost = socks[0];
        socksPort = strictInt("socks.port", socks[1] == null ? 1080 : portOf(socks, bad), bad);
        localAddress = cfg.str("localaddress", null);
        localPort = strictInt("localport", 0, bad);
        Object f = cfg.props().get(cfg.prefix + "socketFactory");
        socketFactory = f != null ? f : cfg.str("socketFactory.class", null);
        socketFactoryFallback = cfg.bool("socketFactory.fallback", true);
        socketFactoryPort = strictInt("socketFactory.port", -1, bad);
        sslSocketFactoryPort = strictInt("ssl.socketFactory.port", -1, bad);
        Object v = cfg.props().get(cfg.prefix + "ssl.hostnameverifier");
        hostnameVerifier = v != null ? v : cfg.str("ssl.hostnameverifier.class", null);
        if (proxyHost != null && socksHost != null) {
            note(bad, "both " + cfg.prefix + "proxy.host and " + cfg.prefix + "socks.host are set; set one");
        }
        if (proxyUser != null && proxyPassword == null) {
            note(bad, cfg.prefix + "proxy.user is set without " + cfg.prefix + "proxy.password");
        }
        invalid = bad.length() == 0 ? null : bad.toString();
    }

    private static void note(StringBuilder bad, String s) {
        bad.append(bad.length() == 0 ? "" : "; ").append(s);
    }

    private int strictInt(String name, int def, StringBuilder bad) {
        Object o = cfg.props().get(cfg.prefix + name);
        if (o instanceof Integer i) {
            return i;
        }
        String s = cfg.str(name, null);
        if (s == null) {
            return def;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            note(bad, cfg.prefix + name + " is not a number: " + s);
            return def;
        }
    }

    /** {@code name}'s value as {host, port or null, property name}: Angus also takes {@code host:port} there. */
    private String[] hostAndPort(String name) {
        String v = cfg.str(name, null);
        int colon = v == null ? -1 : v.indexOf(':');
        if (colon < 0 || colon != v.lastIndexOf(':')) {
            return new String[] {v, null, name}; // no port, or an IPv6 literal
        }
        return new String[] {v.substring(0, colon), v.substring(colon + 1), name};
    }

    private int portOf(String[] hostPort, StringBuilder bad) {
        try {
            return Integer.parseInt(hostPort[1]);
        } catch (NumberFormatException e) {
            note(bad, cfg.prefix + hostPort[2] + " has a port that is not a number: " + hostPort[1]);
            return -1;
        }
    }

    /** Opens the socket (and implicit TLS) to {@code host:port} as configured. */
    SocketTransport open(String host, int port, boolean implicitTls, PrintStream debug) throws MessagingException, IOException {
        if (invalid != null) {
            throw new MessagingException("cannot connect to " + host + ":" + port + ": " + invalid);
        }
        SocketSettings s = SocketSettings.direct(Math.max(0, cfg.connectTimeout), Math.max(0, cfg.timeout));
        try {
            if (proxyHost != null) {
                s = s.withHttpProxy(new HttpConnectProxy(proxyHost, proxyPort, proxyUser, proxyPassword));
            } else if (socksHost != null) {
                s = s.withSocksProxy(new SocksProxy(socksHost, socksPort));
            }
        } catch (IllegalArgumentException e) {
            throw new MessagingException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        if (localAddress != null || localPort != 0) {
            try {
                InetAddress a = localAddress == null ? null : InetAddress.getByName(localAddress);
                s = s.withLocalAddress(a == null ? new InetSocketAddress(localPort) : new InetSocketAddress(a, localPort));
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new MessagingException("cannot use " + cfg.prefix + "localaddress " + localAddress + ":" + localPort
                        + ": " + e.getMessage(), e);
            }
        }
        SocketFactory factory = socketFactory(debug);
        int target = port;
        if (implicitTls && cfg.sslSocketFactory != null && sslSocketFactoryPort > 0) {
            target = sslSocketFactoryPort;
        } else if (factory != null && socketFactoryPort > 0) {
            target = socketFactoryPort;
        }
        SocketSettings direct = s;
        try {
            s = s.withFactory(factory);
        } catch (IllegalArgumentException e) {
            throw new MessagingException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        try {
            return connect(host, target, implicitTls, s);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (factory == null || !socketFactoryFallback) {
                throw e;
            }
            // Angus's socketFactory.fallback: whatever failed through the factory is tried once with a plain socket.
            if (debug != null) {
                debug.println("imap4lib: connecting through socket factory " + factory.getClass().getName()
                        + " failed (" + e + "); socketFactory.fallback: trying a plain socket");
            }
            return connect(host, port, implicitTls, direct);
        }
    }

    private SocketTransport connect(String host, int port, boolean implicitTls, SocketSettings s)
            throws IOException, MessagingException {
        try {
            return implicitTls ? SocketTransport.connectTls(host, port, tls(host), s) : SocketTransport.connect(host, port, s);
        } catch (RuntimeException e) {
            // A user-supplied factory or verifier may throw anything; it is still a failed connect.
            throw new IOException("connecting failed: " + e, e);
        }
    }

    /** The plain socket factory from {@code socketFactory} or {@code socketFactory.class}, or null. */
    private SocketFactory socketFactory(PrintStream debug) throws MessagingException {
        if (socketFactory == null) {
            return null;
        }
        if (socketFactory instanceof SocketFactory f) {
            return f;
        }
        if (socketFactory instanceof String className) {
            try {
                return (SocketFactory) StoreConfig.load(className).getMethod("getDefault").invoke(null);
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                if (socketFactoryFallback) {
                    if (debug != null) {
                        debug.println("imap4lib: cannot use socket factory " + className + " (" + e
                                + "); socketFactory.fallback: using a plain socket");
                    }
                    return null;
                }
                throw new MessagingException("cannot use " + cfg.prefix + "socketFactory.class " + className + ": " + e,
                        e instanceof Exception x ? x : null);
            }
        }
        throw new MessagingException(cfg.prefix + "socketFactory is a " + socketFactory.getClass().getName()
                + ", not a javax.net.SocketFactory");
    }

    /** The store's TLS settings for {@code host} with the configured extra host name verifier. */
    TlsSettings tls(String host) throws MessagingException {
        TlsSettings t = cfg.tls(host);
        if (hostnameVerifier == null) {
            return t;
        }
        if (hostnameVerifier instanceof HostnameVerifier v) {
            return t.withHostnameVerifier(v);
        }
        if (hostnameVerifier instanceof String name) {
            if (VERIFIER_ALIASES.contains(name)) {
                // Angus's built-in name checks: the JDK's endpoint identification does that job.
                return new TlsSettings(t.factory(), true, t.protocols(), t.cipherSuites());
            }
            try {
                return t.withHostnameVerifier((HostnameVerifier) StoreConfig.load(name).getConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new MessagingException("cannot use " + cfg.prefix + "ssl.hostnameverifier.class " + name + ": " + e,
                        e instanceof Exception x ? x : null);
            }
        }
        throw new MessagingException(cfg.prefix + "ssl.hostnameverifier is a " + hostnameVerifier.getClass().getName()
                + ", not a javax.net.ssl.HostnameVerifier");
    }

    /** COMPRESS=DEFLATE when enabled and offered (Angus's {@code compress.*}); a refusal leaves the connection as it is. */
    void compress(Imap4 c) throws IOException {
        if (compressEnable && c.hasCapability("COMPRESS=DEFLATE") && !c.isCompressed()) {
            c.compress(compressLevel, compressStrategy);
        }
    }
}
