package dev.imap4lib.sasl;

import java.util.Objects;

/**
 * The obsolete but widespread LOGIN mechanism: the server asks twice and the client sends the
 * user name, then the password, both UTF-8. The prompts ({@code Username:}/{@code Password:})
 * vary between servers, so they are answered by position, never by their text.
 */
public final class Login extends AbstractMechanism {
    private final byte[] user;
    private byte[] password;
    private int step;

    /**
     * Creates a LOGIN exchange.
     *
     * @param user the user name
     * @param password the password; copied, so the caller may wipe its array
     */
    public Login(String user, char[] password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        this.user = utf8(user);
        this.password = utf8(password, "password");
    }

    @Override
    public String name() {
        return "LOGIN";
    }

    /** LOGIN has no standard initial response, so this is {@code false}. */
    @Override
    public boolean hasInitialResponse() {
        return false;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        switch (step) {
            case 0:
                step = 1;
                return user.clone();
            case 1:
                step = 2;
                complete = true;
                byte[] out = password;
                password = null;
                return out;
            default:
                throw unexpected();
        }
    }
}
