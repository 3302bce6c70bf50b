package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class Acl { public static Acl parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new Acl(); } public static Acl parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new Acl(); } }
