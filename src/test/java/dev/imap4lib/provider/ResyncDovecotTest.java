package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.event.MessageCountListener;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resync on open against Dovecot (CONDSTORE, ESEARCH): a folder re-opened after another client
 * flagged, expunged and appended messages reports exactly those changes, automatically from the
 * store's memory or from the caller's {@link ResyncData}, and answers every message's flags
 * without fetching them again.
 */
@ExtendWith(DovecotExtension.class)
class ResyncDovecotTest {
    private static final String USER = "user2";
    private static final AtomicInteger FOLDERS = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private final DovecotServer dovecot;

    ResyncDovecotTest(DovecotServer dovecot) {
        this.dovecot = dovecot;
    }

    /** A store with the protocol trace in {@code trace} (null: no trace), plus name/value properties. */
    private Store store(ByteArrayOutputStream trace, String... props) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", dovecot.host());
        p.put("mail.imap4lib.port", String.valueOf(dovecot.imapPort()));
        p.put("mail.imap4lib.starttls.enable", "false");
        for (int i = 0; i + 1 < props.length; i += 2) {
            p.put("mail.imap4lib." + props[i], props[i + 1]);
        }
        Session s = Session.getInstance(p);
        if (trace != null) {
            s.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
            s.setDebug(true);
        }
        Store st = s.getStore("imap4lib");
        st.connect(USER, DovecotServer.USERS.get(USER));
        return st;
    }

    /** A new folder with {@code n} messages, flags unset. */
    private String folderWith(Store st, int n) throws Exception {
        String name = "resync-" + RUN + "-" + FOLDERS.incrementAndGet();
        Folder f = st.getFolder(name);
        assertTrue(f.create(Folder.HOLDS_MESSAGES));
        Message[] msgs = new Message[n];
        for (int i = 0; i < n; i++) {
            MimeMessage m = new MimeMessage((Session) null);
            m.setSubject("m" + i);
            m.setText("body " + i);
            msgs[i] = m;
        }
        f.appendMessages(msgs);
        return name;
    }

    /** Another client: flags messages 1 and 2, expunges 3 and 4, appends 3. Returns the expunged UIDs. */
    private long[] changeElsewhere(String name) throws Exception {
        try (Store other = store(null, "resync.enable", "false")) {
            Imap4libFolder f = (Imap4libFolder) other.getFolder(name);
            f.open(Folder.READ_WRITE);
            f.setFlags(new int[] {1, 2}, new Flags(Flags.Flag.FLAGGED), true);
            long[] gone = {f.getUID(f.getMessage(3)), f.getUID(f.getMessage(4))};
            f.setFlags(new int[] {3, 4}, new Flags(Flags.Flag.DELETED), true);
            f.expunge();
            MimeMessage m = new MimeMessage((Session) null);
            m.setText("new");
            f.appendMessages(new Message[] {m, m, m});
            f.close(false);
            return gone;
        }
    }

    /** The flags as the server has them, read by a store without memory. */
    private List<Flags> serverFlags(String name) throws Exception {
        try (Store other = store(null, "resync.enable", "false")) {
            Folder f = other.getFolder(name);
            f.open(Folder.READ_ONLY);
            List<Flags> out = new ArrayList<>();
            out.addAll(flags(f));
            f.close(false);
            return out;
        }
    }

    /** Every message's flags but \Recent (which goes to whichever session sees a message first). */
    private static List<Flags> flags(Folder f) throws MessagingException {
        List<Flags> out = new ArrayList<>();
        for (Message m : f.getMessages()) {
            Flags x = m.getFlags();
            x.remove(Flags.Flag.RECENT);
            out.add(x);
        }
        return out;
    }

    /** How many commands the client sent that contain {@code what}. */
    private static int count(ByteArrayOutputStream trace, String what) {
        return (int) trace.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("imap4lib > ") && l.contains(what)).count();
    }

    @Test
    void automaticResyncReportsWhatChangedAndAnswersFlagsWithoutFetching() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Store st = store(trace)) {
            String name = folderWith(st, 20);
            Imap4libFolder f = (Imap4libFolder) st.getFolder(name);
            f.open(Folder.READ_WRITE);
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.FLAGS);
            f.fetch(f.getMessages(), fp);
            f.close(false);
            long[] gone = changeElsewhere(name);

            List<MessageCountEvent> heard = Collections.synchronizedList(new ArrayList<>());
            f.addMessageCountListener(new MessageCountListener() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    heard.add(e);
                }

                @Override
                public void messagesRemoved(MessageCountEvent e) {
                    heard.add(e);
                }
            });
            trace.reset();
            List<MailEvent> ev = f.open(Folder.READ_WRITE, null);
            List<Long> changed = new ArrayList<>();
            MessageVanishedEvent vanished = null;
            MessageCountEvent added = null;
            for (MailEvent e : ev) {
                if (e instanceof MessageChangedEvent c) {
                    changed.add(f.getUID(c.getMessage()));
                    assertTrue(c.getMessage().isSet(Flags.Flag.FLAGGED));
                } else if (e instanceof MessageVanishedEvent v) {
                    vanished = v;
                } else {
                    added = (MessageCountEvent) e;
                }
            }
            assertEquals(List.of(f.getUID(f.getMessage(1)), f.getUID(f.getMessage(2))), changed);
            assertArrayEquals(gone, vanished.getUIDs());
            assertEquals(2, vanished.getMessages().length);
            assertTrue(vanished.getMessages()[0].isExpunged());
            assertEquals(3, added.getMessages().length);
            assertEquals(21, f.getMessageCount());

            assertEquals(serverFlags(name), flags(f), "remembered + changed flags are the server's");
            assertEquals(1, count(trace, "FETCH"), "only the fetch of the changed set: " + trace);
            // Dovecot has ESEARCH: the changed are named by a MODSEQ search, then fetched by UID set
            assertEquals(1, count(trace, "UID SEARCH RETURN (ALL) MODSEQ"), trace.toString());
            assertEquals(0, count(trace, "CHANGEDSINCE"), trace.toString());
            for (int i = 0; i < 50 && heard.size() < 2; i++) {
                Thread.sleep(100); // listeners are called on Jakarta's event thread
            }
            assertEquals(2, heard.size(), "listeners heard the vanished and the added");
            f.close(false);
        }
    }

    @Test
    void aLocalChangeAfterAResyncChangesOnlyThatMessage() throws Exception {
        // after a resync unchanged messages share remembered Flags objects: a change to one must not reach the others
        try (Store st = store(null)) {
            String name = folderWith(st, 5);
            Imap4libFolder f = (Imap4libFolder) st.getFolder(name);
            f.open(Folder.READ_WRITE);
            f.setFlags(new int[] {1, 2, 3, 4, 5}, new Flags(Flags.Flag.SEEN), true);
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.FLAGS);
            f.fetch(f.getMessages(), fp);
            f.close(false);
            f.open(Folder.READ_WRITE, null);
            f.getMessage(2).setFlag(Flags.Flag.FLAGGED, true);
            f.getMessage(4).setFlag(Flags.Flag.SEEN, false);
            List<Flags> seen = flags(f);
            assertEquals(serverFlags(name), seen, "each message has its own flags");
            assertTrue(seen.get(1).contains(Flags.Flag.FLAGGED) && !seen.get(0).contains(Flags.Flag.FLAGGED));
            assertTrue(!seen.get(3).contains(Flags.Flag.SEEN) && seen.get(2).contains(Flags.Flag.SEEN));
            f.close(false);
            // the memory taken at this close holds the local changes, and the next resync serves them
            f.open(Folder.READ_WRITE, null);
            assertEquals(serverFlags(name), flags(f));
            f.close(false);
        }
    }

    @Test
    void resyncDataFromTheCallerWithoutStoreMemory() throws Exception {
        try (Store st = store(null, "resync.enable", "false")) {
            String name = folderWith(st, 10);
            Imap4libFolder f = (Imap4libFolder) st.getFolder(name);
            f.open(Folder.READ_ONLY);
            long uidValidity = f.getUIDValidity();
            long modseq = f.getHighestModSeq();
            long[] uids = new long[f.getMessageCount()];
            for (int i = 0; i < uids.length; i++) {
                uids[i] = f.getUID(f.getMessage(i + 1));
            }
            f.close(false);
            long[] gone = changeElsewhere(name);

            List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(uidValidity, modseq, uids));
            long changed = ev.stream().filter(e -> e instanceof MessageChangedEvent).count();
            assertEquals(2, changed, ev.toString());
            MessageVanishedEvent v = (MessageVanishedEvent) ev.stream().filter(e -> e instanceof MessageVanishedEvent)
                    .findFirst().orElseThrow();
            assertArrayEquals(gone, v.getUIDs());
            assertEquals(11, f.getMessageCount());
            assertTrue(f.getHighestModSeq() > modseq);
            f.close(false);

            // UIDVALIDITY changed (here: a wrong one): nothing to report, the folder is as SELECT said.
            assertTrue(f.open(Folder.READ_ONLY, new ResyncData(uidValidity + 1, modseq, uids)).isEmpty());
            assertEquals(11, f.getMessageCount());
            f.close(false);
        }
    }

    @Test
    void resyncOffFetchesFlagsAgain() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Store st = store(trace, "resync.enable", "false")) {
            String name = folderWith(st, 5);
            Folder f = st.getFolder(name);
            f.open(Folder.READ_WRITE);
            flags(f);
            f.close(false);
            trace.reset();
            f.open(Folder.READ_WRITE);
            flags(f);
            assertEquals(0, count(trace, "CHANGEDSINCE"));
            assertTrue(count(trace, "FETCH") >= 1, trace.toString());
            f.close(false);
        }
    }

    @Test
    void modSeqChangedSinceAndModifiedSinceTerm() throws Exception {
        try (Store st = store(null)) {
            String name = folderWith(st, 6);
            Imap4libFolder f = (Imap4libFolder) st.getFolder(name);
            f.open(Folder.READ_WRITE);
            long before = f.getHighestModSeq();
            Imap4libMessage third = (Imap4libMessage) f.getMessage(3);
            long own = third.getModSeq();
            assertTrue(own > 0 && own <= before, own + " vs " + before);
            f.setFlags(new int[] {3, 5}, new Flags(Flags.Flag.SEEN), true);
            Message[] changed = f.getMessagesByUIDChangedSince(1, Imap4libFolder.LASTUID, before);
            long[] uids = Arrays.stream(changed).mapToLong(m -> {
                try {
                    return f.getUID(m);
                } catch (MessagingException e) {
                    throw new AssertionError(e);
                }
            }).toArray();
            assertArrayEquals(new long[] {f.getUID(f.getMessage(3)), f.getUID(f.getMessage(5))}, uids);
            assertTrue(((Imap4libMessage) changed[0]).getModSeq() > before);
            // MODSEQ n matches n and above; the appended messages all have mod-sequences up to before
            assertEquals(2, f.search(new ModifiedSinceTerm(before + 1)).length);

            FetchProfile fp = new FetchProfile();
            fp.add(ModSeqFetchItem.MODSEQ);
            f.fetch(f.getMessages(), fp);
            assertFalse(((Imap4libMessage) f.getMessage(1)).getModSeq() > before);
            f.close(false);
        }
    }
}
