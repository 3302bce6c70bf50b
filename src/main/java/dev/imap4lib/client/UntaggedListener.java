package dev.imap4lib.client;

/**
 * Receives every untagged response as it arrives (EXISTS, EXPUNGE, FETCH, BYE, ALERT, ...),
 * on the thread that reads it, before the command that was running completes. Listeners must
 * return quickly and must not issue commands on the same client.
 */
@FunctionalInterface
public interface UntaggedListener {
    void onUntagged(Untagged response);
}
