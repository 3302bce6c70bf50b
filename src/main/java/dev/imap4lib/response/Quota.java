package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class Quota { public static Quota parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new Quota(); } public static Quota parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new Quota(); } }
