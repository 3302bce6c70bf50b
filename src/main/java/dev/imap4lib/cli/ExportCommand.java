package dev.imap4lib.cli;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.response.ListEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code export FOLDER --to PATH} and {@code export --all --to DIR}: resumable, verified exports to mbox or Maildir. */
final class ExportCommand {
    static final Main.Cmd CMD = new Main.Cmd("export", Set.of("to", "format"), Set.of("all"),
            "export a folder (or --all) to mbox or Maildir (streamed, resumable, verified)",
            """
            usage: imap4lib export FOLDER --to PATH [--format mbox|maildir] [OPTIONS]
                   imap4lib export --all --to DIR [--format maildir|mbox] [OPTIONS]

            Writes every message of FOLDER, exactly as the server stores it, to PATH: an mbox file
            (mboxrd, LF line ends; default) or a Maildir directory (--format maildir, or when PATH is an
            existing directory or ends with /). Maildir file names keep the flags. Messages are fetched
            %d at a time (or %d MB) and each is written as it arrives, so memory stays small whatever
            the message sizes.

            --all exports every folder of the account into the directory DIR, keeping the tree as
            nested directories (what mbsync calls "SubFolders Verbatim"): folder Archive/2024 becomes
            the Maildir DIR/Archive/2024 (INBOX is DIR/INBOX), or with --format mbox the file
            DIR/Archive/2024.mbox. Characters a file name cannot hold (/, %%, a leading dot, and the
            names cur, new and tmp) are written as %%XX. import --all reads such a tree back.

            Resumable: a state file (PATH.export-state for mbox, PATH/.export-state for Maildir) records
            the folder's UIDVALIDITY and each exported UID. Running the same command again after an
            interruption skips what is done and completes the job; a torn last mbox message is cut off
            first. At the end the export is verified: every UID of the folder is in PATH, PATH holds
            as many messages as recorded, and each has the size written. On a terminal a progress line
            shows count, MB/s and ETA.
            """.formatted(FolderExport.RANGE_MESSAGES, FolderExport.RANGE_BYTES >> 20), ExportCommand::run);

    private ExportCommand() {
    }

    static int run(Ctx ctx, Args a) throws Exception {
        boolean all = a.flag("all");
        String name = null;
        if (all) {
            a.maxArgs(0, "export --all");
        } else {
            name = a.arg(0, "FOLDER (or --all)");
            a.maxArgs(1, "export");
        }
        String to = a.value("to");
        if (to == null) {
            throw CliException.usage("export needs --to " + (all ? "DIR" : "PATH"));
        }
        Path path = Path.of(to);
        String format = a.value("format", all || Files.isDirectory(path) || to.endsWith("/") ? "maildir" : "mbox")
                .toLowerCase(Locale.ROOT);
        if (!format.equals("mbox") && !format.equals("maildir")) {
            throw CliException.usage("--format is mbox or maildir");
        }
        boolean maildir = format.equals("maildir");
        if (all && Files.exists(path) && !Files.isDirectory(path)) {
            throw CliException.usage(path + " is a file: export --all writes a directory tree");
        }
        if (!all && !maildir && Files.isDirectory(path)) {
            throw CliException.usage(path + " is a directory: use --format maildir, or name a file for mbox");
        }
        try (Mail mail = Mail.resolve(ctx, a)) {
            if (mail.isDemo()) {
                mail.connect(); // seeds the sample mailbox
            }
            try (Imap4 imap = mail.raw(true)) {
                List<String> folders = new ArrayList<>();
                List<Path> targets = new ArrayList<>();
                if (all) {
                    for (ListEntry e : imap.list().check().value()) {
                        if (!e.hasAttribute("\\Noselect") && !e.hasAttribute("\\NonExistent")) {
                            folders.add(e.name());
                            targets.add(treePath(path, e.name(), e.delimiter(), maildir));
                        }
                    }
                } else {
                    folders.add(name);
                    targets.add(path);
                }
                List<FolderExport.Outcome> done = new ArrayList<>();
                for (int i = 0; i < folders.size(); i++) {
                    String label = "export " + (all ? "[" + (i + 1) + "/" + folders.size() + "] " : "") + folders.get(i);
                    FolderExport.Outcome o = FolderExport.run(ctx, imap, folders.get(i), targets.get(i), maildir, label);
                    done.add(o);
                    if (!ctx.json) {
                        report(ctx, o);
                    }
                }
                boolean ok = done.stream().allMatch(FolderExport.Outcome::ok);
                if (ctx.json) {
                    if (all) {
                        Map<String, Object> j = Json.obj();
                        j.put("path", path.toString());
                        j.put("format", format);
                        List<Object> list = new ArrayList<>();
                        for (FolderExport.Outcome o : done) {
                            list.add(json(o));
                        }
                        j.put("folders", list);
                        j.put("exported", done.stream().mapToInt(FolderExport.Outcome::exported).sum());
                        j.put("bytes", done.stream().mapToLong(FolderExport.Outcome::bytes).sum());
                        j.put("verified", ok);
                        ctx.json(j);
                    } else {
                        ctx.json(json(done.get(0)));
                    }
                } else if (all) {
                    int n = done.stream().mapToInt(FolderExport.Outcome::exported).sum();
                    ctx.out.println("exported " + n + " message" + (n == 1 ? "" : "s") + " ("
                            + Text.size(done.stream().mapToLong(FolderExport.Outcome::bytes).sum()) + ") from "
                            + done.size() + " folder" + (done.size() == 1 ? "" : "s") + " to " + path);
                    ctx.out.println(ok ? ctx.c(Ctx.GREEN, "verified: ") + "all " + done.size() + " folders are complete in " + path
                            : ctx.c(Ctx.RED, "verification failed: ") + "see the folders above");
                }
                return ok ? Main.EXIT_OK : Main.EXIT_ERROR;
            }
        }
    }

