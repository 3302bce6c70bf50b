package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class FetchData { public static FetchData parse(int n, Tokenizer t, int d) throws ResponseFormatException { t.skipValue(); return new FetchData(); } }
