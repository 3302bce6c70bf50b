package dev.imap4lib.provider;

import java.security.cert.CertificateException;

/**
 * What to tell a user whose TLS handshake failed on the server's certificate. Most often this is
 * an application that switched from Angus's IMAP store to imap4lib under the same {@code imap}
 * name: Angus does not use STARTTLS unless asked, imap4lib does when the server offers it, so a
 * server with a self-signed certificate that Angus talked to in plain text now fails the
 * handshake, and JSSE's "PKIX path building failed" does not say which setting to change.
 */
final class TlsFailureHint {
    private TlsFailureHint() {
    }

    /**
     * The sentence to append to the error, or "" when {@code failure} is not about the
     * certificate.
     *
     * @param startTls whether the handshake was a STARTTLS upgrade (not implicit TLS)
     */
    static String of(Throwable failure, String protocol, String host, boolean startTls) {
        if (!aboutTheCertificate(failure)) {
            return "";
        }
        String p = "mail." + protocol + ".";
        String trust = "to accept the server's certificate set " + p + "ssl.trust=" + host
                + ", or put it in a trust store (javax.net.ssl.trustStore) or " + p + "ssl.socketFactory";
        if (!startTls) {
            return "; " + trust;
        }
        return "; imap4lib upgraded with STARTTLS because the server offers it (" + p
                + "starttls.enable is true by default, false in Angus's IMAP store): " + trust
                + "; to stay in plain text as Angus does by default, set " + p + "starttls.enable=false";
    }

    private static boolean aboutTheCertificate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }
}
