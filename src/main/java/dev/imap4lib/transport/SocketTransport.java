package dev.imap4lib.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** A TCP connection, optionally with TLS (implicit, or added later by STARTTLS). */
public final class SocketTransport implements Transport {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean secure;

    private SocketTransport(String host, int port, Socket socket) throws IOException {
        this.host = host;
        this.port = port;
        setSocket(socket);
    }

    private void setSocket(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = new BufferedOutputStream(new WatchedOutput(s.getOutputStream()), 16 * 1024);
        secure = s instanceof SSLSocket;
    }

    private volatile int writeTimeout;

    /**
     * Bounds every write: a server that stops reading (a full TCP window) gets its connection
     * closed after {@code millis}, so the writer fails instead of blocking forever. 0 disables.
     */
    public void setWriteTimeout(int millis) {
        writeTimeout = millis;
    }

    /** Socket streams cannot time out on writes; a watchdog closes the socket instead. */
    private final class WatchedOutput extends java.io.FilterOutputStream {
        WatchedOutput(OutputStream o) {
            super(o);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int t = writeTimeout;
            if (t <= 0) {
                out.write(b, off, len);
                return;
            }
            Socket s = socket;
            var task = IoAlarm.arm(() -> closeQuietly(s), t);
            try {
                out.write(b, off, len);
            } finally {
                task.cancel(false);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    /**
     * Opens a plain TCP connection.
     *
     * @param factory the socket factory, or {@code null} for the default
     * @param connectTimeoutMillis bound on the TCP connect, 0 for none
     * @param readTimeoutMillis bound on every read, 0 for none
     */
    public static SocketTransport connect(String host, int port, SocketFactory factory,
            int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        return connect(host, port, SocketSettings.direct(connectTimeoutMillis, readTimeoutMillis).withFactory(factory));
    }

    /**
     * Opens a TCP connection as {@code settings} say: through their socket factory, bound to
     * their local address, directly or through their proxy. A factory that makes TLS sockets
     * gets its handshake here, with host name checks.
     */
    public static SocketTransport connect(String host, int port, SocketSettings settings) throws IOException {
        return connect(host, port, settings, TlsSettings.defaults());
    }

    /** As above; a socket the factory made TLS already is handshaken under {@code tls}. */
    private static SocketTransport connect(String host, int port, SocketSettings settings, TlsSettings tls)
            throws IOException {
        Socket s = settings.socksProxy() != null ? settings.socksProxy().newSocket()
                : (settings.factory() == null ? SocketFactory.getDefault() : settings.factory()).createSocket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            if (settings.localAddress() != null) {
                s.bind(settings.localAddress());
            }
            int cto = settings.connectTimeoutMillis();
            if (settings.httpProxy() != null) {
                settings.httpProxy().open(s, host, port, cto);
            } else if (settings.socksProxy() != null) {
                // Unresolved: the proxy looks the name up, as the route to it may be all there is.
                s.connect(InetSocketAddress.createUnresolved(host, port), cto);
            } else {
                s.connect(new InetSocketAddress(host, port), cto);
            }
            s.setSoTimeout(settings.readTimeoutMillis());
            if (s instanceof SSLSocket ssl) {
                // A factory that makes TLS sockets directly still gets host name checks and the
                // overall handshake bound; there is no plain socket under it to close, so the
                // TLS one is.
                configure(ssl, host, tls);
                handshake(ssl, ssl, settings.readTimeoutMillis());
                tls.checkPeer(host, ssl);
            }
            return new SocketTransport(host, port, s);
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /** Opens a TCP connection and performs a TLS handshake on it (implicit TLS, port 993). */
    public static SocketTransport connectTls(String host, int port, TlsSettings tls,
            int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        return connectTls(host, port, tls, SocketSettings.direct(connectTimeoutMillis, readTimeoutMillis));
    }

    /**
     * Implicit TLS over a connection opened as {@code settings} say; through a proxy the
     * certificate is checked against {@code host}, the mail server, never the proxy. A socket
     * factory that already made a TLS socket is used as it is.
     */
    public static SocketTransport connectTls(String host, int port, TlsSettings tls, SocketSettings settings)
            throws IOException {
        SocketTransport plain = connect(host, port, settings, tls);
        if (plain.isSecure()) {
            return plain;
        }
        try {
            plain.upgradeToTls(tls);
            return plain;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Layers TLS over the current connection (STARTTLS, or right after connecting for implicit
     * TLS). The caller must first drop anything it read ahead in plain text.
     */
    public void upgradeToTls(TlsSettings tls) throws IOException {
        if (secure) {
            throw new IllegalStateException("connection is already encrypted");
        }
        SSLSocketFactory f = tls.socketFactory();
        int timeout = socket.getSoTimeout();
        SSLSocket ssl = (SSLSocket) f.createSocket(socket, host, port, true);
        configure(ssl, host, tls);
        ssl.setSoTimeout(timeout);
        handshake(ssl, socket, timeout);
        try {
            tls.checkPeer(host, ssl);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ssl);
            throw e;
        }
        setSocket(ssl);
    }

    /**
     * The read timeout bounds each read of the handshake, so a server dripping its handshake a
     * byte at a time could hold the connect open for hours; the handshake as a whole gets the
     * same bound. The plain socket is closed, not the TLS one, whose close may wait for the
     * handshake it is meant to stop.
     */
    private static void handshake(SSLSocket ssl, Socket plain, int timeoutMillis) throws IOException {
        if (timeoutMillis <= 0) {
            ssl.startHandshake();
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        var alarm = IoAlarm.arm(() -> {
            expired.set(true);
            closeQuietly(plain);
        }, timeoutMillis);
        try {
            ssl.startHandshake();
        } catch (IOException e) {
            if (expired.get()) {
                SocketTimeoutException t = new SocketTimeoutException("the TLS handshake did not finish within "
                        + timeoutMillis + " ms");
                t.initCause(e);
                throw t;
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    /** Protocol versions never enabled unless the caller names them (RFC 8996 deprecates TLS 1.0 and 1.1). */
    private static final java.util.Set<String> LEGACY_PROTOCOLS = java.util.Set.of("SSLv2Hello", "SSLv3", "TLSv1", "TLSv1.1");

    /** Suites without encryption or authentication, export-grade, or built on RC4, DES, 3DES or MD5. */
    private static final java.util.regex.Pattern WEAK_SUITE = java.util.regex.Pattern.compile(
            "_NULL_|_NULL$|_anon_|EXPORT|_RC4_|_DES_|_DES40_|3DES|_MD5$|_KRB5_");

    /** Whether the default suite list leaves {@code suite} out (see {@link #configure}). */
    static boolean isWeakCipherSuite(String suite) {
        return WEAK_SUITE.matcher(suite).find();
    }

    private static void configure(SSLSocket ssl, String host, TlsSettings tls) {
        SSLParameters p = ssl.getSSLParameters();
        if (tls.verifyHostname()) {
            // RFC 2818 rules (wildcards, subjectAltName) are what RFC 8314 asks of mail clients.
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!tls.protocols().isEmpty()) {
            p.setProtocols(tls.protocols().toArray(new String[0]));   // the caller's explicit choice
        } else {
            // TLS 1.2 and later only, whatever the factory (or a re-enabling java.security) offers.
            p.setProtocols(java.util.Arrays.stream(ssl.getEnabledProtocols())
                    .filter(v -> !LEGACY_PROTOCOLS.contains(v)).toArray(String[]::new));
        }
        if (!tls.cipherSuites().isEmpty()) {
            p.setCipherSuites(tls.cipherSuites().toArray(new String[0]));
        } else {
            // A caller's factory (or a java.security that re-enables them) may offer broken
            // suites; like the legacy protocols, they are used only when named.
            p.setCipherSuites(java.util.Arrays.stream(ssl.getEnabledCipherSuites())
                    .filter(c -> !isWeakCipherSuite(c)).toArray(String[]::new));
        }
        ssl.setSSLParameters(p);
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void setReadTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    @Override
    public int readTimeout() {
        try {
            return socket.getSoTimeout();
        } catch (SocketException e) {
            return 0;
        }
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public Socket socket() {
        return socket;
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (socket instanceof SSLSocket) {
            // TLS sockets do not support half-close; closing is the closest equivalent.
            socket.close();
        } else {
            socket.shutdownOutput();
        }
    }

    @Override
    public String describe() {
        return host + ":" + port + (secure ? " (TLS)" : "");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
