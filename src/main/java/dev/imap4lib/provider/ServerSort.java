package dev.imap4lib.provider;

import dev.imap4lib.client.Result;
import dev.imap4lib.response.SearchResult;
import jakarta.mail.Address;
import jakarta.mail.FetchProfile;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.SearchException;
import jakarta.mail.search.SearchTerm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@link Imap4libFolder#getSortedMessages(SortTerm[], SearchTerm)}: SORT (RFC 5256) when the
 * server has it; without SORT the messages are fetched (envelope, size, arrival) and sorted here
 * by the same keys, which the debug output says. A search term the server cannot search for is
 * matched on the client after the server's sort (or refused with {@code throwsearchexception}).
 */
final class ServerSort {
    private ServerSort() {
    }

    /**
     * The SORT criteria for {@code terms}, e.g. {@code (REVERSE DATE SUBJECT)}.
     *
     * @throws MessagingException when there is no key, or REVERSE is not followed by one
     */
    static String criteria(SortTerm[] terms) throws MessagingException {
        if (terms == null || terms.length == 0) {
            throw new MessagingException("getSortedMessages needs at least one sort key");
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < terms.length; i++) {
            if (terms[i] == null) {
                throw new MessagingException("sort key " + i + " is null");
            }
            if (terms[i] == SortTerm.REVERSE && (i + 1 == terms.length || terms[i + 1] == SortTerm.REVERSE)) {
                throw new MessagingException("REVERSE must be followed by a sort key");
            }
            sb.append(i == 0 ? "" : " ").append(terms[i]);
        }
        return sb.append(')').toString();
    }

    /** Sorts the open {@code folder}'s messages matching {@code term} (null: all). Caller holds the folder lock. */
    static Message[] sorted(Imap4libFolder folder, SortTerm[] terms, SearchTerm term) throws MessagingException {
        String criteria = criteria(terms);
        if (!serverHas(folder, "SORT")) {
            folder.note("the server has no SORT; sorting " + criteria + " on the client");
            Message[] msgs = term == null ? folder.getMessages() : folder.search(term);
            return onClient(folder, msgs, terms);
        }
        SearchTranslator.ImapSearch s;
        if (term == null) {
            s = new SearchTranslator.ImapSearch("ALL", false, true);
        } else {
            Optional<SearchTranslator.ImapSearch> q =
                    SearchTranslator.translate(term, new LinkedHashSet<>(capabilities(folder)));
            if (q.isEmpty() && folder.config().throwSearchException) {
                throw new SearchException("search term " + term.getClass().getSimpleName() + " has no IMAP SEARCH form");
            }
            // Not expressible: the server sorts everything, the term is matched here.
            s = q.orElse(new SearchTranslator.ImapSearch("ALL", false, false));
        }
        SearchTranslator.ImapSearch search = s;
        SearchResult r = folder.withConnection(c -> {
            Result<SearchResult> res = c.sort(criteria, search.needsCharset() ? "UTF-8" : "US-ASCII", search.criteria());
            return res.check().value();
        });
        List<Message> out = new ArrayList<>(r.size());
        for (long n : r.numbers()) {
            MessageCache cache = folder.session.cache;
            Message m = cache == null ? null : cache.bySeq(n);
            if (m != null && (search.exact() || term.match(m))) {
                out.add(m);
            }
        }
        return out.toArray(new Message[0]);
    }

    private static List<String> capabilities(Imap4libFolder folder) {
        dev.imap4lib.client.Imap4 c = folder.session.conn;
        return c == null ? List.of() : c.capabilities();
    }

    private static boolean serverHas(Imap4libFolder folder, String capability) {
        dev.imap4lib.client.Imap4 c = folder.session.conn;
        return c != null && c.hasCapability(capability);
    }

