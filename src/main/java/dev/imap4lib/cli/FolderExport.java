package dev.imap4lib.cli;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.response.Address;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.wire.LiteralSink;
import jakarta.mail.Flags;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One folder exported over a core connection: a first FETCH lists the messages (UID, size,
 * date; the sender for mbox), then one UID FETCH per range of at most {@link #RANGE_MESSAGES}
 * messages or {@link #RANGE_BYTES} streams the bodies, each written to its file as its literal
 * arrives. Memory holds a few bytes of a message at a time, whatever its size.
 */
final class FolderExport {
    static final int RANGE_MESSAGES = 500;
    static final long RANGE_BYTES = 8L << 20;

    /** What the first FETCH said about one message. */
    private record Meta(long uid, long size, ZonedDateTime received, String sender) {
    }

    /** The outcome of one folder's export. */
    record Outcome(String folder, long uidValidity, Path path, boolean maildir, int folderMessages, int recorded,
            int exported, int already, long bytes, double seconds, long inTarget, int missing, int wrongSize) {
        /** Every message of the folder is in the target, which holds what is recorded, each with its size. */
        boolean ok() {
            return missing == 0 && wrongSize == 0 && inTarget == recorded;
        }
    }

    private final Ctx ctx;
    private final Imap4 imap;
    private final String folder;
    private final Path path;
    private final boolean maildir;
    private final Map<Integer, Meta> bySeq = new HashMap<>();
    private long uidValidity;
    private ExportState state;
    private OutputStream mboxFile;
    private long offset;
    private Progress progress;
    private int count;
    private long bytes;
    /** The message whose body is streaming in, or null. */
    private Current current;
    /** The first failure inside a FETCH (the core still reads the rest of the response). */
    private Exception failure;

    private record Current(int seq, Meta meta, LfOutput body, OutputStream file, Path tmp) {
    }

    private FolderExport(Ctx ctx, Imap4 imap, String folder, Path path, boolean maildir) {
        this.ctx = ctx;
        this.imap = imap;
        this.folder = folder;
        this.path = path;
        this.maildir = maildir;
    }

    /** Where the state of an export to {@code path} is kept. */
    static Path stateFile(Path path, boolean maildir) {
        return maildir ? path.resolve(".export-state") : path.resolveSibling(path.getFileName() + ".export-state");
    }

    /**
     * Exports {@code folder} to {@code path} (resuming what a state file there records) and
     * verifies the result; {@code label} names the progress line.
     */
    static Outcome run(Ctx ctx, Imap4 imap, String folder, Path path, boolean maildir, String label)
            throws IOException, CliException {
        return new FolderExport(ctx, imap, folder, path, maildir).run(label);
    }

    private Outcome run(String label) throws IOException, CliException {
        Result<SelectInfo> sel = imap.examine(folder);
        if (!sel.isOk()) {
            throw new CliException(Main.EXIT_NOT_FOUND, "cannot open folder \"" + folder + "\": " + sel.text());
        }
        uidValidity = sel.value().uidValidity();
        if (sel.value().exists() > 0) {
            String items = maildir ? "(UID RFC822.SIZE INTERNALDATE)" : "(UID RFC822.SIZE INTERNALDATE ENVELOPE)";
            imap.fetch("1:*", items, null, f -> {
                if (f.uid() != null) {
                    bySeq.put(f.msgno(), new Meta(f.uid(), f.rfc822Size() == null ? 0 : f.rfc822Size(), f.internalDate(),
                            maildir ? null : sender(f)));
                }
            }).check();
        }
        Set<Long> folderUids = new HashSet<>();
        for (Meta m : bySeq.values()) {
            folderUids.add(m.uid());
        }

        Path stateFile = stateFile(path, maildir);
        if (maildir) {
            MailFiles.maildirCreate(path);
        } else if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        state = ExportState.load(stateFile);
        if (state.isNew() && !maildir && Files.exists(path) && Files.size(path) > 0) {
            throw new CliException(Main.EXIT_ERROR, path + " exists and was not written by an export (no "
                    + stateFile.getFileName() + "); choose a new path");
        }
        if (!state.isNew() && !state.folder.equals(folder)) {
            throw new CliException(Main.EXIT_ERROR, path + " holds an export of folder \"" + state.folder
                    + "\", not \"" + folder + "\"");
        }
        if (!state.isNew() && state.uidValidity != uidValidity) {
            throw new CliException(Main.EXIT_ERROR, "UIDVALIDITY of " + folder + " changed (was " + state.uidValidity
                    + ", now " + uidValidity + "): the recorded UIDs no longer name the same messages; export to a new path");
        }
        if (maildir) {
            MailFiles.maildirCleanTmp(path);
            // a message renamed into cur/ just before an interruption counts as done
            for (Map.Entry<Long, Long> e : MailFiles.maildirSizes(path, uidValidity).entrySet()) {
                state.done.putIfAbsent(e.getKey(), e.getValue());
            }
        } else if (Files.exists(path)) {
            long keep = state.lastOffset();
            if (Files.size(path) > keep) {
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    ch.truncate(keep); // the torn tail of an interrupted run
                }
            }
        }
        List<Integer> todo = new ArrayList<>();
        long todoBytes = 0;
        for (Map.Entry<Integer, Meta> e : new java.util.TreeMap<>(bySeq).entrySet()) {
            if (!state.done.containsKey(e.getValue().uid())) {
                todo.add(e.getKey());
                todoBytes += e.getValue().size();
            }
        }
        int already = bySeq.size() - todo.size();
        if (!ctx.json) {
            ctx.out.println("exporting " + folder + " (" + bySeq.size() + " messages, UIDVALIDITY " + uidValidity + ") to "
                    + path + " (" + (maildir ? "maildir" : "mbox") + ")"
                    + (already > 0 ? ": " + already + " already exported, " + todo.size() + " to go" : ""));
        }
        progress = new Progress(ctx, label, todo.size(), todoBytes);
        state.begin(folder, uidValidity);
        try {
            if (!maildir) {
                mboxFile = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND), 1 << 16);
                offset = Files.size(path);
            }
            int i = 0;
            while (i < todo.size()) {
                int j = i;
                long rangeBytes = 0;
                while (j < todo.size() && j - i < RANGE_MESSAGES && (j == i || rangeBytes < RANGE_BYTES)) {
                    rangeBytes += bySeq.get(todo.get(j)).size();
                    j++;
                }
                fetchRange(todo.subList(i, j));
                i = j;
            }
        } finally {
            abandonCurrent();
            progress.finish();
            state.close();
            if (mboxFile != null) {
                mboxFile.close();
            }
        }
        return verify(folderUids, already);
    }

    private void fetchRange(List<Integer> seqs) throws IOException {
        List<Long> uids = new ArrayList<>(seqs.size());
        for (int s : seqs) {
            uids.add(bySeq.get(s).uid());
        }
        String items = maildir ? "(UID FLAGS BODY.PEEK[])" : "(UID BODY.PEEK[])";
        LiteralSink sink = lc -> {
            if (!lc.item().startsWith("BODY[")) {
                return null;
            }
            return failure != null ? OutputStream.nullOutputStream() : begin((int) lc.messageNumber());
        };
        Result<Integer> r;
        try {
            r = imap.uidFetch(uidSet(uids), items, sink, this::received);
        } catch (Imap4Exception e) {
            rethrowFailure();
            throw e;
        }
        rethrowFailure();
        r.check();
    }

    private void rethrowFailure() throws IOException {
        Exception f = failure;
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof IOException io) {
            throw io;
        }
        if (f != null) {
            throw new IOException(f.getMessage(), f);
        }
    }

    /** Opens the file for message {@code seq}'s body and returns where its bytes go. */
    private OutputStream begin(int seq) {
        try {
            Meta m = bySeq.get(seq);
            if (m == null) {
                throw new IOException("the server sent the body of message " + seq + ", which it did not list before");
            }
            abandonCurrent();
            if (maildir) {
                Path tmp = path.resolve("tmp").resolve(MailFiles.maildirBase(uidValidity, m.uid(), seconds(m.received())));
                OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                current = new Current(seq, m, new LfOutput(file, false), file, tmp);
            } else {
                byte[] head = MailFiles.fromLine(m.sender(), date(m.received()));
                mboxFile.write(head);
                offset += head.length;
                current = new Current(seq, m, new LfOutput(mboxFile, true), null, null);
            }
            return current.body();
        } catch (IOException | RuntimeException e) {
            failure = e;
            return OutputStream.nullOutputStream();
        }
    }

    /** A FETCH response has been read whole: its message is complete (or it was an unsolicited flag update). */
    private void received(FetchData f) {
        if (failure != null) {
            return;
        }
        try {
            if (current == null || current.seq() != f.msgno()) {
                byte[] inline = f.section("BODY[]");
                if (inline == null || !bySeq.containsKey(f.msgno())) {
                    return; // not a body we asked for
                }
                // a body sent as a quoted string rather than a literal never reached the sink
                try (OutputStream o = begin(f.msgno())) {
                    o.write(inline);
                }
                if (failure != null) {
                    return;
                }
            }
            Current c = current;
            current = null;
            c.body().close();
            long size = c.body().written();
            if (f.uid() != null && f.uid() != c.meta().uid()) {
                throw new IOException("message " + c.seq() + " came with UID " + f.uid() + ", listed with " + c.meta().uid());
            }
            if (maildir) {
                c.file().close();
                if (c.meta().received() != null) {
                    Files.setLastModifiedTime(c.tmp(), FileTime.from(c.meta().received().toInstant()));
                }
                String name = c.tmp().getFileName() + ":2," + MailFiles.maildirFlags(flags(f.flags()));
                Files.move(c.tmp(), path.resolve("cur").resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } else {
                offset += size;
            }
            count++;
            bytes += size;
            Hooks.afterMessage(count);
            state.record(c.meta().uid(), maildir ? size : offset);
            progress.update(count, bytes);
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /** Drops a body that never completed (a Maildir tmp file; the mbox tail is cut off by the next run). */
    private void abandonCurrent() {
        Current c = current;
        current = null;
        if (c != null && c.file() != null) {
            try {
                c.file().close();
                Files.deleteIfExists(c.tmp());
            } catch (IOException e) {
                // the next run cleans tmp/
            }
        }
    }

    private Outcome verify(Set<Long> folderUids, int already) throws IOException {
        Set<Long> missing = new HashSet<>(folderUids);
        missing.removeAll(state.done.keySet());
        int wrongSize = 0;
        long inTarget;
        if (maildir) {
            Map<Long, Long> sizes = MailFiles.maildirSizes(path, uidValidity);
            inTarget = sizes.size();
            for (Map.Entry<Long, Long> e : state.done.entrySet()) {
                Long onDisk = sizes.get(e.getKey());
                if (onDisk != null && e.getValue() > 0 && !onDisk.equals(e.getValue())) {
                    wrongSize++;
                }
            }
        } else {
            inTarget = MailFiles.countMbox(path);
            if (Files.exists(path) && Files.size(path) != state.lastOffset()) {
                wrongSize++;
            }
        }
        // the target may also hold messages since expunged from the folder: it is compared with what is recorded
        return new Outcome(folder, uidValidity, path, maildir, folderUids.size(), state.done.size(), count, already, bytes,
                progress.seconds(), inTarget, missing.size(), wrongSize);
    }

    /** A UID set in ranges, e.g. {@code 1:5,9,12:14}, for UIDs in ascending order. */
    static String uidSet(List<Long> uids) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            int j = i;
            while (j + 1 < uids.size() && uids.get(j + 1) == uids.get(j) + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(uids.get(i));
            if (j > i) {
                sb.append(':').append(uids.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }

    private static String sender(FetchData f) {
        if (f.envelope() == null || f.envelope().from() == null) {
            return null;
        }
        for (Address a : f.envelope().from()) {
            if (a.mailbox() != null && a.host() != null && !a.isGroupStart()) {
                return a.mailbox() + "@" + a.host();
            }
        }
        return null;
    }

    static Flags flags(List<String> flags) {
        Flags out = new Flags();
        if (flags == null) {
            return out;
        }
        for (String s : flags) {
            switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "\\seen" -> out.add(Flags.Flag.SEEN);
                case "\\answered" -> out.add(Flags.Flag.ANSWERED);
                case "\\flagged" -> out.add(Flags.Flag.FLAGGED);
                case "\\deleted" -> out.add(Flags.Flag.DELETED);
                case "\\draft" -> out.add(Flags.Flag.DRAFT);
                case "\\recent" -> out.add(Flags.Flag.RECENT);
                default -> out.add(s);
            }
        }
        return out;
    }

    private static long seconds(ZonedDateTime t) {
        return t == null ? 0 : t.toEpochSecond();
    }

    private static Date date(ZonedDateTime t) {
        return t == null ? null : Date.from(t.toInstant());
    }
}
