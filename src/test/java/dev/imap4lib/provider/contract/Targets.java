package dev.imap4lib.provider.contract;

import com.icegreen.greenmail.base.GreenMailOperations;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;

/**
 * The targets of the contract suite: every protocol in {@link #PROTOCOLS} against GreenMail, and
 * against Dovecot the same protocols plus STARTTLS ({@link #DOVECOT_STARTTLS_PROTOCOLS}) and
 * implicit TLS ({@link #DOVECOT_TLS_PROTOCOLS}) variants.
 *
 * <p><b>Adding a provider is one line</b>: put its protocol name into {@link #PROTOCOLS}. A listed
 * protocol that is not registered on the class path is not skipped: every test of that target
 * fails with {@link jakarta.mail.NoSuchProviderException} (and {@code RegistrationContractTest}
 * says so explicitly).
 */
public final class Targets {

    /**
     * Protocols under contract. {@code "imap"} is Angus Mail's provider, the reference.
     * Our provider goes here: {@code List.of("imap", "imap4lib")} (and {@code "imap4libs"} for TLS;
     * {@code "imaps"} runs Angus over TLS).
     */
    public static final List<String> PROTOCOLS = List.of("imap", "imap4lib");

    /** Protocols whose endpoint is implicit TLS (they connect to the server's IMAPS port). */
    public static final Set<String> TLS_PROTOCOLS = Set.of("imaps", "imap4libs");

    /** The reference client used to set up and verify server state (never the provider under test). */
    public static final String REFERENCE = "imap";

    /** The account every contract test logs in as on GreenMail (which creates it; Dovecot: {@link #DOVECOT_USER}). */
    public static final String USER = "alice", EMAIL = "alice@example.com", PASSWORD = "s3cret-Alice";

    /** A second account (user namespaces, mail addressed to someone else). */
    public static final String OTHER_USER = "bob", OTHER_EMAIL = "bob@example.org", OTHER_PASSWORD = "s3cret-Bob";

    private Targets() {
    }

    /** All targets on the given (started) GreenMail. */
    public static Stream<Target> greenMail(GreenMailOperations gm) {
        return greenMail(gm.getImap().getPort(), gm.getImaps().getPort());
    }

    /** All targets on a GreenMail reachable at these ports (possibly through a relay). */
    public static Stream<Target> greenMail(int imapPort, int imapsPort) {
        List<Target> out = new ArrayList<>();
        for (String protocol : PROTOCOLS) {
            boolean tls = TLS_PROTOCOLS.contains(protocol);
            int port = tls ? imapsPort : imapPort;
            out.add(new Target(protocol, tls, "127.0.0.1", port, USER, EMAIL, PASSWORD, tlsTrustAll(protocol, tls),
                    Target.ServerKind.GREENMAIL, deviations(protocol, Target.ServerKind.GREENMAIL)));
        }
        return out.stream();
    }

    // ---- Dovecot -------------------------------------------------------------------------------

    /**
     * The contract account on Dovecot: {@code dev.imap4lib.testing.DovecotServer}'s user
     * {@code test@example.com}, which no other test class logs in as. Its personal mailboxes are
     * cleaned up before every Dovecot test (see {@link DovecotTargets}).
     */
    public static final String DOVECOT_USER = "test@example.com", DOVECOT_EMAIL = "test@example.com",
            DOVECOT_PASSWORD = "test";

    /**
     * The host name of the TLS targets: the Dovecot test certificate is issued for {@code
     * localhost} (SAN DNS:localhost, IP:127.0.0.1), and the TLS targets verify the host name.
     */
    public static final String DOVECOT_TLS_HOST = "localhost";

    /**
     * Protocols run against Dovecot's plain port without TLS ({@code starttls.enable=false}: Dovecot
     * offers STARTTLS, and imap4lib, unlike Angus, uses it by default): the same as on GreenMail.
     */
    public static final List<String> DOVECOT_PLAIN_PROTOCOLS = PROTOCOLS;

    /** Protocols run against Dovecot's plain port with {@code mail.<protocol>.starttls.required=true}. */
    public static final List<String> DOVECOT_STARTTLS_PROTOCOLS = List.of("imap", "imap4lib");

    /** Protocols run against Dovecot's implicit TLS port. */
    public static final List<String> DOVECOT_TLS_PROTOCOLS = List.of("imap4libs");

