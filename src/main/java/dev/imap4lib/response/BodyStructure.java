package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The MIME structure of a message as sent in a BODYSTRUCTURE or BODY fetch item (RFC 3501
 * §7.4.2, RFC 9051 §7.5.2). Every node knows its part specifier ({@link #section()}), so a
 * client can fetch {@code BODY[<section>]} of any leaf directly.
 *
 * <p>String fields are as sent and may be {@code null} where the server sent NIL; sizes and line
 * counts are -1 when the server did not know them (Exchange sends {@code -1} or NIL).
 */
public sealed interface BodyStructure
        permits BodyStructure.Basic, BodyStructure.Text, BodyStructure.Message, BodyStructure.Multipart {

    /** Deepest nesting followed whatever a caller asks, so that parsing never exhausts the stack. */
    int HARD_MAX_DEPTH = 256;

    /** Media type as sent, e.g. {@code TEXT}; {@code MULTIPART} for multiparts. */
    String type();

    /** Media subtype as sent, e.g. {@code PLAIN}. */
    String subtype();

    /** Content-Type parameters ({@link Parameters#EMPTY} for NIL). */
    Parameters params();

    /** Extension data of BODYSTRUCTURE; {@link Extensions#NONE} for the BODY form. */
    Extensions extensions();

    /**
     * The part specifier: {@code "1"} for a message that is not multipart, {@code "2.1"} for the
     * first part of the second part, and so on. A multipart node has the specifier of the entity
     * it is the body of: {@code ""} at the top (the whole message), and for a multipart inside a
     * message/rfc822 part the specifier of that part; its children number on from there.
     */
    String section();

    /** Child nodes: a multipart's parts, a message/rfc822's encapsulated body, otherwise none. */
    default List<BodyStructure> parts() {
        return List.of();
    }

    /** {@code type/subtype} in lower case, e.g. {@code text/plain}. */
    default String mimeType() {
        String ty = type() == null ? "" : type();
        String st = subtype() == null ? "" : subtype();
        return (ty + "/" + st).toLowerCase(Locale.ROOT);
    }

    /** The raw value of a Content-Type parameter, looked up without regard to case. */
    default Optional<String> parameter(String name) {
        return params().get(name);
    }

    /** The Content-Disposition, if the server sent one. */
    default Optional<Disposition> disposition() {
        return Optional.ofNullable(extensions().disposition());
    }

    /**
     * The file name of this part: the disposition's {@code filename}, else the Content-Type
     * {@code name}, with RFC 2231 continuations and charsets and RFC 2047 encoded-words decoded.
     */
    default Optional<String> filename() {
        return filename(true);
    }

    /**
     * {@link #filename()}, decoding RFC 2047 encoded-words in plain values only when
     * {@code decodeWords} is true (RFC 2231 values are always decoded).
     */
    default Optional<String> filename(boolean decodeWords) {
        Disposition d = extensions().disposition();
        if (d != null) {
            Optional<String> f = d.params().decoded("filename", decodeWords);
            if (f.isPresent()) {
                return f;
            }
        }
        return params().decoded("name", decodeWords);
    }

    /** Whether this is a multipart node. */
    default boolean isMultipart() {
        return this instanceof Multipart;
    }

    /** The node with part specifier {@code section} in this tree, searched without recursion. */
    default Optional<BodyStructure> find(String section) {
        List<BodyStructure> todo = new ArrayList<>();
        todo.add(this);
        while (!todo.isEmpty()) {
            BodyStructure b = todo.remove(todo.size() - 1);
            // a message/rfc822 part and its multipart body share a specifier; the part is seen first
            if (b.section().equals(section)) {
                return Optional.of(b);
            }
            todo.addAll(b.parts());
        }
        return Optional.empty();
    }

    /**
     * Content-Disposition of a part.
     *
     * @param type disposition type as sent, e.g. {@code attachment}
     * @param params disposition parameters
     */
    record Disposition(String type, Parameters params) {
    }

    /**
     * The extension data of BODYSTRUCTURE (RFC 3501 {@code body-ext-1part}/{@code body-ext-mpart}).
     *
     * @param md5 Content-MD5, single parts only; null when absent
     * @param disposition null when absent or NIL
     * @param language Content-Language values; empty when absent or NIL
     * @param location Content-Location; null when absent or NIL
     * @param other any further extension values, each as its raw protocol text
     */
    record Extensions(String md5, Disposition disposition, List<String> language, String location,
            List<String> other) {
        /** No extension data (the BODY form, or a server that sent none). */
        public static final Extensions NONE = new Extensions(null, null, List.of(), null, List.of());

        public Extensions {
            language = List.copyOf(language);
            other = List.copyOf(other);
        }
    }

    /** A single part that is neither text nor an encapsulated message. */
    record Basic(String type, String subtype, Parameters params, String id, String description,
            String encoding, long size, Extensions extensions, String section) implements BodyStructure {
    }

    /** A TEXT part; {@code lines} is its size in lines (-1 if unknown). */
    record Text(String type, String subtype, Parameters params, String id, String description,
            String encoding, long size, long lines, Extensions extensions, String section)
            implements BodyStructure {
    }

    /** A MESSAGE/RFC822 or MESSAGE/GLOBAL part with the envelope and structure of the message inside. */
    record Message(String type, String subtype, Parameters params, String id, String description,
            String encoding, long size, Envelope envelope, BodyStructure body, long lines,
            Extensions extensions, String section) implements BodyStructure {
        @Override
        public List<BodyStructure> parts() {
            return List.of(body);
        }
    }

    /** A MULTIPART node; {@code params} are its Content-Type parameters (extension data). */
    record Multipart(List<BodyStructure> parts, String subtype, Parameters params, Extensions extensions,
            String section) implements BodyStructure {
        public Multipart {
            parts = List.copyOf(parts);
        }

        @Override
        public String type() {
            return "MULTIPART";
        }
    }

    /**
     * Parses a BODYSTRUCTURE or BODY value with the tokenizer at its {@code (}.
     *
     * @param maxDepth deepest nesting of body parts accepted (values above {@link #HARD_MAX_DEPTH}
     *     are lowered to it)
     * @throws dev.imap4lib.wire.ResponseLimitException when the structure is nested deeper
     * @throws ResponseFormatException when it is malformed
     */
    static BodyStructure parse(Tokenizer t, int maxDepth) throws ResponseFormatException {
        return new BodyStructureParser(t, Math.min(maxDepth, HARD_MAX_DEPTH)).part(1, "1", "");
    }
}
