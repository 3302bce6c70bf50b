package dev.imap4lib.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A bidirectional byte channel to an IMAP server: a TCP socket, a TLS socket, or the pipes of a
 * child process. The protocol layer reads and writes through it and knows nothing else about it.
 */
public interface Transport extends Closeable {
    /** Bytes from the server. Reads honour {@link #setReadTimeout(int)}. */
    InputStream input();

    /** Bytes to the server (buffer and flush as the caller needs). */
    OutputStream output();

    /**
     * Bounds every blocking read: a read that waits longer throws
     * {@link java.net.SocketTimeoutException}. 0 waits forever.
     */
    void setReadTimeout(int millis) throws IOException;

    int readTimeout();

    /** Whether the channel is encrypted (implicit TLS or after STARTTLS). */
    boolean isSecure();

    /** The underlying socket, or {@code null} for a process transport. */
    Socket socket();

    /** Closes the sending direction only, so a server sees end of input (imaplib's {@code shutdown}). */
    void shutdownOutput() throws IOException;

    /** A short description for messages, e.g. {@code imap.example.com:993 (TLS)}. */
    String describe();
}
