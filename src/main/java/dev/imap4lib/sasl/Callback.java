package dev.imap4lib.sasl;

import java.util.Objects;
import java.util.function.Function;

/**
 * Adapts a plain function to {@link SaslMechanism}, like the {@code authobject} callable that
 * imaplib's {@code authenticate(mechanism, authobject)} takes: it is called with every decoded
 * challenge and returns the raw response.
 *
 * <p>The function returning {@code null} cancels the exchange ({@link #evaluateChallenge}
 * throws, and the protocol layer should send {@code *}). Because a function cannot say when
 * it is done, {@link #isComplete()} reports true once it has answered at least one challenge;
 * the server's tagged response is what decides the outcome.
 */
public final class Callback extends AbstractMechanism {
    private final String name;
    private final Function<byte[], byte[]> function;

    /**
     * Creates a callback mechanism.
     *
     * @param mechanism the mechanism name to send, e.g. {@code "X-CUSTOM"}; upper-cased
     * @param function maps each raw challenge to a raw response, or to {@code null} to cancel
     * @throws IllegalArgumentException if the name is not a valid SASL mechanism name (1 to 20
     *         upper-case letters, digits, {@code -} or {@code _})
     */
    public Callback(String mechanism, Function<byte[], byte[]> function) {
        Objects.requireNonNull(mechanism, "mechanism");
        this.name = mechanism.toUpperCase(java.util.Locale.ROOT);
        this.function = Objects.requireNonNull(function, "function");
        if (!Sasl.isValidMechanismName(this.name)) {
            throw new IllegalArgumentException("invalid SASL mechanism name: " + Sasl.quote(mechanism));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean hasInitialResponse() {
        return false;
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        Objects.requireNonNull(challenge, "challenge");
        byte[] response;
        try {
            response = function.apply(challenge.clone());
        } catch (RuntimeException e) {
            throw new SaslException(name + " callback failed: " + e.getClass().getName(), e);
        }
        if (response == null) {
            throw new SaslException(name + " authentication cancelled by the callback");
        }
        complete = true;
        return response;
    }
}