    /**
     * All Dovecot targets: {@link #DOVECOT_PLAIN_PROTOCOLS} on {@code imapPort}, {@link
     * #DOVECOT_STARTTLS_PROTOCOLS} on {@code imapPort} with STARTTLS required, {@link
     * #DOVECOT_TLS_PROTOCOLS} on {@code imapsPort}; the TLS ones trust exactly what {@code tls}
     * trusts ({@code mail.<protocol>.ssl.socketFactory}) and verify the server's identity (host
     * {@link #DOVECOT_TLS_HOST}). {@code tls} may be null only for placeholder targets of a server
     * that is not running (they are skipped or failed before they connect).
     */
    public static Stream<Target> dovecot(String host, int imapPort, int imapsPort, SSLSocketFactory tls) {
        List<Target> out = new ArrayList<>();
        for (String protocol : DOVECOT_PLAIN_PROTOCOLS) {
            // Dovecot offers STARTTLS on this port; plain means plain (imap4lib upgrades by default)
            Properties p = new Properties();
            p.setProperty("mail." + protocol + ".starttls.enable", "false");
            out.add(dovecot(protocol, host, imapPort, DOVECOT_USER, DOVECOT_EMAIL, DOVECOT_PASSWORD, p));
        }
        for (String protocol : DOVECOT_STARTTLS_PROTOCOLS) {
            Properties p = verifiedTls(protocol, tls);
            p.setProperty("mail." + protocol + ".starttls.required", "true");
            out.add(dovecot(protocol, DOVECOT_TLS_HOST, imapPort, DOVECOT_USER, DOVECOT_EMAIL, DOVECOT_PASSWORD, p));
        }
        for (String protocol : DOVECOT_TLS_PROTOCOLS) {
            out.add(dovecot(protocol, DOVECOT_TLS_HOST, imapsPort, DOVECOT_USER, DOVECOT_EMAIL, DOVECOT_PASSWORD,
                    verifiedTls(protocol, tls)));
        }
        return out.stream();
    }

    /**
     * A Dovecot target with explicit session properties {@code extra} (protocol-specific names).
     * It is implicit TLS if {@code protocol} is one of {@link #TLS_PROTOCOLS}.
     */
    public static Target dovecot(String protocol, String host, int port, String user, String email, String password,
            Properties extra) {
        boolean tls = TLS_PROTOCOLS.contains(protocol);
        return new Target(protocol, tls, host, port, user, email, password, extra,
                Target.ServerKind.DOVECOT, deviations(protocol, Target.ServerKind.DOVECOT));
    }

    /**
     * A Dovecot target trusting any certificate (like the GreenMail targets):
     * {@code Targets.dovecot("imap4lib", server.host(), server.imapPort(), "user1", "user1", "pass1")}.
     * Dovecot's hierarchy separator is '/', GreenMail's '.'; the tests only use {@link
     * jakarta.mail.Folder#getSeparator()}.
     */
    public static Target dovecot(String protocol, String host, int port, String user, String email, String password) {
        boolean tls = TLS_PROTOCOLS.contains(protocol);
        return dovecot(protocol, host, port, user, email, password, tlsTrustAll(protocol, tls));
    }

    /** TLS through {@code factory} (trusting what it trusts) with the server identity checked. */
    private static Properties verifiedTls(String protocol, SSLSocketFactory factory) {
        Properties p = new Properties();
        if (factory != null) {
            p.put("mail." + protocol + ".ssl.socketFactory", factory);
        }
        p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        return p;
    }

    /** The known deviations of a protocol (provider) on a server kind; see {@link Deviation}. */
    static Set<Deviation> deviations(String protocol, Target.ServerKind server) {
        Set<Deviation> d = EnumSet.noneOf(Deviation.class);
        for (Deviation x : Deviation.values()) {
            if (x.appliesTo(protocol, server)) {
                d.add(x);
            }
        }
        return d;
    }

    /** Test servers use self-signed certificates: trust them (property names as in Angus Mail). */
    private static Properties tlsTrustAll(String protocol, boolean tls) {
        Properties p = new Properties();
        if (tls) {
            p.setProperty("mail." + protocol + ".ssl.trust", "*");
            p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "false");
        }
        return p;
    }
}
