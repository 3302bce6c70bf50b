package dev.imap4lib.cli;

import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.SearchTerm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ls FOLDER}: a page of messages as a table; {@code --search} lets the server pick them. */
final class LsCommand {
    static final Main.Cmd CMD = new Main.Cmd("ls", Set.of("limit", "offset", "search"), Set.of("oldest-first"),
            "list messages: UID, date, from, subject, size, flags (paged, --search)",
            "usage: imap4lib ls [FOLDER] [--search QUERY] [--limit N] [--offset N] [--oldest-first] [OPTIONS]\n\n"
                    + "Lists the messages of FOLDER (default INBOX), newest first, --limit per page (default 50)\n"
                    + "starting after --offset messages. Flags: S seen, F flagged, A answered, D deleted, T draft,"
                    + " then keywords. With --search the server does the matching (IMAP SEARCH).\n\n"
                    + SearchQuery.HELP, LsCommand::run);

    private LsCommand() {
    }

    static int run(Ctx ctx, Args a) throws Exception {
        a.maxArgs(1, "ls");
        String name = a.positional.isEmpty() ? "INBOX" : a.positional.get(0);
        int limit = (int) Math.min(Integer.MAX_VALUE, a.number("limit", 50));
        int offset = (int) Math.min(Integer.MAX_VALUE, a.number("offset", 0));
        String query = a.value("search");
        SearchTerm term = query == null ? null : SearchQuery.parse(query);
        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder folder = mail.folder(name);
            folder.open(Folder.READ_ONLY);
            try {
                Message[] found = term == null ? folder.getMessages() : folder.search(term);
                List<Message> all = new ArrayList<>(Arrays.asList(found));
                all.sort(Comparator.comparingInt(Message::getMessageNumber));
                if (!a.flag("oldest-first")) {
                    java.util.Collections.reverse(all);
                }
                int from = Math.min(offset, all.size());
                int to = limit == 0 ? all.size() : (int) Math.min(all.size(), (long) from + limit);
                Message[] page = all.subList(from, to).toArray(new Message[0]);
                FetchProfile fp = new FetchProfile();
                fp.add(FetchProfile.Item.ENVELOPE);
                fp.add(FetchProfile.Item.FLAGS);
                fp.add(UIDFolder.FetchProfileItem.UID);
                folder.fetch(page, fp);

                List<Map<String, Object>> rows = new ArrayList<>();
                for (Message m : page) {
                    Map<String, Object> r = Json.obj();
                    r.put("uid", folder.getUID(m));
                    r.put("date", Messages.iso(m.getSentDate() != null ? m.getSentDate() : m.getReceivedDate()));
                    r.put("received", Messages.iso(m.getReceivedDate()));
                    r.put("from", Messages.who(m.getFrom()));
                    r.put("fromAddress", Messages.addressList(m.getFrom()));
                    r.put("subject", Messages.subject(m));
                    r.put("size", m.getSize());
                    r.put("flags", Messages.names(m.getFlags()));
                    rows.add(r);
                }
                if (ctx.json) {
                    Map<String, Object> j = Json.obj();
                    j.put("folder", folder.getFullName());
                    j.put("search", query);
                    j.put("total", all.size());
                    j.put("offset", from);
                    j.put("messages", rows);
                    ctx.json(j);
                    return Main.EXIT_OK;
                }
                Table t = new Table(ctx, "UID", "DATE", "FROM", "SUBJECT", "SIZE", "FLAGS");
                t.rightAlign(0, 4);
                t.maxWidth(2, 22);
                t.maxWidth(5, 14);
                for (int i = 0; i < page.length; i++) {
                    Message m = page[i];
                    Map<String, Object> r = rows.get(i);
                    Flags f = m.getFlags();
                    boolean unseen = !f.contains(Flags.Flag.SEEN);
                    String subject = Text.oneLine((String) r.get("subject"));
                    t.row(r.get("uid").toString(), Messages.shortDate(m.getSentDate() != null ? m.getSentDate() : m.getReceivedDate()),
                            Text.oneLine((String) r.get("from")), unseen ? ctx.c(Ctx.BOLD, subject) : subject,
                            Text.size(m.getSize()), f.contains(Flags.Flag.FLAGGED) ? ctx.c(Ctx.RED, Messages.letters(f)) : Messages.letters(f));
                }
                if (page.length > 0) {
                    t.print(3);
                }
                String range = page.length == 0 ? "no messages" : "messages " + (from + 1) + "-" + to + " of " + all.size();
                ctx.out.println(ctx.c(Ctx.DIM, range + " in " + folder.getFullName()
                        + (query != null ? " matching " + query : "")
                        + (a.flag("oldest-first") ? ", oldest first" : ", newest first")
                        + (to < all.size() ? " (next page: --offset " + to + ")" : "")));
            } finally {
                folder.close(false);
            }
        }
        return Main.EXIT_OK;
    }
}