    private static void report(Ctx ctx, FolderExport.Outcome o) {
        ctx.out.println("exported " + o.exported() + " message" + (o.exported() == 1 ? "" : "s") + " (" + Text.size(o.bytes())
                + ") in " + String.format(Locale.ROOT, "%.1f", o.seconds()) + " s, " + Progress.rate(o.bytes(), o.seconds())
                + (o.already() > 0 ? "; " + o.already() + " were already exported" : ""));
        ctx.out.println(o.ok() ? ctx.c(Ctx.GREEN, "verified: ") + o.path() + " holds all " + o.folderMessages()
                + " messages of " + o.folder()
                : ctx.c(Ctx.RED, "verification failed: ") + o.missing() + " UIDs missing, " + o.inTarget()
                        + " messages in " + o.path() + " for " + o.recorded() + " recorded"
                        + (o.wrongSize() > 0 ? ", " + o.wrongSize() + " with the wrong size" : ""));
    }

    private static Map<String, Object> json(FolderExport.Outcome o) {
        Map<String, Object> j = Json.obj();
        j.put("folder", o.folder());
        j.put("uidValidity", o.uidValidity());
        j.put("path", o.path().toString());
        j.put("format", o.maildir() ? "maildir" : "mbox");
        j.put("exported", o.exported());
        j.put("alreadyExported", o.already());
        j.put("bytes", o.bytes());
        j.put("seconds", Math.round(o.seconds() * 1000) / 1000.0);
        j.put("messagesInTarget", o.inTarget());
        j.put("wrongSize", o.wrongSize());
        j.put("verified", o.ok());
        return j;
    }

    /**
     * Where {@code --all} puts a folder: one nested directory per level of its name, a Maildir
     * at the end, or for mbox a file with {@code .mbox} appended.
     */
    static Path treePath(Path root, String folder, Character delimiter, boolean maildir) {
        String[] parts = delimiter == null ? new String[] {folder} : folder.split(Pattern.quote(delimiter.toString()), -1);
        Path p = root;
        for (int i = 0; i < parts.length; i++) {
            String c = fileName(parts[i]);
            p = p.resolve(!maildir && i == parts.length - 1 ? c + ".mbox" : c);
        }
        return p;
    }

    /** A folder name level as a file name: %XX for what a file name cannot (or must not) be. */
    static String fileName(String level) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < level.length(); i++) {
            char ch = level.charAt(i);
            if (ch == '%' || ch == '/' || ch == '\\' || ch < 0x20 || ch == 0x7f || (i == 0 && ch == '.')) {
                sb.append(String.format(Locale.ROOT, "%%%02X", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        String s = sb.toString();
        if (s.isEmpty() || s.equals("cur") || s.equals("new") || s.equals("tmp")) {
            // a Maildir's own subdirectories, or an empty level (a lone % stands for that: % itself is %25)
            return s.isEmpty() ? "%" : String.format(Locale.ROOT, "%%%02X", (int) s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    /** The folder name level a {@link #fileName} stands for. */
    static String levelName(String fileName) {
        if (fileName.equals("%")) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fileName.length(); i++) {
            char ch = fileName.charAt(i);
            if (ch == '%' && isHex(fileName, i + 1) && isHex(fileName, i + 2)) {
                sb.append((char) Integer.parseInt(fileName.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }
}
