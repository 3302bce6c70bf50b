package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.List;

/**
 * The ENVELOPE of a message (RFC 3501 §7.4.2): header fields as the server parsed them. Strings
 * are {@code null} for NIL; address lists are empty for NIL.
 *
 * @param date the Date header as sent (not parsed: servers pass on whatever the sender wrote)
 * @param subject the Subject header as sent, encoded-words left alone; see {@link #decodedSubject()}
 * @param inReplyTo the In-Reply-To header as sent
 * @param messageId the Message-ID header as sent
 */
public record Envelope(String date, String subject, List<Address> from, List<Address> sender,
        List<Address> replyTo, List<Address> to, List<Address> cc, List<Address> bcc,
        String inReplyTo, String messageId) {

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    /** The subject with RFC 2047 encoded-words decoded. */
    public String decodedSubject() {
        return MimeText.decodeWords(subject);
    }

    /**
     * Parses an envelope with the tokenizer at its {@code (}, through the closing {@code )}.
     *
     * @throws ResponseFormatException when the envelope is malformed
     */
    public static Envelope parse(Tokenizer t) throws ResponseFormatException {
        t.expect('(');
        t.skipSpaces();
        String date = t.nstring();
        t.skipSpaces();
        String subject = t.nstring();
        t.skipSpaces();
        List<Address> from = Address.parseList(t);
        t.skipSpaces();
        List<Address> sender = Address.parseList(t);
        t.skipSpaces();
        List<Address> replyTo = Address.parseList(t);
        t.skipSpaces();
        List<Address> to = Address.parseList(t);
        t.skipSpaces();
        List<Address> cc = Address.parseList(t);
        t.skipSpaces();
        List<Address> bcc = Address.parseList(t);
        t.skipSpaces();
        String inReplyTo = t.nstring();
        t.skipSpaces();
        String messageId = t.nstring();
        t.skipSpaces();
        t.expect(')');
        return new Envelope(date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId);
    }
}
