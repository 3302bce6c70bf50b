package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The slot bookkeeping against a plain list model, under random EXISTS/EXPUNGE/compact sequences. */
class MessageCacheTest {
    private static final Imap4libFolder FOLDER = new Imap4libFolder(
            new Imap4libStore(jakarta.mail.Session.getInstance(new java.util.Properties()), null), "INBOX", '/');

    private static MessageCache cache(int n) {
        return new MessageCache(i -> new Imap4libMessage(FOLDER, i), n);
    }

    @Test
    void sequenceNumbersSkipMessagesExpungedElsewhere() {
        MessageCache c = cache(5);
        c.expunge(2); // slot 2 gone
        assertEquals(5, c.size(), "kept until our own expunge");
        assertEquals(4, c.live());
        assertEquals(2, c.slotOf(2), "the server's #2 is our message 3 (slot index 2)");
        assertEquals(2, c.seqOf(3));
        assertEquals(-1, c.seqOf(2));
        assertTrue(c.get(2).isExpunged());
        List<Imap4libMessage> removed = c.compact();
        assertEquals(1, removed.size());
        assertEquals(4, c.size());
        assertEquals(2, c.get(2).getMessageNumber());
    }

    @Test
    void randomOperationsMatchAListModel() {
        Random r = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = r.nextInt(40);
            MessageCache c = cache(n);
            List<Integer> model = new ArrayList<>(); // live slot indexes (0-based) in server order
            List<Boolean> slots = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                model.add(i);
                slots.add(true);
            }
            for (int step = 0; step < 60; step++) {
                int op = r.nextInt(10);
                if (op < 5 && !model.isEmpty()) {
                    int seq = 1 + r.nextInt(model.size());
                    int slot = model.remove(seq - 1);
                    slots.set(slot, false);
                    Imap4libMessage m = c.expunge(seq);
                    assertEquals(slot + 1, m.getMessageNumber());
                } else if (op < 8) {
                    int add = r.nextInt(5);
                    int before = slots.size();
                    for (int i = 0; i < add; i++) {
                        model.add(before + i);
                        slots.add(true);
                    }
                    assertEquals(add, c.exists(model.size()));
                } else {
                    c.compact();
                    List<Integer> nm = new ArrayList<>();
                    for (int i = 0; i < model.size(); i++) {
                        nm.add(i);
                    }
                    model = nm;
                    slots = new ArrayList<>();
                    for (int i = 0; i < model.size(); i++) {
                        slots.add(true);
                    }
                }
                assertEquals(slots.size(), c.size());
                for (int seq = 1; seq <= model.size(); seq++) {
                    assertEquals((int) model.get(seq - 1), c.slotOf(seq), "round " + round + " step " + step);
                    assertEquals(seq, c.seqOf(model.get(seq - 1) + 1));
                }
                assertNull(c.bySeq(model.size() + 1));
            }
        }
    }

    @Test
    void manyExpungesStayFast() {
        int n = 200_000;
        MessageCache c = cache(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            c.expunge(1);
        }
        c.compact();
        assertEquals(0, c.size());
        // Recorded, not asserted as a speed limit: the point is that this finishes at all quickly.
        System.out.printf("200000 EXPUNGE responses applied in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
}
