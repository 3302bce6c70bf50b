package dev.imap4lib.client;

import dev.imap4lib.transport.ProcessTransport;
import java.io.IOException;
import java.time.Duration;

/**
 * imaplib's {@code IMAP4_stream}: IMAP over the standard input and output of a command run by
 * {@code /bin/sh -c}, such as a pre-authenticated {@code imapd} or {@code ssh host imapd}. A
 * {@code * PREAUTH} greeting puts the session straight into the authenticated state. The
 * command's standard error is drained and its tail is reported when the session fails.
 * {@link #close()} logs out and ends the process.
 */
public class Imap4Stream extends Imap4 {
    private final ProcessTransport process;

    /** Runs {@code command} with the default options. */
    public Imap4Stream(String command) throws IOException {
        this(command, ClientOptions.defaults());
    }

    /** Runs {@code command}; {@code timeout} bounds every read from it. */
    public Imap4Stream(String command, Duration timeout) throws IOException {
        this(command, Params.withTimeout(timeout));
    }

    /** Runs {@code command} with explicit options. */
    public Imap4Stream(String command, ClientOptions options) throws IOException {
        this(ProcessTransport.start(Params.require(command, "command"), Params.options(options).timeoutMillis()),
                Params.options(options));
    }

    private Imap4Stream(ProcessTransport t, ClientOptions options) throws IOException {
        super(null, 0, options, t);
        this.process = t;
    }

    /** The command's standard error so far (the last few kilobytes). */
    public String stderr() {
        return process.stderr();
    }

    /** The child process. */
    public Process process() {
        return process.process();
    }
}
