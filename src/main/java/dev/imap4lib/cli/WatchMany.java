package dev.imap4lib.cli;

import dev.imap4lib.provider.Imap4libFolder;
import dev.imap4lib.provider.Imap4libStore;
import dev.imap4lib.provider.Imap4libWatch;
import jakarta.mail.Folder;
import jakarta.mail.event.FolderEvent;
import jakarta.mail.event.FolderListener;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code watch A B C} and {@code watch --all}: many folders over one connection with
 * {@link Imap4libStore#watch(Folder...)} / {@link Imap4libStore#watchAll()} (NOTIFY, or STATUS
 * polling for named folders), printing counts per folder and folder changes.
 */
final class WatchMany {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private WatchMany() {
    }

    static int run(Ctx ctx, Args a, List<String> names, boolean all, long seconds) throws Exception {
        try (Mail mail = Mail.open(ctx, a)) {
            List<Imap4libFolder> folders = new ArrayList<>();
            for (String n : names.isEmpty() ? List.of("INBOX") : names) {
                Imap4libFolder f = mail.folder(n);
                if (!f.exists()) {
                    throw new CliException(Main.EXIT_NOT_FOUND, "no folder " + n);
                }
                folders.add(f);
            }
            Imap4libStore store = (Imap4libStore) folders.get(0).getStore();
            // Listeners queue lines; this thread prints them, so output never interleaves.
            BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
            AtomicInteger added = new AtomicInteger();
            AtomicInteger removed = new AtomicInteger();
            FolderListener fl = new FolderListener() {
                @Override
                public void folderCreated(FolderEvent e) {
                    events.add(folderEvent("created", e.getFolder(), null));
                }

                @Override
                public void folderDeleted(FolderEvent e) {
                    events.add(folderEvent("deleted", e.getFolder(), null));
                }

                @Override
                public void folderRenamed(FolderEvent e) {
                    events.add(folderEvent("renamed", e.getFolder(), e.getNewFolder()));
                }
            };
            store.addFolderListener(fl);
            try (Imap4libWatch w = all ? store.watchAll() : store.watch(folders.toArray(new Folder[0]))) {
                w.addMessageCountListener(new MessageCountListener() {
                    @Override
                    public void messagesAdded(MessageCountEvent e) {
                        added.addAndGet(e.getMessages().length);
                        events.add(countEvent("new", e));
                    }

                    @Override
                    public void messagesRemoved(MessageCountEvent e) {
                        removed.addAndGet(e.getMessages().length);
                        events.add(countEvent("expunged", e));
                    }
                });
                if (!ctx.json) {
                    ctx.out.println("watching " + (all ? "every personal folder" : folders.size() + " folders")
                            + " on one connection with " + (w.usesNotify() ? "NOTIFY" : "STATUS polling")
                            + (seconds > 0 ? " for " + seconds + " s" : "; Ctrl-C stops"));
                    ctx.out.flush();
                }
                long start = System.nanoTime();
                long deadline = seconds > 0 ? start + seconds * 1_000_000_000L : Long.MAX_VALUE;
                while (System.nanoTime() < deadline && w.isRunning()) {
                    Map<String, Object> e = events.poll(Math.min(500_000_000L, Math.max(1, deadline - System.nanoTime())),
                            TimeUnit.NANOSECONDS);
                    if (e != null) {
                        print(ctx, e);
                    }
                }
                Thread.sleep(200); // the event thread may still hold the last folder events
                for (Map<String, Object> e; (e = events.poll()) != null; ) {
                    print(ctx, e);
                }
                if (!w.isRunning() && w.failure() != null) {
                    throw new CliException(Main.EXIT_ERROR, "the watch stopped: " + w.failure().getMessage());
                }
                if (!ctx.json) {
                    ctx.out.println("watched for " + Math.round((System.nanoTime() - start) / 1e9) + " s: " + added.get()
                            + " new, " + removed.get() + " expunged");
                }
            } finally {
                store.removeFolderListener(fl);
            }
        }
        return Main.EXIT_OK;
    }

    private static Map<String, Object> countEvent(String kind, MessageCountEvent e) {
        Map<String, Object> j = Json.obj();
        j.put("event", kind);
        j.put("folder", ((Folder) e.getSource()).getFullName());
        j.put("count", e.getMessages().length);
        return j;
    }

    private static Map<String, Object> folderEvent(String kind, Folder f, Folder to) {
        Map<String, Object> j = Json.obj();
        j.put("event", "folder " + kind);
        j.put("folder", f == null ? null : f.getFullName());
        if (to != null) {
            j.put("to", to.getFullName());
        }
        return j;
    }

    private static void print(Ctx ctx, Map<String, Object> e) {
        if (ctx.json) {
            e.put("time", java.time.Instant.now().toString());
            ctx.json(e);
            return;
        }
        String kind = (String) e.get("event");
        String what = e.containsKey("count") ? e.get("count") + " in " + e.get("folder")
                : e.get("folder") + (e.containsKey("to") ? " -> " + e.get("to") : "");
        String mark = switch (kind) {
            case "new" -> ctx.c(Ctx.GREEN, "+ new     ");
            case "expunged" -> "- expunged";
            default -> "* " + kind;
        };
        ctx.out.println(LocalTime.now().format(TIME) + "  " + mark + " " + what);
        ctx.out.flush();
    }
}
