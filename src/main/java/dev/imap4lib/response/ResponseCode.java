package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bracketed response code of a status response, e.g. {@code [UIDNEXT 4392]} (RFC 3501
 * §7.1, RFC 9051 §7.1, RFC 4315, RFC 7162, RFC 2221). {@link #parse} checks the argument of
 * the codes it knows, so the typed accessors of a parsed code do not fail.
 *
 * @param name code name in upper case, e.g. {@code UIDNEXT}
 * @param argument text after the name up to the {@code ]}, trimmed; empty when there is none
 */
public record ResponseCode(String name, String argument) {

    /** The UIDPLUS {@code APPENDUID} data: the UIDs the appended messages received. */
    public record AppendUid(long uidValidity, SequenceSet uids) {
    }

    /** The UIDPLUS {@code COPYUID} data: source UIDs and, in the same order, their new UIDs. */
    public record CopyUid(long uidValidity, SequenceSet source, SequenceSet destination) {
    }

    /**
     * Parses a code with the tokenizer at {@code [}, consuming through {@code ]}. Quoted strings
     * and literals in the argument may contain {@code ]}.
     *
     * @throws ResponseFormatException when the {@code [} is not closed or a known code's
     *     argument is malformed
     */
    public static ResponseCode parse(Tokenizer t) throws ResponseFormatException {
        t.expect('[');
        String name = Lenient.upper(t.atom());
        t.skipSpaces();
        int from = t.position();
        int last = from;
        int depth = 0;
        while (true) {
            int b = t.peek();
            if (b == -1 || b == '\r' || b == '\n') {
                throw t.error("unterminated '['");
            }
            if (b == ']' && depth == 0) {
                break;
            }
            if (t.peekString()) {
                t.string();
            } else {
                if (b == '(') {
                    depth++;
                } else if (b == ')') {
                    depth = Math.max(0, depth - 1);
                }
                t.position(t.position() + 1);
            }
            if (b != ' ') {
                last = t.position();
            }
        }
        String arg = new String(t.buffer(), from, last - from, StandardCharsets.UTF_8);
        t.expect(']');
        ResponseCode code = new ResponseCode(name, arg);
        try {
            code.validate();
        } catch (ResponseFormatException e) {
            t.position(from);
            throw t.error("bad argument of [" + name + "]: " + e.getMessage());
        }
        return code;
    }

    private void validate() throws ResponseFormatException {
        switch (name) {
            case "UIDVALIDITY", "UIDNEXT", "UNSEEN", "HIGHESTMODSEQ" -> number();
            case "PERMANENTFLAGS" -> flagList();
            // not capabilities(): its failure is the accessor's IllegalStateException
            case "CAPABILITY" -> Capability.parseCapabilities(arg());
            case "APPENDUID" -> parseAppendUid();
            case "COPYUID" -> parseCopyUid();
            case "MODIFIED" -> parseSet();
            case "BADCHARSET" -> parseBadCharset();
            default -> {
            }
        }
    }

    private Tokenizer arg() {
        byte[] b = argument.getBytes(StandardCharsets.UTF_8);
        return new Tokenizer(b, 0, b.length);
    }

    private long number() throws ResponseFormatException {
        Tokenizer t = arg();
        long n = t.number();
        Lenient.end(t);
        return n;
    }

    private List<String> flagList() throws ResponseFormatException {
        Tokenizer t = arg();
        List<String> f = t.flagList();
        Lenient.end(t);
        return Collections.unmodifiableList(f);
    }

    private AppendUid parseAppendUid() throws ResponseFormatException {
        Tokenizer t = arg();
        long v = t.number32();
        t.space();
        SequenceSet s = SequenceSet.parse(t);
        Lenient.end(t);
        return new AppendUid(v, s);
    }

    private CopyUid parseCopyUid() throws ResponseFormatException {
        Tokenizer t = arg();
        long v = t.number32();
        t.space();
        SequenceSet src = SequenceSet.parse(t);
        t.space();
        SequenceSet dst = SequenceSet.parse(t);
        Lenient.end(t);
        return new CopyUid(v, src, dst);
    }

    private SequenceSet parseSet() throws ResponseFormatException {
        Tokenizer t = arg();
        SequenceSet s = SequenceSet.parse(t);
        Lenient.end(t);
        return s;
    }

    private List<String> parseBadCharset() throws ResponseFormatException {
        Tokenizer t = arg();
        if (t.atEnd()) {
            return List.of();
        }
        t.expect('(');
        List<String> out = new ArrayList<>(2);
        while (Lenient.more(t)) {
            out.add(t.astring());
        }
        t.expect(')');
        Lenient.end(t);
        return Collections.unmodifiableList(out);
    }

