package dev.imap4lib.sasl;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Creates {@link SaslMechanism} instances by name and says which ones to prefer.
 */
public final class Sasl {
    private static final String[] PREFERRED = {"SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"};
    private static final List<String> SUPPORTED = List.of(
            "SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER");

    private Sasl() {
    }

    /**
     * Creates a mechanism.
     *
     * <p>{@code passwordOrToken} is the password, or the OAuth 2.0 access token for
     * {@code XOAUTH2} and {@code OAUTHBEARER}; it is copied, so the caller may wipe its array.
     * For {@code OAUTHBEARER} the GS2 {@code a=} field carries {@code authzid} if given, else
     * {@code user}, and host and port are omitted (use {@link OAuthBearer} directly to send
     * them).
     *
     * @param mechanism mechanism name, case-insensitive, one of {@link #supported()}
     * @param authzid identity to act as, or {@code null}/empty; only PLAIN, SCRAM and
     *        OAUTHBEARER can carry one
     * @param user the user name
     * @param passwordOrToken the secret
     * @return a fresh, single-use mechanism
     * @throws IllegalArgumentException if the mechanism is unknown, or an authzid is given
     *         for a mechanism that cannot carry one, or a value is invalid for the mechanism
     */
    public static SaslMechanism create(String mechanism, String authzid, String user, char[] passwordOrToken) {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordOrToken, "passwordOrToken");
        String name = mechanism.toUpperCase(Locale.ROOT);
        boolean hasAuthzid = authzid != null && !authzid.isEmpty();
        switch (name) {
            case "SCRAM-SHA-256":
                return new ScramSha256(authzid, user, passwordOrToken, ScramSha256.Algorithm.SHA_256);
            case "SCRAM-SHA-1":
                return new ScramSha256(authzid, user, passwordOrToken, ScramSha256.Algorithm.SHA_1);
            case "PLAIN":
                return new Plain(authzid, user, passwordOrToken);
            case "OAUTHBEARER":
                return new OAuthBearer(hasAuthzid ? authzid : user, passwordOrToken);
            case "CRAM-MD5":
            case "LOGIN":
            case "XOAUTH2":
                if (hasAuthzid) {
                    throw new IllegalArgumentException(name + " cannot carry an authorization identity");
                }
                if (name.equals("CRAM-MD5")) {
                    return new CramMd5(user, passwordOrToken);
                }
                return name.equals("LOGIN") ? new Login(user, passwordOrToken) : new XOAuth2(user, passwordOrToken);
            default:
                throw new IllegalArgumentException("unsupported SASL mechanism: " + quote(mechanism));
        }
    }

    /**
     * Lists the mechanism names {@link #create} knows.
     *
     * @return an unmodifiable list of upper-case names
     */
    public static List<String> supported() {
        return SUPPORTED;
    }

    /**
     * Lists the password mechanisms in order of preference, strongest first. The token
     * mechanisms XOAUTH2 and OAUTHBEARER are absent: they need a token rather than a password
     * and should be used only when asked for explicitly.
     *
     * @return a fresh array: SCRAM-SHA-256, SCRAM-SHA-1, CRAM-MD5, PLAIN, LOGIN
     */
    public static String[] preferredOrder() {
        return PREFERRED.clone();
    }

    /**
     * Picks the most preferred password mechanism that the server advertises.
     *
     * @param advertised the server's {@code AUTH=} capabilities without the prefix, any case
     * @return the chosen name in upper case, or {@code null} if none of {@link #preferredOrder()}
     *         is advertised
     */
    public static String selectPreferred(Collection<String> advertised) {
        Objects.requireNonNull(advertised, "advertised");
        for (String candidate : PREFERRED) {
            for (String a : advertised) {
                if (candidate.equalsIgnoreCase(a)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** RFC 4422 section 3.1: 1 to 20 characters from A-Z, 0-9, '-' and '_'. */
    static boolean isValidMechanismName(String name) {
        if (name.isEmpty() || name.length() > 20) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.append(s.length() > 40 ? "...\"" : "\"").toString();
    }
}
