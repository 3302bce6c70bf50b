package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.UIDFolder;
import java.util.ArrayList;
import java.util.List;

/**
 * No data loss: after append, copy and expunge through the provider under test, a fresh
 * connection (of the provider and of the reference client) sees exactly the expected messages:
 * count, UIDs and bytes.
 */
class NoDataLossContractTest extends ProviderContract {

    private static final Corpus.Msg[] ALL = {Corpus.TEXT, Corpus.ALTERNATIVE, Corpus.MIXED, Corpus.NESTED,
        Corpus.EIGHT_BIT, Corpus.LARGE};

    /** Bytes and UIDs seen by a fresh provider-under-test connection. */
    private record Seen(List<byte[]> raw, long[] uids) {
    }

    private Seen fresh(Target t, String name) throws Exception {
        Folder f = open(t, name, Folder.READ_ONLY);
        Message[] ms = f.getMessages();
        List<byte[]> raw = new ArrayList<>();
        long[] uids = new long[ms.length];
        for (int i = 0; i < ms.length; i++) {
            raw.add(bytes(ms[i]));
            uids[i] = ((UIDFolder) f).getUID(ms[i]);
        }
        f.close(false);
        return new Seen(raw, uids);
    }

    private void assertExactly(Target t, String name, List<Corpus.Msg> expected, long[] expectedUids) throws Exception {
        Seen seen = fresh(t, name);
        List<byte[]> ref = fixture(t).raw(name);
        assertEquals(expected.size(), seen.raw().size(), "count, provider under test");
        assertEquals(expected.size(), ref.size(), "count, reference client");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).raw(), seen.raw().get(i), "provider under test, message " + (i + 1));
            assertArrayEquals(expected.get(i).raw(), ref.get(i), "reference client, message " + (i + 1));
        }
        if (expectedUids != null) {
            assertArrayEquals(expectedUids, seen.uids(), "UIDs");
        }
        assertArrayEquals(fixture(t).uids(name), seen.uids(), "same UIDs as the reference client sees");
    }

    @Contract
    void appendCopyExpunge(Target t) throws Exception {
        String a = unique("A");
        String b = unique("B");
        Fixture fx = fixture(t);
        fx.create(a);
        fx.create(b);

        // append, one message at a time and then several at once, through the provider
        Folder fa = connect(t).getFolder(a);
        fa.appendMessages(new Message[] {ALL[0].toMime(session(t))});
        Message[] rest = new Message[ALL.length - 1];
        for (int i = 1; i < ALL.length; i++) {
            rest[i - 1] = ALL[i].toMime(session(t));
        }
        fa.appendMessages(rest);
        assertExactly(t, a, List.of(ALL), null);
        long[] uidsA = fixture(t).uids(a);
        for (int i = 1; i < uidsA.length; i++) {
            assertTrue(uidsA[i] > uidsA[i - 1]);
        }

        // copy 2, 4, 6 to B
        Folder open = open(t, a, Folder.READ_WRITE);
        open.copyMessages(open.getMessages(new int[] {2, 4, 6}), open.getStore().getFolder(b));
        assertExactly(t, b, List.of(ALL[1], ALL[3], ALL[5]), null);
        assertExactly(t, a, List.of(ALL), uidsA);

        // expunge 1, 4, 5 from A
        open.setFlags(new int[] {1, 4, 5}, new Flags(Flags.Flag.DELETED), true);
        Message[] gone = open.expunge();
        assertEquals(3, gone.length);
        open.close(false);
        assertExactly(t, a, List.of(ALL[1], ALL[2], ALL[5]), new long[] {uidsA[1], uidsA[2], uidsA[5]});
        assertExactly(t, b, List.of(ALL[1], ALL[3], ALL[5]), null);
    }

    @Contract
    void manyMessagesInOneAppend(Target t) throws Exception {
        String name = unique("Many");
        fixture(t).create(name);
        Corpus.Msg[] msgs = Corpus.numbered(40);
        Message[] mime = new Message[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            mime[i] = msgs[i].toMime(session(t));
        }
        connect(t).getFolder(name).appendMessages(mime);
        assertExactly(t, name, List.of(msgs), null);
    }
}
