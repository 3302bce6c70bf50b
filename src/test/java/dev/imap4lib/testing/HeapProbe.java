package dev.imap4lib.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

/**
 * How much heap a piece of work needed, for tests that a hostile server cannot make the client
 * allocate what it announces.
 *
 * <p>Two numbers: the <em>peak</em> growth of the heap pools that hold long-lived and large
 * objects (with G1, the old generation, where every array of half a region or more is placed
 * directly, so one big allocation shows up here at once), and the growth <em>retained</em> after
 * a GC. Eden and survivor pools are left out of the peak on purpose: they fill with short-lived
 * garbage up to their capacity whatever the work, so their peak says nothing about a leak or a
 * pre-allocated buffer.
 */
public final class HeapProbe {
    private static final long MB = 1L << 20;

    private final List<MemoryPoolMXBean> pools;
    private final long baselineOld;
    private final long baselineUsed;

    private HeapProbe() {
        pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && !isYoung(p))
                .toList();
        settle();
        long old = 0;
        for (MemoryPoolMXBean p : pools) {
            p.resetPeakUsage();
            old += p.getUsage().getUsed();
        }
        baselineOld = old;
        baselineUsed = usedAfterGc();
    }

    /** Collects garbage and starts measuring from here. */
    public static HeapProbe start() {
        return new HeapProbe();
    }

    /** Highest old-generation occupancy since {@link #start()}, minus where it stood then; bytes. */
    public long peakGrowth() {
        long peak = 0;
        for (MemoryPoolMXBean p : pools) {
            peak += p.getPeakUsage().getUsed();
        }
        return Math.max(0, peak - baselineOld);
    }

    /** Heap in use after a GC now, minus the same at {@link #start()}; bytes (may be negative). */
    public long retainedGrowth() {
        return usedAfterGc() - baselineUsed;
    }

    /** The largest heap the JVM may use (-Xmx), bytes. */
    public static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** A size in MB with one decimal, for messages. */
    public static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }

    private static boolean isYoung(MemoryPoolMXBean p) {
        String n = p.getName().toLowerCase(Locale.ROOT);
        return n.contains("eden") || n.contains("survivor") || n.contains("nursery");
    }

    private static long usedAfterGc() {
        settle();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void settle() {
        // Two collections: the first may only queue finalizable or reference-processed objects.
        System.gc();
        System.gc();
    }
}
