package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.UIDFolder;

/** {@link UIDFolder}: UIDVALIDITY, UIDs, lookups by UID, UIDNEXT. */
class UidFolderContractTest extends ProviderContract {

    private UIDFolder uidFolder(Target t, String name) throws Exception {
        Folder f = open(t, name, Folder.READ_WRITE);
        return assertInstanceOf(UIDFolder.class, f, "an IMAP folder is a UIDFolder");
    }

    @Contract
    void uidValidityAndUids(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(4));
        long[] ref = fixture(t).uids(name);
        UIDFolder u = uidFolder(t, name);
        Folder f = (Folder) u;
        long validity = u.getUIDValidity();
        assertTrue(validity > 0, "RFC 9051 2.3.1.1: UIDVALIDITY is a non-zero 32-bit value");
        assertEquals(fixture(t).uidValidity(name), validity);
        assertEquals(validity, ((UIDFolder) open(t, name, Folder.READ_ONLY)).getUIDValidity(), "stable across sessions");
        long prev = 0;
        for (int i = 1; i <= 4; i++) {
            long uid = u.getUID(f.getMessage(i));
            assertEquals(ref[i - 1], uid);
            assertTrue(uid > prev, "strictly ascending");
            prev = uid;
        }
    }

    @Contract
    void uidValidityOfClosedFolder(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(1));
        UIDFolder closed = (UIDFolder) connect(t).getFolder(name);
        assertEquals(fixture(t).uidValidity(name), closed.getUIDValidity(), "STATUS UIDVALIDITY");
    }

    @Contract
    void messageByUid(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(3));
        long[] ref = fixture(t).uids(name);
        UIDFolder u = uidFolder(t, name);
        Message m = u.getMessageByUID(ref[1]);
        assertNotNull(m);
        assertEquals(2, m.getMessageNumber());
        assertEquals("Message 2", m.getSubject());
        assertSame(((Folder) u).getMessage(2), m);
        assertNull(u.getMessageByUID(ref[2] + 100), "UIDFolder.getMessageByUID: null if no such message");
    }

    @Contract
    void messagesByUidRange(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(5));
        long[] ref = fixture(t).uids(name);
        UIDFolder u = uidFolder(t, name);
        assertArrayEquals(new int[] {2, 3, 4}, FolderContractTest.numbers(u.getMessagesByUID(ref[1], ref[3])));
        assertArrayEquals(new int[] {3, 4, 5}, FolderContractTest.numbers(u.getMessagesByUID(ref[2], UIDFolder.LASTUID)));
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, FolderContractTest.numbers(u.getMessagesByUID(1, UIDFolder.LASTUID)));
        assertEquals(0, u.getMessagesByUID(ref[4] + 10, ref[4] + 20).length, "no messages in an empty range");
    }

    @Contract
    void messagesByUidList(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(4));
        long[] ref = fixture(t).uids(name);
        UIDFolder u = uidFolder(t, name);
        Message[] ms = u.getMessagesByUID(new long[] {ref[3], ref[0], ref[3] + 50});
        assertEquals(3, ms.length);
        assertEquals("Message 4", ms[0].getSubject());
        assertEquals("Message 1", ms[1].getSubject());
        // UIDFolder.getMessagesByUID(long[]): "If any UID is invalid, null is returned for that entry"
        assertNull(ms[2]);
    }

    @Contract
    void uidsSurviveExpungeAndNewSessions(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(4));
        long[] ref = fixture(t).uids(name);
        UIDFolder u = uidFolder(t, name);
        Folder f = (Folder) u;
        f.getMessage(2).setFlag(jakarta.mail.Flags.Flag.DELETED, true);
        f.expunge();
        assertEquals(ref[2], u.getUID(f.getMessage(2)), "the message now numbered 2 keeps its UID");
        assertNull(u.getMessageByUID(ref[1]));
        assertEquals("Message 4", u.getMessageByUID(ref[3]).getSubject());
        assertArrayEquals(new long[] {ref[0], ref[2], ref[3]}, fixture(t).uids(name));
    }

    @Contract
    void uidNext(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(2));
        long[] ref = fixture(t).uids(name);
        UIDFolder u = uidFolder(t, name);
        long next = u.getUIDNext();
        assertTrue(next > ref[1], "UIDNEXT " + next + " > last UID " + ref[1]);
        fixture(t).append(name, Corpus.numbered(1));
        awaitMessageCount((Folder) u, 3);
        long newUid = u.getUID(((Folder) u).getMessage(3));
        assertTrue(newUid >= next, "RFC 9051 2.3.1.1: a new message gets a UID >= the UIDNEXT seen before");
        UIDFolder fresh = (UIDFolder) open(t, name, Folder.READ_ONLY);
        assertTrue(fresh.getUIDNext() > newUid);
        UIDFolder closed = (UIDFolder) connect(t).getFolder(name);
        assertEquals(fresh.getUIDNext(), closed.getUIDNext(), "STATUS UIDNEXT when closed");
    }
}