    /** Runs a parse of the argument that {@link #parse} has already validated. */
    private interface ArgParser<T> {
        T run() throws ResponseFormatException;
    }

    private <T> T checked(ArgParser<T> p) {
        try {
            return p.run();
        } catch (ResponseFormatException e) {
            throw new IllegalStateException("malformed [" + name + "] argument: " + e.getMessage(), e);
        }
    }

    private Long numberIf(String code) {
        return name.equals(code) ? checked(this::number) : null;
    }

    /** The number of {@code [UIDVALIDITY n]}; null for other codes. */
    public Long uidValidity() {
        return numberIf("UIDVALIDITY");
    }

    /** The number of {@code [UIDNEXT n]}; null for other codes. */
    public Long uidNext() {
        return numberIf("UIDNEXT");
    }

    /** The number of {@code [UNSEEN n]}, the first unseen message; null for other codes. */
    public Long unseen() {
        return numberIf("UNSEEN");
    }

    /** The number of {@code [HIGHESTMODSEQ n]} (CONDSTORE); null for other codes. */
    public Long highestModSeq() {
        return numberIf("HIGHESTMODSEQ");
    }

    /** The flags of {@code [PERMANENTFLAGS (...)]}, {@code \*} included when sent; null for other codes. */
    public List<String> permanentFlags() {
        return name.equals("PERMANENTFLAGS") ? checked(this::flagList) : null;
    }

    /** The capabilities of {@code [CAPABILITY ...]}, as sent; null for other codes. */
    public List<String> capabilities() {
        return name.equals("CAPABILITY") ? checked(() -> Capability.parseCapabilities(arg())) : null;
    }

    /** The data of {@code [APPENDUID uidvalidity uids]}; null for other codes. */
    public AppendUid appendUid() {
        return name.equals("APPENDUID") ? checked(this::parseAppendUid) : null;
    }

    /** The data of {@code [COPYUID uidvalidity source destination]}; null for other codes. */
    public CopyUid copyUid() {
        return name.equals("COPYUID") ? checked(this::parseCopyUid) : null;
    }

    /** The charsets of {@code [BADCHARSET (...)]}, empty when none was listed; null for other codes. */
    public List<String> badCharset() {
        return name.equals("BADCHARSET") ? checked(this::parseBadCharset) : null;
    }

    /** The messages a CONDSTORE conditional STORE left alone, {@code [MODIFIED set]}; null for other codes. */
    public SequenceSet modified() {
        return name.equals("MODIFIED") ? checked(this::parseSet) : null;
    }

    /** The URL text of {@code [REFERRAL url]} (RFC 2221); null for other codes. */
    public String referral() {
        return name.equals("REFERRAL") ? argument : null;
    }

    /**
     * The id of {@code [MAILBOXID (id)]} (OBJECTID, RFC 8474: in SELECT/EXAMINE and in CREATE's
     * OK); null for other codes or a malformed argument.
     */
    public String mailboxId() {
        return name.equals("MAILBOXID") ? objectId(argument) : null;
    }

    /**
     * An RFC 8474 objectid from {@code (id)} (the form of MAILBOXID, EMAILID and THREADID
     * values): the id when it has 1 to 255 characters of {@code A-Z a-z 0-9 _ -}, else null
     * (absent, NIL or garbage).
     */
    public static String objectId(String parenthesized) {
        if (parenthesized == null) {
            return null;
        }
        String v = parenthesized.trim();
        if (v.length() < 3 || v.charAt(0) != '(' || v.charAt(v.length() - 1) != ')') {
            return null;
        }
        v = v.substring(1, v.length() - 1).trim();
        if (v.isEmpty() || v.length() > 255 || v.equalsIgnoreCase("NIL")) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (!(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_' || ch == '-')) {
                return null;
            }
        }
        return v;
    }

    /** {@code [ALERT]}: the text must be shown to the user. */
    public boolean isAlert() {
        return name.equals("ALERT");
    }

    /** {@code [READ-ONLY]}: the mailbox was selected read-only. */
    public boolean isReadOnly() {
        return name.equals("READ-ONLY");
    }

    /** {@code [READ-WRITE]}: the mailbox was selected read-write. */
    public boolean isReadWrite() {
        return name.equals("READ-WRITE");
    }

    /** {@code [TRYCREATE]}: the target mailbox does not exist but could be created. */
    public boolean isTryCreate() {
        return name.equals("TRYCREATE");
    }

    /** {@code [NOMODSEQ]}: the mailbox does not keep mod-sequences. */
    public boolean noModSeq() {
        return name.equals("NOMODSEQ");
    }
}
