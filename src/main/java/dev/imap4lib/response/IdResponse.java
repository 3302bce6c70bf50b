package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class IdResponse { public static IdResponse parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new IdResponse(); } public static IdResponse parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new IdResponse(); } }
