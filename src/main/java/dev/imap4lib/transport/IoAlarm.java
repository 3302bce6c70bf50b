package dev.imap4lib.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket whose write or TLS handshake has run too long (socket writes cannot time out
 * on their own).
 *
 * <p>Inside an application server this must not pin the application: the one timer thread is
 * started lazily by the first armed alarm and ends after {@link #IDLE_MILLIS} without one; a
 * cancelled alarm leaves the queue at once, so neither it nor the socket it would close is held
 * until its delay passes; and the thread is made by {@link LibraryThreads}. What a new thread
 * still inherits from its creator (its access control context, which names the creator's
 * protection domains) lives only as long as that short-lived thread.
 */
final class IoAlarm {
    /** How long the timer thread waits for the next alarm before it ends. */
    static final long IDLE_MILLIS = 1_000;

    /** The name of the timer thread; a thread dump shows whose it is. */
    static final String THREAD_NAME = "imap4lib-io-watchdog";

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private IoAlarm() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                r -> LibraryThreads.daemon(THREAD_NAME, r));
        t.setKeepAliveTime(IDLE_MILLIS, TimeUnit.MILLISECONDS);
        t.allowCoreThreadTimeOut(true);
        t.setRemoveOnCancelPolicy(true);
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return t;
    }

    /** Runs {@code action} after {@code millis} unless the returned alarm is cancelled first. */
    static ScheduledFuture<?> arm(Runnable action, long millis) {
        return TIMER.schedule(action, millis, TimeUnit.MILLISECONDS);
    }
}
