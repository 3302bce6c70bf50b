package dev.imap4lib.client;

import dev.imap4lib.response.ResponseCode;
import java.io.IOException;

/**
 * imaplib's {@code error}: the server answered NO or BAD, or the caller misused the API (a
 * command not allowed in the current state, an argument that cannot be sent). The connection is
 * still usable unless the exception is an {@link Imap4AbortException}.
 */
public class Imap4Exception extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient ResponseCode code;
    private final String status;

    public Imap4Exception(String message) {
        this(message, null, null, null);
    }

    public Imap4Exception(String message, String status, ResponseCode code, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** The status the server answered (NO or BAD), or {@code null} when the client raised it. */
    public String status() {
        return status;
    }

    /** The response code of the server's answer (e.g. TRYCREATE, OVERQUOTA), or {@code null}. */
    public ResponseCode code() {
        return code;
    }
}
