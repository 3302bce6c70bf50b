/**
 * Small, dependency-free helpers for the IMAP4 wire format: mailbox-name encoding,
 * INTERNALDATE conversion, flag lists and command tags.
 *
 * <p>These correspond to the module-level helper functions of Python's {@code imaplib}
 * ({@code Internaldate2tuple}, {@code Time2Internaldate}, {@code ParseFlags}, {@code Int2AP}).
 * All classes are stateless or thread-safe.
 */
package dev.imap4lib.wire;
