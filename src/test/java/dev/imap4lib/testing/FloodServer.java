package dev.imap4lib.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A one-connection fake IMAP server on 127.0.0.1 that answers one command verb with a flood: the
 * same untagged line {@code count} times, then OK. Unlike {@link ScriptedImapServer}, whose script
 * would have to hold the whole flood, it streams from one small buffer, so tens of megabytes of
 * responses cost the test JVM nothing.
 *
 * <p>Every command gets its canned lines from {@code replies} (by verb; the flooded one after the
 * flood) and OK; LOGOUT gets
 * BYE and OK and ends the connection. Reads are bounded by a 30 s socket timeout.
 */
public final class FloodServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private volatile long sent;
    private volatile Socket client;

    /**
     * @param greeting the greeting line, without CRLF
     * @param replies untagged lines (each without CRLF, joined by \n) sent before OK, by command verb
     * @param floodVerb the verb answered with the flood, e.g. "NOOP"
     * @param floodLine the line repeated, without CRLF
     * @param count how many times
     */
    public FloodServer(String greeting, Map<String, String> replies, String floodVerb, String floodLine, long count) {
        try {
            server = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind 127.0.0.1", e);
        }
        thread = new Thread(() -> serve(greeting, replies, floodVerb, floodLine, count), "flood-server-" + port());
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Flood lines written so far. */
    public long sent() {
        return sent;
    }

    private void serve(String greeting, Map<String, String> replies, String floodVerb, String floodLine, long count) {
        try (Socket s = server.accept()) {
            client = s;
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            write(out, greeting + "\r\n");
            String line;
            while ((line = in.readLine()) != null) {
                String[] w = line.split(" ", 3);
                String tag = w[0];
                String verb = w.length > 1 ? w[1].toUpperCase(java.util.Locale.ROOT) : "";
                if (verb.equals("LOGOUT")) {
                    write(out, "* BYE bye\r\n" + tag + " OK done\r\n");
                    return;
                }
                if (verb.equals(floodVerb)) {
                    flood(out, floodLine, count);
                }
                String r = replies.getOrDefault(verb, "");
                write(out, (r.isEmpty() ? "" : r.replace("\n", "\r\n") + "\r\n"));
                write(out, tag + " OK done\r\n");
            }
        } catch (IOException e) {
            // the client gave up or was closed: the test looks at what it saw
        }
    }

    private void flood(OutputStream out, String line, long count) throws IOException {
        int perChunk = Math.max(1, 64 * 1024 / (line.length() + 2));
        byte[] chunk = (line + "\r\n").repeat(perChunk).getBytes(StandardCharsets.ISO_8859_1);
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(perChunk, left);
            out.write(chunk, 0, n * (line.length() + 2));
            left -= n;
            sent += n;
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        Socket c = client;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
