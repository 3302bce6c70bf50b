package dev.imap4lib.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A tiny IMAP server on 127.0.0.1 that speaks real TLS, for certificate and STARTTLS tests that
 * {@link ScriptedImapServer} (plain TCP only) cannot do. It serves any number of connections, each
 * on its own daemon thread, with just enough IMAP for a client to log in, list, open and close
 * INBOX, and log out; every command line is recorded, split into what arrived in plain text and
 * what arrived inside TLS.
 *
 * <p>In {@link Mode#STARTTLS} the plain greeting offers {@code STARTTLS LOGINDISABLED}; the
 * answer to STARTTLS is written together with {@code injected} (plain text the client must
 * discard, as if an attacker had appended it) in one packet before the handshake. Over TLS the
 * capabilities are {@code IMAP4rev1 UNSELECT}, so a client logs in with LOGIN.
 */
public final class TlsImapFake implements AutoCloseable {

    /** How the connection becomes secure. */
    public enum Mode {
        /** TLS from the first byte (port 993 style). */
        IMPLICIT,
        /** A plain greeting, then STARTTLS. */
        STARTTLS
    }

    private static final int READ_TIMEOUT_MS = 10_000;

    private final ServerSocket listener;
    private final SSLContext context;
    private final Mode mode;
    private final String injected;
    private final List<String> cipherSuites;
    private final List<String> plainLines = new CopyOnWriteArrayList<>();
    private final List<String> tlsLines = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int handshakes;
    private volatile boolean closed;

    /** Starts a server presenting {@code context}'s certificate, with nothing injected. */
    public TlsImapFake(SSLContext context, Mode mode) throws IOException {
        this(context, mode, "");
    }

    /**
     * Starts a server presenting {@code context}'s certificate; in STARTTLS mode {@code injected}
     * (CRLF-terminated IMAP text, or empty) follows the tagged OK in the same write.
     */
    public TlsImapFake(SSLContext context, Mode mode, String injected) throws IOException {
        this(context, mode, injected, List.of());
    }

    /**
     * As {@link #TlsImapFake(SSLContext, Mode, String)}, accepting only {@code cipherSuites} in
     * the handshake (empty: the context's defaults), for tests of the client's suite choice.
     */
    public TlsImapFake(SSLContext context, Mode mode, String injected, List<String> cipherSuites) throws IOException {
        this.context = context;
        this.mode = mode;
        this.injected = injected;
        this.cipherSuites = List.copyOf(cipherSuites);
        listener = new ServerSocket(0, 10, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        Thread t = new Thread(this::acceptLoop, "tls-imap-fake-" + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Command lines received before TLS (STARTTLS mode), from all connections. */
    public List<String> plainLines() {
        return List.copyOf(plainLines);
    }

    /** Command lines received over TLS, from all connections. */
    public List<String> tlsLines() {
        return List.copyOf(tlsLines);
    }

    /** How many TLS handshakes completed on the server side. */
    public int handshakes() {
        return handshakes;
    }

    /** Server-side errors (a rejected handshake shows up here as an SSLException or reset). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            Thread t = new Thread(() -> serve(s), "tls-imap-fake-conn-" + port());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            Socket secure;
            if (mode == Mode.IMPLICIT) {
                secure = handshake(s);
                send(secure.getOutputStream(), "* OK [CAPABILITY IMAP4rev1 UNSELECT] TLS greeting\r\n");
            } else {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                send(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] plain greeting\r\n");
                while (true) {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    plainLines.add(line);
                    String[] w = line.split(" ", 3);
                    if (w.length > 1 && w[1].equalsIgnoreCase("STARTTLS")) {
                        send(out, w[0] + " OK begin TLS now\r\n" + injected);
                        break;
                    }
                    send(out, w[0] + (w.length > 1 && w[1].equalsIgnoreCase("LOGOUT")
                            ? " OK bye\r\n" : " BAD only STARTTLS before TLS\r\n"));
                }
                secure = handshake(s);
            }
            converse(secure.getInputStream(), secure.getOutputStream());
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                failures.add(e);
            }
        }
    }

    private Socket handshake(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        tls.setUseClientMode(false);
        if (!cipherSuites.isEmpty()) {
            tls.setEnabledCipherSuites(cipherSuites.toArray(new String[0]));
        }
        tls.startHandshake();
        handshakes++;
        return tls;
    }

    private void converse(InputStream in, OutputStream out) throws IOException {
        String line;
        while ((line = readLine(in)) != null) {
            tlsLines.add(line);
            String[] w = line.split(" ", 3);
            String tag = w[0];
            String verb = w.length > 1 ? w[1].toUpperCase(java.util.Locale.ROOT) : "";
            switch (verb) {
                case "CAPABILITY" -> send(out, "* CAPABILITY IMAP4rev1 UNSELECT\r\n" + tag + " OK done\r\n");
                case "LOGIN", "NOOP", "UNSELECT", "CLOSE" -> send(out, tag + " OK done\r\n");
                case "LIST" -> send(out, "* LIST (\\HasNoChildren) \"/\" INBOX\r\n" + tag + " OK done\r\n");
                case "SELECT", "EXAMINE" -> send(out, "* 0 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] ok\r\n"
                        + "* FLAGS (\\Seen \\Deleted)\r\n" + tag + " OK [READ-WRITE] selected\r\n");
                case "LOGOUT" -> {
                    send(out, "* BYE see you\r\n" + tag + " OK done\r\n");
                    return;
                }
                default -> send(out, tag + " BAD not in this fake\r\n");
            }
        }
    }

    private static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One byte at a time, so that nothing of a following TLS handshake is read ahead; null at EOF. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
