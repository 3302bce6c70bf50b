package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The answer to SEARCH or SORT (a plain list of numbers, RFC 3501 §7.2.5, RFC 5256) or to
 * ESEARCH (RFC 4731, RFC 9051 §7.3.4). Numbers are message numbers, or UIDs after UID SEARCH
 * (or when {@link #uid()} is set on ESEARCH).
 */
public final class SearchResult {
    private static final long[] NONE = new long[0];

    private final long[] numbers;
    private final Long modseq;
    private final boolean esearch;
    private final String tag;
    private final boolean uid;
    private final Long min;
    private final Long max;
    private final Long count;
    private final SequenceSet all;
    private final String partial;
    private final Map<String, String> other;

    private SearchResult(long[] numbers, Long modseq, boolean esearch, String tag, boolean uid, Long min, Long max,
            Long count, SequenceSet all, String partial, Map<String, String> other) {
        this.numbers = numbers;
        this.modseq = modseq;
        this.esearch = esearch;
        this.tag = tag;
        this.uid = uid;
        this.min = min;
        this.max = max;
        this.count = count;
        this.all = all;
        this.partial = partial;
        this.other = other;
    }

    /**
     * Parses SEARCH data with the tokenizer after {@code SEARCH} (the space, if any, may or may
     * not have been consumed; an empty result has none): numbers, then CONDSTORE's optional
     * {@code (MODSEQ n)}.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static SearchResult parseSearch(Tokenizer t) throws ResponseFormatException {
        long[] out = NONE;
        int n = 0;
        Long modseq = null;
        while (true) {
            t.skipSpaces();
            if (t.atEnd()) {
                break;
            }
            if (t.tryByte('(')) {
                t.skipSpaces();
                if (!t.tryAtom("MODSEQ")) {
                    throw t.error("expected MODSEQ");
                }
                t.space();
                modseq = t.number();
                t.skipSpaces();
                t.expect(')');
                Lenient.end(t);
                break;
            }
            long v = t.number();
            if (n == out.length) {
                out = Arrays.copyOf(out, Math.max(16, n * 2));
            }
            out[n++] = v;
        }
        return new SearchResult(n == out.length ? out : Arrays.copyOf(out, n), modseq, false, null, false,
                null, null, null, null, null, Map.of());
    }

    /** Parses SORT data (RFC 5256), which has the shape of SEARCH data. */
    public static SearchResult parseSort(Tokenizer t) throws ResponseFormatException {
        return parseSearch(t);
    }

    /**
     * Parses ESEARCH data with the tokenizer after {@code ESEARCH}: the optional
     * {@code (TAG "x")} correlator, {@code UID}, then MIN, MAX, COUNT, ALL, MODSEQ, PARTIAL and
     * any other return data, kept raw.
     *
     * @throws ResponseFormatException when the data is malformed
     */
    public static SearchResult parseEsearch(Tokenizer t) throws ResponseFormatException {
        String tag = null;
        boolean uid = false;
        Long min = null;
        Long max = null;
        Long count = null;
        Long modseq = null;
        SequenceSet all = null;
        String partial = null;
        Map<String, String> other = Map.of();
        t.skipSpaces();
        if (t.tryByte('(')) {
            while (Lenient.more(t)) {
                if (t.tryAtom("TAG")) {
                    t.space();
                    tag = t.astring();
                } else {
                    // MULTISEARCH adds MAILBOX and UIDVALIDITY here (RFC 7377)
                    other = Lenient.unknownItem(t, other);
                }
            }
            t.expect(')');
        }
        t.skipSpaces();
        if (t.tryAtom("UID")) {
            uid = true;
        }
        while (true) {
            t.skipSpaces();
            if (t.atEnd()) {
                break;
            }
            if (t.tryAtom("MIN")) {
                t.space();
                min = t.number();
            } else if (t.tryAtom("MAX")) {
                t.space();
                max = t.number();
            } else if (t.tryAtom("COUNT")) {
                t.space();
                count = t.number();
            } else if (t.tryAtom("MODSEQ")) {
                t.space();
                modseq = t.number();
            } else if (t.tryAtom("ALL")) {
                t.space();
                all = SequenceSet.parse(t);
            } else if (t.tryAtom("PARTIAL")) {
                t.space();
                int from = t.position();
                t.skipValue(16);
                partial = t.text(from);
            } else {
                other = Lenient.unknownItem(t, other);
            }
        }
        return new SearchResult(NONE, modseq, true, tag, uid, min, max, count, all, partial,
                Collections.unmodifiableMap(other));
    }

    /** Whether this came from ESEARCH. */
    public boolean isEsearch() {
        return esearch;
    }

    /**
     * The numbers of SEARCH or SORT, in the order sent (a copy); empty for ESEARCH, except for
     * the ESEARCH answer to a search without RETURN options, see {@link #withAllAsNumbers}.
     */
    public long[] numbers() {
        return numbers.clone();
    }

    /**
     * This ESEARCH result with its ALL set also as {@link #numbers()} (ascending), for callers
     * that asked a plain SEARCH and got ESEARCH (IMAP4rev2); unchanged when it is no ESEARCH,
     * has no ALL, contains {@code *} or holds more than {@code limit} numbers.
     */
    public SearchResult withAllAsNumbers(long limit) {
        if (!esearch || all == null || all.hasStar() || all.size() > limit) {
            return this;
        }
        return new SearchResult(all.toArray(limit), modseq, true, tag, uid, min, max, count, all, partial, other);
    }

    /** How many numbers SEARCH or SORT returned. */
    public int size() {
        return numbers.length;
    }

    /** A read-only {@code List} view of {@link #numbers()}, boxing on access. */
    public List<Long> numberList() {
        return new NumberList(numbers);
    }

    /** CONDSTORE's highest mod-sequence of the matches, or null. */
    public Long modseq() {
        return modseq;
    }

    /** The ESEARCH correlator tag, or null. */
    public String tag() {
        return tag;
    }

    /** Whether ESEARCH said {@code UID}: the numbers are UIDs. */
    public boolean uid() {
        return uid;
    }

    /** ESEARCH {@code MIN}, or null. */
    public Long min() {
        return min;
    }

    /** ESEARCH {@code MAX}, or null. */
    public Long max() {
        return max;
    }

    /** ESEARCH {@code COUNT}, or null. */
    public Long count() {
        return count;
    }

    /** ESEARCH {@code ALL}, or null when not returned (also when nothing matched). */
    public SequenceSet all() {
        return all;
    }

    /** ESEARCH {@code PARTIAL} (RFC 9394) as its raw protocol text, or null. */
    public String partial() {
        return partial;
    }

    /** Other ESEARCH return data and correlator items: upper-case name → raw text. */
    public Map<String, String> other() {
        return other;
    }

    @Override
    public String toString() {
        if (!esearch) {
            return "SEARCH" + Arrays.toString(numbers) + (modseq == null ? "" : " MODSEQ " + modseq);
        }
        return "ESEARCH[tag=" + tag + ", uid=" + uid + ", min=" + min + ", max=" + max + ", count=" + count
                + ", all=" + all + ", modseq=" + modseq + ", partial=" + partial + ", other=" + other + "]";
    }

    private static final class NumberList extends AbstractList<Long> implements RandomAccess {
        private final long[] a;

        NumberList(long[] a) {
            this.a = a;
        }

        @Override
        public Long get(int i) {
            return a[i];
        }

        @Override
        public int size() {
            return a.length;
        }
    }
}
