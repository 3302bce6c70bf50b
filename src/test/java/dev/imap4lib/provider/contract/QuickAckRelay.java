package dev.imap4lib.provider.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A byte-transparent TCP relay on 127.0.0.1 in front of a test server, for speed only.
 *
 * <p>GreenMail writes each response line separately on a socket with Nagle's algorithm on, so
 * every second line of a response waits for the client's delayed ACK (about 40 ms on Linux):
 * most commands cost 40 ms. The relay reads from the server with TCP_QUICKACK re-armed before
 * every read (Linux; elsewhere it is a plain relay) and writes to the client with TCP_NODELAY,
 * which takes the delay out without touching the server or the provider under test.
 */
final class QuickAckRelay implements AutoCloseable {

    private static final SocketOption<Boolean> QUICKACK = quickAck();

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    QuickAckRelay(String host, int port) throws IOException {
        upstream = new InetSocketAddress(host, port);
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "quickack-relay-" + port);
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    @SuppressWarnings("unchecked")
    private static SocketOption<Boolean> quickAck() {
        try {
            return (SocketOption<Boolean>) Class.forName("jdk.net.ExtendedSocketOptions").getField("TCP_QUICKACK").get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(upstream, 5000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("QuickAckRelay: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean quickAck) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            boolean canQuickAck = quickAck && QUICKACK != null && from.supportedOptions().contains(QUICKACK);
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                while (true) {
                    if (canQuickAck) {
                        from.setOption(QUICKACK, true);
                    }
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                close(from);
                close(to);
            }
        }, "quickack-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : sockets) {
            close(s);
        }
    }
}
