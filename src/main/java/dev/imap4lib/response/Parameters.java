package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * MIME parameters of a body part or disposition ({@code body-fld-param}), in the order the server
 * sent them, looked up by name without regard to case.
 *
 * @param list the parameters as sent; values may be {@code null} when a server sent NIL
 */
public record Parameters(List<Parameter> list) {
    /** No parameters (NIL). */
    public static final Parameters EMPTY = new Parameters(List.of());

    /** One {@code name value} pair as sent. */
    public record Parameter(String name, String value) {
    }

    public Parameters {
        list = List.copyOf(list);
    }

    /** Whether there are no parameters. */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** The raw value of the first parameter called {@code name} (any case). */
    public Optional<String> get(String name) {
        for (Parameter p : list) {
            if (p.name() != null && p.name().equalsIgnoreCase(name)) {
                return Optional.ofNullable(p.value());
            }
        }
        return Optional.empty();
    }

    /**
     * The value of parameter {@code name} as a user would read it: an RFC 2231 extended value
     * ({@code name*=charset'lang'%XX}) or continuation ({@code name*0*}, {@code name*1}, ...)
     * wins over a plain {@code name}, whose RFC 2047 encoded-words (which many mailers use in
     * filenames, against the rules) are decoded. Values in unknown charsets are returned raw.
     */
    public Optional<String> decoded(String name) {
        return decoded(name, true);
    }

    /**
     * Like {@link #decoded(String)}; with {@code decodeWords} false, RFC 2047 encoded-words in a
     * plain value are left as they are (RFC 2047 §5 forbids them there; Jakarta Mail decodes them
     * only when {@code mail.mime.decodefilename} is set).
     */
    public Optional<String> decoded(String name, boolean decodeWords) {
        Optional<String> ext = get(name + "*");
        if (ext.isPresent()) {
            String d = MimeText.decodeExtended(ext.get());
            return Optional.of(d != null ? d : ext.get());
        }
        String joined = continuations(name, decodeWords);
        if (joined != null) {
            return Optional.of(joined);
        }
        return decodeWords ? get(name).map(MimeText::decodeWords) : get(name);
    }

    /** Joins {@code name*0}, {@code name*1*}, ... (RFC 2231 §3-4), or null when there are none. */
    private String continuations(String name, boolean decodeWords) {
        String first = null;
        boolean firstExtended = false;
        if (get(name + "*0*").isPresent()) {
            first = get(name + "*0*").get();
            firstExtended = true;
        } else if (get(name + "*0").isPresent()) {
            first = get(name + "*0").get();
        }
        if (first == null) {
            return null;
        }
        Charset cs = null;
        String rawFirst = first;
        if (firstExtended) {
            int q1 = first.indexOf('\'');
            int q2 = q1 < 0 ? -1 : first.indexOf('\'', q1 + 1);
            if (q2 >= 0) {
                cs = q1 == 0 ? StandardCharsets.US_ASCII : MimeText.charset(first.substring(0, q1));
                first = first.substring(q2 + 1);
            }
        }
        StringBuilder raw = new StringBuilder(rawFirst);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok = append(bytes, first, firstExtended);
        for (int i = 1; i <= list.size(); i++) {
            Optional<String> e = get(name + "*" + i + "*");
            Optional<String> p = e.isPresent() ? e : get(name + "*" + i);
            if (p.isEmpty() || p.get() == null) {
                break;
            }
            raw.append(p.get());
            ok &= append(bytes, p.get(), e.isPresent());
        }
        if (!firstExtended) {
            String plain = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
            return decodeWords ? MimeText.decodeWords(plain) : plain;
        }
        if (cs == null || !ok) {
            return raw.toString();
        }
        return new String(bytes.toByteArray(), cs);
    }

    private static boolean append(ByteArrayOutputStream out, String v, boolean extended) {
        if (v == null) {
            return true;
        }
        if (!extended) {
            out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            return true;
        }
        String d = MimeText.percent(v, StandardCharsets.ISO_8859_1);
        if (d == null) {
            return false;
        }
        out.writeBytes(d.getBytes(StandardCharsets.ISO_8859_1));
        return true;
    }

    /**
     * Parses {@code ("name" "value" ...)} or NIL with the tokenizer at its first byte. The empty
     * list {@code ()} and NIL values, which some servers send, are accepted.
     *
     * @throws ResponseFormatException when the list is malformed or has a name without a value
     */
    public static Parameters parse(Tokenizer t) throws ResponseFormatException {
        if (t.tryNil()) {
            return EMPTY;
        }
        t.expect('(');
        List<Parameter> out = new ArrayList<>(2);
        while (true) {
            t.skipSpaces();
            if (t.tryByte(')')) {
                return out.isEmpty() ? EMPTY : new Parameters(Collections.unmodifiableList(out));
            }
            String name = Lenient.string(t);
            t.skipSpaces();
            if (t.peek() == ')') {
                throw t.error("parameter without a value");
            }
            out.add(new Parameter(name, Lenient.string(t)));
        }
    }
}
