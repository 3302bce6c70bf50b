package dev.imap4lib.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * The OAUTHBEARER mechanism (RFC 7628): a GS2 header {@code n,a=<user>,} followed by
 * {@code \x01host=<host>\x01port=<port>\x01auth=Bearer <token>\x01\x01}; host and port are
 * optional.
 *
 * <p>When the token is refused the server sends a JSON error challenge. As RFC 7628 section
 * 3.2.3 requires, this mechanism answers it with a single {@code \x01} byte (base64
 * {@code AQ==}) and the server then fails the command. The JSON is available from
 * {@link #serverError()}.
 */
public final class OAuthBearer extends BearerTokenMechanism {
    /**
     * Creates an OAUTHBEARER exchange without host and port.
     *
     * @param user the account placed in the GS2 {@code a=} field, or {@code null} to omit it
     * @param accessToken the OAuth 2.0 access token; copied, so the caller may wipe its array
     */
    public OAuthBearer(String user, char[] accessToken) {
        this(user, null, -1, accessToken);
    }

    /**
     * Creates an OAUTHBEARER exchange.
     *
     * @param user the account placed in the GS2 {@code a=} field, or {@code null} to omit it
     * @param host the server host name, or {@code null} to omit it
     * @param port the server port, or a value {@code <= 0} to omit it
     * @param accessToken the OAuth 2.0 access token; copied, so the caller may wipe its array
     * @throws IllegalArgumentException if a value contains the \x01 separator or the port is
     *         above 65535
     */
    public OAuthBearer(String user, String host, int port, char[] accessToken) {
        Objects.requireNonNull(accessToken, "accessToken");
        checkNoSoh(user, "OAUTHBEARER user name");
        checkNoSoh(host, "OAUTHBEARER host");
        requireNoChar(accessToken, '\u0001', "OAUTHBEARER token must not contain the \\x01 separator");
        if (port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        StringBuilder head = new StringBuilder("n,");
        if (user != null && !user.isEmpty()) {
            head.append("a=").append(ScramSha256.saslName(user));
        }
        head.append(",\u0001");
        if (host != null && !host.isEmpty()) {
            head.append("host=").append(host).append('\u0001');
        }
        if (port > 0) {
            head.append("port=").append(port).append('\u0001');
        }
        head.append("auth=Bearer ");
        byte[] token = utf8(accessToken, "access token");
        setMessage(concat(utf8(head.toString()), token, new byte[] {1, 1}));
        Arrays.fill(token, (byte) 0);
    }

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    @Override
    byte[] errorReply() {
        return new byte[] {1};
    }
}
