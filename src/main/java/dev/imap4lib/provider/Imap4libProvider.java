package dev.imap4lib.provider;

import jakarta.mail.Provider;

/** Registers the {@code imap4lib} store (plain IMAP, STARTTLS-capable) for Jakarta Mail's ServiceLoader lookup. */
public class Imap4libProvider extends Provider {
    public Imap4libProvider() {
        super(Type.STORE, "imap4lib", Imap4libStore.class.getName(), "imap4lib", null);
    }
}
