package dev.imap4lib.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A proxy on loopback for tests: {@link #http} answers HTTP CONNECT (optionally demanding Basic
 * credentials), {@link #socks5} speaks SOCKS5 (RFC 1928; optionally user name and password, RFC
 * 1929). It records what each client asked for (the request head, the target) and counts the
 * bytes it relayed each way. At most {@value #MAX_CONNECTIONS} connections, handshakes bounded by
 * 10 s; threads are named daemons; {@link #close()} ends every connection.
 */
public final class TestProxy implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 64;
    private static final int HANDSHAKE_TIMEOUT = 10_000;

    /**
     * What one client asked for: the target {@code host:port}, for HTTP its whole request head,
     * whether it was let through, and the client's port as the proxy saw it.
     */
    public record Request(String target, String head, boolean accepted, int clientPort) {
        Request(String target, String head, boolean accepted) {
            this(target, head, accepted, CLIENT_PORT.get());
        }
    }

    private static final ThreadLocal<Integer> CLIENT_PORT = ThreadLocal.withInitial(() -> -1);

    private final boolean http;
    private final String user;
    private final String password;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    private volatile boolean silent;

    private TestProxy(boolean http, String user, String password) throws IOException {
        this.http = http;
        this.user = user;
        this.password = password;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("test-proxy-accept-" + port(), this::acceptLoop);
    }

    /** An HTTP CONNECT proxy; with {@code user} non-null it answers 407 unless given exactly these credentials. */
    public static TestProxy http(String user, String password) throws IOException {
        return new TestProxy(true, user, password);
    }

    /** A SOCKS5 proxy; with {@code user} non-null it demands user name/password authentication. */
    public static TestProxy socks5(String user, String password) throws IOException {
        return new TestProxy(false, user, password);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on accept connections but never answer them (a proxy that hangs). */
    public void goSilent() {
        silent = true;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Bytes relayed from the client to the target so far. */
    public long bytesToServer() {
        return toServer.get();
    }

    /** Bytes relayed from the target to the client so far. */
    public long bytesToClient() {
        return toClient.get();
    }

    private void acceptLoop() {
        int n = 0;
        while (!listener.isClosed() && n++ < MAX_CONNECTIONS) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                start("test-proxy-conn-" + port(), () -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        CLIENT_PORT.set(client.getPort());
        try {
            client.setSoTimeout(HANDSHAKE_TIMEOUT);
            if (silent) {
                client.getInputStream().read(new byte[1]);
                return;
            }
            Socket server = http ? httpHandshake(client) : socksHandshake(client);
            if (server == null) {
                client.close();
                return;
            }
            client.setSoTimeout(0);
            sockets.add(server);
            start("test-proxy-up-" + port(), () -> pump(client, server, toServer));
            pump(server, client, toClient);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private Socket httpHandshake(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 16 * 1024) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                break;
            }
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        String[] first = h.substring(0, h.indexOf("\r\n")).split(" ");
        String target = first.length > 1 ? first[1] : "";
        OutputStream out = client.getOutputStream();
        boolean authorized = user == null || h.contains("\r\nProxy-Authorization: Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n");
        requests.add(new Request(target, h, authorized && first[0].equals("CONNECT")));
        if (!first[0].equals("CONNECT")) {
            out.write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return null;
        }
        if (!authorized) {
            out.write("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return null;
        }
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon).replace("[", "").replace("]", "");
        Socket server = new Socket(host, Integer.parseInt(target.substring(colon + 1)));
        out.write("HTTP/1.1 200 Connection established\r\nVia: test-proxy\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return server;
    }

    private Socket socksHandshake(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        if (in.readUnsignedByte() != 5) {
            requests.add(new Request("", "not SOCKS5", false));
            return null;
        }
        byte[] methods = new byte[in.readUnsignedByte()];
        in.readFully(methods);
        int want = user == null ? 0 : 2;
        boolean offered = false;
        for (byte m : methods) {
            offered |= m == want;
        }
        if (!offered) {
            out.write(new byte[] {5, (byte) 0xff});
            requests.add(new Request("", "no acceptable method", false));
            return null;
        }
        out.write(new byte[] {5, (byte) want});
        if (want == 2) {
            in.readUnsignedByte(); // sub-negotiation version 1
            byte[] u = new byte[in.readUnsignedByte()];
            in.readFully(u);
            byte[] p = new byte[in.readUnsignedByte()];
            in.readFully(p);
            boolean ok = new String(u, StandardCharsets.UTF_8).equals(user) && new String(p, StandardCharsets.UTF_8).equals(password);
            out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
            if (!ok) {
                requests.add(new Request("", "bad credentials", false));
                return null;
            }
        }
        byte[] req = new byte[4];
        in.readFully(req);
        String host;
        switch (req[3]) {
            case 1 -> {
                byte[] a = new byte[4];
                in.readFully(a);
                host = InetAddress.getByAddress(a).getHostAddress();
            }
            case 3 -> {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.US_ASCII);
            }
            case 4 -> {
                byte[] a = new byte[16];
                in.readFully(a);
                host = InetAddress.getByAddress(a).getHostAddress();
            }
            default -> {
                return null;
            }
        }
        int port = in.readUnsignedShort();
        requests.add(new Request(host + ":" + port, "SOCKS5 CONNECT", req[1] == 1));
        Socket server = new Socket(host, port);
        byte[] ok = {5, 0, 0, 1, 127, 0, 0, 1, (byte) (server.getLocalPort() >> 8), (byte) server.getLocalPort()};
        out.write(ok);
        out.flush();
        return server;
    }

    private void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
                counter.addAndGet(n);
            }
        } catch (IOException ignored) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.setContextClassLoader(null);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
