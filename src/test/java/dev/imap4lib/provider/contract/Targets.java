package dev.imap4lib.provider.contract;

import com.icegreen.greenmail.base.GreenMailOperations;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The targets of the contract suite: every protocol in {@link #PROTOCOLS} against every server
 * that is running.
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

    /** The account every contract test logs in as (GreenMail creates it; Dovecot has it configured). */
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

    /**
     * A Dovecot target (for when the suite is pointed at {@code dev.imap4lib.testing.DovecotServer}):
     * {@code Targets.dovecot("imap4lib", server.host(), server.imapPort(), "user1", "user1", "pass1")}.
     * Dovecot's hierarchy separator is '/', GreenMail's '.'; the tests only use {@link
     * jakarta.mail.Folder#getSeparator()}.
     */
    public static Target dovecot(String protocol, String host, int port, String user, String email, String password) {
        boolean tls = TLS_PROTOCOLS.contains(protocol);
        return new Target(protocol, tls, host, port, user, email, password, tlsTrustAll(protocol, tls),
                Target.ServerKind.DOVECOT, deviations(protocol, Target.ServerKind.DOVECOT));
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
