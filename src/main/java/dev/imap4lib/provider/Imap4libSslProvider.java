package dev.imap4lib.provider;

import jakarta.mail.Provider;

/** Registers the {@code imap4libs} store (IMAP over implicit TLS) for Jakarta Mail's ServiceLoader lookup. */
public class Imap4libSslProvider extends Provider {
    public Imap4libSslProvider() {
        super(Type.STORE, "imap4libs", Imap4libSslStore.class.getName(), "imap4lib", null);
    }
}
