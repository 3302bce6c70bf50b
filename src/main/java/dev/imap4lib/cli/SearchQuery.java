package dev.imap4lib.cli;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.RecipientStringTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SentDateTerm;
import jakarta.mail.search.SizeTerm;
import jakarta.mail.search.SubjectTerm;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --search} query language, mapped to {@code jakarta.mail.search} terms that the
 * provider turns into an IMAP SEARCH (so the server does the matching). Words are ANDed;
 * {@code -word} negates; quote values with spaces: {@code subject:"quarterly report"}.
 */
final class SearchQuery {
    static final String HELP = """
            Search terms (ANDed; -term negates; quote values with spaces):
              from:TEXT  to:TEXT  cc:TEXT  subject:TEXT  body:TEXT   header fields / body contain TEXT
              WORD                                                   subject, from or body contains WORD
              since:YYYY-MM-DD  before:YYYY-MM-DD  on:YYYY-MM-DD     arrival date (IMAP INTERNALDATE)
              sent-since:DATE  sent-before:DATE                      Date: header
              larger:SIZE  smaller:SIZE                              size in bytes, or 10k, 2M
              seen unseen flagged unflagged answered unanswered deleted draft   flags
              keyword:NAME  header:NAME=TEXT
            Example: --search 'from:ada subject:"quarterly report" since:2025-01-01 unseen larger:10k'
            """;

    private SearchQuery() {
    }

    static SearchTerm parse(String query) throws CliException {
        List<SearchTerm> terms = new ArrayList<>();
        for (String w : Text.words(query)) {
            boolean not = w.startsWith("-") && w.length() > 1;
            SearchTerm t = term(not ? w.substring(1) : w);
            terms.add(not ? new NotTerm(t) : t);
        }
        if (terms.isEmpty()) {
            throw CliException.usage("empty --search query");
        }
        return terms.size() == 1 ? terms.get(0) : new AndTerm(terms.toArray(new SearchTerm[0]));
    }

    private static SearchTerm term(String w) throws CliException {
        int colon = w.indexOf(':');
        String key = colon > 0 ? w.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        String v = colon > 0 ? w.substring(colon + 1) : w;
        if (colon > 0 && v.isEmpty()) {
            throw CliException.usage("search term " + w + " needs a value");
        }
        switch (key) {
            case "from":
                return new FromStringTerm(v);
            case "to":
                return new RecipientStringTerm(Message.RecipientType.TO, v);
            case "cc":
                return new RecipientStringTerm(Message.RecipientType.CC, v);
            case "subject":
                return new SubjectTerm(v);
            case "body":
                return new BodyTerm(v);
            case "since":
                return new ReceivedDateTerm(ComparisonTerm.GE, day(v, 0));
            case "before":
                return new ReceivedDateTerm(ComparisonTerm.LT, day(v, 0));
            case "on":
                return new AndTerm(new ReceivedDateTerm(ComparisonTerm.GE, day(v, 0)),
                        new ReceivedDateTerm(ComparisonTerm.LT, day(v, 1)));
            case "sent-since":
                return new SentDateTerm(ComparisonTerm.GE, day(v, 0));
            case "sent-before":
                return new SentDateTerm(ComparisonTerm.LT, day(v, 0));
            case "larger":
                return new SizeTerm(ComparisonTerm.GT, size(v));
            case "smaller":
                return new SizeTerm(ComparisonTerm.LT, size(v));
            case "keyword":
                return new FlagTerm(new Flags(v), true);
            case "header": {
                int eq = v.indexOf('=');
                if (eq <= 0) {
                    throw CliException.usage("header:NAME=TEXT, e.g. header:List-Id=weekly");
                }
                return new HeaderTerm(v.substring(0, eq), v.substring(eq + 1));
            }
            case "":
                break;
            default:
                throw CliException.usage("unknown search key \"" + key + ":\" (the keys are listed by ls --help)");
        }
        switch (w.toLowerCase(Locale.ROOT)) {
            case "seen":
                return new FlagTerm(new Flags(Flags.Flag.SEEN), true);
            case "unseen":
            case "unread":
                return new FlagTerm(new Flags(Flags.Flag.SEEN), false);
            case "flagged":
                return new FlagTerm(new Flags(Flags.Flag.FLAGGED), true);
            case "unflagged":
                return new FlagTerm(new Flags(Flags.Flag.FLAGGED), false);
            case "answered":
                return new FlagTerm(new Flags(Flags.Flag.ANSWERED), true);
            case "unanswered":
                return new FlagTerm(new Flags(Flags.Flag.ANSWERED), false);
            case "deleted":
                return new FlagTerm(new Flags(Flags.Flag.DELETED), true);
            case "draft":
                return new FlagTerm(new Flags(Flags.Flag.DRAFT), true);
            default:
                return new OrTerm(new SearchTerm[] {new SubjectTerm(w), new FromStringTerm(w), new BodyTerm(w)});
        }
    }

    private static Date day(String v, int plusDays) throws CliException {
        try {
            return Date.from(LocalDate.parse(v).plusDays(plusDays).atStartOfDay(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException e) {
            throw CliException.usage("not a date (YYYY-MM-DD): " + v);
        }
    }

    static int size(String v) throws CliException {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("k") || s.endsWith("kb")) {
            mult = 1024;
        } else if (s.endsWith("m") || s.endsWith("mb")) {
            mult = 1024 * 1024;
        }
        s = s.replaceAll("[kmb]+$", "");
        try {
            long n = Math.round(Double.parseDouble(s) * mult);
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw CliException.usage("not a size (bytes, 10k, 2M): " + v);
        }
    }
}
