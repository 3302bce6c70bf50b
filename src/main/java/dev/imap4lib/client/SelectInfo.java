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
 */
public record SelectInfo(long exists, long recent, List<String> flags, List<String> permanentFlags,
        long uidValidity, long uidNext, long firstUnseen, long highestModSeq, boolean readOnly) {
}
