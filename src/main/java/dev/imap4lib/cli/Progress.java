package dev.imap4lib.cli;

import java.util.Locale;

/**
 * A progress line on a terminal (stderr, rewritten in place): count, data, MB/s, ETA. Off a
 * terminal it stays silent; the command prints its summary either way.
 */
final class Progress {
    private final Ctx ctx;
    private String label;
    private final int total;
    private final long totalBytes;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean printed;

    Progress(Ctx ctx, String label, int total, long totalBytes) {
        this.ctx = ctx;
        this.label = label;
        this.total = total;
        this.totalBytes = totalBytes;
    }

    void update(int done, long bytes) {
        if (!ctx.tty || ctx.json) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastPrint < 150_000_000L) {
            return;
        }
        lastPrint = now;
        double secs = Math.max(1e-3, (now - start) / 1e9);
        double rate = bytes / secs;
        String eta = "--:--";
        if (bytes > 0 && totalBytes > bytes) {
            long s = (long) ((totalBytes - bytes) / rate);
            eta = String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        } else if (done >= total) {
            eta = "0:00";
        }
        String line = String.format(Locale.ROOT, "%s  %d/%d messages  %s  %.1f MB/s  ETA %s", label, done, total,
                Text.size(bytes), rate / (1024 * 1024), eta);
        ctx.err.print("\r" + Text.truncate(line, ctx.columns() - 1) + "\u001b[K");
        ctx.err.flush();
        printed = true;
    }

    /** What the line names from now on (copy: the folder being worked on). */
    void label(String label) {
        this.label = label;
    }

    /** Seconds since the start. */
    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    void finish() {
        if (printed) {
            ctx.err.print("\r\u001b[K");
            ctx.err.flush();
        }
    }

    static String rate(long bytes, double secs) {
        return String.format(Locale.ROOT, "%.1f MB/s", bytes / Math.max(1e-3, secs) / (1024 * 1024));
    }
}
