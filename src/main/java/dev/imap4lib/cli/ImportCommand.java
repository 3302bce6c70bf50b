package dev.imap4lib.cli;

import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** {@code import PATH --to FOLDER}: appends an mbox or Maildir, skipping what the folder already has. */
final class ImportCommand {
    static final Main.Cmd CMD = new Main.Cmd("import", Set.of("to", "format", "batch"), Set.of(),
            "import an mbox file or Maildir into a folder (skips what is there, verified)",
            """
            usage: imap4lib import PATH --to FOLDER [--format mbox|maildir] [--batch N] [OPTIONS]

            Appends every message of PATH (an mbox file, or a Maildir directory) to FOLDER, which is
            created if needed, in batches through the provider's appendUIDMessages (one MULTIAPPEND, or
            pipelined APPENDs, per batch where the provider does that). Maildir flags and arrival times
            and the mbox From_ line's date are kept.

              --batch N     messages per batch (default %d; a batch also ends at %d MB)

            Resumable: messages the folder already has (same Message-ID; without one, same size and Date)
            are skipped, so running the command again after an interruption at any point (Ctrl-C, kill -9,
            a lost connection) completes the job without duplicates. A batch cut off half-way is stored
            whole or not at all with MULTIAPPEND, and in part with separate APPENDs: either way the next
            run sees what is there and appends only the rest. At the end every message of PATH is checked
            to be in FOLDER. On a terminal a progress line shows count, MB/s and ETA.
            """.formatted(Appends.DEFAULT_BATCH, Appends.BATCH_BYTES >> 20), ImportCommand::run);

    private ImportCommand() {
    }

