package dev.imap4lib.provider;

import dev.imap4lib.client.Result;
import dev.imap4lib.response.SearchResult;
import jakarta.mail.FetchProfile;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.search.SearchException;
import jakarta.mail.search.SearchTerm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * SEARCH for an open {@link Imap4libFolder}: on the server when the term has an IMAP form, else
 * on the client after one FETCH. Runs with the folder's monitor held.
 */
final class FolderSearch {
    private final Imap4libFolder f;
    private final OpenFolder s;

    FolderSearch(Imap4libFolder f) {
        this.f = f;
        this.s = f.session;
    }

    Message[] search(SearchTerm term) throws MessagingException {
        s.checkOpen();
        return searchOnServer(term, null);
    }

    Message[] search(SearchTerm term, Message[] msgs) throws MessagingException {
        s.checkOpen();
        if (msgs.length == 0) {
            return msgs;
        }
        return searchOnServer(term, msgs);
    }

    private Message[] searchOnServer(SearchTerm term, Message[] within) throws MessagingException {
        Optional<SearchTranslator.ImapSearch> q = SearchTranslator.translate(term, new LinkedHashSet<>(s.conn.capabilities()));
        if (q.isEmpty() && f.config().throwSearchException) {
            throw new SearchException("search term " + term.getClass().getSimpleName() + " has no IMAP SEARCH form");
        }
        if (q.isEmpty()) {
            // Not expressible in IMAP SEARCH: match on the client, as Folder does.
            f.note("search term " + term.getClass().getSimpleName() + " has no IMAP SEARCH form; matching on the client");
            return matchOnClient(term, within);
        }
        SearchTranslator.ImapSearch search = q.get();
        String scope = within == null ? "" : s.seqSet(within) + " ";
        SearchResult r = s.withConnection(c -> {
            Result<SearchResult> res = c.search(search.needsCharset() ? "UTF-8" : null, scope + search.criteria());
            if (!res.isOk() && search.needsCharset() && res.code() != null && res.code().name().equals("BADCHARSET")) {
                return null;
            }
            return res.check().value();
        });
        if (r == null && f.config().throwSearchException) {
            throw new SearchException("the server refused SEARCH CHARSET UTF-8 (BADCHARSET)");
        }
        if (r == null) {
            f.note("the server refused SEARCH CHARSET UTF-8 (BADCHARSET); matching on the client");
            return matchOnClient(term, within);
        }
        List<Message> out = new ArrayList<>(r.size());
        for (long n : r.numbers()) {
            Message m = s.cache.bySeq(n);
            if (m != null && (search.exact() || term.match(m))) {
                out.add(m);
            }
        }
        return out.toArray(new Message[0]);
    }

    /** Client-side matching, after one FETCH of what the common terms look at. */
    private Message[] matchOnClient(SearchTerm term, Message[] within) throws MessagingException {
        Message[] msgs = within == null ? f.getMessages() : within;
        List<Message> live = new ArrayList<>(msgs.length);
        for (Message m : msgs) {
            if (!m.isExpunged()) {
                live.add(m);
            }
        }
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        fp.add(FetchProfile.Item.FLAGS);
        f.fetch(live.toArray(new Message[0]), fp);
        List<Message> out = new ArrayList<>();
        for (Message m : live) {
            if (term.match(m)) {
                out.add(m);
            }
        }
        return out.toArray(new Message[0]);
    }
}
