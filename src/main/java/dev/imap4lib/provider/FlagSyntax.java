package dev.imap4lib.provider;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.util.Locale;

/** Message flags between Jakarta Mail's {@link Flags} and IMAP's flag names. */
final class FlagSyntax {
    private FlagSyntax() {
    }

    /** Adds IMAP flag {@code x} (as the server sent it) to {@code f}. */
    static void addFlag(Flags f, String x) {
        switch (x.toLowerCase(Locale.ROOT)) {
            case "\\seen" -> f.add(Flags.Flag.SEEN);
            case "\\answered" -> f.add(Flags.Flag.ANSWERED);
            case "\\flagged" -> f.add(Flags.Flag.FLAGGED);
            case "\\deleted" -> f.add(Flags.Flag.DELETED);
            case "\\draft" -> f.add(Flags.Flag.DRAFT);
            case "\\recent" -> f.add(Flags.Flag.RECENT);
            case "\\*" -> f.add(Flags.Flag.USER);
            default -> {
                if (!x.startsWith("\\")) {
                    f.add(x);
                }
            }
        }
    }

    /**
     * Flags in IMAP syntax, e.g. {@code \Seen $Forwarded}; \Recent and \* cannot be stored. A
     * user flag that is no IMAP atom (a space, a parenthesis, or a {@code ]} as in Gmail's
     * {@code [test]}, which the server may send but RFC 3501 does not let a client write) is
     * refused before anything is sent: IMAP has no quoting for keywords, and sending it raw
     * would store other flags than the caller named.
     */
    static String imapFlags(Flags flags) throws MessagingException {
        StringBuilder sb = new StringBuilder();
        for (Flags.Flag f : flags.getSystemFlags()) {
            String s = f == Flags.Flag.SEEN ? "\\Seen" : f == Flags.Flag.ANSWERED ? "\\Answered"
                    : f == Flags.Flag.FLAGGED ? "\\Flagged" : f == Flags.Flag.DELETED ? "\\Deleted"
                    : f == Flags.Flag.DRAFT ? "\\Draft" : null;
            if (s != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(s);
            }
        }
        for (String u : flags.getUserFlags()) {
            if (!dev.imap4lib.wire.Flags.isValidFlag(u) || u.startsWith("\\")) {
                throw new MessagingException("user flag " + dev.imap4lib.wire.Excerpt.quote(u)
                        + " cannot be written in IMAP: a keyword is an atom (no space, parenthesis, brace,"
                        + " quote, backslash, %, *, ] or control character)");
            }
            sb.append(sb.length() == 0 ? "" : " ").append(u);
        }
        return sb.toString();
    }
}
