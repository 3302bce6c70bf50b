package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One LIST or LSUB response (RFC 3501 §7.2.2, RFC 9051 §7.3.1), with LIST-EXTENDED data
 * (RFC 5258) and special-use attributes (RFC 6154).
 *
 * @param attributes name attributes as sent, e.g. {@code \Noselect}, {@code \HasChildren}
 * @param delimiter hierarchy delimiter, or {@code null} for NIL (a flat namespace)
 * @param rawName the name exactly as sent (modified UTF-7 unless UTF8=ACCEPT is on)
 * @param name the name for display: decoded, and {@code INBOX} in upper case
 * @param extended LIST-EXTENDED items: upper-case tag → raw protocol text of the value
 */
public record ListEntry(List<String> attributes, Character delimiter, String rawName, String name,
        Map<String, String> extended) {

    private static final String[] SPECIAL_USE = {
        "\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash", "\\Important"
    };

    public ListEntry {
        attributes = List.copyOf(attributes);
        extended = Collections.unmodifiableMap(new LinkedHashMap<>(extended));
    }

    /** Whether {@code attr} is among the attributes, compared without regard to case. */
    public boolean hasAttribute(String attr) {
        for (String a : attributes) {
            if (a.equalsIgnoreCase(attr)) {
                return true;
            }
        }
        return false;
    }

    /** {@code \HasChildren} (RFC 3348, RFC 5258). */
    public boolean hasChildren() {
        return hasAttribute("\\HasChildren");
    }

    /** {@code \Noselect}, or {@code \NonExistent} which implies it. */
    public boolean noSelect() {
        return hasAttribute("\\Noselect") || hasAttribute("\\NonExistent");
    }

    /**
     * The special use of the mailbox: one of {@code \All \Archive \Drafts \Flagged \Junk \Sent
     * \Trash} (RFC 6154) or {@code \Important} (RFC 8457), in that spelling.
     */
    public Optional<String> specialUse() {
        for (String s : SPECIAL_USE) {
            if (hasAttribute(s)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The CHILDINFO selection options (e.g. {@code SUBSCRIBED}), empty when absent or not a list
     * of strings (parsing keeps extended data as sent without checking it; see {@link #extended()}).
     */
    public List<String> childInfo() {
        String v = extended.get("CHILDINFO");
        if (v == null) {
            return List.of();
        }
        try {
            return strings(tokenizer(v));
        } catch (ResponseFormatException e) {
            return List.of();
        }
    }

    /** The OLDNAME of a renamed mailbox (RFC 9051), as sent; empty when absent or malformed. */
    public Optional<String> oldName() {
        String v = extended.get("OLDNAME");
        if (v == null) {
            return Optional.empty();
        }
        try {
            List<String> l = strings(tokenizer(v));
            return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
        } catch (ResponseFormatException e) {
            return Optional.empty();
        }
    }

    private static Tokenizer tokenizer(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new Tokenizer(b, 0, b.length);
    }

    /** {@code (astring ...)} */
    private static List<String> strings(Tokenizer t) throws ResponseFormatException {
        t.expect('(');
        List<String> out = new ArrayList<>(2);
        while (Lenient.more(t)) {
            out.add(t.astring());
        }
        t.expect(')');
        return out;
    }

    /**
     * {@link #parse(Tokenizer, boolean)} for a session without UTF8=ACCEPT: mailbox names are
     * modified UTF-7.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static ListEntry parse(Tokenizer t) throws ResponseFormatException {
        return parse(t, false);
    }

    /** A hierarchy delimiter: one quoted character, or NIL (null) for a flat namespace. */
    static Character delimiter(Tokenizer t) throws ResponseFormatException {
        if (t.tryNil()) {
            return null;
        }
        int at = t.position();
        String d = t.string();
        if (d.length() != 1) {
            t.position(at);
            throw t.error("delimiter must be one character");
        }
        return d.charAt(0);
    }

    /**
     * Parses the data of LIST or LSUB with the tokenizer after {@code LIST }.
     *
     * @param utf8 whether UTF8=ACCEPT is enabled, so names are UTF-8 rather than modified UTF-7
     * @throws ResponseFormatException when the response is malformed
     */
    public static ListEntry parse(Tokenizer t, boolean utf8) throws ResponseFormatException {
        List<String> attrs = t.flagList();
        t.skipSpaces();
        Character delim = delimiter(t);
        t.skipSpaces();
        String raw = t.astring();
        Map<String, String> ext = Map.of();
        if (Lenient.more(t)) {
            ext = new LinkedHashMap<>(2);
            t.expect('(');
            while (Lenient.more(t)) {
                String tag = Lenient.upper(t.astring());
                t.skipSpaces();
                int from = t.position();
                t.skipValue(16);
                ext.put(tag, t.text(from));
            }
            t.expect(')');
        }
        Lenient.end(t);
        return new ListEntry(attrs, delim, raw, Lenient.mailbox(raw, utf8), ext);
    }
}
