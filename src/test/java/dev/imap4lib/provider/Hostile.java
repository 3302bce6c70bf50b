package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.testing.HeapProbe;
import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

/**
 * Plays hostile scripts against the provider through the public Jakarta Mail API and records what
 * the caller saw: the value or the exception, the time, and the heap the call needed.
 */
final class Hostile {
    static final String PREAUTH = "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] hi\n";
    /** What a call may make the heap grow by, whatever the server announces. */
    static final long HEAP_BOUND = 64L << 20;
    /** What may stay behind after the call (the open folder's bookkeeping included). */
    static final long RETAINED_BOUND = 64L << 20;
    /** A bound for calls that should end at once: far above normal, far below a hang. */
    static final Duration QUICK = Duration.ofSeconds(20);

    private Hostile() {
    }

    /** SELECT INBOX answered with {@code exists} messages, read-write. */
    static String select(long exists) {
        return "C: $tag SELECT INBOX\n"
                + "S: * " + exists + " EXISTS\n"
                + "S: * OK [UIDVALIDITY 5] ok\n"
                + "S: $tag OK [READ-WRITE] selected\n";
    }

    /** A single-part text/plain BODYSTRUCTURE for message 1 (UID 9). */
    static final String TEXT_STRUCTURE = """
            C: $tag FETCH 1 (UID BODYSTRUCTURE)
            S: * 1 FETCH (UID 9 BODYSTRUCTURE ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 1 NIL NIL NIL NIL))
            S: $tag OK done
            """;

    @FunctionalInterface
    interface StoreCall {
        /** Runs against an unconnected store; returns what the caller sees. */
        Object run(Store store) throws Exception;
    }

    @FunctionalInterface
    interface FolderCall {
        /** Runs against INBOX of a connected store (not yet open); returns what the caller sees. */
        Object run(Folder inbox) throws Exception;
    }

    /** What one call did. {@code thrown} is null when it returned {@code value}. */
    record Outcome(String label, Object value, Throwable thrown, long millis, long peakHeap, long retainedHeap) {
        String describe() {
            String what = thrown == null ? "returned " + shorten(String.valueOf(value))
                    : thrown.getClass().getSimpleName() + " \"" + shorten(String.valueOf(thrown.getMessage())) + "\""
                            + (thrown.getCause() != null && !(thrown instanceof MessagingException)
                                    ? " caused by " + thrown.getCause().getClass().getSimpleName() : "");
            return label + ": " + what + " in " + millis + " ms, heap peak +" + HeapProbe.mb(peakHeap)
                    + ", retained +" + HeapProbe.mb(retainedHeap);
        }

        /** The exception or the value, as the table in the test report gives it. */
        String kind() {
            return thrown == null ? "value" : thrown.getClass().getSimpleName();
        }
    }

    /** Connects a store whose own connection idles and whose INBOX connection plays {@code folderScript}. */
    static Outcome onFolder(String label, String folderScript, Duration bound, FolderCall call) {
        return onStore(label, List.of(PREAUTH + "WAIT: 60000\n", PREAUTH + folderScript), bound, store -> {
            store.connect("u", "p");
            return call.run(store.getFolder("INBOX"));
        });
    }

    /**
     * Serves {@code scripts} (one per connection, the store's own first) and runs {@code call}
     * within {@code bound}, catching whatever it throws, and measuring the heap around it.
     */
    static Outcome onStore(String label, List<String> scripts, Duration bound, StoreCall call) {
        Store[] opened = new Store[1];
        try {
            return play(label, scripts, bound, call, opened);
        } finally {
            // After the server has closed its end: LOGOUT and UNSELECT then fail at once
            // instead of waiting out the read timeout for replies no script gives.
            if (opened[0] != null) {
                try {
                    opened[0].close();
                } catch (MessagingException | RuntimeException ignored) {
                    // the store may already be gone; what matters was the call
                }
            }
        }
    }

