package dev.imap4lib.provider;

import jakarta.mail.Provider;

/**
 * imap4lib's plain/STARTTLS store under Jakarta Mail's own {@code imap} name, with properties
 * under {@code mail.imap.}. Registered only by the optional {@code imap} classifier jar (the
 * main jar registers {@code imap4lib} and {@code imap4libs} only), so that putting that jar
 * beside the main one replaces Angus's IMAP store for every Session, including those made by a
 * framework; or pass an instance to {@link jakarta.mail.Session#getStore(Provider)}.
 */
public class Imap4libImapProvider extends Provider {
    public Imap4libImapProvider() {
        super(Type.STORE, "imap", Imap4libStore.class.getName(), "imap4lib", null);
    }
}
