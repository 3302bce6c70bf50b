package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One address of an ENVELOPE (RFC 3501 §7.4.2). Any component may be {@code null} for NIL.
 * RFC 822 group syntax appears as a start marker (host NIL, mailbox = group name) followed by
 * the members and an end marker (host and mailbox NIL).
 *
 * @param personal display name as sent, RFC 2047 encoded-words left as they are
 * @param adl source route (obsolete, normally null)
 * @param mailbox local part, or the group name of a group start marker
 * @param host domain, null for group markers
 */
public record Address(String personal, String adl, String mailbox, String host) {

    /** Whether this is the marker that opens a group; {@link #mailbox()} is the group name. */
    public boolean isGroupStart() {
        return host == null && mailbox != null;
    }

    /** Whether this is the marker that closes a group. */
    public boolean isGroupEnd() {
        return host == null && mailbox == null;
    }

    /** {@code mailbox@host}, or {@code null} for group markers. */
    public String address() {
        if (host == null) {
            return null;
        }
        return (mailbox == null ? "" : mailbox) + "@" + host;
    }

    /** The display name with RFC 2047 encoded-words decoded; words in unknown charsets stay as sent. */
    public String decodedPersonal() {
        return MimeText.decodeWords(personal);
    }

    /**
     * Parses one address {@code (name adl mailbox host)} with the tokenizer at {@code (}.
     *
     * @throws ResponseFormatException when the address is malformed
     */
    public static Address parse(Tokenizer t) throws ResponseFormatException {
        t.expect('(');
        t.skipSpaces();
        String personal = t.nstring();
        t.skipSpaces();
        String adl = t.nstring();
        t.skipSpaces();
        String mailbox = t.nstring();
        t.skipSpaces();
        String host = t.nstring();
        t.skipSpaces();
        t.expect(')');
        return new Address(personal, adl, mailbox, host);
    }

    /**
     * Parses an address list {@code ((...)(...))} or NIL (an empty list) with the tokenizer at
     * its first byte. An empty list {@code ()}, which some servers send, is accepted too.
     *
     * @throws ResponseFormatException when the list is malformed
     */
    public static List<Address> parseList(Tokenizer t) throws ResponseFormatException {
        if (t.tryNil()) {
            return List.of();
        }
        t.expect('(');
        List<Address> out = new ArrayList<>(2);
        while (true) {
            t.skipSpaces();
            if (t.tryByte(')')) {
                return out.isEmpty() ? List.of() : Collections.unmodifiableList(out);
            }
            out.add(parse(t));
        }
    }

    @Override
    public String toString() {
        if (isGroupEnd()) {
            return ";";
        }
        if (isGroupStart()) {
            return mailbox + ":";
        }
        return personal == null ? "<" + address() + ">" : personal + " <" + address() + ">";
    }
}
