package dev.imap4lib.provider;

import static dev.imap4lib.provider.Hostile.QUICK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageCountEvent;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Resync on open against scripted servers: the exchange on the wire, UIDVALIDITY changes, and
 * servers whose answers do not fit (a UID set of four billion for three messages must not be
 * expanded; the folder opens without resync). Runs in the 256 MB heap of the small-heap execution.
 */
@Tag("small-heap")
class ResyncScriptedTest {
    private static final String PREAUTH = "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS UNSELECT CONDSTORE ESEARCH] hi\n";

    private static String select(long exists, long uidValidity, long modseq) {
        // the resync asks for HIGHESTMODSEQ with SELECT's CONDSTORE parameter, not a separate ENABLE
        return "C: $tag SELECT INBOX (CONDSTORE)\n"
                + "S: * " + exists + " EXISTS\n"
                + "S: * OK [UIDVALIDITY " + uidValidity + "] ok\n"
                + "S: * OK [HIGHESTMODSEQ " + modseq + "] ok\n"
                + "S: $tag OK [READ-WRITE] selected\n";
    }

    /** The same server without ESEARCH: plain UID SEARCH and CHANGEDSINCE. */
    private static final String PREAUTH_NO_ESEARCH = "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS UNSELECT CONDSTORE] hi\n";

    private static Hostile.Outcome run(String label, String folderScript, Hostile.FolderCall call) {
        return run(label, PREAUTH, folderScript, call);
    }

    private static Hostile.Outcome run(String label, String preauth, String folderScript, Hostile.FolderCall call) {
        return Hostile.onStore(label, List.of(preauth + "WAIT: 60000\n", preauth + folderScript), QUICK, store -> {
            store.connect("u", "p");
            return call.run(store.getFolder("INBOX"));
        });
    }

