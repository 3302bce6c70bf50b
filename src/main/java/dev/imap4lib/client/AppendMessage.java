package dev.imap4lib.client;

import java.time.ZonedDateTime;

/**
 * One message of a {@link Imap4#multiAppend MULTIAPPEND} (or of a pipelined APPEND): what
 * {@link Imap4#append(String, String, ZonedDateTime, byte[])} takes, as a value. The message bytes
 * get the same treatment as there (bare LF becomes CRLF; NUL bytes go as a literal8 when the
 * server has BINARY). The array is not copied: do not change it until the command completed.
 *
 * @param flags e.g. {@code "(\\Seen)"} or {@code "\\Seen"}, or null for none
 * @param internalDate the INTERNALDATE to store, or null for the server's time of arrival
 * @param message the RFC 5322 message
 */
public record AppendMessage(String flags, ZonedDateTime internalDate, byte[] message) {
    public AppendMessage {
        Params.require(message, "message");
    }

    /** A message without flags or internal date. */
    public static AppendMessage of(byte[] message) {
        return new AppendMessage(null, null, message);
    }
}
