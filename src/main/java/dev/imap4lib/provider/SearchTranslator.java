package dev.imap4lib.provider;

import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.DateTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.FromTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.MessageIDTerm;
import jakarta.mail.search.MessageNumberTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.RecipientTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SentDateTerm;
import jakarta.mail.search.SizeTerm;
import jakarta.mail.search.StringTerm;
import jakarta.mail.search.SubjectTerm;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Translates a {@link jakarta.mail.search.SearchTerm} tree into IMAP {@code SEARCH} criteria
 * (RFC 3501 / RFC 9051 section 6.4.4), so that a folder can let the server do the matching.
 *
 * <h2>How the result is used</h2>
 * {@link #translate(SearchTerm, Set)} returns an {@link ImapSearch}: the {@link ImapSearch#criteria()
 * criteria} go verbatim after {@code SEARCH} (or {@code UID SEARCH}), preceded by
 * {@code CHARSET UTF-8} when {@link ImapSearch#needsCharset()} is true (unless the session has
 * enabled {@code UTF8=ACCEPT}, where no charset may be given). Strings are written as quoted
 * strings; the protocol core turns a quoted string holding non-ASCII characters into a literal.
 * <ul>
 * <li>{@link ImapSearch#exact()} {@code true}: the server's answer is the answer.</li>
 * <li>{@code exact() == false}: the server's answer is a <em>superset</em> of the messages the
 *     term matches; the caller must keep only those candidates for which
 *     {@code term.match(message)} is true.</li>
 * <li>{@link Optional#empty()}: the server cannot narrow the search at all; the caller matches
 *     every message of the folder with {@code term.match(message)}.</li>
 * </ul>
 *
 * <h2>Mapping</h2>
 * <table>
 * <caption>SearchTerm to IMAP search keys</caption>
 * <tr><th>Term</th><th>Criteria</th><th>Exact</th></tr>
 * <tr><td>{@code AndTerm(a, b, ...)}</td><td>{@code a b ...} (juxtaposed; nested ANDs flattened)</td>
 *     <td>if the parts are</td></tr>
 * <tr><td>{@code OrTerm(a, b, c, d)}</td><td>{@code OR OR a b OR c d} (binary OR, balanced
 *     nesting; an operand with several keys is parenthesised)</td><td>if the parts are</td></tr>
 * <tr><td>{@code NotTerm(a)}</td><td>{@code NOT a}</td><td>if {@code a} is</td></tr>
 * <tr><td>{@code SubjectTerm}</td><td>{@code SUBJECT "p"}</td><td>yes</td></tr>
 * <tr><td>{@code BodyTerm}</td><td>{@code BODY "p"}</td><td>yes</td></tr>
 * <tr><td>{@code FromStringTerm}</td><td>{@code FROM "p"}</td><td>yes</td></tr>
 * <tr><td>{@code RecipientStringTerm(TO|CC|BCC)}</td><td>{@code TO|CC|BCC "p"}</td><td>yes</td></tr>
 * <tr><td>{@code HeaderTerm(name, p)}</td><td>{@code HEADER name "p"}</td><td>yes</td></tr>
 * <tr><td>{@code MessageIDTerm}</td><td>{@code HEADER Message-ID "p"}</td><td>yes</td></tr>
 * <tr><td>{@code FromTerm(address)}</td><td>{@code FROM "user@host"}</td><td>no</td></tr>
 * <tr><td>{@code RecipientTerm(TO|CC|BCC, address)}</td><td>{@code TO|CC|BCC "user@host"}</td>
 *     <td>no</td></tr>
 * <tr><td>{@code MessageNumberTerm(n)}</td><td>{@code n} (a sequence set)</td><td>yes</td></tr>
 * <tr><td>{@code SizeTerm}</td><td>{@code LT n: SMALLER n; LE n: SMALLER n+1; GT n: LARGER n;
 *     GE n: LARGER n-1; EQ n: LARGER n-1 SMALLER n+1; NE n: OR SMALLER n LARGER n}</td><td>yes</td></tr>
 * <tr><td>{@code FlagTerm(flags, true)}</td><td>one key per flag, ANDed: {@code ANSWERED DELETED
 *     DRAFT FLAGGED RECENT SEEN}, {@code KEYWORD k}</td><td>yes</td></tr>
 * <tr><td>{@code FlagTerm(flags, false)}</td><td>"none of them set", ANDed: {@code UNANSWERED
 *     UNDELETED UNDRAFT UNFLAGGED OLD UNSEEN}, {@code UNKEYWORD k}</td><td>yes</td></tr>
 * <tr><td>{@code ReceivedDateTerm}</td><td>{@code BEFORE}/{@code SINCE} (see below)</td><td>no</td></tr>
 * <tr><td>{@code SentDateTerm}</td><td>{@code SENTBEFORE}/{@code SENTSINCE} (see below)</td><td>no</td></tr>
 * <tr><td>{@code OlderTerm(s)}, {@code YoungerTerm(s)}</td><td>{@code OLDER s}, {@code YOUNGER s}
 *     (only with {@code WITHIN}, RFC 5032)</td><td>yes</td></tr>
 * <tr><td>{@code ModifiedSinceTerm(m)}</td><td>{@code MODSEQ m} (only with {@code CONDSTORE} or
 *     {@code QRESYNC}, RFC 7162)</td><td>yes</td></tr>
 * <tr><td>{@code SaveDateTerm}</td><td>{@code SAVEDBEFORE}/{@code SAVEDSINCE} like
 *     {@code ReceivedDateTerm} (only with {@code SAVEDATE}, RFC 8514)</td><td>no</td></tr>
 * <tr><td>{@code SavedOnTerm(day)}</td><td>{@code SAVEDON day} (only with {@code SAVEDATE})</td><td>yes</td></tr>
 * <tr><td>{@code SaveDateSupportedTerm}</td><td>{@code SAVEDATESUPPORTED} (only with {@code SAVEDATE})</td>
 *     <td>yes</td></tr>
 * </table>
 * {@code OlderTerm}, {@code YoungerTerm} and {@code ModifiedSinceTerm} are Angus Mail's (package
 * {@code org.eclipse.angus.mail.imap}, or the older {@code com.sun.mail.imap}) or ours under the
 * same names in {@code dev.imap4lib.provider}; they are
 * recognised by class name, so this class does not need Angus Mail's IMAP provider at run time.
 *
 * <h2>Not expressible</h2>
 * These are translated as "unknown" (the server cannot narrow by them):
 * <ul>
 * <li>any class not listed above, such as an application's own {@code SearchTerm} or
 *     {@code StringTerm} subclass (the listed classes are final);</li>
 * <li>a string term (or a {@code HeaderTerm} name) containing CR, LF, NUL or an unpaired
 *     surrogate, which a quoted string cannot carry; a {@code null} pattern, address, date or
 *     subterm;</li>
 * <li>{@code RecipientTerm}/{@code RecipientStringTerm} of type {@code NEWSGROUPS}, and address
 *     terms whose address is not an {@link InternetAddress};</li>
 * <li>in a {@code FlagTerm}: the {@link Flags.Flag#USER} marker, a user flag that is not a valid
 *     IMAP atom, and {@link Flags.Flag#RECENT} when the server is IMAP4rev2-only (rev2 has no
 *     {@code RECENT}/{@code OLD} keys);</li>
 * <li>{@code OlderTerm}/{@code YoungerTerm} without {@code WITHIN} or with an interval below 1,
 *     {@code ModifiedSinceTerm} without {@code CONDSTORE}/{@code QRESYNC}, and the SAVEDATE
 *     terms without {@code SAVEDATE}.</li>
 * </ul>
 * A date term with {@code NE}, and {@code NOT} of one with {@code EQ}, is expressible but
 * narrows nothing (see Dates), so on its own it also yields {@link Optional#empty()}.
 * An unknown part does not always sink the whole search. Every term is translated to a pair of
 * criteria: an upper bound (matches at least what the term matches) and a lower bound (matches
 * at most that); an unknown part is the pair ({@code ALL}, nothing). {@code AND} and {@code OR}
 * combine bounds directly and {@code NOT} swaps them, and the upper bound is what is sent. So
 * {@code And(Subject "x", unknown)} becomes {@code SUBJECT "x"} with {@code exact() == false},
 * while {@code Or(Subject "x", unknown)} or {@code Not(unknown)} yields {@code ALL}, which is
 * reported as {@link Optional#empty()}. The result is exact when both bounds are the same.
 *
 * <h2>Dates</h2>
 * {@code ComparisonTerm}s on dates compare instants to the millisecond, but IMAP compares
 * <em>days</em>: the day of a message is that of its date in the date's own time zone (the
 * zone of the INTERNALDATE or of the {@code Date:} header, RFC 9051), and some servers use their
 * own zone instead. The day of an instant therefore depends on a zone offset that the client
 * does not know, within UTC&plusmn;18h (the widest offset {@code java.time} allows). For a term
 * date {@code T}, let {@code lo} and {@code hi} be the UTC calendar days of {@code T-18h} and
 * {@code T+18h}; then, for {@code ReceivedDateTerm} ({@code SentDateTerm} uses the {@code SENT}
 * keys):
 * <ul>
 * <li>{@code LT}, {@code LE}: sent {@code BEFORE hi+1}; exact part {@code BEFORE lo}</li>
 * <li>{@code GT}, {@code GE}: sent {@code SINCE lo}; exact part {@code SINCE hi+1}</li>
 * <li>{@code EQ}: sent {@code SINCE lo BEFORE hi+1}; no exact part</li>
 * <li>{@code NE}: sent {@code ALL}; exact part {@code OR BEFORE lo SINCE hi+1}</li>
 * </ul>
 * The time of day of {@code T} thus only moves the window; the window is up to three days wide
 * and the caller discards the surplus with {@code match}. (Angus Mail instead takes the day of
 * {@code T} in the client's local zone and sends {@code ON}, {@code BEFORE}, {@code SINCE},
 * {@code NOT ON ... SINCE} etc.; for {@code LT}/{@code GE} that is a subset or superset depending
 * on the time of day, and it is never re-checked.) Dates are written {@code d-MMM-yyyy} with
 * English month names; a day outside years 1 to 9999 collapses to {@code ALL} or nothing.
 *
 * <h2>Assumptions</h2>
 * "Exact" relies on the IMAP definition of string search (case-insensitive substring of the
 * decoded header or body) agreeing with {@link StringTerm#match}; servers differ in details
 * such as Unicode case folding, MIME decoding and address formatting. Address terms compare
 * whole addresses, but IMAP only offers substring search, so {@code FromTerm}/{@code RecipientTerm}
 * send the bare {@code user@host} of the address (not the personal name: Angus Mail sends
 * {@link Address#toString()}, {@code "Name <user@host>"}, which misses messages whose header
 * spells the name differently) and are always re-checked. {@code MessageNumberTerm} assumes the
 * folder's message numbers agree with the server's sequence numbers. {@code OLDER}/{@code YOUNGER}
 * use the server's clock. {@code ModifiedSinceTerm.match} only knows Angus Mail's own messages,
 * so {@code MODSEQ} is trusted rather than re-checked.
 */
public final class SearchTranslator {

    /**
     * IMAP search criteria for a {@link SearchTerm}.
     *
     * @param criteria     search keys as protocol text, to follow {@code SEARCH} (and
     *                     {@code CHARSET UTF-8} when {@code needsCharset})
     * @param needsCharset whether some string in {@code criteria} has non-ASCII characters, so
     *                     that the command must name {@code CHARSET UTF-8}
     * @param exact        whether the server's answer equals the term's; when false it is a
     *                     superset, to be filtered with {@link SearchTerm#match}
     */
    public record ImapSearch(String criteria, boolean needsCharset, boolean exact) {
        /**
         * Checks the criteria are present.
         *
         * @param criteria     search keys as protocol text
         * @param needsCharset whether {@code criteria} holds non-ASCII text
         * @param exact        whether the server's answer needs no re-check
         * @throws NullPointerException if {@code criteria} is null
         */
        public ImapSearch {
            Objects.requireNonNull(criteria, "criteria");
        }
    }

    // The window within which a message's IMAP day may lie around its instant: ZoneOffset's range.
    private static final Duration MAX_OFFSET = Duration.ofHours(18);
    private static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };
    private static final List<String> EXTENSION_PACKAGES =
        List.of("org.eclipse.angus.mail.imap.", "com.sun.mail.imap.", "dev.imap4lib.provider.");

    private SearchTranslator() {
    }

    /**
     * Translates {@code term} for a server with no extensions (plain IMAP4rev1).
     *
     * @param term the search term
     * @return the criteria, or empty when the server cannot narrow the search
     * @throws NullPointerException if {@code term} is null
     * @see #translate(SearchTerm, Set)
     */
    public static Optional<ImapSearch> translate(SearchTerm term) {
        return translate(term, Set.of());
    }

    /**
     * Translates {@code term}, using search extensions only if {@code serverCapabilities}
     * advertises them: {@code WITHIN} for {@code OlderTerm}/{@code YoungerTerm}, {@code CONDSTORE}
     * (or {@code QRESYNC}) for {@code ModifiedSinceTerm}. A server listing {@code IMAP4rev2} but
     * not {@code IMAP4rev1} gets no {@code RECENT}/{@code OLD} keys.
     *
     * @param term               the search term
     * @param serverCapabilities the server's capability names, in any case
     * @return the criteria, or empty when the server cannot narrow the search (see the class
     *         description for which terms that is)
     * @throws NullPointerException if an argument is null
     */
    public static Optional<ImapSearch> translate(SearchTerm term, Set<String> serverCapabilities) {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(serverCapabilities, "serverCapabilities");
        Set<String> caps = new HashSet<>();
        for (String c : serverCapabilities) {
            caps.add(c.toUpperCase(Locale.ROOT));
        }
        Bounds b = new Translator(caps).bounds(term);
        boolean exact = b.upper().equals(b.lower());
        if (b.upper() instanceof All && !exact) {
            return Optional.empty();
        }
        String criteria = render(b.upper(), false);
        boolean nonAscii = criteria.chars().anyMatch(ch -> ch > 0x7f);
        return Optional.of(new ImapSearch(criteria, nonAscii, exact));
    }

    // ---- criteria trees -------------------------------------------------------------------

    /** A search-key tree; simplified on construction so that ALL/NONE never sit inside another node. */
    private sealed interface Node permits All, None, Key, And, Or, Not {
    }

    private record All() implements Node {
    }

    private record None() implements Node {
    }

    /** One search key with its arguments, e.g. {@code SUBJECT "x"}; never needs parentheses. */
    private record Key(String text) implements Node {
    }

    private record And(List<Node> items) implements Node {
    }

    private record Or(List<Node> items) implements Node {
    }

    private record Not(Node item) implements Node {
    }

    private static final Node ALL = new All();
    private static final Node NONE = new None();

    private static Node and(List<Node> parts) {
        List<Node> out = new ArrayList<>();
        for (Node p : parts) {
            if (p instanceof None) {
                return NONE;
            } else if (p instanceof And a) {
                out.addAll(a.items());
            } else if (!(p instanceof All)) {
                out.add(p);
            }
        }
        return out.isEmpty() ? ALL : out.size() == 1 ? out.get(0) : new And(List.copyOf(out));
    }

    private static Node or(List<Node> parts) {
        List<Node> out = new ArrayList<>();
        for (Node p : parts) {
            if (p instanceof All) {
                return ALL;
            } else if (p instanceof Or o) {
                out.addAll(o.items());
            } else if (!(p instanceof None)) {
                out.add(p);
            }
        }
        return out.isEmpty() ? NONE : out.size() == 1 ? out.get(0) : new Or(List.copyOf(out));
    }

    private static Node not(Node n) {
        if (n instanceof All) {
            return NONE;
        } else if (n instanceof None) {
            return ALL;
        } else if (n instanceof Not inner) {
            return inner.item();
        }
        return new Not(n);
    }

    private static String render(Node n, boolean operand) {
        if (n instanceof All) {
            return "ALL";
        } else if (n instanceof None) {
            return "NOT ALL";
        } else if (n instanceof Key k) {
            return k.text();
        } else if (n instanceof Not x) {
            return "NOT " + render(x.item(), true);
        } else if (n instanceof Or o) {
            return renderOr(o.items(), 0, o.items().size());
        }
        List<Node> items = ((And) n).items();
        StringBuilder sb = new StringBuilder(operand ? "(" : "");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(render(items.get(i), false));
        }
        return sb.append(operand ? ")" : "").toString();
    }

    /** Balanced nesting keeps the depth logarithmic for servers that limit recursion. */
    private static String renderOr(List<Node> items, int from, int to) {
        if (to - from == 1) {
            return render(items.get(from), true);
        }
        int mid = (from + to) >>> 1;
        return "OR " + renderOr(items, from, mid) + " " + renderOr(items, mid, to);
    }

    // ---- bounds ---------------------------------------------------------------------------

    /** Criteria matching at least ({@code upper}) and at most ({@code lower}) what a term matches. */
    private record Bounds(Node upper, Node lower) {
        static Bounds exact(Node n) {
            return new Bounds(n, n);
        }
    }

    private static final Bounds UNKNOWN = new Bounds(ALL, NONE);

    private static final class Translator {
        private final Set<String> caps;

        Translator(Set<String> caps) {
            this.caps = caps;
        }

        Bounds bounds(SearchTerm term) {
            // Every concrete class of jakarta.mail.search is final, so instanceof names exactly it.
            if (term instanceof AndTerm t) {
                return combine(t.getTerms(), true);
            } else if (term instanceof OrTerm t) {
                return combine(t.getTerms(), false);
            } else if (term instanceof NotTerm t) {
                Bounds b = bounds(t.getTerm());
                return new Bounds(not(b.lower()), not(b.upper()));
            } else if (term instanceof SubjectTerm t) {
                return string("SUBJECT", t);
            } else if (term instanceof BodyTerm t) {
                return string("BODY", t);
            } else if (term instanceof FromStringTerm t) {
                return string("FROM", t);
            } else if (term instanceof RecipientStringTerm t) {
                String key = recipientKey(t.getRecipientType());
                return key == null ? UNKNOWN : string(key, t);
            } else if (term instanceof HeaderTerm t) {
                String name = fieldName(t.getHeaderName());
                return name == null ? UNKNOWN : string("HEADER " + name, t);
            } else if (term instanceof MessageIDTerm t) {
                return string("HEADER Message-ID", t);
            } else if (term instanceof FromTerm t) {
                return address("FROM", t.getAddress());
            } else if (term instanceof RecipientTerm t) {
                String key = recipientKey(t.getRecipientType());
                return key == null ? UNKNOWN : address(key, t.getAddress());
            } else if (term instanceof MessageNumberTerm t) {
                // MessageNumberTerm always compares with EQ.
                return Bounds.exact(t.getNumber() >= 1 ? new Key(Integer.toString(t.getNumber())) : NONE);
            } else if (term instanceof SizeTerm t) {
                return size(t);
            } else if (term instanceof FlagTerm t) {
                return flags(t);
            } else if (term instanceof ReceivedDateTerm t) {
                return date("", t);
            } else if (term instanceof SentDateTerm t) {
                return date("SENT", t);
            } else if (term instanceof SaveDateTerm || term instanceof SavedOnTerm
                    || term instanceof SaveDateSupportedTerm) {
                return caps.contains("SAVEDATE") ? saveDate(term) : UNKNOWN;
            }
            return term == null ? UNKNOWN : extension(term);
        }

        private Bounds combine(SearchTerm[] terms, boolean isAnd) {
            List<Node> uppers = new ArrayList<>();
            List<Node> lowers = new ArrayList<>();
            for (SearchTerm t : terms) {
                Bounds b = bounds(t);
                uppers.add(b.upper());
                lowers.add(b.lower());
            }
            return isAnd ? new Bounds(and(uppers), and(lowers)) : new Bounds(or(uppers), or(lowers));
        }

        private static Bounds string(String key, StringTerm term) {
            String q = quote(term.getPattern());
            return q == null ? UNKNOWN : Bounds.exact(new Key(key + " " + q));
        }

        private static Bounds address(String key, Address a) {
            if (!(a instanceof InternetAddress ia) || ia.getAddress() == null) {
                return UNKNOWN;
            }
            String q = quote(ia.getAddress());
            // Substring search on the header finds every equal address, and some others.
            return q == null ? UNKNOWN : new Bounds(new Key(key + " " + q), NONE);
        }

        private static String recipientKey(Message.RecipientType type) {
            if (type == Message.RecipientType.TO) {
                return "TO";
            } else if (type == Message.RecipientType.CC) {
                return "CC";
            } else if (type == Message.RecipientType.BCC) {
                return "BCC";
            }
            return null;
        }

        private static Bounds size(SizeTerm term) {
            long n = term.getNumber();
            Node node = switch (term.getComparison()) {
                case ComparisonTerm.LT -> smaller(n);
                case ComparisonTerm.LE -> smaller(n + 1);
                case ComparisonTerm.GT -> larger(n);
                case ComparisonTerm.GE -> larger(n - 1);
                case ComparisonTerm.EQ -> and(List.of(larger(n - 1), smaller(n + 1)));
                case ComparisonTerm.NE -> or(List.of(smaller(n), larger(n)));
                default -> NONE; // SizeTerm.match is false for an unknown comparison
            };
            return Bounds.exact(node);
        }

        private static Node smaller(long n) {
            return n <= 0 ? NONE : new Key("SMALLER " + n);
        }

        private static Node larger(long n) {
            return n < 0 ? ALL : new Key("LARGER " + n);
        }

        /**
         * FlagTerm.match with set=true requires every flag; with set=false it requires that
         * none of them is set. Both are a conjunction of one key per flag.
         */
        private Bounds flags(FlagTerm term) {
            boolean set = term.getTestSet();
            Flags flags = term.getFlags();
            List<Bounds> parts = new ArrayList<>();
            for (Flags.Flag f : flags.getSystemFlags()) {
                String key = systemFlagKey(f, set);
                parts.add(key == null ? UNKNOWN : Bounds.exact(new Key(key)));
            }
            for (String uf : flags.getUserFlags()) {
                parts.add(isAtom(uf) ? Bounds.exact(new Key((set ? "KEYWORD " : "UNKEYWORD ") + uf)) : UNKNOWN);
            }
            List<Node> uppers = new ArrayList<>();
            List<Node> lowers = new ArrayList<>();
            for (Bounds b : parts) {
                uppers.add(b.upper());
                lowers.add(b.lower());
            }
            return new Bounds(and(uppers), and(lowers));
        }

        private String systemFlagKey(Flags.Flag f, boolean set) {
            if (f == Flags.Flag.ANSWERED) {
                return set ? "ANSWERED" : "UNANSWERED";
            } else if (f == Flags.Flag.DELETED) {
                return set ? "DELETED" : "UNDELETED";
            } else if (f == Flags.Flag.DRAFT) {
                return set ? "DRAFT" : "UNDRAFT";
            } else if (f == Flags.Flag.FLAGGED) {
                return set ? "FLAGGED" : "UNFLAGGED";
            } else if (f == Flags.Flag.SEEN) {
                return set ? "SEEN" : "UNSEEN";
            } else if (f == Flags.Flag.RECENT && !(caps.contains("IMAP4REV2") && !caps.contains("IMAP4REV1"))) {
                return set ? "RECENT" : "OLD";
            }
            return null; // Flags.Flag.USER is a folder capability marker, not a message flag
        }

        private static Bounds date(String prefix, DateTerm term) {
            Date date;
            try {
                date = term.getDate();
            } catch (NullPointerException e) {
                return UNKNOWN; // DateTerm.getDate copies the date without a null check
            }
            Instant t = date.toInstant();
            LocalDate lo = LocalDate.ofInstant(t.minus(MAX_OFFSET), ZoneOffset.UTC);
            LocalDate hiNext = LocalDate.ofInstant(t.plus(MAX_OFFSET), ZoneOffset.UTC).plusDays(1);
            return switch (term.getComparison()) {
                case ComparisonTerm.LT, ComparisonTerm.LE ->
                    new Bounds(before(prefix, hiNext), before(prefix, lo));
                case ComparisonTerm.GT, ComparisonTerm.GE ->
                    new Bounds(since(prefix, lo), since(prefix, hiNext));
                case ComparisonTerm.EQ ->
                    new Bounds(and(List.of(since(prefix, lo), before(prefix, hiNext))), NONE);
                case ComparisonTerm.NE ->
                    new Bounds(ALL, or(List.of(before(prefix, lo), since(prefix, hiNext))));
                default -> Bounds.exact(NONE); // DateTerm.match is false for an unknown comparison
            };
        }

        /** The SAVEDATE keys (RFC 8514): day bounds like the other dates, or one exact key. */
        private static Bounds saveDate(SearchTerm term) {
            if (term instanceof SaveDateTerm t) {
                return date("SAVED", t);
            } else if (term instanceof SavedOnTerm t) {
                LocalDate d = t.getDay();
                return Bounds.exact(d.isBefore(FIRST_DAY) || d.isAfter(LAST_DAY) ? NONE : new Key("SAVEDON " + imapDate(d)));
            }
            return Bounds.exact(new Key("SAVEDATESUPPORTED"));
        }

        private static Node before(String prefix, LocalDate d) {
            if (d.isAfter(LAST_DAY)) {
                return ALL;
            }
            return d.isAfter(FIRST_DAY) ? new Key(prefix + "BEFORE " + imapDate(d)) : NONE;
        }

        private static Node since(String prefix, LocalDate d) {
            if (d.isAfter(LAST_DAY)) {
                return NONE;
            }
            return d.isAfter(FIRST_DAY) ? new Key(prefix + "SINCE " + imapDate(d)) : ALL;
        }

        private static String imapDate(LocalDate d) {
            return d.getDayOfMonth() + "-" + MONTHS[d.getMonthValue() - 1] + "-"
                + String.format(Locale.ROOT, "%04d", d.getYear());
        }

        /** Angus Mail's IMAP-only terms, known by name so that its IMAP provider is optional. */
        private Bounds extension(SearchTerm term) {
            String name = term.getClass().getName();
            String pkg = name.substring(0, name.lastIndexOf('.') + 1);
            if (!EXTENSION_PACKAGES.contains(pkg)) {
                return UNKNOWN;
            }
            String simple = name.substring(pkg.length());
            try {
                switch (simple) {
                    case "OlderTerm", "YoungerTerm" -> {
                        int interval = (Integer) term.getClass().getMethod("getInterval").invoke(term);
                        if (!caps.contains("WITHIN") || interval < 1) {
                            return UNKNOWN;
                        }
                        String key = simple.equals("OlderTerm") ? "OLDER " : "YOUNGER ";
                        return Bounds.exact(new Key(key + interval));
                    }
                    case "ModifiedSinceTerm" -> {
                        long modSeq = (Long) term.getClass().getMethod("getModSeq").invoke(term);
                        if (!caps.contains("CONDSTORE") && !caps.contains("QRESYNC")) {
                            return UNKNOWN;
                        }
                        return Bounds.exact(new Key("MODSEQ " + Math.max(0, modSeq)));
                    }
                    default -> {
                        return UNKNOWN;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return UNKNOWN; // not the class we expected after all
            }
        }
    }

    // ---- strings --------------------------------------------------------------------------

    /** A quoted string, or null if {@code s} holds what a quoted string cannot carry. */
    static String quote(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\r' || ch == '\n' || ch == 0) {
                return null;
            }
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(ch).append(s.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(ch)) {
                return null; // would become '?' in UTF-8
            }
            if (ch == '"' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.append('"').toString();
    }

    /** A header field name as an atom when it is one, else as a quoted string (an astring). */
    private static String fieldName(String name) {
        if (name == null) {
            return null;
        }
        return isAtom(name) ? name : quote(name);
    }

    /** RFC 3501 atom: ASCII, no controls, no atom-specials. */
    private static boolean isAtom(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch <= 0x20 || ch >= 0x7f || "(){%*\"\\]".indexOf(ch) >= 0) {
                return false;
            }
        }
        return true;
    }
}
