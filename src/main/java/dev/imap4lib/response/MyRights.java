package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class MyRights { public static MyRights parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new MyRights(); } public static MyRights parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new MyRights(); } }
