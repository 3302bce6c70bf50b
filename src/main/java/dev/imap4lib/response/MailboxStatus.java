package dev.imap4lib.response;
import dev.imap4lib.wire.*;
/** STUB */
public final class MailboxStatus { public static MailboxStatus parse(Tokenizer t) throws ResponseFormatException { t.rest(); return new MailboxStatus(); } public static MailboxStatus parse(Tokenizer t, boolean u) throws ResponseFormatException { t.rest(); return new MailboxStatus(); } }
