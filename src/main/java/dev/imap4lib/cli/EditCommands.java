package dev.imap4lib.cli;

import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The everyday changes: messages moved, copied, deleted or flagged ({@code mv cp rm flag}, chosen by
 * UID, {@code --search} or {@code --all}), folders made, removed and renamed. What destroys data
 * ({@code rm}, {@code rmdir}) only happens with {@code --yes}; every command says what it did.
 */
final class EditCommands {
    private static final String SELECT_HELP = """

            Messages are chosen by UID (UID... on the command line, ranges like 10:20 too), by --search QUERY
            (the server picks them), or all of them with --all; one of the three is required.
            """ + SearchQuery.HELP;

    static final Main.Cmd MV = new Main.Cmd("mv", Set.of("to", "search"), Set.of("all"),
            "move messages to another folder (MOVE; by UID, --search or --all)",
            "usage: imap4lib mv FOLDER (UID... | --search QUERY | --all) --to TARGET [OPTIONS]\n\n"
                    + "Moves the chosen messages from FOLDER to TARGET (which must exist; see mkdir), with MOVE where the\n"
                    + "server has it, else COPY then delete and expunge just those messages.\n" + SELECT_HELP,
            (ctx, a) -> transfer(ctx, a, true));
    static final Main.Cmd CP = new Main.Cmd("cp", Set.of("to", "search"), Set.of("all"),
            "copy messages to another folder (COPY; by UID, --search or --all)",
            "usage: imap4lib cp FOLDER (UID... | --search QUERY | --all) --to TARGET [OPTIONS]\n\n"
                    + "Copies the chosen messages from FOLDER to TARGET (which must exist) on the server: bytes, flags and\n"
                    + "INTERNALDATE stay as they are.\n" + SELECT_HELP,
            (ctx, a) -> transfer(ctx, a, false));
    static final Main.Cmd RM = new Main.Cmd("rm", Set.of("search"), Set.of("all", "yes"),
            "delete messages for good (expunge; needs --yes)",
            "usage: imap4lib rm FOLDER (UID... | --search QUERY | --all) --yes [OPTIONS]\n\n"
                    + "Marks the chosen messages \\Deleted and expunges exactly those (UID EXPUNGE where the server has\n"
                    + "UIDPLUS). This cannot be undone: without --yes the command only says what it would delete.\n"
                    + SELECT_HELP,
            EditCommands::rm);
    static final Main.Cmd FLAG = new Main.Cmd("flag", Set.of("search", "set", "clear"), Set.of("all"),
            "set or clear flags and keywords (by UID, --search or --all)",
            "usage: imap4lib flag FOLDER (UID... | --search QUERY | --all) (--set FLAGS | --clear FLAGS) [OPTIONS]\n\n"
                    + "FLAGS is a comma-separated list of seen, answered, flagged, draft, deleted or keywords ($Label1,\n"
                    + "todo). --set and --clear may be given together.\n" + SELECT_HELP,
            EditCommands::flag);
    static final Main.Cmd MKDIR = new Main.Cmd("mkdir", Set.of(), Set.of(),
            "create a folder",
            "usage: imap4lib mkdir FOLDER [OPTIONS]\n\nCreates FOLDER (and the folders above it, where the server needs that).\n",
            EditCommands::mkdir);
    static final Main.Cmd RMDIR = new Main.Cmd("rmdir", Set.of(), Set.of("yes"),
            "delete a folder and its messages (needs --yes)",
            "usage: imap4lib rmdir FOLDER --yes [OPTIONS]\n\n"
                    + "Deletes FOLDER with every message in it. This cannot be undone: without --yes the command only\n"
                    + "says what it would delete. A folder with subfolders is refused (delete those first).\n",
            EditCommands::rmdir);
    static final Main.Cmd RENAME = new Main.Cmd("rename", Set.of(), Set.of(),
            "rename a folder (its subfolders move with it)",
            "usage: imap4lib rename FOLDER NEWNAME [OPTIONS]\n\nRenames FOLDER; NEWNAME must not exist yet.\n",
            EditCommands::rename);

    private EditCommands() {
    }

