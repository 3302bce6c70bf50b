package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;

/**
 * One mailbox's answer to a MULTISEARCH {@code ESEARCH} command (RFC 7377): an ESEARCH response
 * whose correlator names the mailbox, {@code * ESEARCH (TAG "a1" MAILBOX "INBOX/a" UIDVALIDITY 7)
 * UID ALL 1:3}. Multi-mailbox results are always UIDs.
 *
 * @param mailbox the mailbox name, decoded from modified UTF-7 unless UTF-8 is enabled
 * @param uidValidity the mailbox's UIDVALIDITY, so the UIDs can be checked against a cache; 0 when missing
 * @param result the search result proper (MIN, MAX, COUNT, ALL...)
 */
public record MailboxSearchResult(String mailbox, long uidValidity, SearchResult result) {

    /**
     * Parses the data of an ESEARCH response (the tokenizer after {@code ESEARCH}).
     *
     * @throws ResponseFormatException when malformed or when the correlator names no MAILBOX
     */
    public static MailboxSearchResult parse(Tokenizer t, boolean utf8) throws ResponseFormatException {
        int start = t.position();
        String raw = null;
        long uidValidity = 0;
        t.skipSpaces();
        if (t.tryByte('(')) {
            while (Lenient.more(t)) {
                if (t.tryAtom("MAILBOX")) {
                    t.space();
                    raw = t.astring();
                } else if (t.tryAtom("UIDVALIDITY")) {
                    t.space();
                    uidValidity = t.number();
                } else {
                    t.atom();
                    t.space();
                    t.skipValue(16);
                }
            }
        }
        if (raw == null) {
            throw t.error("ESEARCH without MAILBOX in its correlator");
        }
        t.position(start);
        return new MailboxSearchResult(Lenient.mailbox(raw, utf8), uidValidity, SearchResult.parseEsearch(t));
    }
}
