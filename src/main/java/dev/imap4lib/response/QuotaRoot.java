package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class QuotaRoot { public static QuotaRoot parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new QuotaRoot(); } public static QuotaRoot parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new QuotaRoot(); } }
