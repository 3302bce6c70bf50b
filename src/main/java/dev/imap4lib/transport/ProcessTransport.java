package dev.imap4lib.transport;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * IMAP over the standard input and output of a child process (imaplib's {@code IMAP4_stream}):
 * the command runs through {@code /bin/sh -c}, e.g. a pre-authenticated {@code imapd} or
 * {@code ssh host imapd}.
 *
 * <p>Pipes cannot time out, so a pump thread moves the child's output into a small bounded queue
 * that reads poll with the read timeout. Standard error is drained continuously, so a chatty child
 * never blocks on a full pipe; its last few kilobytes are kept for error messages.
 */
public final class ProcessTransport implements Transport {
    private static final byte[] EOF = new byte[0];
    private static final int STDERR_KEEP = 8 * 1024;

    private final String command;
    private final Process process;
    private final OutputStream out;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
    private final byte[] stderrTail = new byte[STDERR_KEEP];
    private long stderrTotal;
    private volatile IOException pumpFailure;
    private volatile int readTimeout;
    private final Thread stdoutPump;
    private final Thread stderrDrain;
    private final InputStream in = new QueueInput();

    private ProcessTransport(String command, Process process, int readTimeoutMillis) {
        this.command = command;
        this.process = process;
        this.readTimeout = readTimeoutMillis;
        this.out = new BufferedOutputStream(process.getOutputStream(), 16 * 1024);
        stdoutPump = LibraryThreads.daemon("imap4lib-stream-stdout", this::pumpStdout);
        stdoutPump.start();
        stderrDrain = LibraryThreads.daemon("imap4lib-stream-stderr", this::drainStderr);
        stderrDrain.start();
    }

    /** Starts {@code /bin/sh -c command}. */
    public static ProcessTransport start(String command, int readTimeoutMillis) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.redirectError(ProcessBuilder.Redirect.PIPE);
        return new ProcessTransport(command, pb.start(), readTimeoutMillis);
    }

    private void pumpStdout() {
        try (InputStream src = process.getInputStream()) {
            byte[] b = new byte[32 * 1024];
            int n;
            while ((n = src.read(b)) >= 0) {
                if (n > 0) {
                    byte[] c = new byte[n];
                    System.arraycopy(b, 0, c, 0, n);
                    chunks.put(c);
                }
            }
        } catch (IOException e) {
            pumpFailure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Unblock a reader even if the queue is full: drop read-ahead only when closing.
            while (!chunks.offer(EOF)) {
                if (!process.isAlive() && chunks.poll() == null) {
                    break;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void drainStderr() {
        try (InputStream err = process.getErrorStream()) {
            byte[] b = new byte[4096];
            int n;
            while ((n = err.read(b)) >= 0) {
                synchronized (stderrTail) {
                    for (int i = 0; i < n; i++) {
                        stderrTail[(int) (stderrTotal++ % STDERR_KEEP)] = b[i];
                    }
                }
            }
        } catch (IOException ignored) {
            // the child went away; what we kept is all there is
        }
    }

    /** The last few kilobytes the child wrote to standard error (decoded with the platform charset). */
    public String stderr() {
        synchronized (stderrTail) {
            int n = (int) Math.min(stderrTotal, STDERR_KEEP);
            byte[] b = new byte[n];
            long start = stderrTotal - n;
            for (int i = 0; i < n; i++) {
                b[i] = stderrTail[(int) ((start + i) % STDERR_KEEP)];
            }
            return new String(b, Charset.defaultCharset()).strip();
        }
    }

    /** Says why the stream ended: the exit status and what the child wrote to standard error. */
    private String exitDescription() {
        StringBuilder sb = new StringBuilder(describe()).append(" closed its output");
        try {
            if (process.waitFor(500, TimeUnit.MILLISECONDS)) {
                sb.append(" (exit status ").append(process.exitValue()).append(')');
                // The child is gone: let the drain read what it left on stderr.
                stderrDrain.join(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String err = stderr();
        if (!err.isEmpty()) {
            sb.append("; stderr: ").append(err.length() > 500 ? err.substring(err.length() - 500) : err);
        }
        return sb.toString();
    }

    public Process process() {
        return process;
    }

    private final class QueueInput extends InputStream {
        private byte[] cur = new byte[0];
        private int off;
        private boolean eof;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int o, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (off == cur.length) {
                if (eof) {
                    throw new EOFException(exitDescription());
                }
                byte[] next;
                try {
                    int t = readTimeout;
                    next = t > 0 ? chunks.poll(t, TimeUnit.MILLISECONDS) : chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading from " + describe());
                }
                if (next == null) {
                    throw new SocketTimeoutException("no data from " + describe() + " within " + readTimeout + " ms");
                }
                if (next == EOF) {
                    eof = true;
                    if (pumpFailure != null) {
                        throw pumpFailure;
                    }
                    throw new EOFException(exitDescription());
                }
                cur = next;
                off = 0;
            }
            int k = Math.min(len, cur.length - off);
            System.arraycopy(cur, off, b, o, k);
            off += k;
            return k;
        }

        @Override
        public int available() {
            return cur.length - off;
        }
    }

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
        // The pipes never leave this machine; whatever the command does beyond them is its business.
        return true;
    }

    @Override
    public Socket socket() {
        return null;
    }

    @Override
    public void shutdownOutput() throws IOException {
        out.close();
    }

    @Override
    public String describe() {
        return "command \"" + command + "\"";
    }

    /** Closes the pipes and ends the child (forcibly if it has not exited within a second). */
    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException ignored) {
            // the child may already be gone
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // With nobody reading any more, a pump waiting for room in a full queue would wait forever.
        stdoutPump.interrupt();
    }
}
