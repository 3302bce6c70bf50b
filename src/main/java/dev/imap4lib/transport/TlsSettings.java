package dev.imap4lib.transport;

import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.io.IOException;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * How to set up TLS: where the socket factory (trust and key material) comes from, whether the
 * certificate must name the host, and optional protocol and cipher-suite restrictions.
 *
 * @param factory creates TLS sockets; {@code null} means the JVM's default context
 * @param verifyHostname endpoint identification (RFC 2818 rules); on by default
 * @param protocols enabled protocols such as {@code TLSv1.3}, or empty for the factory's defaults
 * @param cipherSuites enabled cipher suites, or empty for the factory's defaults
 * @param hostnameVerifier an extra check of the server after the handshake (Angus's
 *     {@code ssl.hostnameverifier}), or {@code null}; it may throw {@link java.io.UncheckedIOException}
 */
public record TlsSettings(SSLSocketFactory factory, boolean verifyHostname, List<String> protocols,
        List<String> cipherSuites, HostnameVerifier hostnameVerifier) {

    /** Without an extra host name verifier. */
    public TlsSettings(SSLSocketFactory factory, boolean verifyHostname, List<String> protocols,
            List<String> cipherSuites) {
        this(factory, verifyHostname, protocols, cipherSuites, null);
    }

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

    /** A copy with {@code v} as the extra host name check. */
    public TlsSettings withHostnameVerifier(HostnameVerifier v) {
        return new TlsSettings(factory, verifyHostname, protocols, cipherSuites, v);
    }

    /** Runs the extra host name verifier, if any, on a finished handshake with {@code host}. */
    void checkPeer(String host, SSLSocket ssl) throws IOException {
        if (hostnameVerifier == null) {
            return;
        }
        boolean ok;
        try {
            ok = hostnameVerifier.verify(host, ssl.getSession());
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new SSLPeerUnverifiedException("the host name verifier failed for " + host + ": " + e);
        }
        if (!ok) {
            throw new SSLPeerUnverifiedException("the host name verifier " + hostnameVerifier.getClass().getName()
                    + " rejected the certificate of " + host);
        }
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

    /**
     * A TLS context that accepts any server certificate. Insecure: only for a host the user
     * explicitly chose to trust (Angus's {@code ssl.trust}, the tool's {@code --insecure}).
     */
    public static SSLContext trustAllContext() throws java.io.IOException {
        javax.net.ssl.TrustManager acceptAll = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                // a client never checks clients
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                // the caller decided to trust this server as it is
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {acceptAll}, null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new java.io.IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
