package dev.imap4lib.client;

/** The connection states of RFC 3501 §3, which decide which commands may be sent. */
public enum State {
    /** Connected, not yet authenticated. */
    NONAUTH,
    /** Authenticated (or pre-authenticated), no mailbox selected. */
    AUTH,
    /** A mailbox is selected. */
    SELECTED,
    /** Logging out or logged out. */
    LOGOUT
}