    private static Outcome play(String label, List<String> scripts, Duration bound, StoreCall call, Store[] opened) {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(60))) {
            for (String s : scripts) {
                server.expect(s);
            }
            Store store;
            try {
                store = ScriptedStores.store(server, "timeout", "5000", "connectiontimeout", "5000",
                        "separatestoreconnection", "true");
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError("the imap4lib provider is not registered", e);
            }
            opened[0] = store;
            HeapProbe heap = HeapProbe.start();
            Object[] value = new Object[1];
            Throwable[] thrown = new Throwable[1];
            long t0 = System.nanoTime();
            assertTimeoutPreemptively(bound, () -> {
                try {
                    value[0] = call.run(store);
                } catch (Throwable t) {
                    thrown[0] = t;
                }
            }, () -> label + ": no answer within " + bound);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long peak = heap.peakGrowth();
            value[0] = value[0] instanceof Object[] a ? List.of(a) : value[0];
            long retained = heap.retainedGrowth();
            Outcome o = new Outcome(label, value[0], thrown[0], ms, peak, retained);
            System.out.println("[hostile] " + o.describe());
            return o;
        }
    }

    /**
     * The call failed the way the Jakarta Mail API lets it: a {@link MessagingException} of
     * exactly {@code type}. An Error or a RuntimeException fails the test with its stack trace.
     */
    static MessagingException failsWith(Outcome o, Class<? extends MessagingException> type) {
        noEscape(o);
        if (o.thrown() == null) {
            fail(o.label() + ": expected " + type.getSimpleName() + " but the call returned " + o.value());
        }
        if (o.thrown().getClass() != type) {
            fail(o.label() + ": expected " + type.getName() + " but got " + trace(o.thrown()));
        }
        return (MessagingException) o.thrown();
    }

    /**
     * A content read failed: {@code getContent()} and streams may only throw IOException, so the
     * provider's MessagingException must be its cause (as Jakarta Mail's own FolderClosedIOException
     * carries the folder); returns that cause.
     */
    static MessagingException readFailsWith(Outcome o, Class<? extends MessagingException> cause) {
        noEscape(o);
        if (o.thrown() instanceof MessagingException m && m.getClass() == cause) {
            return m;
        }
        if (!(o.thrown() instanceof IOException io) || io.getCause() == null || io.getCause().getClass() != cause) {
            fail(o.label() + ": expected an IOException caused by " + cause.getSimpleName() + ", got "
                    + (o.thrown() == null ? "value " + o.value() : trace(o.thrown())));
            return null;
        }
        return (MessagingException) io.getCause();
    }

    /** Returned normally; returns the value. */
    static Object returns(Outcome o) {
        noEscape(o);
        if (o.thrown() != null) {
            fail(o.label() + ": expected a value, got " + trace(o.thrown()));
        }
        return o.value();
    }

    /** Returned normally, whatever heap it took (for calls that legitimately need a lot); returns the value. */
    static Object returnsUnbounded(Outcome o) {
        Throwable t = o.thrown();
        if (t != null) {
            fail(o.label() + ": expected a value, got " + trace(t));
        }
        return o.value();
    }

    /** No Error and no RuntimeException reached the caller; the heap stayed within the bounds. */
    static void noEscape(Outcome o) {
        Throwable t = o.thrown();
        if (t instanceof Error || t instanceof RuntimeException) {
            fail(o.label() + ": " + t.getClass().getName() + " escaped the provider:\n" + trace(t));
        }
        assertTrue(o.peakHeap() < HEAP_BOUND, o.label() + ": heap peak grew by " + HeapProbe.mb(o.peakHeap())
                + " (bound " + HeapProbe.mb(HEAP_BOUND) + ")");
        assertTrue(o.retainedHeap() < RETAINED_BOUND, o.label() + ": heap retained "
                + HeapProbe.mb(o.retainedHeap()) + " after the call");
    }

    static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }

    private static String shorten(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        return one.length() > 160 ? one.substring(0, 160) + "..." : one;
    }
}
