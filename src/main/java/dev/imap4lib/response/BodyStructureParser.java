package dev.imap4lib.response;

import dev.imap4lib.response.BodyStructure.Basic;
import dev.imap4lib.response.BodyStructure.Disposition;
import dev.imap4lib.response.BodyStructure.Extensions;
import dev.imap4lib.response.BodyStructure.Message;
import dev.imap4lib.response.BodyStructure.Multipart;
import dev.imap4lib.response.BodyStructure.Text;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Recursive descent; recursion depth is bounded by {@code maxDepth} before each descent. */
final class BodyStructureParser {
    private final Tokenizer t;
    private final int maxDepth;

    BodyStructureParser(Tokenizer t, int maxDepth) {
        this.t = t;
        this.maxDepth = maxDepth;
    }

    BodyStructure part(int depth, String single, String multi) throws ResponseFormatException {
        if (depth > maxDepth) {
            throw t.tooDeep(maxDepth);
        }
        t.expect('(');
        t.skipSpaces();
        BodyStructure b = t.peek() == '(' ? multipart(depth, multi) : single(depth, single);
        t.skipSpaces();
        t.expect(')');
        return b;
    }

    private BodyStructure multipart(int depth, String own) throws ResponseFormatException {
        List<BodyStructure> parts = new ArrayList<>(4);
        while (t.peek() == '(') {
            String c = own.isEmpty() ? Integer.toString(parts.size() + 1) : own + "." + (parts.size() + 1);
            parts.add(part(depth + 1, c, c));
            t.skipSpaces();
        }
        String subtype = Lenient.more(t) ? Lenient.string(t) : null;
        Parameters params = Parameters.EMPTY;
        Extensions ext = Extensions.NONE;
        if (Lenient.more(t)) {
            params = Parameters.parse(t);
            ext = extensions(null, depth);
        }
        return new Multipart(Collections.unmodifiableList(parts), subtype, params, ext, own);
    }

    private BodyStructure single(int depth, String section) throws ResponseFormatException {
        String type = Lenient.string(t);
        t.skipSpaces();
        String subtype = Lenient.string(t);
        Parameters params = Lenient.more(t) ? Parameters.parse(t) : Parameters.EMPTY;
        String id = Lenient.more(t) ? Lenient.string(t) : null;
        String desc = Lenient.more(t) ? Lenient.string(t) : null;
        String enc = Lenient.more(t) ? Lenient.string(t) : null;
        long size = Lenient.more(t) ? Lenient.size(t) : -1;
        if ("TEXT".equalsIgnoreCase(type)) {
            long lines = -1;
            if (Lenient.more(t) && (t.peekDigit() || t.peek() == '-' || t.peekNil())) {
                lines = Lenient.size(t);
            }
            Extensions ext = Lenient.more(t) ? extensions(md5(), depth) : Extensions.NONE;
            return new Text(type, subtype, params, id, desc, enc, size, lines, ext, section);
        }
        if ("MESSAGE".equalsIgnoreCase(type) && ("RFC822".equalsIgnoreCase(subtype)
                || "GLOBAL".equalsIgnoreCase(subtype)) && Lenient.more(t) && t.peek() == '(') {
            Envelope env = Envelope.parse(t);
            t.skipSpaces();
            BodyStructure body = part(depth + 1, section + ".1", section);
            long lines = Lenient.more(t) ? Lenient.size(t) : -1;
            Extensions ext = Lenient.more(t) ? extensions(md5(), depth) : Extensions.NONE;
            return new Message(type, subtype, params, id, desc, enc, size, env, body, lines, ext, section);
        }
        Extensions ext = Lenient.more(t) ? extensions(md5(), depth) : Extensions.NONE;
        return new Basic(type, subtype, params, id, desc, enc, size, ext, section);
    }

    /** The MD5 field; Lenient#string also accepts the atoms some servers send. */
    private String md5() throws ResponseFormatException {
        return Lenient.string(t);
    }

    /** Extension data after md5 (single part) or params (multipart): dsp, lang, loc, others. */
    private Extensions extensions(String md5, int depth) throws ResponseFormatException {
        Disposition dsp = null;
        List<String> lang = List.of();
        String loc = null;
        List<String> other = List.of();
        if (Lenient.more(t)) {
            dsp = disposition();
            if (Lenient.more(t)) {
                lang = language();
                if (Lenient.more(t)) {
                    loc = Lenient.string(t);
                    while (Lenient.more(t)) {
                        if (other.isEmpty()) {
                            other = new ArrayList<>(2);
                        }
                        int from = t.position();
                        t.skipValue(Math.max(1, maxDepth - depth));
                        other.add(t.text(from));
                    }
                }
            }
        }
        return new Extensions(md5, dsp, lang, loc, other);
    }

    private Disposition disposition() throws ResponseFormatException {
        if (t.tryNil()) {
            return null;
        }
        if (t.peek() != '(') {
            // a bare disposition type, without the list around it
            return new Disposition(Lenient.string(t), Parameters.EMPTY);
        }
        t.expect('(');
        t.skipSpaces();
        String type = Lenient.string(t);
        Parameters p = Lenient.more(t) ? Parameters.parse(t) : Parameters.EMPTY;
        t.skipSpaces();
        t.expect(')');
        return new Disposition(type, p);
    }

    private List<String> language() throws ResponseFormatException {
        if (t.tryNil()) {
            return List.of();
        }
        if (t.peek() != '(') {
            return List.of(Lenient.string(t));
        }
        t.expect('(');
        List<String> out = new ArrayList<>(1);
        while (Lenient.more(t)) {
            String tag = Lenient.string(t);
            if (tag != null) { // a NIL among the language tags says nothing: dropped
                out.add(tag);
            }
        }
        t.expect(')');
        return out;
    }
}
