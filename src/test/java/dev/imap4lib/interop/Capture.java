package dev.imap4lib.interop;

import dev.imap4lib.response.FetchData;
import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A captured server transcript from {@code src/test/resources/fixtures/}: server responses in
 * wire form (CRLF lines, literals inline), with {@code # } comment lines naming the client's
 * commands. Each response (literals included) becomes one {@link RawResponse}.
 */
final class Capture {
    final List<RawResponse> responses;

    private Capture(List<RawResponse> responses) {
        this.responses = responses;
    }

    static Capture load(String name) throws IOException {
        byte[] b;
        try (InputStream in = Capture.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            b = in.readAllBytes();
        }
        List<RawResponse> out = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            ByteArrayOutputStream resp = new ByteArrayOutputStream();
            boolean comment = b[i] == '#';
            while (true) {
                int eol = indexOfCrlf(b, i);
                if (eol < 0) {
                    throw new IOException(name + ": line without CRLF at byte " + i);
                }
                resp.write(b, i, eol - i);
                int n = comment ? -1 : literalLength(b, i, eol);
                i = eol + 2;
                if (n < 0) {
                    break;
                }
                resp.write('\r');
                resp.write('\n');
                resp.write(b, i, n);
                i += n;
            }
            if (!comment) {
                out.add(RawResponse.of(resp.toByteArray()));
            }
        }
        return new Capture(out);
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** n when the line {@code [from, eol)} ends with {@code {n}}, else -1. */
    private static int literalLength(byte[] b, int from, int eol) {
        if (eol - from < 3 || b[eol - 1] != '}') {
            return -1;
        }
        int j = eol - 2;
        while (j > from && b[j] >= '0' && b[j] <= '9') {
            j--;
        }
        if (b[j] != '{' || j == eol - 2) {
            return -1;
        }
        return Integer.parseInt(new String(b, j + 1, eol - 2 - j, StandardCharsets.US_ASCII));
    }

    /** Responses whose text starts with {@code prefix} (e.g. {@code "* LIST "}). */
    List<RawResponse> startingWith(String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        return responses.stream().filter(r -> r.length() >= p.length
                && Arrays.equals(Arrays.copyOf(r.bytes(), p.length), p)).toList();
    }

    /** The only response starting with {@code prefix}... or the first. */
    RawResponse first(String prefix) {
        List<RawResponse> l = startingWith(prefix);
        if (l.isEmpty()) {
            throw new AssertionError("no response starting with " + prefix);
        }
        return l.get(0);
    }

    /** A tokenizer after {@code prefix}. */
    static Tokenizer after(RawResponse r, String prefix) {
        Tokenizer t = r.tokenizer();
        t.position(prefix.getBytes(StandardCharsets.UTF_8).length);
        return t;
    }

    /** A tokenizer at the first {@code [} (a response code). */
    static Tokenizer atCode(RawResponse r) {
        byte[] b = r.bytes();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '[') {
                Tokenizer t = r.tokenizer();
                t.position(i);
                return t;
            }
        }
        throw new AssertionError("no response code in " + r);
    }

    /** The typed {@code * n FETCH (...)} response {@code r}, which must be parsed to its end. */
    static FetchData fetch(RawResponse r) throws Exception {
        Tokenizer t = r.tokenizer();
        t.position(2);
        int msgno = t.intNumber();
        t.space();
        if (!t.tryAtom("FETCH")) {
            throw new AssertionError("not a FETCH response: " + text(r));
        }
        t.space();
        FetchData f = FetchData.parse(msgno, t, 64);
        if (!t.atEnd()) {
            throw new AssertionError("data after the FETCH items: " + text(r));
        }
        return f;
    }

    static String text(RawResponse r) {
        return new String(r.bytes(), StandardCharsets.UTF_8);
    }
}
