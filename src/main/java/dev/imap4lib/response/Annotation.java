package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class Annotation { public static Annotation parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new Annotation(); } public static Annotation parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new Annotation(); } }
