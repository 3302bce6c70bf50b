package dev.imap4lib.bench;

import dev.imap4lib.bench.ProviderBenchmark.Client;
import dev.imap4lib.bench.ProviderBenchmark.Ctx;
import dev.imap4lib.bench.ProviderBenchmark.Run;
import dev.imap4lib.provider.Imap4libFolder;
import dev.imap4lib.provider.ResyncData;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Workloads 10a-c: re-open a 10,000-message folder after 10 changes made elsewhere (5 flagged,
 * 2 expunged, 3 appended) and read every message's flags. Set-up (not timed): a fresh copy of
 * INBOX, one open that reads all flags and closes (what the client remembers), then the changes
 * over a raw connection. 10a: with the resync data of the first open (imap4lib ResyncData, Angus
 * ResyncData, raw floor ENABLE QRESYNC + SELECT (QRESYNC ...)); the application keeps the flags
 * and applies the returned events, so it reads none through the provider; 10b: imap4lib's automatic
 * resync (the same store re-opens), Angus without ResyncData; 10c: every message's flags fetched
 * again (imap4lib with resync off, Angus plain). RAW logs in and does the first open (SELECT +
 * {@code UID FETCH 1:* (FLAGS)}) untimed like the libraries, then the timed re-open is exactly
 * what the row compares against: 10a {@code SELECT box (QRESYNC (uv ms))} (QRESYNC enabled in
 * the untimed part), 10b {@code SELECT box (CONDSTORE)} + {@code UID FETCH 1:* (FLAGS)
 * (CHANGEDSINCE ms)}, 10c {@code SELECT box} + {@code UID FETCH 1:* (FLAGS)}. Option {@code settle}
 * pauses between the changes and the timed part.
 */
final class ResyncWorkload {
    private static final AtomicInteger BOXES = new AtomicInteger();

    enum Kind { DATA, AUTO, FULL }

    /**
     * Option {@code settle=<ms>}: pause after the changes, before the timed re-open, so that the
     * server's own work after them (index updates, a maildir rescan) is not timed as the client's.
     */
    static volatile long settleMs;

    private ResyncWorkload() {
    }

    static Run data(Client c, Ctx x) throws Exception {
        return open(c, x, Kind.DATA);
    }

    static Run auto(Client c, Ctx x) throws Exception {
        return open(c, x, Kind.AUTO);
    }

    static Run full(Client c, Ctx x) throws Exception {
        return open(c, x, Kind.FULL);
    }

