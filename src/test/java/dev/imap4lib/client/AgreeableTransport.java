package dev.imap4lib.client;

import dev.imap4lib.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An in-memory server that agrees to every command: {@code tag OK} (SELECT/EXAMINE with one
 * EXISTS, IDLE with a continuation until DONE, AUTHENTICATE after one client line, LOGOUT with a
 * BYE; STARTTLS is refused so no handshake starts), a {@code +} for every synchronising
 * literal. Answers are produced while the client writes, so a read with nothing to give is a
 * read timeout, never a hang. For tests that drive many commands without scripting each.
 */
final class AgreeableTransport implements Transport {
    static final String CAPS = "IMAP4rev1 IDLE ENABLE UIDPLUS MOVE ID NAMESPACE QUOTA ACL RIGHTS=texk METADATA"
            + " ANNOTATEMORE SORT THREAD=REFERENCES UNSELECT ESEARCH LIST-EXTENDED LIST-STATUS AUTH=PLAIN"
            + " AUTH=CRAM-MD5 STARTTLS X-GM-EXT-1 UTF8=ACCEPT";

    private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    private byte[] pending = new byte[0];
    private int pendingPos;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private long skip;
    private String commandTag;
    private String commandLine;
    private String idleTag;
    private String authTag;
    private int readTimeout;
    private boolean closed;

    AgreeableTransport(boolean preauth) {
        answer("* " + (preauth ? "PREAUTH" : "OK") + " [CAPABILITY " + CAPS + "] ready");
    }

    /** Everything the client wrote. */
    String sent() {
        return sent.toString(StandardCharsets.ISO_8859_1);
    }

    private void answer(String s) {
        toClient.writeBytes((s + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void onByte(int b) {
        sent.write(b);
        if (skip > 0) {
            skip--;
            return;
        }
        line.write(b);
        if (b == '\n') {
            onLine(line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r?\n$", ""));
            line.reset();
        }
    }

    private void onLine(String l) {
        if (commandTag == null) {
            if (idleTag != null && l.equalsIgnoreCase("DONE")) {
                answer(idleTag + " OK IDLE done");
                idleTag = null;
                return;
            }
            if (authTag != null) {
                answer(authTag + " OK authenticated");
                authTag = null;
                return;
            }
            int sp = l.indexOf(' ');
            commandTag = sp < 0 ? l : l.substring(0, sp);
            commandLine = l;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([0-9]+)(\\+?)}$").matcher(l);
        if (m.find()) {
            skip = Long.parseLong(m.group(1));
            if (m.group(2).isEmpty()) {
                answer("+ go ahead");
            }
            return;
        }
        String tag = commandTag;
        commandTag = null;
        String[] w = commandLine.split(" ");
        String verb = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
        if (verb.equals("UID") && w.length > 2) {
            verb = w[2].toUpperCase(Locale.ROOT);
        }
        switch (verb) {
            case "SELECT", "EXAMINE" -> {
                answer("* 1 EXISTS");
                answer(tag + " OK [READ-WRITE] selected");
            }
            case "IDLE" -> {
                idleTag = tag;
                answer("+ idling");
            }
            case "AUTHENTICATE" -> {
                if (w.length > 3) {
                    answer(tag + " OK authenticated"); // initial response given
                } else {
                    authTag = tag;
                    answer("+ ");
                }
            }
            case "STARTTLS" -> answer(tag + " NO no TLS here");
            case "LOGOUT" -> {
                answer("* BYE bye");
                answer(tag + " OK bye");
            }
            default -> answer(tag + " OK done");
        }
    }

    private final InputStream in = new InputStream() {
        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws java.io.IOException {
            if (len == 0) {
                return 0;
            }
            if (pendingPos == pending.length) {
                synchronized (AgreeableTransport.this) {
                    pending = toClient.toByteArray();
                    toClient.reset();
                }
                pendingPos = 0;
            }
            if (pending.length == 0) {
                if (closed) {
                    return -1;
                }
                throw new SocketTimeoutException("nothing to read");
            }
            int n = Math.min(len, pending.length - pendingPos);
            System.arraycopy(pending, pendingPos, b, off, n);
            pendingPos += n;
            return n;
        }
    };

    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) {
            synchronized (AgreeableTransport.this) {
                onByte(b & 0xff);
            }
        }
    };

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void setReadTimeout(int millis) {
        readTimeout = millis;
    }

    @Override
    public int readTimeout() {
        return readTimeout;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public Socket socket() {
        return null;
    }

    @Override
    public void shutdownOutput() {
        closed = true;
    }

    @Override
    public String describe() {
        return "agreeable test server";
    }

    @Override
    public void close() {
        closed = true;
    }
}
