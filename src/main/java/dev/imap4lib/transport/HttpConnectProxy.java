package dev.imap4lib.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * An HTTP proxy that opens a tunnel with {@code CONNECT host:port} (RFC 9110 9.3.6), optionally
 * with Basic proxy authentication. Only the proxy's own credentials are sent to it; TLS, when
 * used, runs inside the tunnel and verifies the mail server's name, not the proxy's.
 *
 * @param host the proxy's host
 * @param port the proxy's port
 * @param user proxy user name, or {@code null} for no authentication
 * @param password proxy password (with {@code user})
 */
public record HttpConnectProxy(String host, int port, String user, String password) {
    /** The proxy's answer is a status line and headers; anything longer is not a proxy. */
    private static final int MAX_RESPONSE = 16 * 1024;

    public HttpConnectProxy {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("proxy port " + port + " is out of range");
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("a proxy user needs a proxy password and the other way round");
        }
    }

    /**
     * Connects {@code socket} to the proxy and asks for a tunnel to {@code targetHost:targetPort};
     * returns with the socket positioned at the first byte from the target.
     *
     * @param timeoutMillis bounds the connect to the proxy and, in total, its answer; 0 for none
     * @throws ConnectException when the proxy refuses (the message has its status line)
     */
    public void open(Socket socket, String targetHost, int targetPort, int timeoutMillis) throws IOException {
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        int oldTimeout = socket.getSoTimeout();
        if (timeoutMillis > 0) {
            socket.setSoTimeout(timeoutMillis);
        }
        String authority = (targetHost.indexOf(':') >= 0 ? "[" + targetHost + "]" : targetHost) + ":" + targetPort;
        StringBuilder req = new StringBuilder()
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        if (user != null) {
            String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            req.append("Proxy-Authorization: Basic ").append(token).append("\r\n");
        }
        req.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        String status = readHead(socket.getInputStream(), timeoutMillis);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3 || parts[1].charAt(0) != '2') {
            String why = parts.length >= 2 && parts[1].equals("407")
                    ? (user == null ? " (the proxy wants credentials: set the proxy user and password)"
                            : " (the proxy refused the proxy user name or password)")
                    : "";
            throw new ConnectException("HTTP proxy " + host + ":" + port + " refused CONNECT " + authority + ": "
                    + dev.imap4lib.wire.Excerpt.escape(status.getBytes(StandardCharsets.ISO_8859_1), 0,
                            status.length(), 200) + why);
        }
        socket.setSoTimeout(oldTimeout);
    }

    /**
     * Reads the status line and headers a byte at a time, so not one byte of the mail server's
     * greeting behind them is consumed; returns the status line.
     */
    private String readHead(InputStream in, int timeoutMillis) throws IOException {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
        StringBuilder line = new StringBuilder();
        String status = null;
        int total = 0;
        while (true) {
            if (deadline != 0 && System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("HTTP proxy " + host + ":" + port + " did not answer CONNECT within "
                        + timeoutMillis + " ms");
            }
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                SocketTimeoutException t = new SocketTimeoutException("HTTP proxy " + host + ":" + port
                        + " did not answer CONNECT within " + timeoutMillis + " ms");
                t.initCause(e);
                throw t;
            }
            if (b < 0) {
                throw new ConnectException("HTTP proxy " + host + ":" + port + " closed the connection"
                        + (status == null ? " without answering CONNECT" : " in its answer to CONNECT"));
            }
            if (++total > MAX_RESPONSE) {
                throw new ConnectException("HTTP proxy " + host + ":" + port + " sent more than " + MAX_RESPONSE
                        + " bytes of headers");
            }
            if (b != '\n') {
                line.append((char) b);
                continue;
            }
            int len = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
            String l = line.substring(0, len);
            line.setLength(0);
            if (status == null) {
                status = l;
            } else if (l.isEmpty()) {
                return status;
            }
        }
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "HttpConnectProxy[" + host + ":" + port + (user == null ? "" : ", user " + user) + "]";
    }
}
