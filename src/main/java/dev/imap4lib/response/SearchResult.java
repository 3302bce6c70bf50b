package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class SearchResult { public static SearchResult parseSearch(Tokenizer t) throws ResponseFormatException { t.rest(); return new SearchResult(); }
public static SearchResult parseEsearch(Tokenizer t) throws ResponseFormatException { t.rest(); return new SearchResult(); }
public static SearchResult parseSort(Tokenizer t) throws ResponseFormatException { t.rest(); return new SearchResult(); } }
