package dev.imap4lib.provider.contract;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/**
 * One combination under contract: a Jakarta Mail store protocol (the provider under test), the
 * server it talks to and the account it uses, plus the deviations from the specifications that
 * are known and accepted for exactly this combination.
 *
 * @param protocol   store protocol name as registered in {@code javamail.providers}
 *                   ({@code imap}, {@code imaps}, {@code imap4lib}, {@code imap4libs})
 * @param secure     whether the server endpoint is implicit TLS (STARTTLS is a property in
 *                   {@code extra}, see {@link #startTls()})
 * @param host       server host
 * @param port       server port
 * @param user       login name
 * @param email      the account's address (some tests address mail to it)
 * @param password   password of {@code user}
 * @param extra      further session properties (already protocol-specific), e.g. TLS trust
 * @param server     kind of server, for server-specific fixtures and reset
 * @param deviations known, explicitly asserted deviations of this provider/server combination
 */
public record Target(String protocol, boolean secure, String host, int port, String user, String email,
                     String password, Properties extra, ServerKind server, Set<Deviation> deviations) {

    /** The servers the contract knows how to run against. */
    public enum ServerKind { GREENMAIL, DOVECOT }

    public Target {
        Properties copy = new Properties();
        copy.putAll(extra);
        extra = copy;
        deviations = Collections.unmodifiableSet(deviations.isEmpty()
                ? EnumSet.noneOf(Deviation.class) : EnumSet.copyOf(deviations));
    }

    /** Whether {@code d} is a known deviation of this target (the test then asserts the deviant behaviour). */
    public boolean has(Deviation d) {
        return deviations.contains(d);
    }

    /**
     * Whether the provider is told to upgrade the plain connection with STARTTLS and to refuse to
     * go on without it ({@code mail.<protocol>.starttls.required=true} in {@link #extra}).
     */
    public boolean startTls() {
        return "true".equalsIgnoreCase(extra.getProperty("mail." + protocol + ".starttls.required"));
    }

    /** Session properties for {@code protocol} (host, port, timeouts, {@link #extra}). */
    public Properties sessionProperties() {
        Properties p = new Properties();
        String pre = "mail." + protocol + ".";
        p.setProperty(pre + "host", host);
        p.setProperty(pre + "port", Integer.toString(port));
        p.setProperty(pre + "connectiontimeout", "5000");
        p.setProperty(pre + "timeout", "10000");
        p.putAll(extra);
        return p;
    }

    /** The same server and account, seen through another protocol (used for the reference client). */
    public Target withProtocol(String otherProtocol, Properties otherExtra) {
        return new Target(otherProtocol, secure, host, port, user, email, password, otherExtra, server, deviations);
    }

    /** Shown as the name of each parameterised test. */
    @Override
    public String toString() {
        return protocol + "@" + server + (secure ? "(tls)" : startTls() ? "(starttls)" : "");
    }
}
