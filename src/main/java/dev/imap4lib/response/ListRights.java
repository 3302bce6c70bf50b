package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class ListRights { public static ListRights parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new ListRights(); } public static ListRights parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new ListRights(); } }
