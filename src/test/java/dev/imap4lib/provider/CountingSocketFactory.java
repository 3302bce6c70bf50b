package dev.imap4lib.provider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;

/** A plain socket factory named by {@code mail.<protocol>.socketFactory.class} in tests; counts its sockets. */
public final class CountingSocketFactory extends SocketFactory {
    static final AtomicInteger CREATED = new AtomicInteger();

    public static SocketFactory getDefault() {
        return new CountingSocketFactory();
    }

    @Override
    public Socket createSocket() {
        CREATED.incrementAndGet();
        return new Socket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("only unconnected sockets are expected");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new IOException("only unconnected sockets are expected");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new IOException("only unconnected sockets are expected");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new IOException("only unconnected sockets are expected");
    }
}
