package dev.imap4lib.client;

import dev.imap4lib.transport.SocketTransport;
import dev.imap4lib.transport.TlsSettings;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * imaplib's {@code IMAP4_SSL}: IMAP over implicit TLS (port 993). The server certificate must
 * be trusted by the {@link SSLContext} (the JVM's CAs by default) and must name the host (host
 * name verification is on unless {@link ClientOptions#withVerifyHostname(boolean)} turns it
 * off); SNI carries the host name.
 */
public class Imap4Ssl extends Imap4 {
    /** Connects to {@code host:993} with the JVM's default TLS context. */
    public Imap4Ssl(String host) throws IOException {
        this(host, IMAP4_SSL_PORT, (SSLContext) null, ClientOptions.defaults());
    }

    /** Connects to {@code host:port} with the JVM's default TLS context. */
    public Imap4Ssl(String host, int port) throws IOException {
        this(host, port, (SSLContext) null, ClientOptions.defaults());
    }

    /**
     * Connects to {@code host:port} over TLS.
     *
     * @param sslContext trust and key material, or {@code null} for the JVM default
     * @param timeout bounds the connect, the handshake and every read
     */
    public Imap4Ssl(String host, int port, SSLContext sslContext, Duration timeout) throws IOException {
        this(host, port, sslContext, Params.withTimeout(timeout));
    }

    /** Connects with explicit options. */
    public Imap4Ssl(String host, int port, SSLContext sslContext, ClientOptions options) throws IOException {
        this(host, port, TlsSettings.of(sslContext, Params.options(options).verifyHostname()), Params.options(options));
    }

    /** Connects with full control of TLS (socket factory, protocols, cipher suites). */
    public Imap4Ssl(String host, int port, TlsSettings tls, ClientOptions options) throws IOException {
        super(hostOrLocal(host), port, Params.options(options), SocketTransport.connectTls(hostOrLocal(host), port,
                tls != null ? tls : TlsSettings.of(null, Params.options(options).verifyHostname()),
                Params.options(options).timeoutMillis(), Params.options(options).timeoutMillis()));
    }
}
