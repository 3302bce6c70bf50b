package dev.imap4lib.provider;

import jakarta.mail.MessagingException;

/**
 * A message is larger than the server accepts (APPENDLIMIT, RFC 7889): thrown by
 * {@link Imap4libFolder#appendMessages} and {@link Imap4libFolder#replaceMessage} before
 * anything of the message is sent, so nothing is stored and the connection stays usable.
 */
public class AppendLimitExceededException extends MessagingException {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    public AppendLimitExceededException(String folder, long size, long limit) {
        super("message of " + size + " bytes is larger than the APPENDLIMIT of " + limit + " bytes of " + folder
                + "; nothing was sent");
        this.size = size;
        this.limit = limit;
    }

    /** The message's size in bytes, as it would have been sent (CRLF line ends). */
    public long getSize() {
        return size;
    }

    /** The server's limit in bytes. */
    public long getLimit() {
        return limit;
    }
}