    /** The messages the command line chooses in an open folder. */
    private static Message[] chosen(Imap4libFolder f, Args a, String command) throws MessagingException, CliException {
        List<String> uids = a.positional.subList(1, a.positional.size());
        String query = a.value("search");
        int ways = (uids.isEmpty() ? 0 : 1) + (query == null ? 0 : 1) + (a.flag("all") ? 1 : 0);
        if (ways != 1) {
            throw CliException.usage(command + " needs exactly one of UID..., --search QUERY or --all");
        }
        if (a.flag("all")) {
            return f.getMessages();
        }
        if (query != null) {
            return f.search(SearchQuery.parse(query));
        }
        List<Message> out = new ArrayList<>();
        for (String u : uids) {
            for (String part : u.split(",")) {
                int colon = part.indexOf(':');
                try {
                    long lo = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
                    long hi = colon < 0 ? lo : part.substring(colon + 1).equals("*") ? Long.MAX_VALUE
                            : Long.parseLong(part.substring(colon + 1));
                    if (lo < 1 || hi < lo) {
                        throw new NumberFormatException();
                    }
                    for (Message m : f.getMessagesByUID(lo, Math.min(hi, 0xFFFFFFFFL))) {
                        if (m != null) {
                            out.add(m);
                        }
                    }
                } catch (NumberFormatException e) {
                    throw CliException.usage("\"" + part + "\" is not a UID or UID range (like 7 or 10:20)");
                }
            }
        }
        return out.toArray(new Message[0]);
    }

    private static String count(int n) {
        return n + " message" + (n == 1 ? "" : "s");
    }

    private static void report(Ctx ctx, String text, Map<String, Object> json) {
        if (ctx.json) {
            ctx.json(json);
        } else {
            ctx.out.println(text);
        }
    }

