package dev.imap4lib.client;

import dev.imap4lib.client.Imap4.Completion;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.response.ThreadNode;
import dev.imap4lib.wire.Excerpt;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds {@link Imap4}'s command results from their completions: imaplib's {@code (type, data)}
 * from the tagged reply and the untagged responses of the command's types, and the typed value
 * parsed from them (a malformed response fails that command, not the connection). Taking a
 * command's responses also removes them from the ones kept for imaplib's {@code response()}.
 *
 * <p><b>Concurrency.</b> Called by the thread that ran the command, most of it after the command
 * lock was released: a {@link Completion} is the command's own, and the only shared state read
 * here is the {@link ResponseRouter}'s (volatile UTF-8 flag, the stored responses under their own
 * monitor, the last COPYUID under the command lock while MOVE runs).
 */
final class Results {
    private final ResponseRouter router;
    private final ClientOptions options;

    Results(ResponseRouter router, ClientOptions options) {
        this.router = router;
        this.options = options;
    }

    static List<Object> dataOf(List<Untagged> items) {
        if (items.isEmpty()) {
            return Collections.singletonList(null);
        }
        List<Object> out = new ArrayList<>(items.size());
        for (Untagged u : items) {
            out.addAll(u.data());
        }
        return out;
    }

    @FunctionalInterface
    interface Parser<T> {
        T parse(Untagged u) throws ResponseFormatException;
    }

    <T> List<T> parseAll(List<Untagged> items, Parser<T> p) throws Imap4Exception {
        List<T> out = new ArrayList<>(items.size());
        for (Untagged u : items) {
            try {
                out.add(p.parse(u));
            } catch (ResponseFormatException | RuntimeException e) {
                // The response was framed correctly, so the connection stays in step: an error
                // for this command, not an abort. Runtime exceptions from value decoding (dates,
                // mailbox names) are reported the same way rather than escaping raw.
                throw new Imap4Exception("malformed " + u.type() + " response: " + e.getMessage()
                        + " in \"" + Excerpt.escape(u.raw().bytes(), 0, u.raw().length(), 200) + "\"", null, null, e);
            }
        }
        return out;
    }

    <T> Result<T> simple(String name, Completion c, T value) {
        return new Result<>(name, c.status(), Collections.singletonList(c.data()), value, c.code(), c.text());
    }

    /** imaplib's {@code _untagged_response}: the result data are the stored responses of {@code type}. */
    <T> Result<List<T>> untaggedResult(String name, Completion c, String type, Parser<T> p) throws Imap4Exception {
        List<Untagged> items = router.take(c, type);
        List<T> value = parseAll(items, p);
        java.util.function.Supplier<List<Object>> data = c.ok() ? () -> dataOf(items) : () -> Collections.singletonList(c.data());
        return new Result<>(name, c.status(), data, value, c.code(), c.text());
    }

    <T> Result<T> single(Result<List<T>> r) {
        T v = r.value().isEmpty() ? null : r.value().get(r.value().size() - 1);
        return new Result<>(r.command(), r.type(), r.data(), v, r.code(), r.text());
    }

    int depth() {
        return options.limits().maxDepth();
    }

    static String lastText(Completion c, String type) {
        List<Untagged> l = c.get(type);
        if (l == null || l.isEmpty()) {
            return null;
        }
        Untagged u = l.get(l.size() - 1);
        return u.number() >= 0 ? Long.toString(u.number()) : u.text();
    }

