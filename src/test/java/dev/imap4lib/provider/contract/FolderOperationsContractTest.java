package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.List;

/** {@link Folder} operations on messages: flags, append, copy, move, expunge. */
class FolderOperationsContractTest extends ProviderContract {

    private static List<Boolean> flagged(Fixture fx, String name, int n, Flags.Flag flag) throws Exception {
        List<Boolean> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(fx.flags(name, i).contains(flag));
        }
        return out;
    }

    @Contract
    void setFlagsByMessagesRangeAndNumbers(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(6));
        Folder f = open(t, name, Folder.READ_WRITE);
        f.setFlags(new Message[] {f.getMessage(1), f.getMessage(6)}, new Flags(Flags.Flag.FLAGGED), true);
        f.setFlags(2, 4, new Flags(Flags.Flag.SEEN), true);
        f.setFlags(new int[] {3, 5}, new Flags(Flags.Flag.ANSWERED), true);
        Flags kw = new Flags("$Label1");
        f.setFlags(1, 6, kw, true);
        f.setFlags(new int[] {2}, kw, false);
        // the folder's own messages reflect it
        assertTrue(f.getMessage(6).isSet(Flags.Flag.FLAGGED));
        assertTrue(f.getMessage(3).isSet(Flags.Flag.SEEN));
        assertFalse(f.getMessage(2).getFlags().contains("$Label1"));

        // a second connection of the provider under test sees all of it
        Folder other = open(t, name, Folder.READ_ONLY);
        boolean[][] expect = {
            // FLAGGED, SEEN, ANSWERED, $Label1
            {true, false, false, true}, {false, true, false, false}, {false, true, true, true},
            {false, true, false, true}, {false, false, true, true}, {true, false, false, true}};
        for (int i = 0; i < 6; i++) {
            Flags fl = other.getMessage(i + 1).getFlags();
            boolean[] got = {fl.contains(Flags.Flag.FLAGGED), fl.contains(Flags.Flag.SEEN),
                fl.contains(Flags.Flag.ANSWERED), fl.contains("$Label1")};
            assertArrayEquals(expect[i], got, "flags of message " + (i + 1) + ": " + fl);
        }
        // and so does the reference client
        assertEquals(List.of(true, false, false, false, false, true), flagged(fixture(t), name, 6, Flags.Flag.FLAGGED));

        f.setFlags(1, 6, new Flags(Flags.Flag.FLAGGED), false);
        assertEquals(List.of(false, false, false, false, false, false), flagged(fixture(t), name, 6, Flags.Flag.FLAGGED));
    }

    @Contract
    void appendToClosedFolderIsVisibleElsewhereByteIdentical(Target t) throws Exception {
        String name = unique("A");
        fixture(t).create(name);
        Store s = connect(t);
        Folder f = s.getFolder(name);
        Corpus.Msg[] msgs = {Corpus.TEXT, Corpus.MIXED, Corpus.NESTED};
        Message[] mime = new Message[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            mime[i] = msgs[i].toMime(session(t));
        }
        f.appendMessages(mime);
        assertFalse(f.isOpen(), "append does not open the folder");

        List<byte[]> seen = fixture(t).raw(name);
        assertEquals(msgs.length, seen.size());
        for (int i = 0; i < msgs.length; i++) {
            assertArrayEquals(msgs[i].raw(), seen.get(i), "reference client, message " + (i + 1));
        }
        Folder fresh = open(t, name, Folder.READ_ONLY);
        assertEquals(msgs.length, fresh.getMessageCount());
        for (int i = 0; i < msgs.length; i++) {
            assertArrayEquals(msgs[i].raw(), bytes(fresh.getMessage(i + 1)), "fresh connection, message " + (i + 1));
        }
    }

    @Contract
    void appendKeepsFlagsAndToOpenFolderShowsNewMessages(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(1));
        Folder f = open(t, name, Folder.READ_WRITE);
        Flags flags = new Flags(Flags.Flag.SEEN);
        flags.add(Flags.Flag.FLAGGED);
        f.appendMessages(new Message[] {Corpus.ALTERNATIVE.withFlags(flags).toMime(session(t))});
        awaitMessageCount(f, 2);
        Message added = f.getMessage(2);
        assertEquals("Alternative", added.getSubject());
        assertTrue(added.isSet(Flags.Flag.SEEN));
        assertTrue(added.isSet(Flags.Flag.FLAGGED));
        Flags ref = fixture(t).flags(name, 2);
        assertTrue(ref.contains(Flags.Flag.SEEN) && ref.contains(Flags.Flag.FLAGGED), ref.toString());
    }

    @Contract
    void appendToMissingFolderFails(Target t) throws Exception {
        Folder f = connect(t).getFolder(unique("Missing"));
        // Folder.appendMessages: "FolderNotFoundException if this folder does not exist"
        assertThrows(FolderNotFoundException.class,
                () -> f.appendMessages(new Message[] {Corpus.TEXT.toMime(session(t))}));
    }

    @Contract
    void copyMessages(Target t) throws Exception {
        Corpus.Msg[] msgs = {Corpus.TEXT.withFlags(new Flags(Flags.Flag.FLAGGED)), Corpus.MIXED, Corpus.NESTED};
        String src = folderWith(t, msgs);
        String dst = unique("Dst");
        fixture(t).create(dst);
        Folder f = open(t, src, Folder.READ_ONLY);
        f.copyMessages(new Message[] {f.getMessage(1), f.getMessage(3)}, f.getStore().getFolder(dst));
        assertEquals(3, f.getMessageCount(), "copy leaves the source alone");
        List<byte[]> copied = fixture(t).raw(dst);
        assertEquals(2, copied.size());
        assertArrayEquals(msgs[0].raw(), copied.get(0));
        assertArrayEquals(msgs[2].raw(), copied.get(1));
        assertTrue(fixture(t).flags(dst, 1).contains(Flags.Flag.FLAGGED), "RFC 9051 6.4.7: COPY preserves flags");
        assertEquals(3, fixture(t).count(src));
    }

    @Contract
    void copyToMissingFolderFails(Target t) throws Exception {
        String src = folderWith(t, Corpus.numbered(1));
        Folder f = open(t, src, Folder.READ_ONLY);
        Folder missing = f.getStore().getFolder(unique("Missing"));
        // Folder.copyMessages: "FolderNotFoundException if the destination folder does not exist"
        assertThrows(FolderNotFoundException.class, () -> f.copyMessages(f.getMessages(), missing));
    }

    @Contract
    void moveMessages(Target t) throws Exception {
        Corpus.Msg[] msgs = Corpus.numbered(4);
        String src = folderWith(t, msgs);
        String dst = unique("Dst");
        fixture(t).create(dst);
        Folder f = open(t, src, Folder.READ_WRITE);
        Capabilities.Mover mover = Capabilities.mover(f).orElseThrow(
                () -> new AssertionError(f.getClass().getName() + " offers no MOVE (see Capabilities.mover)"));
        Message m2 = f.getMessage(2);
        Message m4 = f.getMessage(4);
        mover.move(new Message[] {m2, m4}, f.getStore().getFolder(dst));
        assertEquals(List.of("Message 2", "Message 4"), fixture(t).subjects(dst));
        assertEquals(List.of("Message 1", "Message 3"), fixture(t).subjects(src));
        awaitExpunged(f, m4);
        assertTrue(m2.isExpunged());
        assertArrayEquals(msgs[1].raw(), fixture(t).raw(dst).get(0));
    }

    @Contract
    void expungeReturnsAndRenumbers(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(5));
        Folder f = open(t, name, Folder.READ_WRITE);
        Message[] all = f.getMessages();
        f.setFlags(new int[] {2, 4}, new Flags(Flags.Flag.DELETED), true);
        Message[] gone = f.expunge();
        assertEquals(2, gone.length);
        assertEquals(List.of(all[1], all[3]), List.of(gone), "the expunged Message objects, in order");
        for (Message m : gone) {
            assertTrue(m.isExpunged());
            assertThrows(MessageRemovedException.class, m::getSubject);
        }
        assertEquals(3, f.getMessageCount());
        assertEquals(1, all[0].getMessageNumber());
        assertEquals(2, all[2].getMessageNumber(), "renumbered");
        assertEquals(3, all[4].getMessageNumber(), "renumbered");
        assertSame(all[4], f.getMessage(3));
        assertEquals("Message 5", f.getMessage(3).getSubject());
        assertEquals(0, f.expunge().length, "nothing more to expunge");
        assertEquals(List.of("Message 1", "Message 3", "Message 5"), fixture(t).subjects(name));
    }

    @Contract
    void expungeInReadOnlyFolderIsIllegal(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(2));
        fixture(t).setFlags(name, 1, new Flags(Flags.Flag.DELETED), true);
        Folder f = open(t, name, Folder.READ_ONLY);
        if (t.has(Deviation.ANGUS_READ_ONLY_LEFT_TO_SERVER) && t.has(Deviation.DOVECOT_READ_ONLY_CHANGES_IGNORED)) {
            // Dovecot answers "OK Expunge ignored with read-only mailbox.": no error, nothing expunged
            assertEquals(0, f.expunge().length);
            assertEquals(2, fixture(t).count(name));
            return;
        }
        // a READ_ONLY folder cannot expunge: the provider refuses (IllegalStateException) or the
        // server does (RFC 9051 6.3.3/6.4.3: EXPUNGE fails in an EXAMINEd mailbox; MessagingException)
        Exception e = assertThrows(Exception.class, f::expunge);
        assertTrue(e instanceof IllegalStateException || e instanceof jakarta.mail.MessagingException, e.toString());
        if (t.has(Deviation.ANGUS_READ_ONLY_LEFT_TO_SERVER) && t.has(Deviation.GREENMAIL_READ_ONLY_NOT_ENFORCED)) {
            // GreenMail answers "NO ... read only", then expunges anyway (and sends a second tagged
            // OK): after the NO has reached the client, so another session sees it a little later
            long deadline = System.currentTimeMillis() + EVENT_WAIT_MS;
            int n;
            while ((n = fixture(t).count(name)) != 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, n);
        } else {
            assertEquals(2, fixture(t).count(name));
        }
    }
}