    private static int transfer(Ctx ctx, Args a, boolean move) throws Exception {
        String name = a.arg(0, "FOLDER");
        String to = a.value("to");
        if (to == null) {
            throw CliException.usage((move ? "mv" : "cp") + " needs --to TARGET");
        }
        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder src = mail.folder(name);
            Imap4libFolder dst = mail.folder(to);
            src.open(move ? Folder.READ_WRITE : Folder.READ_ONLY);
            try {
                Message[] msgs = chosen(src, a, move ? "mv" : "cp");
                if (msgs.length > 0) {
                    if (move) {
                        src.moveUIDMessages(msgs, dst);
                    } else {
                        src.copyUIDMessages(msgs, dst);
                    }
                }
                Map<String, Object> j = Json.obj();
                j.put(move ? "moved" : "copied", msgs.length);
                j.put("from", src.getFullName());
                j.put("to", dst.getFullName());
                report(ctx, (move ? "moved " : "copied ") + count(msgs.length) + " from " + src.getFullName() + " to "
                        + dst.getFullName(), j);
            } finally {
                src.close(false);
            }
        }
        return Main.EXIT_OK;
    }

    private static int rm(Ctx ctx, Args a) throws Exception {
        String name = a.arg(0, "FOLDER");
        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder f = mail.folder(name);
            f.open(a.flag("yes") ? Folder.READ_WRITE : Folder.READ_ONLY);
            try {
                Message[] msgs = chosen(f, a, "rm");
                if (!a.flag("yes")) {
                    throw new CliException(Main.EXIT_USAGE, "rm would delete " + count(msgs.length) + " of "
                            + f.getFullName() + " for good: add --yes to do it");
                }
                if (msgs.length > 0) {
                    f.setFlags(msgs, new Flags(Flags.Flag.DELETED), true);
                    f.expunge(msgs);
                }
                Map<String, Object> j = Json.obj();
                j.put("deleted", msgs.length);
                j.put("folder", f.getFullName());
                report(ctx, "deleted " + count(msgs.length) + " from " + f.getFullName() + " (expunged)", j);
            } finally {
                f.close(false);
            }
        }
        return Main.EXIT_OK;
    }

    /** Flags from "seen,flagged,$Label1". */
    static Flags parseFlags(String list) throws CliException {
        Flags f = new Flags();
        for (String w : list.split(",")) {
            String s = w.trim();
            if (s.isEmpty()) {
                continue;
            }
            switch (s.toLowerCase(Locale.ROOT).replace("\\", "")) {
                case "seen" -> f.add(Flags.Flag.SEEN);
                case "answered" -> f.add(Flags.Flag.ANSWERED);
                case "flagged" -> f.add(Flags.Flag.FLAGGED);
                case "draft" -> f.add(Flags.Flag.DRAFT);
                case "deleted" -> f.add(Flags.Flag.DELETED);
                default -> {
                    if (s.startsWith("\\") || !s.matches("[\\x21-\\x7e&&[^(){%*\"\\\\\\]]]+")) {
                        throw CliException.usage("\"" + s + "\" is not a flag (seen, answered, flagged, draft, deleted) or keyword");
                    }
                    f.add(s);
                }
            }
        }
        if (f.getSystemFlags().length == 0 && f.getUserFlags().length == 0) {
            throw CliException.usage("no flags given");
        }
        return f;
    }

    private static int flag(Ctx ctx, Args a) throws Exception {
        String name = a.arg(0, "FOLDER");
        String set = a.value("set");
        String clear = a.value("clear");
        if (set == null && clear == null) {
            throw CliException.usage("flag needs --set FLAGS or --clear FLAGS");
        }
        Flags toSet = set == null ? null : parseFlags(set);
        Flags toClear = clear == null ? null : parseFlags(clear);
        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder f = mail.folder(name);
            f.open(Folder.READ_WRITE);
            try {
                Message[] msgs = chosen(f, a, "flag");
                if (msgs.length > 0 && toSet != null) {
                    f.setFlags(msgs, toSet, true);
                }
                if (msgs.length > 0 && toClear != null) {
                    f.setFlags(msgs, toClear, false);
                }
                Map<String, Object> j = Json.obj();
                j.put("folder", f.getFullName());
                j.put("messages", msgs.length);
                j.put("set", toSet == null ? List.of() : Messages.names(toSet));
                j.put("cleared", toClear == null ? List.of() : Messages.names(toClear));
                report(ctx, (toSet != null ? "set " + String.join(" ", Messages.names(toSet)) : "")
                        + (toSet != null && toClear != null ? " and " : "")
                        + (toClear != null ? "cleared " + String.join(" ", Messages.names(toClear)) : "")
                        + " on " + count(msgs.length) + " in " + f.getFullName(), j);
            } finally {
                f.close(false);
            }
        }
        return Main.EXIT_OK;
    }

    private static int mkdir(Ctx ctx, Args a) throws Exception {
        String name = a.arg(0, "FOLDER");
        a.maxArgs(1, "mkdir");
        try (Mail mail = Mail.open(ctx, a)) {
            Folder f = mail.store.getFolder(name);
            if (f.exists()) {
                throw new CliException(Main.EXIT_ERROR, "folder " + f.getFullName() + " exists already");
            }
            if (!f.create(Folder.HOLDS_MESSAGES)) {
                throw new CliException(Main.EXIT_ERROR, "the server refused to create " + name);
            }
            Map<String, Object> j = Json.obj();
            j.put("created", f.getFullName());
            report(ctx, "created folder " + f.getFullName(), j);
        }
        return Main.EXIT_OK;
    }

    private static int rmdir(Ctx ctx, Args a) throws Exception {
        String name = a.arg(0, "FOLDER");
        a.maxArgs(1, "rmdir");
        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder f = mail.folder(name);
            int n = (f.getType() & Folder.HOLDS_MESSAGES) != 0 ? f.getMessageCount() : 0;
            if ((f.getType() & Folder.HOLDS_FOLDERS) != 0 && f.list().length > 0) {
                throw new CliException(Main.EXIT_ERROR, f.getFullName() + " has subfolders: delete or move those first");
            }
            if (!a.flag("yes")) {
                throw new CliException(Main.EXIT_USAGE, "rmdir would delete folder " + f.getFullName() + " and its "
                        + count(n) + " for good: add --yes to do it");
            }
            if (!f.delete(false)) {
                throw new CliException(Main.EXIT_ERROR, "the server refused to delete " + f.getFullName());
            }
            Map<String, Object> j = Json.obj();
            j.put("deleted", f.getFullName());
            j.put("messages", n);
            report(ctx, "deleted folder " + f.getFullName() + " and its " + count(n), j);
        }
        return Main.EXIT_OK;
    }

    private static int rename(Ctx ctx, Args a) throws Exception {
        String name = a.arg(0, "FOLDER");
        String to = a.arg(1, "NEWNAME");
        a.maxArgs(2, "rename");
        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder f = mail.folder(name);
            Folder target = mail.store.getFolder(to);
            if (target.exists()) {
                throw new CliException(Main.EXIT_ERROR, "folder " + target.getFullName() + " exists already");
            }
            if (!f.renameTo(target)) {
                throw new CliException(Main.EXIT_ERROR, "the server refused to rename " + f.getFullName());
            }
            Map<String, Object> j = Json.obj();
            j.put("renamed", f.getFullName());
            j.put("to", target.getFullName());
            report(ctx, "renamed folder " + name + " to " + target.getFullName(), j);
        }
        return Main.EXIT_OK;
    }
}
