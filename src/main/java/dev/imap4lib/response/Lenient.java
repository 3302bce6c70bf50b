package dev.imap4lib.response;

import dev.imap4lib.wire.ModifiedUtf7;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Readers for the places where real servers bend the grammar; shared by the parsers here. */
final class Lenient {
    private Lenient() {
    }

    /**
     * A string where the grammar wants one, but NIL (Exchange) gives {@code null} and a bare atom
     * (seen for types and encodings) gives its text.
     */
    static String string(Tokenizer t) throws ResponseFormatException {
        if (t.peekString()) {
            return t.string();
        }
        if (t.tryNil()) {
            return null;
        }
        return t.atom();
    }

    /** An astring, or {@code null} for NIL. */
    static String nastring(Tokenizer t) throws ResponseFormatException {
        return t.tryNil() ? null : t.astring();
    }

    /** A number where NIL (meaning unknown) and {@code -1} are tolerated; both give -1. */
    static long size(Tokenizer t) throws ResponseFormatException {
        if (t.tryNil()) {
            return -1;
        }
        long n = t.signedNumber();
        if (n < -1) {
            throw t.error("negative number");
        }
        return n;
    }

    /** Skips spaces (however many the server sent) and tells whether a value follows before ')' or the end. */
    static boolean more(Tokenizer t) {
        t.skipSpaces();
        return t.peek() != ')' && !t.atEnd();
    }

    /** Fails unless only spaces remain. */
    static void end(Tokenizer t) throws ResponseFormatException {
        t.skipSpaces();
        if (!t.atEnd()) {
            throw t.error("unexpected data");
        }
    }

    /**
     * A mailbox name as a user sees it: UTF-8 as sent when UTF8=ACCEPT is on, otherwise modified
     * UTF-7 decoded. A name that is not valid modified UTF-7 (servers storing raw 8-bit names)
     * is returned as sent rather than failing the whole response. INBOX is case-insensitive, so
     * it is given one spelling.
     */
    static String mailbox(String raw, boolean utf8) {
        if (raw.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (utf8) {
            return raw;
        }
        try {
            return ModifiedUtf7.decode(raw);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    /** Upper-cases ASCII letters only, so that item names do not depend on the default locale. */
    static String upper(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                char[] a = s.toCharArray();
                for (int j = i; j < a.length; j++) {
                    if (a[j] >= 'a' && a[j] <= 'z') {
                        a[j] -= 32;
                    }
                }
                return new String(a);
            }
        }
        return s;
    }

    /**
     * An item of a STATUS or ESEARCH reply that no parser knows ({@code name value}), kept as
     * text in {@code other}: the map is made on first use, since almost every reply has none.
     */
    static Map<String, String> unknownItem(Tokenizer t, Map<String, String> other)
            throws ResponseFormatException {
        String name = upper(t.atom());
        t.space();
        int from = t.position();
        t.skipValue(16);
        Map<String, String> m = other.isEmpty() ? new LinkedHashMap<>(2) : other;
        m.put(name, t.text(from));
        return m;
    }
}
