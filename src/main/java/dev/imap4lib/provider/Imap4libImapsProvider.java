package dev.imap4lib.provider;

import jakarta.mail.Provider;

/**
 * imap4lib's implicit-TLS store under Jakarta Mail's own {@code imaps} name, with properties
 * under {@code mail.imaps.}; registered only by the optional {@code imap} classifier jar (see
 * {@link Imap4libImapProvider}).
 */
public class Imap4libImapsProvider extends Provider {
    public Imap4libImapsProvider() {
        super(Type.STORE, "imaps", Imap4libSslStore.class.getName(), "imap4lib", null);
    }
}