    static int run(Ctx ctx, Args a) throws Exception {
        Path path = Path.of(a.arg(0, "PATH (an mbox file or a Maildir)"));
        a.maxArgs(1, "import");
        String name = a.value("to");
        if (name == null) {
            throw CliException.usage("import needs --to FOLDER");
        }
        int batchSize = Appends.batchSize(a);
        if (!Files.exists(path)) {
            throw CliException.usage("no such file or directory: " + path);
        }
        String format = a.value("format", Files.isDirectory(path) ? "maildir" : "mbox").toLowerCase(Locale.ROOT);
        boolean maildir = format.equals("maildir");
        if (!maildir && !format.equals("mbox")) {
            throw CliException.usage("--format is mbox or maildir");
        }
        if (maildir && !MailFiles.isMaildir(path)) {
            throw CliException.usage(path + " is not a Maildir (no cur/ and new/)");
        }
        if (!maildir && Files.isDirectory(path)) {
            throw CliException.usage(path + " is a directory, not an mbox file");
        }

        // First pass: what the source holds (keys, sizes), one message in memory at a time.
        List<String> sourceKeys = new ArrayList<>();
        long sourceBytes = 0;
        List<Path> files = maildir ? MailFiles.maildirFiles(path) : null;
        try (Source src = new Source(path, files)) {
            while (src.hasNext()) {
                MailFiles.Entry e = src.next();
                sourceKeys.add(Appends.key(e.bytes()));
                sourceBytes += e.bytes().length;
            }
        }

        try (Mail mail = Mail.open(ctx, a)) {
            Folder f = mail.store.getFolder(name);
            boolean created = false;
            if (!f.exists()) {
                if (!f.create(Folder.HOLDS_MESSAGES)) {
                    throw new CliException(Main.EXIT_ERROR, "cannot create folder " + name);
                }
                created = true;
            }
            Imap4libFolder folder = (Imap4libFolder) f;
            Set<String> present = Appends.keysIn(folder);
            int before = present.size();
            int toDo = 0;
            Set<String> planned = new HashSet<>(present);
            for (String k : sourceKeys) {
                if (planned.add(k)) {
                    toDo++;
                }
            }
            if (!ctx.json) {
                ctx.out.println("importing " + path + " (" + format + ", " + sourceKeys.size() + " messages, "
                        + Text.size(sourceBytes) + ") into " + folder.getFullName()
                        + (created ? " (created)" : " (" + before + " messages there)")
                        + (toDo < sourceKeys.size() ? ": " + (sourceKeys.size() - toDo) + " already there, " + toDo + " to go" : ""));
            }
            Session session = Session.getInstance(new Properties());
            Progress progress = new Progress(ctx, "import " + folder.getFullName(), toDo, sourceBytes);
            Appends.Batch batch = new Appends.Batch(folder, batchSize, progress::update);
            try (Source src = new Source(path, files)) {
                for (int i = 0; src.hasNext(); i++) {
                    MailFiles.Entry e = src.next();
                    // the keys of the first pass, in the same order; present also holds what is
                    // queued, so a source duplicate never enters a batch twice
                    if (present.add(i < sourceKeys.size() ? sourceKeys.get(i) : Appends.key(e.bytes()))) {
                        batch.add(new Appends.Raw(session, e.bytes(), e.flags(), e.received()), e.bytes().length);
                    }
                }
                batch.flush();
            } finally {
                progress.finish();
            }
            int imported = batch.appended;
            long bytes = batch.appendedBytes;

            // Verify: every source message is in the folder now.
            Set<String> after = Appends.keysIn(folder);
            int missing = 0;
            for (String k : sourceKeys) {
                if (!after.contains(k)) {
                    missing++;
                }
            }
            int distinct = new HashSet<>(sourceKeys).size();
            double secs = progress.seconds();
            if (ctx.json) {
                Map<String, Object> j = Json.obj();
                j.put("path", path.toString());
                j.put("format", format);
                j.put("folder", folder.getFullName());
                j.put("created", created);
                j.put("sourceMessages", sourceKeys.size());
                j.put("imported", imported);
                j.put("skipped", sourceKeys.size() - imported);
                j.put("bytes", bytes);
                j.put("seconds", Math.round(secs * 1000) / 1000.0);
                j.put("missing", missing);
                j.put("verified", missing == 0);
                ctx.json(j);
            } else {
                ctx.out.println("imported " + imported + " message" + (imported == 1 ? "" : "s") + " (" + Text.size(bytes)
                        + ") in " + String.format(Locale.ROOT, "%.1f", secs) + " s, " + Progress.rate(bytes, secs)
                        + "; skipped " + (sourceKeys.size() - imported) + " already there"
                        + (distinct < sourceKeys.size() ? " (" + (sourceKeys.size() - distinct) + " duplicates in the source)" : ""));
                ctx.out.println(missing == 0
                        ? ctx.c(Ctx.GREEN, "verified: ") + "all " + sourceKeys.size() + " messages of " + path + " are in "
                                + folder.getFullName() + " (" + after.size() + " distinct messages there)"
                        : ctx.c(Ctx.RED, "verification failed: ") + missing + " messages of " + path + " are not in "
                                + folder.getFullName());
            }
            return missing == 0 ? Main.EXIT_OK : Main.EXIT_ERROR;
        }
    }

    /** The messages of an mbox file or a Maildir, in order. */
    private static final class Source implements Iterator<MailFiles.Entry>, AutoCloseable {
        private final MailFiles.MboxReader mbox;
        private final Iterator<Path> files;

        Source(Path path, List<Path> maildirFiles) throws IOException {
            this.mbox = maildirFiles == null ? new MailFiles.MboxReader(path) : null;
            this.files = maildirFiles == null ? null : maildirFiles.iterator();
        }

        @Override
        public boolean hasNext() {
            return mbox != null ? mbox.hasNext() : files.hasNext();
        }

        @Override
        public MailFiles.Entry next() {
            if (mbox != null) {
                return mbox.next();
            }
            try {
                return MailFiles.readMaildir(files.next());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (mbox != null) {
                mbox.close();
            }
        }
    }
}
