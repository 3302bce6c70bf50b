package dev.imap4lib.client;

import dev.imap4lib.wire.ReaderLimits;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by the three transports. Immutable; each {@code with...} returns a copy.
 *
 * @param timeout bounds the connect and every read; imaplib waits forever by default, we
 *     default to 60 s so that a silent server cannot hang a caller; {@link Duration#ZERO} waits forever
 * @param limits memory bounds on server responses
 * @param debug imaplib's debug level: 0 off, 1 commands and completions, 2 adds every
 *     untagged response, 4 adds raw lines read with {@code readline}/{@code read}
 * @param debugOut where traces go (a PrintStream), or {@code null} to use {@link System.Logger}
 *     {@code dev.imap4lib.client} at DEBUG level
 * @param tagPrefix fixed tag prefix (tests), or {@code null} for imaplib's random one
 * @param verifyHostname check the server certificate's host name in TLS (on by default)
 * @param retainUntagged keep untagged responses for {@link Imap4#response(String)} as imaplib
 *     does (on by default); long-lived connections whose listeners consume everything turn it
 *     off so nothing accumulates
 * @param commandTimeout the longest a command may go on receiving untagged responses its result
 *     is not built from (a server sending {@code * OK still working} or EXISTS forever): counted
 *     from when the command is sent, and again from each response its result is built from (each
 *     FETCH of a FETCH, each LIST of a LIST), so a long FETCH or LIST keeps going while its data
 *     arrives; past it the command fails with {@link Imap4AbortException}. IDLE is not bounded by
 *     it. Default {@link #DEFAULT_COMMAND_TIMEOUT}; {@link Duration#ZERO} switches the bound off
 */
public record ClientOptions(Duration timeout, ReaderLimits limits, int debug, PrintStream debugOut,
        String tagPrefix, boolean verifyHostname, boolean retainUntagged, Duration commandTimeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Generous: far beyond any real command's pause between its own responses. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);

    public ClientOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(limits, "limits");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout");
        }
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (commandTimeout.isNegative()) {
            throw new IllegalArgumentException("negative commandTimeout");
        }
    }

    /** The options without {@code commandTimeout}, which gets its default. */
    public ClientOptions(Duration timeout, ReaderLimits limits, int debug, PrintStream debugOut,
            String tagPrefix, boolean verifyHostname, boolean retainUntagged) {
        this(timeout, limits, debug, debugOut, tagPrefix, verifyHostname, retainUntagged, DEFAULT_COMMAND_TIMEOUT);
    }

    public static ClientOptions defaults() {
        return new ClientOptions(DEFAULT_TIMEOUT, ReaderLimits.DEFAULT, 0, null, null, true, true);
    }

    public ClientOptions withTimeout(Duration t) {
        return new ClientOptions(t, limits, debug, debugOut, tagPrefix, verifyHostname, retainUntagged, commandTimeout);
    }

    public ClientOptions withLimits(ReaderLimits l) {
        return new ClientOptions(timeout, l, debug, debugOut, tagPrefix, verifyHostname, retainUntagged, commandTimeout);
    }

    public ClientOptions withDebug(int level, PrintStream out) {
        return new ClientOptions(timeout, limits, level, out, tagPrefix, verifyHostname, retainUntagged, commandTimeout);
    }

    public ClientOptions withTagPrefix(String prefix) {
        return new ClientOptions(timeout, limits, debug, debugOut, prefix, verifyHostname, retainUntagged, commandTimeout);
    }

    /** Turning host name verification off accepts any certificate the trust manager accepts. */
    public ClientOptions withVerifyHostname(boolean verify) {
        return new ClientOptions(timeout, limits, debug, debugOut, tagPrefix, verify, retainUntagged, commandTimeout);
    }

    /** Whether untagged responses are kept for {@link Imap4#response(String)}. */
    public ClientOptions withRetainUntagged(boolean retain) {
        return new ClientOptions(timeout, limits, debug, debugOut, tagPrefix, verifyHostname, retain, commandTimeout);
    }

    /** See {@code commandTimeout}: {@link Duration#ZERO} for no bound. */
    public ClientOptions withCommandTimeout(Duration t) {
        return new ClientOptions(timeout, limits, debug, debugOut, tagPrefix, verifyHostname, retainUntagged, t);
    }

    /** The command bound in nanoseconds, 0 for none (saturated: no overflow for huge durations). */
    long commandTimeoutNanos() {
        return commandTimeout.compareTo(Duration.ofDays(10_000)) > 0 ? Long.MAX_VALUE / 4 : commandTimeout.toNanos();
    }

    int timeoutMillis() {
        long ms = timeout.toMillis();
        return ms > Integer.MAX_VALUE ? 0 : (int) ms;
    }
}