    private static Message[] onClient(Imap4libFolder folder, Message[] msgs, SortTerm[] terms) throws MessagingException {
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE); // with INTERNALDATE and RFC822.SIZE; fetched once per message
        Message[] missing = Arrays.stream(msgs)
                .filter(m -> !(m instanceof Imap4libMessage im) || !im.hasSortKeys()).toArray(Message[]::new);
        folder.fetch(missing, fp);
        return clientOrder(Arrays.stream(msgs).filter(m -> !m.isExpunged()).toArray(Message[]::new), terms);
    }

    /** A message with its sort keys read once (the getters may throw, a comparator may not). */
    record Keyed(Message message, Object[] keys) {
    }

    static Object[] keys(Message m, SortTerm[] terms) throws MessagingException {
        Object[] k = new Object[terms.length];
        for (int i = 0; i < terms.length; i++) {
            SortTerm t = terms[i];
            if (t == SortTerm.ARRIVAL) {
                k[i] = time(m.getReceivedDate());
            } else if (t == SortTerm.DATE) {
                Date d = m.getSentDate();
                k[i] = time(d != null ? d : m.getReceivedDate());
            } else if (t == SortTerm.SIZE) {
                k[i] = (long) m.getSize();
            } else if (t == SortTerm.SUBJECT) {
                k[i] = baseSubject(m.getSubject());
            } else if (t == SortTerm.FROM) {
                k[i] = firstMailbox(m.getFrom());
            } else if (t == SortTerm.TO) {
                k[i] = firstMailbox(m.getRecipients(Message.RecipientType.TO));
            } else if (t == SortTerm.CC) {
                k[i] = firstMailbox(m.getRecipients(Message.RecipientType.CC));
            }
        }
        return k;
    }

    /** RFC 5256's order: the keys in turn (REVERSE flips the next), then the message number. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Comparator<Keyed> comparator(SortTerm[] terms) {
        return (a, b) -> {
            boolean reverse = false;
            for (int i = 0; i < terms.length; i++) {
                if (terms[i] == SortTerm.REVERSE) {
                    reverse = true;
                    continue;
                }
                int c = ((Comparable) a.keys()[i]).compareTo(b.keys()[i]);
                if (c != 0) {
                    return reverse ? -c : c;
                }
                reverse = false;
            }
            return Integer.compare(a.message().getMessageNumber(), b.message().getMessageNumber());
        };
    }

    private static long time(Date d) {
        return d == null ? 0 : d.getTime();
    }

    /** The first address's mailbox (local part), lower case; "" without one (RFC 5256 sorts those first). */
    private static String firstMailbox(Address[] a) {
        if (a == null || a.length == 0 || !(a[0] instanceof InternetAddress ia) || ia.getAddress() == null) {
            return "";
        }
        String addr = ia.getAddress();
        int at = addr.lastIndexOf('@');
        return (at >= 0 ? addr.substring(0, at) : addr).toLowerCase(Locale.ROOT);
    }

    private static final Pattern LEADER = Pattern.compile("^(?:\\s*(?:re|fwd?)\\s*(?:\\[[^\\]]*\\])?\\s*:|\\s*\\[[^\\]]*\\]\\s*(?=\\S))",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILER = Pattern.compile("(?:\\s*\\(fwd\\))+\\s*$", Pattern.CASE_INSENSITIVE);

    /**
     * RFC 5256's base subject, simplified: trailing {@code (fwd)} and leading {@code Re:},
     * {@code Fw:}, {@code Fwd:} and {@code [blob]} removed until none is left, whitespace
     * collapsed, compared without case.
     */
    static String baseSubject(String subject) {
        if (subject == null) {
            return "";
        }
        String s = subject.replaceAll("\\s+", " ").trim();
        String prev;
        do {
            prev = s;
            s = TRAILER.matcher(s).replaceAll("");
            String stripped = LEADER.matcher(s).replaceFirst("").trim();
            s = stripped.isEmpty() ? s : stripped; // a subject that is only a blob keeps it
        } while (!s.equals(prev));
        if (s.regionMatches(true, 0, "[fwd:", 0, 5) && s.endsWith("]")) {
            s = baseSubject(s.substring(5, s.length() - 1));
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The client-side order of {@code msgs} (their data already fetched). */
    static Message[] clientOrder(Message[] msgs, SortTerm[] terms) throws MessagingException {
        List<Keyed> keyed = new ArrayList<>(msgs.length);
        for (Message m : msgs) {
            keyed.add(new Keyed(m, keys(m, terms)));
        }
        keyed.sort(comparator(terms));
        return keyed.stream().map(Keyed::message).toArray(Message[]::new);
    }
}
