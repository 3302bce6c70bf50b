package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.Arrays;

/**
 * An immutable IMAP sequence set such as {@code 1:3,7,10:*} (RFC 3501 {@code sequence-set}),
 * of message sequence numbers or UIDs.
 *
 * <p>{@code *} stands for "the largest number in the mailbox", which only the mailbox knows:
 * {@link #contains} and {@link #size} treat it as unbounded, {@link #toArray(long)} takes its value.
 * Numbers are nz-numbers, 1 to 4294967295.
 */
public final class SequenceSet {
    /** Internal value of {@code *}. */
    private static final long STAR = Long.MAX_VALUE;
    private static final long MAX = 0xffffffffL;

    /** The ranges as written, {@code lo, hi} pairs with {@code lo <= hi}. */
    private final long[] ranges;
    /** The same ranges sorted and merged, for lookups. */
    private final long[] merged;

    private SequenceSet(long[] ranges) {
        this.ranges = ranges;
        this.merged = merge(ranges);
    }

    private static long[] merge(long[] r) {
        int n = r.length / 2;
        long[][] pairs = new long[n][];
        for (int i = 0; i < n; i++) {
            pairs[i] = new long[] {r[2 * i], r[2 * i + 1]};
        }
        Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
        long[] out = new long[r.length];
        int o = 0;
        for (long[] p : pairs) {
            if (o > 0 && (out[o - 1] == STAR || p[0] <= out[o - 1] + 1)) {
                out[o - 1] = Math.max(out[o - 1], p[1]);
            } else {
                out[o++] = p[0];
                out[o++] = p[1];
            }
        }
        return Arrays.copyOf(out, o);
    }

