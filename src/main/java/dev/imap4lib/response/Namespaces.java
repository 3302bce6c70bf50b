package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class Namespaces { public static Namespaces parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new Namespaces(); } public static Namespaces parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new Namespaces(); } }
