package dev.imap4lib.transport;

/**
 * Every thread the transports start comes from here, so that none can pin an application's class
 * loader inside an application server: named (a thread dump says whose it is), a daemon (it never
 * keeps a JVM alive), no context class loader, and no copy of the creating thread's inheritable
 * thread locals (an application's request context or logging MDC). Each such thread also ends
 * on its own when its work is done; that is up to its owner.
 */
final class LibraryThreads {
    private LibraryThreads() {
    }

    /** A new, not yet started thread running {@code r}. */
    static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(null, r, name, 0, false);
        t.setDaemon(true);
        t.setContextClassLoader(null);
        return t;
    }
}