    /**
     * Parses the IMAP form, e.g. {@code 1:3,7,10:*}.
     *
     * @throws IllegalArgumentException when {@code s} is not a sequence set
     */
    public static SequenceSet parse(String s) {
        String err = check(s);
        if (err != null) {
            throw new IllegalArgumentException(err + ": \"" + s + "\"");
        }
        long[] r = new long[8];
        int n = 0;
        int i = 0;
        while (i < s.length()) {
            long lo = STAR;
            long hi;
            if (s.charAt(i) == '*') {
                i++;
            } else {
                lo = 0;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    lo = lo * 10 + (s.charAt(i++) - '0');
                }
            }
            hi = lo;
            if (i < s.length() && s.charAt(i) == ':') {
                i++;
                if (s.charAt(i) == '*') {
                    hi = STAR;
                    i++;
                } else {
                    hi = 0;
                    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                        hi = hi * 10 + (s.charAt(i++) - '0');
                    }
                }
            }
            if (n == r.length) {
                r = Arrays.copyOf(r, n * 2);
            }
            r[n++] = Math.min(lo, hi);
            r[n++] = Math.max(lo, hi);
            i++; // the comma, or past the end
        }
        return new SequenceSet(Arrays.copyOf(r, n));
    }

    /** Validates the syntax in one pass so that {@link #parse} may assume it; returns a message or null. */
    private static String check(String s) {
        if (s == null || s.isEmpty()) {
            return "empty sequence set";
        }
        int i = 0;
        int n = s.length();
        while (true) {
            for (int k = 0; k < 2; k++) {
                if (i < n && s.charAt(i) == '*') {
                    i++;
                } else {
                    int start = i;
                    long v = 0;
                    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                        v = v * 10 + (s.charAt(i) - '0');
                        if (v > MAX) {
                            return "number out of range";
                        }
                        i++;
                    }
                    if (i == start) {
                        return "expected a number or '*'";
                    }
                    if (v == 0) {
                        return "0 is not a valid sequence number";
                    }
                }
                if (k == 0 && i < n && s.charAt(i) == ':') {
                    i++;
                } else {
                    break;
                }
            }
            if (i == n) {
                return null;
            }
            if (s.charAt(i) != ',') {
                return "unexpected character '" + s.charAt(i) + "'";
            }
            i++;
        }
    }

    /**
     * Reads a sequence set atom from a response.
     *
     * @throws ResponseFormatException when the next token is not a sequence set
     */
    public static SequenceSet parse(Tokenizer t) throws ResponseFormatException {
        int start = t.position();
        String s = t.atom();
        String err = check(s);
        if (err != null) {
            t.position(start);
            throw t.error(err + " in sequence set");
        }
        return parse(s);
    }

    /**
     * Builds the shortest set holding exactly {@code sorted}, joining runs into ranges
     * ({@code 1,2,3,7} gives {@code 1:3,7}); duplicates are allowed.
     *
     * @throws IllegalArgumentException when the numbers are not ascending, empty or out of range
     */
    public static SequenceSet of(long... sorted) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("empty sequence set");
        }
        long[] r = new long[8];
        int n = 0;
        long prev = 0;
        for (long v : sorted) {
            if (v < 1 || v > MAX) {
                throw new IllegalArgumentException("not a valid sequence number: " + v);
            }
            if (v < prev) {
                throw new IllegalArgumentException("numbers not in ascending order at " + v);
            }
            if (n > 0 && v <= r[n - 1] + 1) {
                r[n - 1] = v;
            } else {
                if (n == r.length) {
                    r = Arrays.copyOf(r, n * 2);
                }
                r[n++] = v;
                r[n++] = v;
            }
            prev = v;
        }
        return new SequenceSet(Arrays.copyOf(r, n));
    }

    /** The range {@code lo:hi}; {@code hi} may be {@link Long#MAX_VALUE} for {@code *}. */
    public static SequenceSet range(long lo, long hi) {
        if (lo < 1 || lo > MAX || hi < lo || hi > MAX && hi != STAR) {
            throw new IllegalArgumentException("bad range " + lo + ":" + hi);
        }
        return new SequenceSet(new long[] {lo, hi});
    }

    /**
     * Whether {@code n} is in the set; {@code n:*} counts as every number from {@code n} up, and
     * a lone {@code *} matches no number, since only the mailbox knows which one it is.
     */
    public boolean contains(long n) {
        int lo = 0;
        int hi = merged.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (n < merged[2 * mid]) {
                hi = mid - 1;
            } else if (n > merged[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Whether the set mentions {@code *}. */
    public boolean hasStar() {
        return merged[merged.length - 1] == STAR;
    }

    /**
     * How many distinct numbers the set holds, saturating at {@link Long#MAX_VALUE}, which is also
     * the answer for an open range {@code n:*}; a lone {@code *} counts as one.
     */
    public long size() {
        long total = 0;
        for (int i = 0; i < merged.length; i += 2) {
            long n;
            if (merged[i] == STAR) {
                n = 1;
            } else if (merged[i + 1] == STAR) {
                return Long.MAX_VALUE;
            } else {
                n = merged[i + 1] - merged[i] + 1;
            }
            total = total > Long.MAX_VALUE - n ? Long.MAX_VALUE : total + n;
        }
        return total;
    }

    /**
     * The numbers of the set in ascending order, without duplicates, with {@code *} taken as
     * {@code max} and anything above {@code max} left out, so the result holds at most
     * {@code max} numbers.
     *
     * @throws IllegalArgumentException when {@code max} is below 1 or the result would not fit an array
     */
    public long[] toArray(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        long[] r = new long[ranges.length];
        for (int i = 0; i < ranges.length; i += 2) {
            long a = Math.min(ranges[i], max);
            long b = Math.min(ranges[i + 1], max);
            r[i] = Math.min(a, b);
            r[i + 1] = Math.max(a, b);
        }
        long[] m = merge(r);
        long count = 0;
        for (int i = 0; i < m.length; i += 2) {
            count += m[i + 1] - m[i] + 1;
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("sequence set too large to expand");
            }
        }
        long[] out = new long[(int) count];
        int o = 0;
        for (int i = 0; i < m.length; i += 2) {
            for (long v = m[i]; v <= m[i + 1]; v++) {
                out[o++] = v;
            }
        }
        return out;
    }

    /** The IMAP form, ranges in the order they were given. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(ranges.length * 6);
        for (int i = 0; i < ranges.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            append(sb, ranges[i]);
            if (ranges[i + 1] != ranges[i]) {
                sb.append(':');
                append(sb, ranges[i + 1]);
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, long v) {
        if (v == STAR) {
            sb.append('*');
        } else {
            sb.append(v);
        }
    }

    /** Two sets are equal when they hold the same numbers ({@code 1,2} equals {@code 1:2}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceSet s && Arrays.equals(merged, s.merged);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(merged);
    }
}
