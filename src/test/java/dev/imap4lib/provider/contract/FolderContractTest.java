package dev.imap4lib.provider.contract;

import static dev.imap4lib.provider.contract.StoreContractTest.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.FolderEvent;
import jakarta.mail.event.FolderListener;
import java.util.Set;

/** {@link Folder}: hierarchy, life cycle, subscription, open/close and counts. */
class FolderContractTest extends ProviderContract {

    @Contract
    void createWithEventAndAttributes(Target t) throws Exception {
        Store s = connect(t);
        String name = unique("New");
        Folder f = s.getFolder(name);
        assertFalse(f.exists());
        Events<FolderEvent> folderEvents = new Events<>();
        Events<FolderEvent> storeEvents = new Events<>();
        f.addFolderListener(folderListener(folderEvents));
        s.addFolderListener(folderListener(storeEvents));

        assertTrue(f.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS));
        assertTrue(f.exists());
        assertTrue((f.getType() & Folder.HOLDS_MESSAGES) != 0, "type " + f.getType());
        FolderEvent e = folderEvents.await("folder created");
        assertEquals(FolderEvent.CREATED, e.getType());
        assertSame(f, e.getFolder());
        assertEquals(FolderEvent.CREATED, storeEvents.await("store folder created").getType());

        assertTrue(fixture(t).exists(name), "the reference client sees the new folder");
        assertFalse(s.getFolder(name).create(Folder.HOLDS_MESSAGES), "creating an existing folder fails");
    }

    @Contract
    void hierarchyNamesAndParent(Target t) throws Exception {
        Store s = connect(t);
        String parentName = unique("P");
        Folder parent = s.getFolder(parentName);
        assertTrue(parent.create(Folder.HOLDS_FOLDERS | Folder.HOLDS_MESSAGES));
        char sep = parent.getSeparator();
        assertEquals(s.getDefaultFolder().getSeparator(), sep);
        assertEquals(fixture(t).separator(), sep, "the server's hierarchy delimiter");

        Folder child = parent.getFolder("Child");
        assertEquals(parentName + sep + "Child", child.getFullName());
        assertEquals("Child", child.getName());
        assertTrue(child.create(Folder.HOLDS_MESSAGES));
        assertTrue(child.exists());
        assertEquals(parentName, child.getParent().getFullName());
        assertEquals("", parent.getParent().getFullName(), "a top-level folder's parent is the default folder");

        Folder bySeparator = s.getFolder(parentName + sep + "Child");
        assertTrue(bySeparator.exists());
        assertEquals("Child", bySeparator.getName());
        assertTrue((parent.getType() & Folder.HOLDS_FOLDERS) != 0);
    }

    @Contract
    void listPercentStarAndSubscribed(Target t) throws Exception {
        Store s = connect(t);
        String p = unique("L");
        Folder parent = s.getFolder(p);
        assertTrue(parent.create(Folder.HOLDS_FOLDERS | Folder.HOLDS_MESSAGES));
        char sep = parent.getSeparator();
        assertTrue(parent.getFolder("A").create(Folder.HOLDS_FOLDERS | Folder.HOLDS_MESSAGES));
        assertTrue(parent.getFolder("B").create(Folder.HOLDS_MESSAGES));
        assertTrue(s.getFolder(p + sep + "A" + sep + "Deep").create(Folder.HOLDS_MESSAGES));

        assertEquals(Set.of(p + sep + "A", p + sep + "B"), names(parent.list("%")));
        assertEquals(Set.of(p + sep + "A", p + sep + "B"), names(parent.list()));
        assertEquals(Set.of(p + sep + "A", p + sep + "B", p + sep + "A" + sep + "Deep"), names(parent.list("*")));
        assertEquals(Set.of(p + sep + "B"), names(parent.list("B")));
        Set<String> top = names(s.getDefaultFolder().list("%"));
        assertTrue(top.contains(p), top.toString());
        assertFalse(top.contains(p + sep + "A"), "% does not descend: " + top);
        for (Folder f : parent.list("*")) {
            assertSame(s, f.getStore());
            assertTrue(f.exists());
        }

        parent.getFolder("B").setSubscribed(true);
        assertEquals(Set.of(p + sep + "B"), names(parent.listSubscribed("*")));
        assertEquals(Set.of(p + sep + "B"), names(parent.listSubscribed()));
    }

    @Contract
    void subscription(Target t) throws Exception {
        String name = unique("S");
        fixture(t).create(name);
        Store s = connect(t);
        Folder f = s.getFolder(name);
        assertFalse(f.isSubscribed());
        f.setSubscribed(true);
        assertTrue(f.isSubscribed());
        assertTrue(connect(t).getFolder(name).isSubscribed(), "a second connection sees the subscription");
        assertTrue(fixture(t).isSubscribed(name));
        assertTrue(names(s.getDefaultFolder().listSubscribed("*")).contains(name));
        f.setSubscribed(false);
        assertFalse(connect(t).getFolder(name).isSubscribed());
        assertFalse(names(s.getDefaultFolder().listSubscribed("*")).contains(name));
    }

    @Contract
    void internationalNames(Target t) throws Exception {
        // RFC 3501 5.1.3 (modified UTF-7 on the wire; RFC 9051 servers may use UTF-8): the API
        // deals in Unicode names only
        Store s = connect(t);
        String name = unique("I") + "Entwürfe € 日本";
        Folder f = s.getFolder(name);
        assertTrue(f.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS));
        assertTrue(fixture(t).exists(name), "the reference client sees the same name");
        assertEquals(Set.of(name), names(s.getDefaultFolder().list(name)));
        String prefix = name.substring(0, name.indexOf("Entw"));
        assertEquals(Set.of(name), names(s.getDefaultFolder().list(prefix + "Entwürfe*")), "a pattern with non-ASCII");
        Folder child = f.getFolder("Ünter & Co");
        assertTrue(child.create(Folder.HOLDS_MESSAGES));
        assertEquals(Set.of(name + f.getSeparator() + "Ünter & Co"), names(f.list()));
        fixture(t).append(child.getFullName(), Corpus.numbered(1));
        Folder open = s.getFolder(child.getFullName());
        open.open(Folder.READ_ONLY);
        assertEquals("Message 1", open.getMessage(1).getSubject());
        open.close(false);
        Folder renamed = s.getFolder(name + "ß");
        assertTrue(f.renameTo(renamed));
        assertTrue(fixture(t).exists(name + "ß" + f.getSeparator() + "Ünter & Co"));
        assertFalse(fixture(t).exists(name));
    }

    @Contract
    void renameWithEventKeepsMessages(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(2));
        Store s = connect(t);
        Folder from = s.getFolder(name);
        Events<FolderEvent> events = new Events<>();
        from.addFolderListener(folderListener(events));
        Folder to = s.getFolder(name + "Renamed");
        assertTrue(from.renameTo(to));
        FolderEvent e = events.await("folder renamed");
        assertEquals(FolderEvent.RENAMED, e.getType());
        assertEquals(name + "Renamed", e.getNewFolder().getFullName());
        assertFalse(s.getFolder(name).exists());
        assertTrue(s.getFolder(name + "Renamed").exists());
        assertEquals(2, fixture(t).count(name + "Renamed"));
        assertFalse(fixture(t).exists(name));
    }

    @Contract
    void renameOpenFolderIsIllegalState(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(1));
        Folder f = open(t, name, Folder.READ_ONLY);
        // Folder.renameTo: "IllegalStateException if this folder is not in the closed state"
        assertThrows(IllegalStateException.class, () -> f.renameTo(f.getStore().getFolder(name + "X")));
    }

    @Contract
    void deleteLeafWithMessagesAndEvent(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(2));
        Store s = connect(t);
        Folder f = s.getFolder(name);
        Events<FolderEvent> events = new Events<>();
        f.addFolderListener(folderListener(events));
        assertTrue(f.delete(false));
        assertEquals(FolderEvent.DELETED, events.await("folder deleted").getType());
        assertFalse(f.exists());
        assertFalse(fixture(t).exists(name));
    }

    @Contract
    void deleteRecursive(Target t) throws Exception {
        Store s = connect(t);
        String p = unique("D");
        Folder parent = s.getFolder(p);
        assertTrue(parent.create(Folder.HOLDS_FOLDERS | Folder.HOLDS_MESSAGES));
        char sep = parent.getSeparator();
        assertTrue(parent.getFolder("A").create(Folder.HOLDS_FOLDERS | Folder.HOLDS_MESSAGES));
        assertTrue(s.getFolder(p + sep + "A" + sep + "Deep").create(Folder.HOLDS_MESSAGES));
        assertTrue(parent.delete(true));
        if (t.has(Deviation.ANGUS_RECURSIVE_DELETE_SOMETIMES_LEAVES_PARENT) && parent.exists()) {
            assertTrue(parent.delete(true), "second recursive delete");
        }
        assertFalse(parent.exists());
        Fixture fx = fixture(t);
        assertFalse(fx.exists(p + sep + "A"));
        assertFalse(fx.exists(p + sep + "A" + sep + "Deep"));
        assertFalse(fx.exists(p));
    }

    @Contract
    void deleteOpenFolderIsIllegalState(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(1));
        Folder f = open(t, name, Folder.READ_ONLY);
        // Folder.delete: "IllegalStateException if this folder is not in the closed state"
        assertThrows(IllegalStateException.class, () -> f.delete(false));
        assertTrue(fixture(t).exists(name));
    }

    @Contract
    void openModesAndEvents(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(1));
        Folder f = connect(t).getFolder(name);
        assertFalse(f.isOpen());
        // Folder.getMode: "IllegalStateException if this folder is not opened"
        assertThrows(IllegalStateException.class, f::getMode);
        Events<ConnectionEvent> events = new Events<>();
        f.addConnectionListener(StoreContractTest.listener(events));

        f.open(Folder.READ_ONLY);
        assertTrue(f.isOpen());
        assertEquals(Folder.READ_ONLY, f.getMode());
        assertEquals(ConnectionEvent.OPENED, events.await("folder opened").getType());
        // Folder.open: "IllegalStateException if this folder is not in the closed state"
        assertThrows(IllegalStateException.class, () -> f.open(Folder.READ_ONLY));
        assertThrows(IllegalStateException.class, () -> f.open(Folder.READ_WRITE));
        f.close(false);
        assertFalse(f.isOpen());
        assertEquals(ConnectionEvent.CLOSED, events.await("folder closed").getType());
        // Folder.close: "IllegalStateException if this folder is not opened"
        assertThrows(IllegalStateException.class, () -> f.close(false));

        f.open(Folder.READ_WRITE);
        assertTrue(f.isOpen());
        assertEquals(Folder.READ_WRITE, f.getMode());
        f.close(false);
    }

    @Contract
    void openMissingFolderFails(Target t) throws Exception {
        Folder f = connect(t).getFolder(unique("Nope"));
        assertThrows(jakarta.mail.FolderNotFoundException.class, () -> f.open(Folder.READ_ONLY));
        assertFalse(f.isOpen());
    }

    @Contract
    void closeExpungeTrueRemovesDeleted(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(3));
        Folder f = open(t, name, Folder.READ_WRITE);
        f.getMessage(2).setFlag(Flags.Flag.DELETED, true);
        f.close(true);
        assertEquals(java.util.List.of("Message 1", "Message 3"), fixture(t).subjects(name));
    }

    @Contract
    void closeExpungeFalseKeepsDeleted(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(3));
        Folder f = open(t, name, Folder.READ_WRITE);
        f.getMessage(2).setFlag(Flags.Flag.DELETED, true);
        f.close(false);
        assertEquals(3, fixture(t).count(name));
        assertTrue(fixture(t).flags(name, 2).contains(Flags.Flag.DELETED));
    }

    @Contract
    void readOnlyCloseTrueDoesNotExpunge(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(2));
        fixture(t).setFlags(name, 1, new Flags(Flags.Flag.DELETED), true);
        Folder f = open(t, name, Folder.READ_ONLY);
        f.close(true); // RFC 9051 6.4.2: CLOSE on an EXAMINEd mailbox expunges nothing
        assertEquals(2, fixture(t).count(name));
    }

    /** Four messages: 1 seen, 2 deleted+seen, 3 unseen, 4 flagged (unseen). */
    private String countsFolder(Target t) throws Exception {
        Corpus.Msg[] m = Corpus.numbered(4);
        m[0] = m[0].withFlags(new Flags(Flags.Flag.SEEN));
        Flags del = new Flags(Flags.Flag.DELETED);
        del.add(Flags.Flag.SEEN);
        m[1] = m[1].withFlags(del);
        m[3] = m[3].withFlags(new Flags(Flags.Flag.FLAGGED));
        return folderWith(t, m);
    }

    @Contract
    void countsWhenClosed(Target t) throws Exception {
        String name = countsFolder(t);
        Folder f = connect(t).getFolder(name);
        assertEquals(4, f.getMessageCount());
        assertEquals(2, f.getUnreadMessageCount());
        // Folder.getDeletedMessageCount: a provider "can choose not to support this functionality
        // in the closed state, in which case this method must return -1" (IMAP STATUS has no item)
        int deleted = f.getDeletedMessageCount();
        assertTrue(deleted == -1 || deleted == 1, "deleted count " + deleted);
        // nobody has selected the mailbox yet: all four are \\Recent (STATUS RECENT)
        assertEquals(4, f.getNewMessageCount());
        assertTrue(f.hasNewMessages());
        assertFalse(f.isOpen(), "counting does not open the folder");
    }

    @Contract
    void countsWhenOpen(Target t) throws Exception {
        String name = countsFolder(t);
        Folder f = open(t, name, Folder.READ_WRITE);
        assertEquals(4, f.getMessageCount());
        assertEquals(2, f.getUnreadMessageCount());
        assertEquals(1, f.getDeletedMessageCount());
        assertEquals(4, f.getNewMessageCount(), "the first session to select sees the messages \\Recent");
        f.getMessage(3).setFlag(Flags.Flag.SEEN, true);
        f.getMessage(4).setFlag(Flags.Flag.DELETED, true);
        assertEquals(1, f.getUnreadMessageCount());
        assertEquals(2, f.getDeletedMessageCount());
        f.close(false);
        Folder again = open(t, name, Folder.READ_ONLY);
        assertEquals(0, again.getNewMessageCount(), "\\Recent went to the first session only");
    }

    @Contract
    void getMessageBoundsAndRanges(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(5));
        Folder f = open(t, name, Folder.READ_ONLY);
        for (int i = 1; i <= 5; i++) {
            Message m = f.getMessage(i);
            assertEquals(i, m.getMessageNumber());
            assertSame(f, m.getFolder());
            assertEquals("Message " + i, m.getSubject());
        }
        // Folder.getMessage: "IndexOutOfBoundsException if the message number is out of range"
        assertThrows(IndexOutOfBoundsException.class, () -> f.getMessage(0));
        assertThrows(IndexOutOfBoundsException.class, () -> f.getMessage(6));
        assertSame(f.getMessage(3), f.getMessage(3), "message objects are cached per folder");

        Message[] all = f.getMessages();
        assertEquals(5, all.length);
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, numbers(all));
        assertArrayEquals(new int[] {2, 3, 4}, numbers(f.getMessages(2, 4)));
        assertArrayEquals(new int[] {5, 1, 3}, numbers(f.getMessages(new int[] {5, 1, 3})));
        assertEquals("Message 4", f.getMessages(new int[] {4})[0].getSubject());
        assertThrows(IndexOutOfBoundsException.class, () -> f.getMessages(4, 6));
    }

    @Contract
    void messagesNeedAnOpenFolder(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(1));
        Folder f = connect(t).getFolder(name);
        // Folder.getMessage: "IllegalStateException if this folder is not opened"
        assertThrows(IllegalStateException.class, () -> f.getMessage(1));
        assertThrows(IllegalStateException.class, f::getMessages);
        assertThrows(IllegalStateException.class, f::expunge);
    }

    @Contract
    void permanentFlags(Target t) throws Exception {
        String name = folderWith(t, Corpus.numbered(1));
        Folder f = open(t, name, Folder.READ_WRITE);
        Flags p = f.getPermanentFlags();
        assertNotNull(p);
        for (Flags.Flag flag : new Flags.Flag[] {Flags.Flag.SEEN, Flags.Flag.DELETED, Flags.Flag.FLAGGED,
            Flags.Flag.ANSWERED, Flags.Flag.DRAFT}) {
            assertTrue(p.contains(flag), "PERMANENTFLAGS has " + flag + ": " + p);
        }
        // RFC 9051 7.1: \\Recent is never a permanent flag
        assertFalse(p.contains(Flags.Flag.RECENT));
        // GreenMail and Dovecot both announce \* (keywords may be created): Flags.Flag.USER
        assertTrue(p.contains(Flags.Flag.USER), "\\* in PERMANENTFLAGS: " + p);
    }

    static int[] numbers(Message[] ms) {
        int[] n = new int[ms.length];
        for (int i = 0; i < ms.length; i++) {
            n[i] = ms[i].getMessageNumber();
        }
        return n;
    }

    static FolderListener folderListener(Events<FolderEvent> events) {
        return new FolderListener() {
            @Override
            public void folderCreated(FolderEvent e) {
                events.add(e);
            }

            @Override
            public void folderDeleted(FolderEvent e) {
                events.add(e);
            }

            @Override
            public void folderRenamed(FolderEvent e) {
                events.add(e);
            }
        };
    }
}
