package dev.imap4lib.cli;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code watch FOLDER}: IDLE through {@link Imap4libFolder#idle}, printing what changes. */
final class WatchCommand {
    static final Main.Cmd CMD = new Main.Cmd("watch", Set.of("for"), Set.of("all"),
            "follow a folder with IDLE, or many (or --all) on one connection",
            """
            usage: imap4lib watch [FOLDER] [--for SECONDS] [OPTIONS]
                   imap4lib watch FOLDER FOLDER... | --all [--for SECONDS] [OPTIONS]

            Opens FOLDER (default INBOX) read-only and waits in IMAP IDLE (Imap4libFolder.idle), printing
            one line per new message, expunged message and flag change as the server reports them.
            --for SECONDS stops by itself (default: until Ctrl-C). With --json, one JSON object per line.
            On the embedded demo server a simulated second client delivers, flags and deletes messages
            every few seconds, so there is something to see.
            With several folders, or --all (every personal folder; the server needs NOTIFY), all are
            watched over one connection (NOTIFY, else STATUS polling every 30 s), printing one line
            per count change of a folder and per folder created, deleted or renamed.
            """, WatchCommand::run);

    /** IDLE is re-entered at least this often (ns), in case a wake-up request came just before it began. */
    private static final long SLICE = 5_000_000_000L;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private WatchCommand() {
    }

    static int run(Ctx ctx, Args a) throws Exception {
        long seconds = a.number("for", 0);
        if (a.flag("all") || a.positional.size() > 1) {
            return WatchMany.run(ctx, a, a.positional, a.flag("all"), seconds);
        }
        String name = a.positional.isEmpty() ? "INBOX" : a.positional.get(0);
        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder folder = mail.folder(name);
            folder.open(Folder.READ_ONLY);
            View view = new View();
            view.load(folder);
            // Listeners run on Jakarta Mail's event thread. They only queue the event and end the
            // IDLE; this thread reads the details (UID, subject) and idles again, so the two never
            // take turns on the folder's connection.
            BlockingQueue<Object[]> events = new LinkedBlockingQueue<>();
            folder.addMessageCountListener(new MessageCountListener() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    for (Message m : e.getMessages()) {
                        events.add(new Object[] {"new", m});
                    }
                    folder.stopIdle();
                }

                @Override
                public void messagesRemoved(MessageCountEvent e) {
                    for (Message m : e.getMessages()) {
                        events.add(new Object[] {"expunged", m});
                    }
                    folder.stopIdle();
                }
            });
            folder.addMessageChangedListener(e -> {
                if (e.getMessageChangeType() == MessageChangedEvent.FLAGS_CHANGED) {
                    events.add(new Object[] {"flags", e.getMessage()});
                    folder.stopIdle();
                }
            });

            if (!ctx.json) {
                ctx.out.println("watching " + folder.getFullName() + " (" + view.uids.size() + " messages) with IDLE"
                        + (seconds > 0 ? " for " + seconds + " s" : "; Ctrl-C stops"));
            }
            Thread activity = mail.isDemo() ? simulate(ctx, mail, folder.getFullName()) : null;
            long start = System.nanoTime();
            long deadline = seconds > 0 ? start + seconds * 1_000_000_000L : Long.MAX_VALUE;
            try {
                while (System.nanoTime() < deadline) {
                    long left = Math.min(deadline - System.nanoTime(), SLICE);
                    // returns after the slice, or early when a listener asks (stopIdle)
                    folder.idle(Duration.ofNanos(Math.max(1_000_000L, left)));
                    report(ctx, mail, folder, events, view);
                }
            } finally {
                if (activity != null) {
                    activity.interrupt();
                    activity.join(2000);
                }
            }
            Thread.sleep(200); // the event thread may still hold the last events
            report(ctx, mail, folder, events, view);
            folder.close(false);
            if (!ctx.json) {
                ctx.out.println("watched " + folder.getFullName() + " for "
                        + Math.round((System.nanoTime() - start) / 1e9) + " s: " + view.added.get() + " new, "
                        + view.removed.get() + " expunged, " + view.changed.get() + " flag changes");
            }
        }
        return Main.EXIT_OK;
    }

    /** What watch knows: the open folder's Message objects with their UIDs, and each UID's flags. */
    private static final class View {
        final Map<Message, Long> uids = new IdentityHashMap<>();
        final Map<Long, List<String>> flags = new java.util.HashMap<>();
        final AtomicInteger added = new AtomicInteger();
        final AtomicInteger removed = new AtomicInteger();
        final AtomicInteger changed = new AtomicInteger();

        void load(Imap4libFolder folder) throws MessagingException {
            uids.clear();
            flags.clear();
            Message[] msgs = folder.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(UIDFolder.FetchProfileItem.UID);
            fp.add(FetchProfile.Item.FLAGS);
            folder.fetch(msgs, fp);
            for (Message m : msgs) {
                long uid = folder.getUID(m);
                uids.put(m, uid);
                flags.put(uid, flagsOf(m));
            }
        }
    }

    /** The flags worth reporting: \\Recent belongs to a session, not to the message. */
    private static List<String> flagsOf(Message m) throws MessagingException {
        List<String> f = new java.util.ArrayList<>(Messages.names(m.getFlags()));
        f.remove("\\Recent");
        return f;
    }

    private static void report(Ctx ctx, Mail mail, Imap4libFolder folder, BlockingQueue<Object[]> events, View view)
            throws MessagingException {
        List<Object[]> batch = new java.util.ArrayList<>();
        events.drainTo(batch);
        boolean expunges = false;
        for (Object[] ev : batch) {
            expunges |= ev[0].equals("expunged");
        }
        if (expunges && !consistent(mail, folder)) {
            resync(ctx, folder, view);
            return;
        }
        for (Object[] ev : batch) {
            String kind = (String) ev[0];
            Message m = (Message) ev[1];
            try {
                switch (kind) {
                    case "new" -> {
                        if (view.uids.containsKey(m) || m.isExpunged()) {
                            continue; // already known (after a resynchronisation), or gone again
                        }
                        long uid = folder.getUID(m);
                        view.uids.put(m, uid);
                        view.flags.put(uid, flagsOf(m));
                        view.added.incrementAndGet();
                        event(ctx, "new", uid, Messages.who(m.getFrom()), Messages.subject(m), null);
                    }
                    case "expunged" -> {
                        Long uid = view.uids.remove(m);
                        if (uid == null) {
                            continue;
                        }
                        view.flags.remove(uid);
                        view.removed.incrementAndGet();
                        event(ctx, "expunged", uid, null, null, null);
                    }
                    default -> {
                        Long uid = view.uids.get(m);
                        if (uid == null || m.isExpunged()) {
                            continue; // a \Deleted just before the EXPUNGE: the expunge line says it
                        }
                        List<String> f = flagsOf(m);
                        if (f.equals(view.flags.put(uid, f))) {
                            continue;
                        }
                        view.changed.incrementAndGet();
                        event(ctx, "flags", uid, null, null, f);
                    }
                }
            } catch (MessagingException e) {
                event(ctx, kind, -1, "", "(gone before it could be read: " + e.getMessage() + ")", List.of());
            }
        }
    }

    /**
     * Whether the folder's message count agrees with the server's (STATUS on the store's own
     * connection). A server that reports an expunge twice (GreenMail 2.1 repeats the EXPUNGEs
     * it sent during IDLE when the IDLE ends) leaves the open folder one message short.
     */
    private static boolean consistent(Mail mail, Imap4libFolder folder) throws MessagingException {
        int local = folder.getMessageCount();
        int server = mail.store.getFolder(folder.getFullName()).getMessageCount();
        return local == server;
    }

    /** Reopens the folder and reports the difference between the old and the new view by UID. */
    private static void resync(Ctx ctx, Imap4libFolder folder, View view) throws MessagingException {
        Map<Long, List<String>> before = new java.util.HashMap<>(view.flags);
        if (ctx.debug) {
            ctx.err.println("watch: the server's notifications disagree with its STATUS; resynchronising by UID");
        }
        folder.close(false);
        folder.open(Folder.READ_ONLY);
        view.load(folder);
        for (Map.Entry<Long, List<String>> e : new java.util.TreeMap<>(before).entrySet()) {
            if (!view.flags.containsKey(e.getKey())) {
                view.removed.incrementAndGet();
                event(ctx, "expunged", e.getKey(), null, null, null);
            } else if (!view.flags.get(e.getKey()).equals(e.getValue())) {
                view.changed.incrementAndGet();
                event(ctx, "flags", e.getKey(), null, null, view.flags.get(e.getKey()));
            }
        }
        for (Map.Entry<Message, Long> e : view.uids.entrySet()) {
            if (!before.containsKey(e.getValue())) {
                view.added.incrementAndGet();
                Message m = e.getKey();
                event(ctx, "new", e.getValue(), Messages.who(m.getFrom()), Messages.subject(m), null);
            }
        }
    }

    private static void event(Ctx ctx, String kind, long uid, String from, String subject, List<String> flags) {
        synchronized (ctx) {
            if (ctx.json) {
                Map<String, Object> j = Json.obj();
                j.put("time", java.time.Instant.now().toString());
                j.put("event", kind);
                j.put("uid", uid < 0 ? null : uid);
                if (from != null) {
                    j.put("from", from);
                    j.put("subject", subject);
                }
                if (flags != null) {
                    j.put("flags", flags);
                }
                ctx.json(j);
                return;
            }
            String u = uid < 0 ? "?" : Long.toString(uid);
            String line = switch (kind) {
                case "new" -> ctx.c(Ctx.GREEN, "+ new     ") + " UID " + Text.padRight(u, 6) + Text.truncate(from, 22) + "  "
                        + Text.truncate(subject, Math.max(20, ctx.columns() - 50));
                case "expunged" -> ctx.c(Ctx.RED, "- expunged") + " UID " + u;
                default -> ctx.c(Ctx.YELLOW, "~ flags   ") + " UID " + Text.padRight(u, 6)
                        + (flags.isEmpty() ? "(none)" : String.join(" ", flags));
            };
            ctx.out.println(ctx.c(Ctx.DIM, LocalTime.now().format(TIME)) + "  " + line);
            ctx.out.flush();
        }
    }

    /**
     * On the demo server: a second client (the core {@link Imap4}) that every 1.5 s delivers a
     * message, flags one or deletes one, so that IDLE has something to report.
     */
    private static Thread simulate(Ctx ctx, Mail mail, String folder) {
        if (!ctx.json) {
            ctx.out.println(ctx.c(Ctx.DIM, "(embedded demo server: a simulated client delivers, flags and deletes messages)"));
        }
        Thread t = new Thread(() -> {
            try (Imap4 other = new Imap4("127.0.0.1", mail.port, ClientOptions.defaults().withTimeout(Duration.ofSeconds(10)))) {
                other.login(DemoServer.USER, DemoServer.PASSWORD);
                for (int step = 0; !Thread.currentThread().isInterrupted(); step++) {
                    Thread.sleep(1500);
                    switch (step % 3) {
                        case 0 -> other.append(folder, null, (String) null, liveMessage(step / 3 + 1));
                        case 1 -> {
                            other.select(folder);
                            long[] all = other.uidSearch(null, "ALL").value().numbers();
                            if (all.length > 0) {
                                other.uidStore(Long.toString(all[Math.min(all.length - 1, all.length / 2 + step % 7)]), "+FLAGS", "(\\Flagged \\Seen)");
                            }
                        }
                        default -> {
                            long[] all = other.uidSearch(null, "ALL").value().numbers();
                            if (all.length > 1) {
                                other.uidStore(Long.toString(all[1]), "+FLAGS", "(\\Deleted)");
                                other.expunge();
                            }
                        }
                    }
                }
            } catch (InterruptedException e) {
                // watch is over
            } catch (Exception e) {
                if (ctx.debug) {
                    e.printStackTrace(ctx.err);
                }
            }
        }, "imap4lib-demo-activity");
        t.setDaemon(true);
        t.setContextClassLoader(null);
        t.start();
        return t;
    }

    private static byte[] liveMessage(int n) throws java.io.UnsupportedEncodingException {
        String subject = MimeUtility.encodeText("Live delivery #" + n + " — Grüße vom Simulator", "UTF-8", "Q");
        String msg = "From: Simulated Sender <sim@imap4lib.example>\r\nTo: " + DemoServer.EMAIL + "\r\n"
                + "Subject: " + subject + "\r\nDate: " + new jakarta.mail.internet.MailDateFormat().format(new java.util.Date())
                + "\r\nMessage-ID: <live-" + n + "." + System.nanoTime() + "@imap4lib.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "Delivered while you were watching.\r\n";
        return msg.getBytes(StandardCharsets.UTF_8);
    }
}
