package dev.imap4lib.cli;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code copy --from-... --to-... [FOLDER...|--all]}: the migration job between two accounts,
 * resumable and verified the way import is (a message is there when its key is).
 */
final class CopyCommand {
    static final String FROM = "from-";
    static final String TO = "to-";

    static final Main.Cmd CMD = new Main.Cmd("copy",
            union(Mail.prefixed(Mail.SERVER_VALUES, FROM, TO), Set.of("batch")),
            union(Mail.prefixed(Mail.SERVER_FLAGS, FROM, TO), Set.of("all", "dry-run")),
            "copy folders between two accounts (migration: flags and dates kept, resumable, verified)",
            """
            usage: imap4lib copy --from-host HOST ... --to-host HOST ... (FOLDER... | --all) [--dry-run] [OPTIONS]

            Copies the messages of each FOLDER (or, with --all, of every folder: the tree is kept, names
            follow the target's hierarchy separator) from one account to another. Target folders are
            created as needed; each message keeps its bytes, flags and INTERNALDATE. A message the
            target folder already has (same Message-ID; without one, same size and Date) is skipped,
            so a copy interrupted at any point completes without duplicates when run again, and a
            second run copies nothing. At the end every source message is checked to be in its target.

              --all          every folder of the source account
              --dry-run      say what would be copied; change nothing
              --batch N      messages per append call (default %d; a batch also ends at %d MB)
              --json         one JSON summary (per folder and overall)

            Both accounts take every server option below with a prefix: --from-host, --from-port,
            --from-user, --from-tls, --from-starttls, --from-cacert, --from-pin, --from-insecure,
            --from-stream-command, --from-password-file, and the same with --to-. Passwords come from
            --from-password-file / --to-password-file, else $IMAP4LIB_FROM_PASSWORD / $IMAP4LIB_TO_PASSWORD,
            else a prompt. A side without options is an embedded demo server (useful to try it out).
            On a terminal a progress line shows the folder, the overall count, MB/s and ETA.
            """.formatted(Appends.DEFAULT_BATCH, Appends.BATCH_BYTES >> 20), CopyCommand::run);

