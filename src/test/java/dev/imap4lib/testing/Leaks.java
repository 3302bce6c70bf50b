package dev.imap4lib.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a long or faulty run may leave behind in this JVM: threads and sockets, counted before
 * the work and again after it was closed, for tests that no connection or thread outlives
 * {@code Store.close()}.
 */
public final class Leaks {
    private Leaks() {
    }

    /** The threads alive now. */
    public static Set<Thread> liveThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /**
     * Waits up to 10 s until no thread is alive that was not in {@code before}, leaving out JDK
     * process reapers and threads whose name starts with {@code ownPrefix} (the test's own);
     * returns the names of those still there ("" when none).
     */
    public static String awaitNoNewThreads(Set<Thread> before, String ownPrefix) throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            left = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!before.contains(t) && t.isAlive() && !t.getName().startsWith("process reaper")
                        && !t.getName().startsWith(ownPrefix) && t != Thread.currentThread()) {
                    left.add(t.getName());
                }
            }
            if (left.isEmpty()) {
                return "";
            }
            Thread.sleep(100);
        }
        return left.toString();
    }

    /** Live threads whose name starts with {@code prefix}. */
    public static int threadsNamed(String prefix) {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            n += t.isAlive() && t.getName().startsWith(prefix) ? 1 : 0;
        }
        return n;
    }

    /** Open sockets of this process ({@code /proc/self/fd} links to {@code socket:}). */
    public static int openSockets() throws IOException {
        return countFds(true);
    }

    /**
     * Open sockets once the ones earlier code dropped without closing are gone: a GC lets their
     * cleaners close them, so a count taken before a run is not lowered by them during it.
     */
    public static int settledSockets() throws IOException, InterruptedException {
        int now = openSockets();
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            int again = openSockets();
            if (again == now) {
                break;
            }
            now = again;
        }
        return now;
    }

    /** Open file descriptors of this process. */
    public static int openFds() throws IOException {
        return countFds(false);
    }

    private static int countFds(boolean socketsOnly) throws IOException {
        int n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (!socketsOnly || Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed while listed
                }
            }
        }
        return n;
    }

    /** Waits up to 10 s until at most {@code before} sockets are open; returns the count then. */
    public static int awaitSockets(int before) throws IOException, InterruptedException {
        int now = openSockets();
        for (int i = 0; i < 100 && now > before; i++) {
            Thread.sleep(100);
            now = openSockets();
        }
        return now;
    }
}
