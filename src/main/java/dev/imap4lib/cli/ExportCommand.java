package dev.imap4lib.cli;

import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code export FOLDER --to PATH}: a resumable, verified export to mbox or Maildir. */
final class ExportCommand {
    static final Main.Cmd CMD = new Main.Cmd("export", Set.of("to", "format"), Set.of(),
            "export a folder to mbox or Maildir (resumable, verified)",
            """
            usage: imap4lib export FOLDER --to PATH [--format mbox|maildir] [OPTIONS]

            Writes every message of FOLDER, exactly as the server stores it, to PATH: an mbox file
            (mboxrd, LF line ends; default) or a Maildir directory (--format maildir, or when PATH is an
            existing directory or ends with /). Maildir file names keep the flags.

            Resumable: a state file (PATH.export-state for mbox, PATH/.export-state for Maildir) records
            the folder's UIDVALIDITY and each exported UID. Running the same command again after an
            interruption skips what is done and completes the job; a torn last mbox message is cut off
            first. At the end the export is verified: every UID of the folder is in PATH, and PATH holds
            as many messages as recorded. On a terminal a progress line shows count, MB/s and ETA.
            """, ExportCommand::run);

    private ExportCommand() {
    }

    static int run(Ctx ctx, Args a) throws Exception {
        String name = a.arg(0, "FOLDER");
        a.maxArgs(1, "export");
        String to = a.value("to");
        if (to == null) {
            throw CliException.usage("export needs --to PATH");
        }
        Path path = Path.of(to);
        String format = a.value("format", Files.isDirectory(path) || to.endsWith("/") ? "maildir" : "mbox")
                .toLowerCase(Locale.ROOT);
        if (!format.equals("mbox") && !format.equals("maildir")) {
            throw CliException.usage("--format is mbox or maildir");
        }
        boolean maildir = format.equals("maildir");
        if (!maildir && Files.isDirectory(path)) {
            throw CliException.usage(path + " is a directory: use --format maildir, or name a file for mbox");
        }
        Path stateFile = maildir ? path.resolve(".export-state") : path.resolveSibling(path.getFileName() + ".export-state");

        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder folder = mail.folder(name);
            folder.open(Folder.READ_ONLY);
            try {
                long uidValidity = folder.getUIDValidity();
                Message[] msgs = folder.getMessages();
                FetchProfile fp = new FetchProfile();
                fp.add(UIDFolder.FetchProfileItem.UID);
                fp.add(FetchProfile.Item.ENVELOPE);
                fp.add(FetchProfile.Item.FLAGS);
                folder.fetch(msgs, fp);
                Set<Long> folderUids = new HashSet<>();
                for (Message m : msgs) {
                    folderUids.add(folder.getUID(m));
                }

                if (maildir) {
                    MailFiles.maildirCreate(path);
                } else if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                ExportState state = ExportState.load(stateFile);
                if (state.isNew() && !maildir && Files.exists(path) && Files.size(path) > 0) {
                    throw new CliException(Main.EXIT_ERROR, path + " exists and was not written by an export (no "
                            + stateFile.getFileName() + "); choose a new path");
                }
                if (!state.isNew() && !state.folder.equals(folder.getFullName())) {
                    throw new CliException(Main.EXIT_ERROR, path + " holds an export of folder \"" + state.folder
                            + "\", not \"" + folder.getFullName() + "\"");
                }
                if (!state.isNew() && state.uidValidity != uidValidity) {
                    throw new CliException(Main.EXIT_ERROR, "UIDVALIDITY of " + folder.getFullName() + " changed (was "
                            + state.uidValidity + ", now " + uidValidity + "): the recorded UIDs no longer name the same "
                            + "messages; export to a new path");
                }
                if (maildir) {
                    MailFiles.maildirCleanTmp(path);
                    // a message renamed into cur/ just before an interruption counts as done
                    for (long uid : MailFiles.maildirUids(path, uidValidity)) {
                        state.done.putIfAbsent(uid, 0L);
                    }
                } else if (Files.exists(path)) {
                    long keep = state.lastOffset();
                    if (Files.size(path) > keep) {
                        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                            ch.truncate(keep); // the torn tail of an interrupted run
                        }
                    }
                }
                int already = 0;
                List<Message> todo = new ArrayList<>();
                long todoBytes = 0;
                for (Message m : msgs) {
                    if (state.done.containsKey(folder.getUID(m))) {
                        already++;
                    } else {
                        todo.add(m);
                        todoBytes += Math.max(0, m.getSize());
                    }
                }
                if (!ctx.json) {
                    ctx.out.println("exporting " + folder.getFullName() + " (" + msgs.length + " messages, UIDVALIDITY "
                            + uidValidity + ") to " + path + " (" + format + ")"
                            + (already > 0 ? ": " + already + " already exported, " + todo.size() + " to go" : ""));
                }
                Progress progress = new Progress(ctx, "export " + folder.getFullName(), todo.size(), todoBytes);
                long bytes = 0;
                int count = 0;
                state.begin(folder.getFullName(), uidValidity);
                try (OutputStream mbox = maildir ? null : Files.newOutputStream(path, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
                    long offset = maildir ? 0 : Files.size(path);
                    for (Message m : todo) {
                        long uid = folder.getUID(m);
                        ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
                        m.writeTo(buf);
                        byte[] source = buf.toByteArray();
                        if (maildir) {
                            MailFiles.writeMaildir(path, uidValidity, uid, m.getReceivedDate(), m.getFlags(), source);
                        } else {
                            offset += MailFiles.writeMbox(mbox, sender(m), m.getReceivedDate(), source);
                            mbox.flush();
                        }
                        count++;
                        bytes += source.length;
                        Hooks.afterMessage(count);
                        state.record(uid, offset);
                        progress.update(count, bytes);
                    }
                } finally {
                    progress.finish();
                    state.close();
                }

                // Verify: every UID of the folder is recorded, and the target holds that many messages.
                Set<Long> missing = new HashSet<>(folderUids);
                missing.removeAll(state.done.keySet());
                long inTarget = maildir ? new HashSet<>(MailFiles.maildirUids(path, uidValidity)).size() : countMbox(path);
                boolean ok = missing.isEmpty() && inTarget == state.done.size();
                double secs = progress.seconds();
                if (ctx.json) {
                    Map<String, Object> j = Json.obj();
                    j.put("folder", folder.getFullName());
                    j.put("uidValidity", uidValidity);
                    j.put("path", path.toString());
                    j.put("format", format);
                    j.put("exported", count);
                    j.put("alreadyExported", already);
                    j.put("bytes", bytes);
                    j.put("seconds", Math.round(secs * 1000) / 1000.0);
                    j.put("messagesInTarget", inTarget);
                    j.put("verified", ok);
                    ctx.json(j);
                } else {
                    ctx.out.println("exported " + count + " message" + (count == 1 ? "" : "s") + " (" + Text.size(bytes)
                            + ") in " + String.format(Locale.ROOT, "%.1f", secs) + " s, " + Progress.rate(bytes, secs)
                            + (already > 0 ? "; " + already + " were already exported" : ""));
                    ctx.out.println(ok ? ctx.c(Ctx.GREEN, "verified: ") + path + " holds all " + folderUids.size()
                            + " messages of " + folder.getFullName()
                            : ctx.c(Ctx.RED, "verification failed: ") + missing.size() + " UIDs missing, " + inTarget
                                    + " messages in " + path + " for " + state.done.size() + " recorded");
                }
                return ok ? Main.EXIT_OK : Main.EXIT_ERROR;
            } finally {
                folder.close(false);
            }
        }
    }

    private static String sender(Message m) {
        try {
            jakarta.mail.Address[] from = m.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress ia) {
                return ia.getAddress();
            }
        } catch (jakarta.mail.MessagingException e) {
            // MAILER-DAEMON then
        }
        return null;
    }

    static long countMbox(Path path) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        long n = 0;
        try (MailFiles.MboxReader r = new MailFiles.MboxReader(path)) {
            while (r.hasNext()) {
                r.next();
                n++;
            }
        }
        return n;
    }
}
