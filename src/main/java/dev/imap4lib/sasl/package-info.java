/**
 * Client side SASL mechanisms for IMAP {@code AUTHENTICATE}, built on the JDK alone.
 *
 * <p>A {@link dev.imap4lib.sasl.SaslMechanism} only transforms raw bytes; base64 and the
 * {@code +} continuation handling belong to the protocol layer. Mechanism objects are
 * single-use and not thread-safe. None of them reveal credentials through
 * {@code toString()} or exception messages.
 */
package dev.imap4lib.sasl;
