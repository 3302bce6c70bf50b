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

    /**
     * The server's answer as it reads on the wire, for messages: {@code NO [AUTHENTICATIONFAILED]
     * Invalid credentials}. imaplib's message carries the response code too, and users search
     * messages for it; a long code argument is cut. Only server text goes in, never an argument
     * the client sent (so no password can end up here).
     */
    static String answer(String status, ResponseCode code, String text) {
        StringBuilder b = new StringBuilder(status == null ? "" : status);
        if (code != null) {
            b.append(" [").append(code.name());
            if (!code.argument().isEmpty()) {
                byte[] arg = code.argument().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                b.append(' ').append(dev.imap4lib.wire.Excerpt.escape(arg, 0, arg.length, 200));
            }
            b.append(']');
        }
        if (text != null && !text.isEmpty()) {
            b.append(' ').append(text);
        }
        return b.toString();
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
