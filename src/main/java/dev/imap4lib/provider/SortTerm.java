package dev.imap4lib.provider;

/**
 * A sort key for {@link Imap4libFolder#getSortedMessages(SortTerm[])} (RFC 5256 SORT): Angus
 * Mail's {@code SortTerm} constants under the same names. {@link #REVERSE} reverses the key that
 * follows it.
 */
public final class SortTerm {
    /** Arrival (INTERNALDATE). */
    public static final SortTerm ARRIVAL = new SortTerm("ARRIVAL");
    /** The mailbox (local part) of the first Cc address. */
    public static final SortTerm CC = new SortTerm("CC");
    /** The Date header (the arrival date when it has none). */
    public static final SortTerm DATE = new SortTerm("DATE");
    /** The mailbox (local part) of the first From address. */
    public static final SortTerm FROM = new SortTerm("FROM");
    /** Reverses the key after it. */
    public static final SortTerm REVERSE = new SortTerm("REVERSE");
    /** RFC822.SIZE. */
    public static final SortTerm SIZE = new SortTerm("SIZE");
    /** The base subject (without Re:/Fwd: and the like). */
    public static final SortTerm SUBJECT = new SortTerm("SUBJECT");
    /** The mailbox (local part) of the first To address. */
    public static final SortTerm TO = new SortTerm("TO");

    private final String key;

    private SortTerm(String key) {
        this.key = key;
    }

    /** The SORT key as sent to the server. */
    @Override
    public String toString() {
        return key;
    }
}
