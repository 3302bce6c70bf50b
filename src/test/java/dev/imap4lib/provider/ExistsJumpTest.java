package dev.imap4lib.provider;

import static dev.imap4lib.provider.Hostile.onFolder;
import static dev.imap4lib.provider.Hostile.returns;
import static dev.imap4lib.provider.Hostile.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.HeapProbe;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13: an unsolicited EXISTS jump by millions, with MessageCountListeners registered, in a
 * 256 MB heap (surefire execution "small-heap"). The listeners hear of every new message exactly
 * once, in order, in events of at most {@link AddedBatches#BATCH} messages, and what the heap
 * keeps afterwards stays within {@link Hostile#RETAINED_BOUND}.
 */
@Tag("small-heap")
@Timeout(300)
class ExistsJumpTest {

    private static final int NEW = 5_000_000;

    /** Counts what one listener hears; checks the numbering as it goes. */
    private static final class Counting extends MessageCountAdapter {
        final AtomicInteger messages = new AtomicInteger();
        final AtomicInteger events = new AtomicInteger();
        final AtomicInteger largest = new AtomicInteger();
        final AtomicReference<String> wrong = new AtomicReference<>();
        final AtomicReference<Message> firstSeen = new AtomicReference<>();
        final CountDownLatch all = new CountDownLatch(1);
        private int next = 2;   // message 1 was there at SELECT

        @Override
        public void messagesAdded(MessageCountEvent e) {
            Message[] m = e.getMessages();
            events.incrementAndGet();
            largest.accumulateAndGet(m.length, Math::max);
            firstSeen.compareAndSet(null, m[0]);
            for (Message msg : m) {
                if (msg.getMessageNumber() != next && wrong.get() == null) {
                    wrong.set("expected message " + next + ", got " + msg.getMessageNumber());
                }
                next++;
            }
            if (messages.addAndGet(m.length) >= NEW) {
                all.countDown();
            }
        }
    }

    @Test
    void aJumpByMillionsReachesEveryListenerInBoundedBatches() {
        Counting one = new Counting();
        Counting two = new Counting();
        Hostile.Outcome o = onFolder("* " + (NEW + 1) + " EXISTS in NOOP with two MessageCountListeners", select(1)
                + "C: $tag NOOP\nS: * " + (NEW + 1) + " EXISTS\nS: $tag OK done\n", Duration.ofSeconds(240), inbox -> {
                    inbox.addMessageCountListener(one);
                    inbox.addMessageCountListener(two);
                    inbox.open(Folder.READ_WRITE);
                    Thread.sleep(1100);   // the next count asks the server (NOOP)
                    int count = inbox.getMessageCount();
                    assertTrue(one.all.await(200, TimeUnit.SECONDS), "first listener heard " + one.messages);
                    assertTrue(two.all.await(30, TimeUnit.SECONDS), "second listener heard " + two.messages);
                    // While a listener holds a message, the folder hands out that same object.
                    assertSame(one.firstSeen.get(), inbox.getMessage(2));
                    return count;
                });
        // The peak is not bounded by Hostile.HEAP_BOUND here: the announced messages are garbage
        // once a listener is done with them, but G1 promotes some of that garbage to the old
        // generation before it dies (weak references held there keep their referents through
        // young collections), so the old generation's peak shows garbage, not what is kept. What
        // is kept is bounded (retained, after a GC), and the run fits in 256 MB, where building
        // 5,000,000 messages at once (about 1 GB) could not.
        assertEquals(NEW + 1, Hostile.returnsUnbounded(o));
        assertTrue(o.retainedHeap() < Hostile.RETAINED_BOUND, "retained " + HeapProbe.mb(o.retainedHeap()));
        for (Counting c : new Counting[] {one, two}) {
            assertEquals(null, c.wrong.get());
            assertEquals(NEW, c.messages.get(), "messages announced");
            assertTrue(c.largest.get() <= AddedBatches.BATCH, "largest event: " + c.largest);
            assertEquals((NEW + AddedBatches.BATCH - 1) / AddedBatches.BATCH, c.events.get(), "events");
        }
        System.out.println("[exists-jump] " + NEW + " new messages: " + one.events + " events of at most "
                + one.largest + " to each of 2 listeners; " + o.describe());
    }

    @Test
    void aFewNewMessagesStillComeAsOneEvent() {
        Counting c = new Counting();
        Hostile.Outcome o = onFolder("* 301 EXISTS in NOOP with a MessageCountListener", select(1)
                + "C: $tag NOOP\nS: * 301 EXISTS\nS: $tag OK done\n", Duration.ofSeconds(30), inbox -> {
                    inbox.addMessageCountListener(c);
                    inbox.open(Folder.READ_WRITE);
                    Thread.sleep(1100);
                    int count = inbox.getMessageCount();
                    for (int i = 0; i < 100 && c.messages.get() < 300; i++) {
                        Thread.sleep(50);
                    }
                    return count + " " + c.messages + " " + c.events + " " + (c.firstSeen.get() == inbox.getMessage(2));
                });
        assertEquals("301 300 1 true", returns(o));
        assertEquals(null, c.wrong.get());
    }
}
