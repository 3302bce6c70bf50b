package dev.imap4lib.transport;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.util.Objects;

/**
 * A SOCKS proxy, through the JDK's own client ({@link Proxy.Type#SOCKS}): SOCKS5, falling back
 * to SOCKS4 when the proxy does not speak 5; SOCKS5 user name and password come from a
 * {@link java.net.Authenticator} or the {@code java.net.socks.username}/{@code password} system
 * properties, as for every JDK socket. The target's name is sent to the proxy unresolved, so it
 * resolves it (no local DNS lookup of the mail server).
 *
 * @param host the proxy's host
 * @param port the proxy's port (1080 is the usual one)
 */
public record SocksProxy(String host, int port) {
    public SocksProxy {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("SOCKS port " + port + " is out of range");
        }
    }

    /** An unconnected socket that connects through this proxy. */
    Socket newSocket() {
        return new Socket(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(host, port)));
    }
}
