package dev.imap4lib.response;

import dev.imap4lib.wire.InternalDate;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of one FETCH response, {@code * <msgno> FETCH (...)} (RFC 3501 §7.4.2, RFC 9051
 * §7.5.2, with CONDSTORE, BINARY, OBJECTID, PREVIEW and Gmail's items). Items the server did not
 * send are {@code null}; the maps are empty when no such item came.
 *
 * <p>Body sections are keyed by the item name in upper case without {@code .PEEK}, with the
 * origin of a partial fetch: {@code BODY[]}, {@code BODY[1.2]},
 * {@code BODY[HEADER.FIELDS (FROM SUBJECT)]}, {@code BODY[]<0>}, {@code BINARY[1]},
 * {@code RFC822}, {@code RFC822.HEADER}, {@code RFC822.TEXT}. A NIL section maps to {@code null}.
 * The byte arrays are not copied: do not modify them.
 *
 * @param msgno message sequence number
 * @param flags FLAGS, system flags in their RFC spelling
 * @param uid UID
 * @param internalDate INTERNALDATE
 * @param rfc822Size RFC822.SIZE
 * @param envelope ENVELOPE
 * @param bodyStructure BODYSTRUCTURE, or BODY without a section (which has no extension data)
 * @param modseq MODSEQ (CONDSTORE)
 * @param sections body sections, see above
 * @param origins for partial sections, their key → the origin the server reported
 * @param binarySizes {@code BINARY.SIZE[part]} keyed by the part ({@code "1.2"})
 * @param gmMsgId Gmail {@code X-GM-MSGID}
 * @param gmThrId Gmail {@code X-GM-THRID}
 * @param gmLabels Gmail {@code X-GM-LABELS} as sent (modified UTF-7, system labels like {@code \Inbox})
 * @param preview PREVIEW (RFC 8970) or Fastmail's SNIPPET text
 * @param emailId EMAILID (RFC 8474)
 * @param threadId THREADID (RFC 8474); null both when absent and for NIL
 * @param saveDate SAVEDATE (RFC 8514): when the message was saved into this mailbox; null both
 *     when absent and for NIL (the server keeps no save date for this mailbox)
 * @param extras any other item: upper-case name → raw protocol text of its value
 */
public record FetchData(int msgno, List<String> flags, Long uid, ZonedDateTime internalDate, Long rfc822Size,
        Envelope envelope, BodyStructure bodyStructure, Long modseq, Map<String, byte[]> sections,
        Map<String, Long> origins, Map<String, Long> binarySizes, Long gmMsgId, Long gmThrId,
        List<String> gmLabels, String preview, String emailId, String threadId, ZonedDateTime saveDate,
        Map<String, String> extras) {

    /**
     * The section with the given item name: matching ignores case and {@code .PEEK}, and a name
     * without an origin also finds a partial answer, so the name used in the FETCH command
     * ({@code BODY.PEEK[1]<0.2048>}) finds what the server answered ({@code BODY[1]<0>}).
     *
     * @return the bytes, or {@code null} when absent or NIL (see {@link #sections()})
     */
    public byte[] section(String key) {
        byte[] b = sections.get(key);
        if (b != null || sections.isEmpty()) {
            return b;
        }
        String k = normalise(key);
        b = sections.get(k);
        if (b != null || k.indexOf('<') >= 0) {
            return b;
        }
        for (Map.Entry<String, byte[]> e : sections.entrySet()) {
            String s = e.getKey();
            if (s.length() > k.length() && s.startsWith(k) && s.charAt(k.length()) == '<') {
                return e.getValue();
            }
        }
        return null;
    }

    /** The origin of a partial section ({@code BODY[]<0>} gives 0), looked up like {@link #section}. */
    public Long sectionOrigin(String key) {
        Long o = origins.get(key);
        if (o != null) {
            return o;
        }
        String k = normalise(key);
        o = origins.get(k);
        if (o != null || k.indexOf('<') >= 0) {
            return o;
        }
        for (Map.Entry<String, Long> e : origins.entrySet()) {
            String s = e.getKey();
            if (s.length() > k.length() && s.startsWith(k) && s.charAt(k.length()) == '<') {
                return e.getValue();
            }
        }
        return null;
    }

    /** Upper case, no {@code .PEEK}, single spaces, {@code <o.len>} cut to {@code <o>}. */
    static String normalise(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        String u = Lenient.upper(key.trim());
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c == '.' && u.startsWith(".PEEK", i) && i + 5 < u.length() && u.charAt(i + 5) == '[') {
                i += 4;
            } else if (c == '<') {
                int dot = u.indexOf('.', i);
                int close = u.indexOf('>', i);
                if (dot > i && close > dot) {
                    sb.append(u, i, dot).append('>');
                    i = close;
                } else {
                    sb.append(c);
                }
            } else if (c == ' ' || c == '\t') {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') {
                    sb.append(' ');
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Whether FLAGS was sent and holds {@code flag} (compared without regard to case). */
    public boolean hasFlag(String flag) {
        if (flags == null) {
            return false;
        }
        for (String f : flags) {
            if (f.equalsIgnoreCase(flag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses the item list with the tokenizer at its {@code (}, through the closing {@code )}.
     *
     * @param msgno the message number that preceded FETCH
     * @param maxDepth deepest nesting accepted in BODYSTRUCTURE and unknown items
     * @throws dev.imap4lib.wire.ResponseLimitException when nesting exceeds {@code maxDepth}
     * @throws ResponseFormatException when the data is malformed
     */
    public static FetchData parse(int msgno, Tokenizer t, int maxDepth) throws ResponseFormatException {
        return new Builder(msgno).parse(t, maxDepth);
    }

    /**
     * Parses the item list of a {@code * <uid> UIDFETCH (...)} response (UIDONLY, RFC 9586): the
     * number before UIDFETCH is the UID, the message number is unknown ({@code 0}).
     */
    public static FetchData parseUidFetch(long uid, Tokenizer t, int maxDepth) throws ResponseFormatException {
        Builder b = new Builder(0);
        b.uid = uid;
        return b.parse(t, maxDepth);
    }

    /** Mutable state of one parse; maps and lists are only created for items that occur. */
    private static final class Builder {
        final int msgno;
        List<String> flags;
        Long uid;
        ZonedDateTime internalDate;
        Long rfc822Size;
        Envelope envelope;
        BodyStructure body;
        Long modseq;
        Map<String, byte[]> sections;
        Map<String, Long> origins;
        Map<String, Long> binarySizes;
        Long gmMsgId;
        Long gmThrId;
        List<String> gmLabels;
        String preview;
        String emailId;
        String threadId;
        ZonedDateTime saveDate;
        Map<String, String> extras;

        Builder(int msgno) {
            this.msgno = msgno;
        }

        FetchData parse(Tokenizer t, int maxDepth) throws ResponseFormatException {
            t.expect('(');
            while (true) {
                t.skipSpaces();
                int c = t.peek();
                if (c == ')') {
                    t.tryByte(')');
                    break;
                }
                if (c == -1) {
                    throw t.error("unterminated FETCH item list");
                }
                item(t, c | 0x20, maxDepth);
            }
            return new FetchData(msgno, flags == null ? null : Collections.unmodifiableList(flags), uid,
                    internalDate, rfc822Size, envelope, body, modseq, freeze(sections), freeze(origins),
                    freeze(binarySizes), gmMsgId, gmThrId,
                    gmLabels == null ? null : Collections.unmodifiableList(gmLabels), preview, emailId, threadId,
                    saveDate, freeze(extras));
        }

        private static <V> Map<String, V> freeze(Map<String, V> m) {
            return m == null ? Map.of() : Collections.unmodifiableMap(m);
        }

        /** One {@code name SP value}; {@code c} is the first byte of the name in lower case. */
        private void item(Tokenizer t, int c, int maxDepth) throws ResponseFormatException {
            switch (c) {
                case 'f' -> {
                    if (t.tryAtom("FLAGS")) {
                        t.space();
                        flags = t.flagList();
                        return;
                    }
                }
                case 'u' -> {
                    if (t.tryAtom("UID")) {
                        t.space();
                        uid = t.number();
                        return;
                    }
                }
                case 'i' -> {
                    if (t.tryAtom("INTERNALDATE")) {
                        t.space();
                        internalDate = date(t);
                        return;
                    }
                }
                case 'r' -> {
                    if (t.tryAtom("RFC822.SIZE")) {
                        t.space();
                        rfc822Size = t.number();
                        return;
                    }
                    if (t.tryAtom("RFC822.HEADER")) {
                        section(t, "RFC822.HEADER");
                        return;
                    }
                    if (t.tryAtom("RFC822.TEXT")) {
                        section(t, "RFC822.TEXT");
                        return;
                    }
                    if (t.tryAtom("RFC822")) {
                        section(t, "RFC822");
                        return;
                    }
                }
                case 'e' -> {
                    if (t.tryAtom("ENVELOPE")) {
                        t.space();
                        envelope = Envelope.parse(t);
                        return;
                    }
                    if (t.tryAtom("EMAILID")) {
                        t.space();
                        emailId = objectId(t);
                        return;
                    }
                }
                case 'b' -> {
                    if (t.tryAtom("BODYSTRUCTURE")) {
                        t.space();
                        body = BodyStructure.parse(t, maxDepth);
                        return;
                    }
                    if (t.tryAtom("BODY") || t.tryAtom("BODY.PEEK")) {
                        if (t.peek() == '[') {
                            bodySection(t, "BODY[");
                        } else {
                            t.space();
                            body = BodyStructure.parse(t, maxDepth);
                        }
                        return;
                    }
                    if (t.tryAtom("BINARY.SIZE")) {
                        String part = t.bracketed().trim();
                        t.space();
                        if (binarySizes == null) {
                            binarySizes = new LinkedHashMap<>(4);
                        }
                        binarySizes.put(part, t.tryNil() ? null : t.number());
                        return;
                    }
                    int at = t.position();
                    if (t.tryAtom("BINARY") || t.tryAtom("BINARY.PEEK")) {
                        if (t.peek() == '[') {
                            bodySection(t, "BINARY[");
                            return;
                        }
                        t.position(at);
                    }
                }
                case 'm' -> {
                    if (t.tryAtom("MODSEQ")) {
                        t.space();
                        t.expect('(');
                        t.skipSpaces();
                        modseq = t.number();
                        t.skipSpaces();
                        t.expect(')');
                        return;
                    }
                }
                case 'x' -> {
                    if (t.tryAtom("X-GM-MSGID")) {
                        t.space();
                        gmMsgId = t.number();
                        return;
                    }
                    if (t.tryAtom("X-GM-THRID")) {
                        t.space();
                        gmThrId = t.number();
                        return;
                    }
                    if (t.tryAtom("X-GM-LABELS")) {
                        t.space();
                        gmLabels = t.tryNil() ? new ArrayList<>(0) : t.flagList();
                        return;
                    }
                }
                case 'p', 's' -> {
                    if (t.tryAtom("SAVEDATE")) {
                        t.space();
                        saveDate = date(t);
                        return;
                    }
                    if (t.tryAtom("PREVIEW") || t.tryAtom("SNIPPET")) {
                        t.space();
                        preview = previewText(t);
                        return;
                    }
                }
                case 't' -> {
                    if (t.tryAtom("THREADID")) {
                        t.space();
                        threadId = t.tryNil() ? null : objectId(t);
                        return;
                    }
                }
                default -> {
                }
            }
            unknown(t, maxDepth);
        }

        private static ZonedDateTime date(Tokenizer t) throws ResponseFormatException {
            if (t.tryNil()) {
                return null;
            }
            int at = t.position();
            String s = t.string();
            try {
                return InternalDate.parse(s);
            } catch (IllegalArgumentException e) {
                t.position(at);
                throw t.error("bad date-time");
            }
        }

        /** {@code (id)} of RFC 8474; a bare atom is accepted too. */
        private static String objectId(Tokenizer t) throws ResponseFormatException {
            if (!t.tryByte('(')) {
                return t.atom();
            }
            t.skipSpaces();
            // Cyrus writes "THREADID (NIL)" for "no thread"; no server uses NIL as a real id.
            String id = t.tryNil() ? null : t.atom();
            t.skipSpaces();
            t.expect(')');
            return id;
        }

        /** PREVIEW's nstring, or the {@code (FUZZY "text")} list of drafts and of SNIPPET. */
        private static String previewText(Tokenizer t) throws ResponseFormatException {
            if (!t.tryByte('(')) {
                return t.nstring();
            }
            String text = null;
            while (Lenient.more(t)) {
                if (t.peekString()) {
                    text = t.string();
                } else if (!t.tryNil()) {
                    t.atom();
                }
            }
            t.expect(')');
            return text;
        }

        /** {@code [section]<origin> SP value} after BODY or BINARY; the key keeps the origin. */
        private void bodySection(Tokenizer t, String prefix) throws ResponseFormatException {
            String spec = t.bracketed();
            StringBuilder key = new StringBuilder(prefix.length() + spec.length() + 8).append(prefix);
            boolean space = false;
            for (int i = 0; i < spec.length(); i++) {
                char ch = spec.charAt(i);
                if (ch == ' ' || ch == '\t') {
                    space = true;
                    continue;
                }
                char prev = key.charAt(key.length() - 1);
                if (space && prev != '[' && prev != '(' && ch != ')') {
                    key.append(' ');
                }
                space = false;
                key.append(ch >= 'a' && ch <= 'z' ? (char) (ch - 32) : ch);
            }
            key.append(']');
            Long origin = null;
            if (t.tryByte('<')) {
                origin = t.number();
                t.expect('>');
                key.append('<').append(origin).append('>');
            }
            String k = key.toString();
            section(t, k);
            if (origin != null) {
                if (origins == null) {
                    origins = new LinkedHashMap<>(4);
                }
                origins.put(k, origin);
            }
        }

        private void section(Tokenizer t, String key) throws ResponseFormatException {
            // GreenMail writes "BODY[TEXT]<0>{357}" with no space before the literal.
            t.skipSpaces();
            if (sections == null) {
                sections = new LinkedHashMap<>(4);
            }
            sections.put(key, t.nstringBytes());
        }

        private void unknown(Tokenizer t, int maxDepth) throws ResponseFormatException {
            int start = t.position();
            t.skipAtomWithSections();
            String name = Lenient.upper(t.text(start));
            t.space();
            int from = t.position();
            t.skipValue(maxDepth);
            if (extras == null) {
                extras = new LinkedHashMap<>(4);
            }
            extras.put(name, t.text(from));
        }
    }
}
