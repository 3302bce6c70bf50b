package dev.imap4lib.transport;

import java.net.InetSocketAddress;
import javax.net.SocketFactory;

/**
 * How to open the TCP connection under IMAP: the socket factory, the local address to bind, a
 * proxy, and the timeouts. Immutable; {@link #direct(int, int)} is the plain case.
 *
 * @param factory creates the (unconnected) socket; {@code null} for a plain {@link java.net.Socket}
 * @param localAddress address and port to bind before connecting, or {@code null} for the system's choice
 * @param httpProxy tunnel through an HTTP proxy with CONNECT, or {@code null}
 * @param socksProxy connect through a SOCKS proxy, or {@code null}
 * @param connectTimeoutMillis bounds the TCP connect (and a proxy's handshake), 0 for none
 * @param readTimeoutMillis bounds every read afterwards, 0 for none
 */
public record SocketSettings(SocketFactory factory, InetSocketAddress localAddress, HttpConnectProxy httpProxy,
        SocksProxy socksProxy, int connectTimeoutMillis, int readTimeoutMillis) {

    public SocketSettings {
        if (httpProxy != null && socksProxy != null) {
            throw new IllegalArgumentException("both an HTTP proxy (" + httpProxy + ") and a SOCKS proxy (" + socksProxy
                    + ") are set; a connection goes through one of them");
        }
        if (socksProxy != null && factory != null) {
            throw new IllegalArgumentException("a SOCKS proxy cannot be combined with a socket factory ("
                    + factory.getClass().getName() + "): the JDK's SOCKS client makes its own sockets");
        }
        if (connectTimeoutMillis < 0 || readTimeoutMillis < 0) {
            throw new IllegalArgumentException("negative timeout");
        }
    }

    /** A direct connection with a plain socket. */
    public static SocketSettings direct(int connectTimeoutMillis, int readTimeoutMillis) {
        return new SocketSettings(null, null, null, null, connectTimeoutMillis, readTimeoutMillis);
    }

    public SocketSettings withFactory(SocketFactory f) {
        return new SocketSettings(f, localAddress, httpProxy, socksProxy, connectTimeoutMillis, readTimeoutMillis);
    }

    public SocketSettings withLocalAddress(InetSocketAddress a) {
        return new SocketSettings(factory, a, httpProxy, socksProxy, connectTimeoutMillis, readTimeoutMillis);
    }

    public SocketSettings withHttpProxy(HttpConnectProxy p) {
        return new SocketSettings(factory, localAddress, p, socksProxy, connectTimeoutMillis, readTimeoutMillis);
    }

    public SocketSettings withSocksProxy(SocksProxy p) {
        return new SocketSettings(factory, localAddress, httpProxy, p, connectTimeoutMillis, readTimeoutMillis);
    }
}
