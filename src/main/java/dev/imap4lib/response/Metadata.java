package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class Metadata { public static Metadata parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new Metadata(); } public static Metadata parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new Metadata(); } }
