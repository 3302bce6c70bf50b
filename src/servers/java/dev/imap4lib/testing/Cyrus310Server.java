package dev.imap4lib.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A throw-away Cyrus IMAP 3.10.1 (Debian {@code bookworm-backports}) on 127.0.0.1: the
 * {@link CyrusServer} launcher with the 3.10 packages ({@link InteropDebs#CYRUS310_PACKAGES},
 * their own tree {@code cyrus310} and .deb directory) and the set-up its modern extensions need:
 *
 * <ul>
 *   <li>{@code idled} as a DAEMON entry (master started without {@code -D}), so IDLE and NOTIFY
 *       push at once;
 *   <li>{@code conversations: yes}, so FETCH THREADID has values;
 *   <li>{@code jmap_preview_annot: }{@value CyrusServer#PREVIEW_ANNOTATION}: 3.10 never computes
 *       a PREVIEW from the body, it returns that annotation ({@code ""} when unset), settable with
 *       {@code STORE n ANNOTATION (/comment (value.shared "text"))};
 *   <li>as root, every process runs as {@code nobody}.
 * </ul>
 *
 * <p>Offers IMAP4rev2, OBJECTID, PREVIEW, REPLACE, MULTISEARCH, SAVEDATE, UIDONLY, LIST-STATUS,
 * STATUS=SIZE, APPENDLIMIT, NOTIFY, QRESYNC, BINARY, COMPRESS=DEFLATE. Known bugs (pinned in the
 * {@code Cyrus310} tests): {@code LIST "" "*" RETURN (STATUS (MAILBOXID))} gives wrong MAILBOXIDs
 * for a pattern matching several mailboxes, {@code STATUS (APPENDLIMIT)} answers BAD, and
 * {@code \Recent} is still sent after {@code ENABLE IMAP4rev2}.
 */
public final class Cyrus310Server extends CyrusServer {

    static final Release CYRUS_310 = new Release("Cyrus 3.10", "cyrus310", InteropDebs.CYRUS310_DEBS,
            InteropDebs.CYRUS310_PACKAGES, true);

    private Cyrus310Server(Path dir, Path tree, Process master, int imapPort, int imapsPort, boolean altNamespace,
            SSLContext ssl, Duration startTime) {
        super(dir, tree, master, imapPort, imapsPort, altNamespace, ssl, startTime);
    }

    /** Why no server can be started here (one line), or empty. Never downloads anything. */
    public static Optional<String> unavailableReason() {
        return unavailableReason(CYRUS_310);
    }

    /** A new server with the classic {@code INBOX/} namespace. */
    public static Cyrus310Server start() throws IOException {
        return start(false);
    }

    /** A new server; {@code altNamespace}: personal folders at the top level. */
    public static Cyrus310Server start(boolean altNamespace) throws IOException {
        return start(CYRUS_310, altNamespace, Cyrus310Server::new);
    }

    /** The shell command that fills the cache by hand. */
    static String hint() {
        return "run .ci/run as root (it adds bookworm-backports to apt's sources and unpacks "
                + String.join(" ", InteropDebs.CYRUS310_PACKAGES) + " into " + InteropDebs.root().resolve("cyrus310") + ")";
    }
}
