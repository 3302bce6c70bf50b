package dev.imap4lib.client;

/**
 * imaplib's {@code readonly}: the selected mailbox is (or became) read-only although it was
 * selected for writing. Unlike imaplib, where it derives from {@code abort}, this is not an
 * abort: the connection stays usable, so code that reconnects on abort does not reconnect here.
 */
public class Imap4ReadOnlyException extends Imap4Exception {
    private static final long serialVersionUID = 1L;

    public Imap4ReadOnlyException(String message) {
        super(message);
    }
}