    private static Run open(Client c, Ctx x, Kind kind) throws Exception {
        String box = "resync" + BOXES.incrementAndGet();
        RawImap setup = RawImap.login(ProviderBenchmark.HOST, x.directPort, ProviderBenchmark.USER, ProviderBenchmark.PASS);
        setup.ok("CREATE " + box);
        setup.ok("SELECT INBOX");
        setup.ok("COPY 1:" + BenchData.SMALL + " " + box);
        Store store = null;
        RawImap rawc = null;
        long[] uvMs = new long[2];
        if (c == Client.RAW) {
            // login and the first open untimed, as for the libraries: the floor times the re-open only
            rawc = RawImap.login(ProviderBenchmark.HOST, x.port, ProviderBenchmark.USER, ProviderBenchmark.PASS);
            if (kind == Kind.DATA) {
                rawc.ok("ENABLE QRESYNC");
            }
            rawc.ok("SELECT " + box);
            rawc.ok("UID FETCH 1:* (FLAGS)");
            rawc.ok("UNSELECT");
        } else {
            Properties p = new Properties();
            p.put("mail." + c.protocol + ".host", ProviderBenchmark.HOST);
            p.put("mail." + c.protocol + ".port", Integer.toString(x.port));
            if (c == Client.IMAP4LIB) {
                p.put("mail.imap4lib.starttls.enable", "false");
                p.put("mail.imap4lib.resync.enable", Boolean.toString(kind == Kind.AUTO));
            }
            store = Session.getInstance(p).getStore(c.protocol);
            store.connect(ProviderBenchmark.HOST, x.port, ProviderBenchmark.USER, ProviderBenchmark.PASS);
            Folder f = store.getFolder(box);
            if (c == Client.ANGUS) {
                // Angus reports HIGHESTMODSEQ only with CONDSTORE enabled at open
                ((IMAPFolder) f).open(Folder.READ_WRITE, org.eclipse.angus.mail.imap.ResyncData.CONDSTORE);
            } else {
                f.open(Folder.READ_WRITE);
            }
            readFlags(f);
            if (c == Client.ANGUS) {
                uvMs[0] = ((IMAPFolder) f).getUIDValidity();
                uvMs[1] = ((IMAPFolder) f).getHighestModSeq();
            } else {
                uvMs[0] = ((Imap4libFolder) f).getUIDValidity();
                uvMs[1] = ((Imap4libFolder) f).getHighestModSeq();
            }
            f.close(false);
        }
        long[] raw = rawUvMs(x, box);
        if (c == Client.RAW) {
            uvMs = raw;
        }
        setup.ok("SELECT " + box);
        setup.ok("STORE 1:5 +FLAGS (\\Flagged)");
        setup.ok("STORE 6:7 +FLAGS (\\Deleted)");
        setup.ok("EXPUNGE");
        for (int i = 0; i < 3; i++) {
            setup.append(box, ("Subject: new " + i + "\r\n\r\nnew\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        setup.logout();
        if (settleMs > 0) {
            Thread.sleep(settleMs);
        }
        Store s = store;
        RawImap r = rawc;
        long[] known = uvMs;
        int expected = BenchData.SMALL + 1;
        return new Run() {
            @Override
            String body() throws Exception {
                if (c == Client.RAW) {
                    // what each row compares against: a full flag fetch, QRESYNC's SELECT, CONDSTORE's CHANGEDSINCE
                    r.reset();
                    if (kind == Kind.FULL) {
                        r.ok("SELECT " + box);
                        r.ok("UID FETCH 1:* (FLAGS)");
                        ProviderBenchmark.check(r.fetches == expected, r.fetches + " FETCH responses, expected " + expected);
                    } else if (kind == Kind.DATA) {
                        r.ok("SELECT " + box + " (QRESYNC (" + known[0] + " " + known[1] + "))");
                    } else {
                        r.ok("SELECT " + box + " (CONDSTORE)");
                        r.ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + known[1] + ")");
                        // 5 flagged + 3 appended (the 2 expunged are gone from the folder)
                        ProviderBenchmark.check(r.fetches == 8, r.fetches + " changed, expected 8");
                    }
                    int n = r.exists;
                    ProviderBenchmark.check(n == expected, n + " messages, expected " + expected);
                    return n + " msgs, " + r.fetches + " FETCH";
                }
                Folder f = s.getFolder(box);
                int events;
                if (kind == Kind.DATA && c == Client.ANGUS) {
                    events = ((IMAPFolder) f).open(Folder.READ_WRITE,
                            new org.eclipse.angus.mail.imap.ResyncData(known[0], known[1])).size();
                } else if (kind == Kind.DATA) {
                    events = ((Imap4libFolder) f).open(Folder.READ_WRITE, new ResyncData(known[0], known[1])).size();
                } else if (kind == Kind.AUTO && c == Client.IMAP4LIB) {
                    events = ((Imap4libFolder) f).open(Folder.READ_WRITE, null).size();
                } else {
                    f.open(Folder.READ_WRITE);
                    events = -1;
                }
                // With ResyncData the application keeps the flags itself and applies the events;
                // the others read every message's flags through the provider.
                int n = kind == Kind.DATA ? f.getMessageCount()
                        : kind == Kind.FULL || c == Client.ANGUS ? readFlags(f) : readFlagsOnly(f);
                ProviderBenchmark.check(n == expected, n + " messages, expected " + expected);
                f.close(false);
                return n + " msgs, " + events + " events";
            }

            @Override
            public void close() throws Exception {
                if (s != null) {
                    s.close();
                }
                if (r != null) {
                    r.logout();
                }
                RawImap d = RawImap.login(ProviderBenchmark.HOST, x.directPort, ProviderBenchmark.USER, ProviderBenchmark.PASS);
                d.ok("DELETE " + box);
                d.logout();
            }
        };
    }

    /** UIDVALIDITY and HIGHESTMODSEQ through STATUS, for the raw floor. */
    private static long[] rawUvMs(Ctx x, String box) throws Exception {
        try (Store st = Session.getInstance(new Properties()).getStore("imap4lib")) {
            st.connect(ProviderBenchmark.HOST, x.directPort, ProviderBenchmark.USER, ProviderBenchmark.PASS);
            Imap4libFolder f = (Imap4libFolder) st.getFolder(box);
            return new long[] {f.getUIDValidity(), f.getHighestModSeq()};
        }
    }

    /** Every message's flags after one FETCH of all of them (the way a full re-read is done). */
    private static int readFlags(Folder f) throws Exception {
        Message[] all = f.getMessages();
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.FLAGS);
        fp.add(jakarta.mail.UIDFolder.FetchProfileItem.UID);
        f.fetch(all, fp);
        return readFlagsOnly(f);
    }

    /** Every message's flags, asking each message (after a resync they are known). */
    private static int readFlagsOnly(Folder f) throws Exception {
        int n = 0;
        for (Message m : f.getMessages()) {
            m.getFlags();
            n++;
        }
        return n;
    }
}
