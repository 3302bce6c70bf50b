package dev.imap4lib.client;

import java.time.Duration;

/**
 * Null arguments of the public API, in one place: where imaplib has a default (a mailbox of
 * {@code INBOX}, the options of a constructor) the default is used; everywhere else the public
 * method fails at once with a {@link NullPointerException} naming the parameter, before anything
 * is sent, instead of one from deep inside an encoder.
 */
final class Params {
    static final String INBOX = "INBOX";

    private Params() {
    }

    /** {@code value}, or a NullPointerException "name must not be null". */
    static <T> T require(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /** {@code values} with no null in it (varargs such as search criteria). */
    static String[] requireAll(String[] values, String name) {
        require(values, name);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(name + "[" + i + "] must not be null");
            }
        }
        return values;
    }

    /** imaplib's {@code select(mailbox='INBOX')}: null selects INBOX. */
    static String mailboxOrInbox(String mailbox) {
        return mailbox == null ? INBOX : mailbox;
    }

    /** imaplib's {@code append}: "if not mailbox: mailbox = 'INBOX'" (null or empty). */
    static String appendMailbox(String mailbox) {
        return mailbox == null || mailbox.isEmpty() ? INBOX : mailbox;
    }

    /** Null options are the defaults (imaplib's constructors have no options to forget). */
    static ClientOptions options(ClientOptions options) {
        return options == null ? ClientOptions.defaults() : options;
    }

    /** imaplib's {@code timeout=None}: the default timeout. */
    static ClientOptions withTimeout(Duration timeout) {
        return timeout == null ? ClientOptions.defaults() : ClientOptions.defaults().withTimeout(timeout);
    }
}
