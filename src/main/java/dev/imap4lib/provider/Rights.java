package dev.imap4lib.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of IMAP ACL rights (RFC 4314), one letter each: Angus Mail's {@code Rights} under the same
 * name and shape, so that switching means changing the import. Letters outside
 * {@link Right}'s constants (the RFC 4314 {@code k x t e}, a server's own) are kept as they are.
 */
public class Rights implements Cloneable {
    /** Which of the 128 ASCII letters are granted. */
    private boolean[] granted = new boolean[128];

    /** No rights. */
    public Rights() {
    }

    /** A copy of {@code rights}. */
    public Rights(Rights rights) {
        System.arraycopy(rights.granted, 0, granted, 0, granted.length);
    }

    /** The rights named by the letters of {@code rights} (e.g. {@code "lrswi"}). */
    public Rights(String rights) {
        for (int i = 0; i < rights.length(); i++) {
            add(Right.getInstance(rights.charAt(i)));
        }
    }

    /** Just {@code right}. */
    public Rights(Right right) {
        add(right);
    }

    /** Adds one right. */
    public void add(Right right) {
        granted[right.right] = true;
    }

    /** Adds every right of {@code rights}. */
    public void add(Rights rights) {
        for (int i = 0; i < granted.length; i++) {
            granted[i] |= rights.granted[i];
        }
    }

    /** Removes one right. */
    public void remove(Right right) {
        granted[right.right] = false;
    }

    /** Removes every right of {@code rights}. */
    public void remove(Rights rights) {
        for (int i = 0; i < granted.length; i++) {
            if (rights.granted[i]) {
                granted[i] = false;
            }
        }
    }

    /** Whether {@code right} is in the set. */
    public boolean contains(Right right) {
        return granted[right.right];
    }

    /** Whether every right of {@code rights} is in the set. */
    public boolean contains(Rights rights) {
        for (int i = 0; i < granted.length; i++) {
            if (rights.granted[i] && !granted[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rights r && java.util.Arrays.equals(granted, r.granted);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(granted);
    }

    /** The rights in the set, in letter order. */
    public Right[] getRights() {
        List<Right> out = new ArrayList<>();
        for (int i = 0; i < granted.length; i++) {
            if (granted[i]) {
                out.add(Right.getInstance((char) i));
            }
        }
        return out.toArray(new Right[0]);
    }

    @Override
    public Object clone() {
        try {
            Rights r = (Rights) super.clone();
            r.granted = granted.clone();
            return r;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** The letters, in letter order (the form SETACL sends). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < granted.length; i++) {
            if (granted[i]) {
                sb.append((char) i);
            }
        }
        return sb.toString();
    }

    /** One right: a letter, with constants for RFC 2086's (Angus's {@code Rights.Right}). */
    public static final class Right {
        private static final ConcurrentHashMap<Character, Right> LETTERS = new ConcurrentHashMap<>();

        /** {@code l}: the folder is visible to LIST. */
        public static final Right LOOKUP = getInstance('l');
        /** {@code r}: SELECT, FETCH, SEARCH, COPY from the folder. */
        public static final Right READ = getInstance('r');
        /** {@code s}: \Seen is kept across sessions. */
        public static final Right KEEP_SEEN = getInstance('s');
        /** {@code w}: flags other than \Seen and \Deleted can be changed. */
        public static final Right WRITE = getInstance('w');
        /** {@code i}: APPEND and COPY into the folder. */
        public static final Right INSERT = getInstance('i');
        /** {@code p}: mail can be sent to the folder's submission address. */
        public static final Right POST = getInstance('p');
        /** {@code c}: subfolders can be created (RFC 2086; RFC 4314 splits it into {@code k x}). */
        public static final Right CREATE = getInstance('c');
        /** {@code d}: messages can be deleted and expunged (RFC 2086; RFC 4314 splits it into {@code t e x}). */
        public static final Right DELETE = getInstance('d');
        /** {@code a}: the ACL itself can be changed. */
        public static final Right ADMINISTER = getInstance('a');

        /** The letter; package-private, as the mask index of {@link Rights}. */
        final char right;

        private Right(char right) {
            this.right = right;
        }

        /**
         * The right of letter {@code c} (one object per letter).
         *
         * @throws IllegalArgumentException when {@code c} is not a printable ASCII character
         */
        public static Right getInstance(char c) {
            if (c <= ' ' || c >= 127) {
                throw new IllegalArgumentException("not an ACL right letter: " + (int) c);
            }
            return LETTERS.computeIfAbsent(c, Right::new);
        }

        @Override
        public String toString() {
            return String.valueOf(right);
        }
    }
}