    private CopyCommand() {
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    /** One folder's plan and outcome. */
    private static final class Job {
        final Imap4libFolder source;
        final String target;
        boolean exists;
        int sourceMessages;
        /** The keys of the messages to copy (a message object would not outlive its folder's closing). */
        final Set<String> todo = new HashSet<>();
        /** Their UIDs in ascending order, and sizes, for the streamed FETCH of the copy. */
        final List<Long> todoUids = new ArrayList<>();
        final List<Long> todoSizes = new ArrayList<>();
        /** Every source message's key, for the verification. */
        final List<String> sourceKeys = new ArrayList<>();
        long uidValidity;
        long todoBytes;
        int copied;
        long bytes;
        int missing;

        Job(Imap4libFolder source, String target) {
            this.source = source;
            this.target = target;
        }

        int skipped() {
            return sourceMessages - todo.size();
        }
    }

    static int run(Ctx ctx, Args a) throws Exception {
        for (String n : Mail.SERVER_VALUES) {
            if (a.value(n) != null) {
                throw CliException.usage("copy takes --" + FROM + n + " and --" + TO + n + ", not --" + n);
            }
        }
        for (String n : Mail.SERVER_FLAGS) {
            if (a.flag(n)) {
                throw CliException.usage("copy takes --" + FROM + n + " and --" + TO + n + ", not --" + n);
            }
        }
        boolean all = a.flag("all");
        boolean dryRun = a.flag("dry-run");
        if (all == !a.positional.isEmpty()) {
            throw CliException.usage(all ? "give folders or --all, not both" : "copy needs FOLDER... or --all");
        }
        int batchSize = Appends.batchSize(a);
        // both sides' options are checked before either connects (or seeds a demo server)
        Mail fromAccount = Mail.resolve(ctx, a, FROM);
        Mail toAccount;
        try {
            toAccount = Mail.resolve(ctx, a, TO);
        } catch (CliException | RuntimeException e) {
            fromAccount.close();
            throw e;
        }
        try (Mail to = toAccount; Mail from = fromAccount) {
            from.connect();
            to.connect();
            Imap4 reader = dryRun ? null : from.raw(true);
            try {
                return copyAll(ctx, a, from, to, reader, all, dryRun, batchSize);
            } finally {
                if (reader != null) {
                    reader.close();
                }
            }
        }
    }

    private static int copyAll(Ctx ctx, Args a, Mail from, Mail to, Imap4 reader, boolean all, boolean dryRun,
            int batchSize) throws Exception {
        char toSep = to.store.getDefaultFolder().getSeparator();
        List<Job> jobs = new ArrayList<>();
        for (Imap4libFolder f : sourceFolders(from, all ? null : a.positional)) {
            jobs.add(new Job(f, targetName(f.getFullName(), f.getSeparator(), toSep)));
        }
        int total = 0;
        long totalBytes = 0;
        for (Job j : jobs) {
            plan(j, to);
            total += j.todo.size();
            totalBytes += j.todoBytes;
        }
        if (!ctx.json) {
            ctx.out.println((dryRun ? "would copy " : "copying ") + total + " message" + (total == 1 ? "" : "s") + " ("
                    + Text.size(totalBytes) + ") in " + jobs.size() + " folder" + (jobs.size() == 1 ? "" : "s")
                    + " from " + from.describe() + " to " + to.describe());
        }
        Progress progress = new Progress(ctx, "copy", total, totalBytes);
        Session session = Session.getInstance(new Properties());
        int done = 0;
        long doneBytes = 0;
        boolean ok = true;
        try {
            for (int i = 0; i < jobs.size(); i++) {
                Job j = jobs.get(i);
                if (!dryRun) {
                    progress.label("copy [" + (i + 1) + "/" + jobs.size() + "] " + j.source.getFullName());
                    copy(j, to, reader, session, batchSize, progress, done, doneBytes);
                    done += j.copied;
                    doneBytes += j.bytes;
                    ok &= j.missing == 0;
                }
                if (!ctx.json) {
                    progress.finish();
                    ctx.out.println(line(ctx, j, dryRun, i + 1, jobs.size()));
                }
            }
        } finally {
            progress.finish();
        }
        double secs = progress.seconds();
        if (ctx.json) {
            ctx.json(summary(from, to, jobs, dryRun, done, doneBytes, secs, ok));
        } else if (!dryRun) {
            ctx.out.println("copied " + done + " message" + (done == 1 ? "" : "s") + " (" + Text.size(doneBytes) + ") in "
                    + String.format(Locale.ROOT, "%.1f", secs) + " s, " + Progress.rate(doneBytes, secs));
            ctx.out.println(ok ? ctx.c(Ctx.GREEN, "verified: ") + "every message of the " + jobs.size()
                    + " folder" + (jobs.size() == 1 ? "" : "s") + " is in the target"
                    : ctx.c(Ctx.RED, "verification failed: ") + "some messages are not in the target (see above)");
        }
        return ok ? Main.EXIT_OK : Main.EXIT_ERROR;
    }

    /** The named folders, or every selectable folder of the account in LIST order. */
    private static List<Imap4libFolder> sourceFolders(Mail from, List<String> names) throws MessagingException {
        List<Imap4libFolder> out = new ArrayList<>();
        if (names != null) {
            for (String n : new LinkedHashSet<>(names)) {
                out.add(from.folder(n));
            }
            return out;
        }
        for (Folder f : from.store.getDefaultFolder().list("*")) {
            if ((f.getType() & Folder.HOLDS_MESSAGES) != 0) {
                out.add((Imap4libFolder) f);
            }
        }
        return out;
    }

    /** {@code name} with the source's separator turned into the target's. */
    static String targetName(String name, char fromSep, char toSep) {
        if (fromSep == toSep || fromSep == 0 || toSep == 0) {
            return name;
        }
        return String.join(String.valueOf(toSep), name.split(Pattern.quote(String.valueOf(fromSep)), -1));
    }

    /** What the source folder holds that the target does not (nothing is changed). */
    private static void plan(Job j, Mail to) throws MessagingException {
        Folder t = to.store.getFolder(j.target);
        j.exists = t.exists();
        Set<String> present = j.exists ? Appends.keysIn((Imap4libFolder) t) : new HashSet<>();
        j.source.open(Folder.READ_ONLY);
        try {
            j.uidValidity = j.source.getUIDValidity();
            Message[] msgs = j.source.getMessages();
            Appends.fetchKeys(j.source, msgs);
            j.sourceMessages = msgs.length;
            for (Message m : msgs) {
                String k = Appends.key(m);
                j.sourceKeys.add(k);
                if (present.add(k)) {
                    j.todo.add(k);
                    j.todoUids.add(j.source.getUID(m));
                    j.todoSizes.add((long) Math.max(0, m.getSize()));
                    j.todoBytes += Math.max(0, m.getSize());
                }
            }
        } finally {
            j.source.close(false);
        }
    }

    /**
     * Copies what the plan found missing: the source bodies come by UID FETCH over the core
     * connection {@code reader}, one range per append batch (at most {@code batchSize} messages
     * or {@link Appends#BATCH_BYTES}), and each range goes to the target as one append call.
     */
    private static void copy(Job j, Mail to, Imap4 reader, Session session, int batchSize, Progress progress,
            int doneBefore, long bytesBefore) throws MessagingException, IOException, CliException {
        Imap4libFolder target = (Imap4libFolder) to.store.getFolder(j.target);
        if (!j.exists && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new CliException(Main.EXIT_ERROR, "cannot create folder " + j.target + " on " + to.describe());
        }
        if (!j.todoUids.isEmpty()) {
            Result<SelectInfo> sel = reader.examine(j.source.getFullName());
            if (!sel.isOk() || sel.value().uidValidity() != j.uidValidity) {
                throw new CliException(Main.EXIT_ERROR, "folder " + j.source.getFullName() + " changed while copying ("
                        + (sel.isOk() ? "new UIDVALIDITY" : sel.text()) + "): run the command again");
            }
        }
        Appends.Batch batch = new Appends.Batch(target, batchSize, (n, b) -> progress.update(doneBefore + n, bytesBefore + b));
        int i = 0;
        while (i < j.todoUids.size()) {
            int k = i;
            long bytes = 0;
            while (k < j.todoUids.size() && k - i < batchSize && (k == i || bytes < Appends.BATCH_BYTES)) {
                bytes += j.todoSizes.get(k++);
            }
            for (Appends.Raw m : fetchRange(reader, j.todoUids.subList(i, k), session)) {
                batch.add(m, m.getSize());
            }
            batch.flush();
            i = k;
        }
        j.copied = batch.appended;
        j.bytes = batch.appendedBytes;
        Set<String> after = Appends.keysIn(target);
        for (String key : j.sourceKeys) {
            if (!after.contains(key)) {
                j.missing++;
            }
        }
    }

    /** One streamed UID FETCH of {@code uids}: the messages with their bytes, flags and INTERNALDATE, in order. */
    private static List<Appends.Raw> fetchRange(Imap4 reader, List<Long> uids, Session session)
            throws IOException, MessagingException {
        Map<Long, ByteArrayOutputStream> bodies = new HashMap<>();
        List<FetchData> got = new ArrayList<>();
        reader.uidFetch(FolderExport.uidSet(uids), "(UID FLAGS INTERNALDATE BODY.PEEK[])", lc -> {
            if (!lc.item().startsWith("BODY[")) {
                return null;
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream((int) Math.min(lc.size(), 1 << 20));
            bodies.put(lc.messageNumber(), b);
            return b;
        }, f -> {
            if (f.uid() != null) {
                got.add(f);
            }
        }).check();
        List<Appends.Raw> out = new ArrayList<>();
        for (FetchData f : got) {
            ByteArrayOutputStream b = bodies.remove((long) f.msgno());
            byte[] bytes = b != null ? b.toByteArray() : f.section("BODY[]");
            if (bytes == null) {
                continue; // a flag update, not a body we asked for; verification reports what is missing
            }
            Flags flags = FolderExport.flags(f.flags());
            flags.remove(Flags.Flag.RECENT); // the server's to set, never the client's
            out.add(new Appends.Raw(session, bytes, flags,
                    f.internalDate() == null ? null : Date.from(f.internalDate().toInstant())));
        }
        return out;
    }

    private static String line(Ctx ctx, Job j, boolean dryRun, int i, int n) {
        String head = "[" + i + "/" + n + "] " + j.source.getFullName()
                + (j.target.equals(j.source.getFullName()) ? "" : " -> " + j.target) + (j.exists ? "" : dryRun ? " (would create)" : " (created)")
                + ": ";
        if (dryRun) {
            return head + j.todo.size() + " to copy (" + Text.size(j.todoBytes) + "), " + j.skipped() + " already there";
        }
        return head + "copied " + j.copied + ", skipped " + j.skipped() + " already there, "
                + (j.missing == 0 ? ctx.c(Ctx.GREEN, "verified") : ctx.c(Ctx.RED, j.missing + " missing"));
    }

    private static Map<String, Object> summary(Mail from, Mail to, List<Job> jobs, boolean dryRun, int done, long bytes,
            double secs, boolean ok) {
        Map<String, Object> j = Json.obj();
        j.put("from", from.describe());
        j.put("to", to.describe());
        j.put("dryRun", dryRun);
        List<Object> folders = new ArrayList<>();
        int skipped = 0;
        for (Job job : jobs) {
            Map<String, Object> f = Json.obj();
            f.put("folder", job.source.getFullName());
            f.put("target", job.target);
            f.put("created", !job.exists && !dryRun);
            f.put("sourceMessages", job.sourceMessages);
            f.put(dryRun ? "toCopy" : "copied", dryRun ? job.todo.size() : job.copied);
            f.put("skipped", job.skipped());
            if (!dryRun) {
                f.put("missing", job.missing);
                f.put("verified", job.missing == 0);
            }
            folders.add(f);
            skipped += job.skipped();
        }
        j.put("folders", folders);
        j.put(dryRun ? "toCopy" : "copied", dryRun ? jobs.stream().mapToInt(x -> x.todo.size()).sum() : done);
        j.put("skipped", skipped);
        j.put("bytes", bytes);
        j.put("seconds", Math.round(secs * 1000) / 1000.0);
        if (!dryRun) {
            j.put("verified", ok);
        }
        return j;
    }
}
