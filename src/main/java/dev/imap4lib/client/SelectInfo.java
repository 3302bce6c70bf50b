package dev.imap4lib.client;

import java.util.List;

/**
 * What SELECT or EXAMINE told about the mailbox. Numbers the server did not send are -1.
 *
 * @param exists number of messages
 * @param recent number of messages with \Recent
 * @param flags the FLAGS response (flags defined in the mailbox)
 * @param permanentFlags the PERMANENTFLAGS code (may include {@code \*}); empty when absent
 * @param uidValidity the UIDVALIDITY code
 * @param uidNext the UIDNEXT code
 * @param firstUnseen the UNSEEN code (number of the first unseen message)
 * @param highestModSeq the HIGHESTMODSEQ code (CONDSTORE)
 * @param readOnly whether the server granted read-only access ([READ-ONLY])
 * @param mailboxId the {@code [MAILBOXID (id)]} code (OBJECTID, RFC 8474); null when absent
 * @param canonicalName the mailbox name of an untagged LIST sent during SELECT (IMAP4rev2, RFC
 *     9051 §6.3.2: the server's spelling of the name, e.g. {@code INBOX} for {@code inbox});
 *     null when none came
 */
public record SelectInfo(long exists, long recent, List<String> flags, List<String> permanentFlags,
        long uidValidity, long uidNext, long firstUnseen, long highestModSeq, boolean readOnly, String mailboxId,
        String canonicalName) {

    /** A SelectInfo without the OBJECTID and IMAP4rev2 parts. */
    public SelectInfo(long exists, long recent, List<String> flags, List<String> permanentFlags, long uidValidity,
            long uidNext, long firstUnseen, long highestModSeq, boolean readOnly) {
        this(exists, recent, flags, permanentFlags, uidValidity, uidNext, firstUnseen, highestModSeq, readOnly, null,
                null);
    }
}
