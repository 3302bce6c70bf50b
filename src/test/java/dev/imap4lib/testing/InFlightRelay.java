package dev.imap4lib.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A loopback relay that shows whether commands were in flight together: it counts the client's
 * command lines of one verb (say {@code APPEND}) as it forwards them and the server's tagged
 * replies before it forwards them, and keeps the largest difference. A client that waits for each
 * reply before the next command never gets above 1, whatever the timing, because a reply is
 * counted before the client can see it; pipelined commands show as more.
 *
 * <p>Lines are split at LF and matched as text; test messages whose body lines look like
 * {@code tag VERB ...} would confuse it. One connection at a time; named daemon threads; bounded
 * by the sockets' lives.
 */
public final class InFlightRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final Pattern command;
    private int sent;
    private int answered;
    private int maxInFlight;
    private int commands;

    /** Relays to {@code 127.0.0.1:targetPort}, counting command lines of {@code verb}. */
    public InFlightRelay(int targetPort, String verb) throws IOException {
        this.targetPort = targetPort;
        this.command = Pattern.compile("^[A-Za-z0-9.]+ (?:UID )?" + Pattern.quote(verb) + " .*", Pattern.DOTALL);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "in-flight-relay-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The most commands of the verb that were sent and not yet answered at any one time. */
    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    /** Command lines of the verb the client sent. */
    public synchronized int commands() {
        return commands;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket c = listener.accept();
                Socket s = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pump(c, s, true);
                pump(s, c, false);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean up) {
        Thread t = new Thread(() -> {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] b = new byte[8192];
                int n;
                while ((n = in.read(b)) > 0) {
                    int start = 0;
                    for (int i = 0; i < n; i++) {
                        if (line.size() < 1000) {
                            line.write(b[i]);
                        }
                        if (b[i] == '\n') {
                            // counted before its line end goes out: the peer cannot act on a line before that
                            seen(line.toString(StandardCharsets.ISO_8859_1), up);
                            out.write(b, start, i + 1 - start);
                            start = i + 1;
                            line.reset();
                        }
                    }
                    out.write(b, start, n - start);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException e) {
                    // closed
                }
            }
        }, "in-flight-relay-" + (up ? "up" : "down"));
        t.setDaemon(true);
        t.start();
    }

    private synchronized void seen(String line, boolean up) {
        if (up && command.matcher(line).matches()) {
            sent++;
            commands++;
        } else if (!up && !line.startsWith("*") && !line.startsWith("+") && sent > answered) {
            answered++;
        }
        maxInFlight = Math.max(maxInFlight, sent - answered);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
