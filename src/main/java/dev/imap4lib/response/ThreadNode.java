package dev.imap4lib.response;
import dev.imap4lib.wire.*;
import java.util.*;
/** STUB */
public final class ThreadNode { public static List<ThreadNode> parse(Tokenizer t, int d) throws ResponseFormatException { t.rest(); return List.of(); } }
