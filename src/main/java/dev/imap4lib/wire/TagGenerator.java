package dev.imap4lib.wire;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produces command tags the way imaplib does: a per-connection prefix of letters followed by
 * a decimal counter starting at 0, e.g. {@code KDAB0}, {@code KDAB1}, ...
 *
 * <p>Instances are thread-safe.
 */
public final class TagGenerator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    /**
     * Creates a generator with a random four-letter prefix, like imaplib's
     * {@code Int2AP(random.randint(4096, 65535))}.
     */
    public TagGenerator() {
        this(int2ap(4096 + RANDOM.nextInt(65535 - 4096 + 1)));
    }

    /**
     * Creates a generator with a fixed prefix, mainly for reproducible tests.
     *
     * @param prefix the tag prefix; may be empty. Must consist of IMAP tag characters (atom
     *        characters or {@code ]}, but not {@code +}) and should not end in a digit, or tags
     *        from different counters could coincide.
     * @throws IllegalArgumentException if {@code prefix} has a character not allowed in a tag
     */
    public TagGenerator(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        for (int i = 0; i < prefix.length(); i++) {
            if (!isTagChar(prefix.charAt(i))) {
                throw new IllegalArgumentException("character not allowed in an IMAP tag at index " + i
                        + " of prefix " + Excerpt.quote(prefix));
            }
        }
        this.prefix = prefix;
    }

    /**
     * Converts a number to imaplib's "A-P" notation: base 16, most significant digit first, with
     * digit value {@code d} written as the letter {@code 'A' + d}.
     *
     * <p>Mirrors {@code imaplib.Int2AP} exactly, including its edge cases: {@code int2ap(0)}
     * is the empty string and a negative number is converted via its absolute value
     * ({@link Integer#MIN_VALUE} included, taken as 2<sup>31</sup>).
     *
     * @param num the number
     * @return the letters, e.g. {@code int2ap(4096)} is {@code "BAAA"}
     */
    public static String int2ap(int num) {
        long v = Math.abs((long) num);
        char[] buf = new char[8];
        int pos = buf.length;
        while (v != 0) {
            buf[--pos] = (char) ('A' + (int) (v & 0xf));
            v >>>= 4;
        }
        return new String(buf, pos, buf.length - pos);
    }

    /**
     * Returns the next tag: the prefix followed by the counter, which starts at 0.
     *
     * @return a fresh tag
     */
    public String next() {
        return prefix + counter.getAndIncrement();
    }

    /**
     * Returns the prefix shared by all tags of this generator.
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Tells whether {@code tag} could have come from this generator, i.e. is the prefix followed
     * by a decimal number (imaplib's {@code tagre}). Useful to spot tagged responses.
     *
     * @param tag a tag from a server response
     * @return {@code true} when it has this generator's form
     */
    public boolean matches(String tag) {
        if (tag == null || tag.length() <= prefix.length() || !tag.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Tag characters of RFC 3501: ASTRING-CHAR except {@code +}. */
    static boolean isTagChar(char c) {
        return c != '+' && (c == ']' || Flags.isAtomChar(c));
    }

    @Override
    public String toString() {
        return "TagGenerator[prefix=" + prefix + ", next=" + counter.get() + "]";
    }
}
