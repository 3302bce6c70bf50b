package dev.imap4lib.testing;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds a multi-threaded test and, when it hangs, fails it with every thread's whole stack and
 * the locks involved: a deadlock in a load test is then diagnosed from the report alone. (JUnit's
 * own timeouts interrupt without showing where the threads are, and a thread blocked on a
 * monitor ignores interrupts anyway.)
 */
public final class Watchdog {
    private Watchdog() {
    }

    /**
     * Runs {@code body} on a daemon thread of its own and returns its result; if it has not
     * finished within {@code limit}, throws an AssertionError holding {@link #threadDump()}. The
     * hung thread is interrupted and left behind (it is a daemon, so it cannot keep the JVM up).
     */
    public static <T> T run(String what, Duration limit, Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        Thread t = new Thread(task, "watched: " + what);
        t.setDaemon(true);
        t.start();
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String dump = threadDump();
            t.interrupt();
            throw new AssertionError(what + " did not finish within " + limit + "\n" + dump);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Deadlocked threads first (if any), then every thread with its complete stack and held locks. */
    public static String threadDump() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder();
        long[] deadlocked = mx.findDeadlockedThreads();
        if (deadlocked != null) {
            sb.append("DEADLOCK between ").append(deadlocked.length).append(" threads:\n");
            for (ThreadInfo ti : mx.getThreadInfo(deadlocked, true, true)) {
                if (ti != null) {
                    append(sb, ti);
                }
            }
            sb.append("\nAll threads:\n");
        } else {
            sb.append("No deadlock found by the JVM; all threads:\n");
        }
        for (ThreadInfo ti : mx.dumpAllThreads(true, true)) {
            append(sb, ti);
        }
        return sb.toString();
    }

    /** Like ThreadInfo.toString, but with every frame (it stops at eight). */
    private static void append(StringBuilder sb, ThreadInfo ti) {
        sb.append('"').append(ti.getThreadName()).append("\" id=").append(ti.getThreadId())
                .append(' ').append(ti.getThreadState());
        if (ti.getLockName() != null) {
            sb.append(" on ").append(ti.getLockName());
        }
        if (ti.getLockOwnerName() != null) {
            sb.append(" owned by \"").append(ti.getLockOwnerName()).append("\" id=").append(ti.getLockOwnerId());
        }
        sb.append('\n');
        StackTraceElement[] stack = ti.getStackTrace();
        MonitorInfo[] monitors = ti.getLockedMonitors();
        for (int i = 0; i < stack.length; i++) {
            sb.append("\tat ").append(stack[i]).append('\n');
            for (MonitorInfo m : monitors) {
                if (m.getLockedStackDepth() == i) {
                    sb.append("\t-  locked ").append(m).append('\n');
                }
            }
        }
        for (LockInfo l : ti.getLockedSynchronizers()) {
            sb.append("\t-  holds ").append(l).append('\n');
        }
        sb.append('\n');
    }
}
