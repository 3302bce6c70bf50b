package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class ListEntry { public static ListEntry parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new ListEntry(); } public static ListEntry parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new ListEntry(); } }
