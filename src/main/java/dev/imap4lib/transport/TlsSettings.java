package dev.imap4lib.transport;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * How to set up TLS: where the socket factory (trust and key material) comes from, whether the
 * certificate must name the host, and optional protocol and cipher-suite restrictions.
 *
 * @param factory creates TLS sockets; {@code null} means the JVM's default context
 * @param verifyHostname endpoint identification (RFC 2818 rules); on by default
 * @param protocols enabled protocols such as {@code TLSv1.3}, or empty for the factory's defaults
 * @param cipherSuites enabled cipher suites, or empty for the factory's defaults
 */
public record TlsSettings(SSLSocketFactory factory, boolean verifyHostname, List<String> protocols,
        List<String> cipherSuites) {

    public TlsSettings {
        protocols = protocols == null ? List.of() : List.copyOf(protocols);
        cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
    }

    /** The JVM's trusted CAs, host name verification on. */
    public static TlsSettings defaults() {
        return new TlsSettings(null, true, List.of(), List.of());
    }

    /** Sockets from {@code context} (null: the JVM default), with or without host name checks. */
    public static TlsSettings of(SSLContext context, boolean verifyHostname) {
        return new TlsSettings(context == null ? null : context.getSocketFactory(), verifyHostname, List.of(), List.of());
    }

    /** The factory to use: the given one or the JVM default. */
    public SSLSocketFactory socketFactory() throws java.io.IOException {
        if (factory != null) {
            return factory;
        }
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new java.io.IOException("no default TLS context", e);
        }
    }
}
