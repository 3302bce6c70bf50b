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
 */
public record ClientOptions(Duration timeout, ReaderLimits limits, int debug, PrintStream debugOut,
        String tagPrefix, boolean verifyHostname, boolean retainUntagged) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public ClientOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(limits, "limits");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout");
        }
    }

    public static ClientOptions defaults() {
        return new ClientOptions(DEFAULT_TIMEOUT, ReaderLimits.DEFAULT, 0, null, null, true, true);
    }

    public ClientOptions withTimeout(Duration t) {
        return new ClientOptions(t, limits, debug, debugOut, tagPrefix, verifyHostname, retainUntagged);
    }

    public ClientOptions withLimits(ReaderLimits l) {
        return new ClientOptions(timeout, l, debug, debugOut, tagPrefix, verifyHostname, retainUntagged);
    }

    public ClientOptions withDebug(int level, PrintStream out) {
        return new ClientOptions(timeout, limits, level, out, tagPrefix, verifyHostname, retainUntagged);
    }

    public ClientOptions withTagPrefix(String prefix) {
        return new ClientOptions(timeout, limits, debug, debugOut, prefix, verifyHostname, retainUntagged);
    }

    /** Turning host name verification off accepts any certificate the trust manager accepts. */
    public ClientOptions withVerifyHostname(boolean verify) {
        return new ClientOptions(timeout, limits, debug, debugOut, tagPrefix, verify, retainUntagged);
    }

    /** Whether untagged responses are kept for {@link Imap4#response(String)}. */
    public ClientOptions withRetainUntagged(boolean retain) {
        return new ClientOptions(timeout, limits, debug, debugOut, tagPrefix, verifyHostname, retain);
    }

    int timeoutMillis() {
        long ms = timeout.toMillis();
        return ms > Integer.MAX_VALUE ? 0 : (int) ms;
    }
}