    @Test
    void resyncDataFindsChangedVanishedAndAdded() {
        Hostile.Outcome o = run("resync with known UIDs", select(4, 5, 30)
                + "C: $tag UID SEARCH RETURN (ALL) ALL\n"
                + "S: * ESEARCH (TAG \"$tag\") UID ALL 1,3,5:6\n"
                + "S: $tag OK done\n"
                // what changed since 20, as one compact set, then one FETCH of exactly that set
                + "C: $tag UID SEARCH RETURN (ALL) MODSEQ 21\n"
                + "S: * ESEARCH (TAG \"$tag\") UID ALL 3,5:6 MODSEQ 29\n"
                + "S: $tag OK done\n"
                + "C: $tag UID FETCH 3,5:6 (FLAGS MODSEQ)\n"
                + "S: * 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (25))\n"
                + "S: * 3 FETCH (UID 5 FLAGS () MODSEQ (28))\n"
                + "S: * 4 FETCH (UID 6 FLAGS (\\Seen) MODSEQ (29))\n"
                + "S: $tag OK done\n"
                + "WAIT: 60000\n", inbox -> {
                    Imap4libFolder f = (Imap4libFolder) inbox;
                    List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(5, 20, new long[] {1, 2, 3, 4}));
                    assertEquals(28, ((Imap4libMessage) f.getMessage(3)).getModSeq(), "MODSEQ taken from the FETCH");
                    assertEquals(3, ev.size(), ev.toString());
                    MessageChangedEvent changed = (MessageChangedEvent) ev.get(0);
                    assertEquals(3, f.getUID(changed.getMessage()));
                    assertEquals(new Flags(Flags.Flag.FLAGGED), changed.getMessage().getFlags());
                    MessageVanishedEvent gone = (MessageVanishedEvent) ev.get(1);
                    assertArrayEquals(new long[] {2, 4}, gone.getUIDs());
                    assertEquals(MessageCountEvent.REMOVED, gone.getType());
                    assertTrue(gone.getMessages()[0].isExpunged());
                    MessageCountEvent added = (MessageCountEvent) ev.get(2);
                    assertEquals(MessageCountEvent.ADDED, added.getType());
                    assertEquals(2, added.getMessages().length);
                    assertEquals(5, f.getUID(added.getMessages()[0]));
                    assertEquals(4, f.getMessageCount());
                    // UIDs of the unchanged message came with the UID set: no FETCH for it
                    assertEquals(1, f.getUID(f.getMessage(1)));
                    return "ok";
                });
        assertEquals("ok", Hostile.returns(o));
    }

    @Test
    void changedUidValidityMeansEverythingIsNew() {
        Hostile.Outcome o = run("UIDVALIDITY changed", select(2, 6, 30)
                + "C: $tag FETCH 1 (UID FLAGS)\n"
                + "S: * 1 FETCH (UID 1 FLAGS (\\Seen))\n"
                + "S: $tag OK done\n"
                + "WAIT: 60000\n", inbox -> {
                    Imap4libFolder f = (Imap4libFolder) inbox;
                    List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(5, 20, new long[] {1, 2}));
                    assertTrue(ev.isEmpty(), ev.toString());
                    assertEquals(6, f.getUIDValidity());
                    assertTrue(f.getMessage(1).isSet(Flags.Flag.SEEN));
                    return "ok";
                });
        assertEquals("ok", Hostile.returns(o));
    }

    @Test
    void aUidSetOfFourBillionForThreeMessagesIsNotExpanded() {
        Hostile.Outcome o = run("ESEARCH ALL 1:4000000000 for 3 messages", select(3, 5, 30)
                + "C: $tag UID SEARCH RETURN (ALL) ALL\n"
                + "S: * ESEARCH (TAG \"$tag\") UID ALL 1:4000000000\n"
                + "S: $tag OK done\n"
                + "C: $tag FETCH 1 (UID FLAGS)\n"
                + "S: * 1 FETCH (UID 1 FLAGS (\\Seen))\n"
                + "S: $tag OK done\n"
                + "WAIT: 60000\n", inbox -> {
                    Imap4libFolder f = (Imap4libFolder) inbox;
                    List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(5, 20));
                    assertTrue(ev.isEmpty(), ev.toString());
                    assertEquals(3, f.getMessageCount());
                    assertTrue(f.getMessage(1).isSet(Flags.Flag.SEEN));
                    return "ok";
                });
        assertEquals("ok", Hostile.returns(o));
        Hostile.noEscape(o);
    }

    @Test
    void knownUidsVanishingInBulkStayBounded() {
        // 1,000,000 known UIDs, all gone: one event naming them all, with a bounded number of placeholders.
        long[] known = new long[1_000_000];
        for (int i = 0; i < known.length; i++) {
            known[i] = i + 1;
        }
        Hostile.Outcome o = run("1,000,000 known UIDs vanished", select(0, 5, 30) + "WAIT: 60000\n", inbox -> {
            Imap4libFolder f = (Imap4libFolder) inbox;
            List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(5, 20, known));
            assertEquals(1, ev.size());
            MessageVanishedEvent gone = (MessageVanishedEvent) ev.get(0);
            assertEquals(known.length, gone.getUIDs().length);
            assertEquals(Resync.MAX_VANISHED_MESSAGES, gone.getMessages().length);
            assertEquals(0, f.getMessageCount());
            return "ok";
        });
        assertEquals("ok", Hostile.returns(o));
        Hostile.noEscape(o);
    }

    @Test
    void aRefusedChangedSinceOpensWithoutResync() {
        Hostile.Outcome o = run("CHANGEDSINCE refused", select(1, 5, 30)
                + "C: $tag UID SEARCH RETURN (ALL) ALL\n"
                + "S: * ESEARCH (TAG \"$tag\") UID ALL 7\n"
                + "S: $tag OK done\n"
                // the MODSEQ search refused: CHANGEDSINCE is tried, and refused too
                + "C: $tag UID SEARCH RETURN (ALL) MODSEQ 21\n"
                + "S: $tag BAD no MODSEQ here\n"
                + "C: $tag UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 20)\n"
                + "S: $tag BAD no such modifier\n"
                + "WAIT: 60000\n", inbox -> {
                    Imap4libFolder f = (Imap4libFolder) inbox;
                    List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(5, 20));
                    assertTrue(ev.isEmpty());
                    assertTrue(f.isOpen());
                    assertEquals(1, f.getMessageCount());
                    return "ok";
                });
        assertEquals("ok", Hostile.returns(o));
    }

    @Test
    void withoutCondstoreNothingIsResynchronised() {
        Hostile.Outcome o = run("no HIGHESTMODSEQ", Hostile.select(1).replace("SELECT INBOX\n", "SELECT INBOX (CONDSTORE)\n") + "WAIT: 60000\n", inbox -> {
            Imap4libFolder f = (Imap4libFolder) inbox;
            assertTrue(f.open(Folder.READ_WRITE, new ResyncData(5, 20)).isEmpty());
            assertFalse(f.getMessageCount() != 1);
            return "ok";
        });
        assertEquals("ok", Hostile.returns(o));
    }

    @Test
    void withoutEsearchChangedSinceFindsTheSame() {
        Hostile.Outcome o = run("resync without ESEARCH", PREAUTH_NO_ESEARCH, select(4, 5, 30)
                + "C: $tag UID SEARCH ALL\n"
                + "S: * SEARCH 6 1 5 3\n"
                + "S: $tag OK done\n"
                + "C: $tag UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 20)\n"
                + "S: * 2 FETCH (UID 3 FLAGS (\\Flagged) MODSEQ (25))\n"
                + "S: * 3 FETCH (UID 5 FLAGS () MODSEQ (28))\n"
                + "S: * 4 FETCH (UID 6 FLAGS (\\Seen) MODSEQ (29))\n"
                + "S: $tag OK done\n"
                + "WAIT: 60000\n", inbox -> {
                    Imap4libFolder f = (Imap4libFolder) inbox;
                    List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(5, 20, new long[] {1, 2, 3, 4}));
                    assertEquals(3, ev.size(), ev.toString());
                    assertEquals(3, f.getUID(((MessageChangedEvent) ev.get(0)).getMessage()));
                    assertArrayEquals(new long[] {2, 4}, ((MessageVanishedEvent) ev.get(1)).getUIDs());
                    assertEquals(2, ((MessageCountEvent) ev.get(2)).getMessages().length);
                    assertTrue(f.getMessage(4).isSet(Flags.Flag.SEEN));
                    return "ok";
                });
        assertEquals("ok", Hostile.returns(o));
    }

    @Test
    void aRefusedModSeqSearchFallsBackToChangedSince() {
        Hostile.Outcome o = run("MODSEQ search refused", select(2, 5, 30)
                + "C: $tag UID SEARCH RETURN (ALL) ALL\n"
                + "S: * ESEARCH (TAG \"$tag\") UID ALL 1:2\n"
                + "S: $tag OK done\n"
                + "C: $tag UID SEARCH RETURN (ALL) MODSEQ 21\n"
                + "S: $tag BAD unknown search key\n"
                + "C: $tag UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 20)\n"
                + "S: * 2 FETCH (UID 2 FLAGS (\\Answered) MODSEQ (22))\n"
                + "S: $tag OK done\n"
                + "WAIT: 60000\n", inbox -> {
                    Imap4libFolder f = (Imap4libFolder) inbox;
                    List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(5, 20, new long[] {1, 2}));
                    assertEquals(1, ev.size(), ev.toString());
                    assertEquals(2, f.getUID(((MessageChangedEvent) ev.get(0)).getMessage()));
                    assertTrue(f.getMessage(2).isSet(Flags.Flag.ANSWERED));
                    return "ok";
                });
        assertEquals("ok", Hostile.returns(o));
    }

    @Test
    void nothingChangedMeansNoFetch() {
        // an ESEARCH without ALL: no message above the modseq, so no FETCH at all (the script has none)
        Hostile.Outcome o = run("nothing changed", select(2, 5, 20)
                + "C: $tag UID SEARCH RETURN (ALL) ALL\n"
                + "S: * ESEARCH (TAG \"$tag\") UID ALL 1:2\n"
                + "S: $tag OK done\n"
                + "C: $tag UID SEARCH RETURN (ALL) MODSEQ 21\n"
                + "S: * ESEARCH (TAG \"$tag\") UID\n"
                + "S: $tag OK done\n"
                + "WAIT: 60000\n", inbox -> {
                    Imap4libFolder f = (Imap4libFolder) inbox;
                    List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(5, 20, new long[] {1, 2}));
                    assertTrue(ev.isEmpty(), ev.toString());
                    assertEquals(2, f.getMessageCount());
                    return "ok";
                });
        assertEquals("ok", Hostile.returns(o));
    }

    @Test
    void aChangedSetLargerThanTheFolderIsNotFetched() {
        Hostile.Outcome o = run("MODSEQ ALL 1:4000000000 for 2 messages", select(2, 5, 30)
                + "C: $tag UID SEARCH RETURN (ALL) ALL\n"
                + "S: * ESEARCH (TAG \"$tag\") UID ALL 1:2\n"
                + "S: $tag OK done\n"
                + "C: $tag UID SEARCH RETURN (ALL) MODSEQ 21\n"
                + "S: * ESEARCH (TAG \"$tag\") UID ALL 1:4000000000\n"
                + "S: $tag OK done\n"
                + "C: $tag FETCH 1 (UID FLAGS)\n"
                + "S: * 1 FETCH (UID 1 FLAGS (\\Seen))\n"
                + "S: $tag OK done\n"
                + "WAIT: 60000\n", inbox -> {
                    Imap4libFolder f = (Imap4libFolder) inbox;
                    List<MailEvent> ev = f.open(Folder.READ_WRITE, new ResyncData(5, 20, new long[] {1, 2}));
                    assertTrue(ev.isEmpty(), ev.toString());
                    assertEquals(2, f.getMessageCount());
                    assertTrue(f.getMessage(1).isSet(Flags.Flag.SEEN));
                    return "ok";
                });
        assertEquals("ok", Hostile.returns(o));
        Hostile.noEscape(o);
    }
}
