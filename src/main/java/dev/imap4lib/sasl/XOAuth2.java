package dev.imap4lib.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * Google's and Microsoft's XOAUTH2 mechanism: a single message
 * {@code user=<user>\x01auth=Bearer <token>\x01\x01}.
 *
 * <p>When the token is refused the server sends a JSON error challenge; this mechanism answers
 * it with an empty response, as Gmail requires, and the server then fails the command. The
 * JSON is available from {@link #serverError()}.
 */
public final class XOAuth2 extends BearerTokenMechanism {
    /**
     * Creates an XOAUTH2 exchange.
     *
     * @param user the account (usually the e-mail address)
     * @param accessToken the OAuth 2.0 access token; copied, so the caller may wipe its array
     * @throws IllegalArgumentException if a value contains the \x01 separator
     */
    public XOAuth2(String user, char[] accessToken) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(accessToken, "accessToken");
        checkNoSoh(user, "XOAUTH2 user name");
        requireNoChar(accessToken, '\u0001', "XOAUTH2 token must not contain the \\x01 separator");
        byte[] token = utf8(accessToken, "access token");
        setMessage(concat(utf8("user=" + user + "\u0001auth=Bearer "), token, new byte[] {1, 1}));
        Arrays.fill(token, (byte) 0);
    }

    @Override
    public String name() {
        return "XOAUTH2";
    }

    @Override
    byte[] errorReply() {
        return EMPTY.clone();
    }
}
