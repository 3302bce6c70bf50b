package dev.imap4lib.client;

import dev.imap4lib.response.ResponseCode;
import java.util.List;

/**
 * What a command returns: imaplib's {@code (type, data)} pair plus the typed value parsed from
 * the same responses, and the tagged completion's response code and text.
 *
 * <p>As in imaplib, a NO answer is returned (check {@link #isOk()} or call {@link #check()}),
 * while a BAD answer, and a NO to LOGIN or AUTHENTICATE, throw.
 *
 * @param <T> the typed value, e.g. {@code List<FetchData>} for FETCH
 */
public final class Result<T> {
    private final String command;
    private final String type;
    private List<Object> data;
    private java.util.function.Supplier<List<Object>> dataSource;
    private final T value;
    private final ResponseCode code;
    private final String text;

    Result(String command, String type, List<Object> data, T value, ResponseCode code, String text) {
        this(command, type, (java.util.function.Supplier<List<Object>>) null, value, code, text);
        this.data = data;
    }

    /**
     * With imaplib's data built only when asked for: typed callers (the provider) never pay for
     * copying every response into byte arrays.
     */
    Result(String command, String type, java.util.function.Supplier<List<Object>> data, T value, ResponseCode code,
            String text) {
        this.dataSource = data;
        this.command = command;
        this.type = type;
        this.value = value;
        this.code = code;
        this.text = text;
    }

    /** {@code "OK"}, {@code "NO"}, {@code "BAD"} or, after LOGOUT, {@code "BYE"} (imaplib's typ). */
    public String type() {
        return type;
    }

    /**
     * imaplib's data list: {@code byte[]} items and {@link dev.imap4lib.wire.RawResponse.LiteralPair}s;
     * a {@code null} item where imaplib gives {@code [None]}.
     */
    public synchronized List<Object> data() {
        if (data == null && dataSource != null) {
            data = dataSource.get();
            dataSource = null;
        }
        return data;
    }

    /** The typed value; for a NO answer it holds whatever arrived (often empty or null). */
    public T value() {
        return value;
    }

    public boolean isOk() {
        return "OK".equals(type);
    }

    /** The response code of the tagged completion, or {@code null}. */
    public ResponseCode code() {
        return code;
    }

    /** The human-readable text of the tagged completion. */
    public String text() {
        return text;
    }

    /** The command this result answers. */
    public String command() {
        return command;
    }

    /**
     * Returns this result when it is OK, otherwise throws an {@link Imap4Exception} carrying the
     * server's status, code and text.
     */
    public Result<T> check() throws Imap4Exception {
        if (!isOk() && !"BYE".equals(type)) {
            throw new Imap4Exception(command + " failed: " + Imap4Exception.answer(type, code, text), type, code, null);
        }
        return this;
    }

    @Override
    public String toString() {
        return command + " " + type + (code != null ? " [" + code.name() + "]" : "") + " " + text;
    }
}
