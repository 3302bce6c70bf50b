package dev.imap4lib.provider;

import jakarta.mail.Session;
import jakarta.mail.URLName;

/** The {@code imap4libs} store: IMAP over implicit TLS (port 993), properties under {@code mail.imap4libs.}. */
public class Imap4libSslStore extends Imap4libStore {
    public Imap4libSslStore(Session session, URLName url) {
        super(session, url, "imap4libs", true);
    }
}