    static long lastNumber(Completion c, String type) {
        String s = lastText(c, type);
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    SelectInfo selectInfo(Completion c, boolean ro) {
        List<String> flags = List.of();
        List<Untagged> f = c.get("FLAGS");
        if (!f.isEmpty()) {
            flags = flagList(f.get(f.size() - 1).tokenizer());
        }
        List<String> perm = List.of();
        List<Untagged> p = c.get("PERMANENTFLAGS");
        if (!p.isEmpty()) {
            perm = flagList(p.get(p.size() - 1).tokenizer());
        }
        return new SelectInfo(lastNumber(c, "EXISTS"), lastNumber(c, "RECENT"), flags, perm, lastNumber(c, "UIDVALIDITY"),
                lastNumber(c, "UIDNEXT"), lastNumber(c, "UNSEEN"), lastNumber(c, "HIGHESTMODSEQ"), ro,
                ResponseCode.objectId(lastText(c, "MAILBOXID")), canonicalName(c));
    }

    /** RFC 9051 §6.3.2: an untagged LIST during SELECT names the mailbox as the server spells it. */
    String canonicalName(Completion c) {
        List<Untagged> l = c.get("LIST");
        if (l == null || l.isEmpty()) {
            return null;
        }
        try {
            return ListEntry.parse(l.get(l.size() - 1).tokenizer(), router.utf8Enabled).name();
        } catch (ResponseFormatException | RuntimeException e) {
            return null;
        }
    }

    /** Reads a parenthesised flag list leniently (used for FLAGS and PERMANENTFLAGS). */
    static List<String> flagList(Tokenizer t) {
        List<String> out = new ArrayList<>();
        t.skipSpaces();
        if (!t.tryByte('(')) {
            return out;
        }
        while (true) {
            t.skipSpaces();
            if (t.atEnd() || t.tryByte(')')) {
                return out;
            }
            try {
                out.add(t.peekString() ? t.string() : t.flag());
            } catch (ResponseFormatException e) {
                return out;
            }
        }
    }

    Result<long[]> expungeResult(String name, Completion c) {
        List<Untagged> items = router.take(c, "EXPUNGE");
        long[] nums = new long[items.size()];
        for (int i = 0; i < nums.length; i++) {
            nums[i] = items.get(i).number();
        }
        return new Result<>(name, c.status(), c.ok() ? dataOf(items) : List.of(c.data()), nums, c.code(), c.text());
    }

    Result<List<FetchData>> fetchResult(String name, Completion c) throws Imap4Exception {
        int d = depth();
        if (c.has("UIDFETCH")) {
            return uidFetchResult(name, c);
        }
        return untaggedResult(name, c, "FETCH", u -> parseFetch(u, d));
    }

    static FetchData parseFetch(Untagged u, int depth) throws ResponseFormatException {
        Tokenizer t = u.tokenizer();
        FetchData f = FetchData.parse((int) Math.min(Integer.MAX_VALUE, u.number()), t, depth);
        t.skipSpaces();
        if (!t.atEnd()) {
            throw t.error("unexpected data after the FETCH item list");
        }
        return f;
    }

    Result<ResponseCode.CopyUid> moveResult(String name, Completion c) {
        ResponseCode.CopyUid cu = c.ok() && c.code() != null ? c.code().copyUid() : null;
        if (cu == null && c.ok() && c.has("COPYUID")) {
            // MOVE usually reports COPYUID in an untagged OK before the EXPUNGEs.
            cu = router.lastCopyUid;
        }
        router.take(c, "EXPUNGE");
        return simple(name, c, cu);
    }

    /**
     * {@code askedReturn}: the caller gave RETURN options and gets the ESEARCH as sent; otherwise
     * an ESEARCH (what IMAP4rev2 answers every SEARCH with) becomes a plain result whose
     * {@link SearchResult#numbers()} are its ALL set, as a rev1 server would have answered.
     */
    Result<SearchResult> searchResult(String name, Completion c, boolean askedReturn) throws Imap4Exception {
        Result<List<SearchResult>> plain = untaggedResult(name, c, "SEARCH", u -> SearchResult.parseSearch(u.tokenizer()));
        if (!plain.value().isEmpty() || !c.has("ESEARCH")) {
            return single(plain);
        }
        Result<SearchResult> e = single(untaggedResult(name, c, "ESEARCH", u -> SearchResult.parseEsearch(u.tokenizer())));
        if (askedReturn || e.value() == null) {
            return e;
        }
        return new Result<>(e.command(), e.type(), e.data(), e.value().withAllAsNumbers(ESEARCH_EXPAND_LIMIT), e.code(),
                e.text());
    }

    /** At most this many numbers are expanded from an unasked-for ESEARCH ALL set (bounded memory). */
    static final long ESEARCH_EXPAND_LIMIT = 10_000_000L;

    Result<SearchResult> sortResult(String name, Completion c) throws Imap4Exception {
        Result<List<SearchResult>> r = untaggedResult(name, c, "SORT", u -> SearchResult.parseSort(u.tokenizer()));
        if (!r.value().isEmpty() || !c.has("ESEARCH")) {
            return single(r);
        }
        return single(untaggedResult(name, c, "ESEARCH", u -> SearchResult.parseEsearch(u.tokenizer())));
    }

    Result<List<ThreadNode>> threadResult(String name, Completion c) throws Imap4Exception {
        int d = depth();
        Result<List<List<ThreadNode>>> r = untaggedResult(name, c, "THREAD", u -> ThreadNode.parse(u.tokenizer(), d));
        List<ThreadNode> all = new ArrayList<>();
        r.value().forEach(all::addAll);
        return new Result<>(name, r.type(), r.data(), all, r.code(), r.text());
    }

    /** The FETCH and UIDFETCH responses of a UID command under UIDONLY, in the order they came. */
    Result<List<FetchData>> uidFetchResult(String name, Completion c) throws Imap4Exception {
        int d = depth();
        List<Untagged> items = new ArrayList<>(router.take(c, "FETCH"));
        items.addAll(router.take(c, "UIDFETCH"));
        List<FetchData> value = parseAll(items, u -> u.type().equals("UIDFETCH")
                ? FetchData.parseUidFetch(u.number(), u.tokenizer(), d) : parseFetch(u, d));
        return new Result<>(name, c.status(), c.ok() ? dataOf(items) : List.of(c.data()), value, c.code(), c.text());
    }
}
