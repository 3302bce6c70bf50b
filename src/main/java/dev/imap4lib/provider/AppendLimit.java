package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.response.MailboxStatus;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.Locale;

/**
 * The APPENDLIMIT check (RFC 7889) the append and replace paths make before sending a message:
 * the server-wide {@code APPENDLIMIT=n} capability, or, where the server announces a bare
 * {@code APPENDLIMIT} (limits per mailbox), the folder's {@code STATUS (APPENDLIMIT)}. A server
 * that answers that STATUS with BAD or NO (Cyrus 3.10 does, although it advertises the
 * capability) or with no value limits nothing here: the server still refuses what it must.
 */
final class AppendLimit {
    private AppendLimit() {
    }

    /** Throws {@link AppendLimitExceededException} when {@code size} bytes exceed the limit for {@code folder}. */
    static void check(Imap4libStore store, String folder, long size) throws MessagingException {
        store.withStoreConnection(c -> {
            check(c, folder, size);
            return null;
        });
    }

    /** {@link #check(Imap4libStore, String, long)} on a connection the caller holds. */
    static void check(Imap4 c, String folder, long size) throws IOException, AppendLimitExceededException {
        long limit = limitFor(c, folder);
        if (limit >= 0 && size > limit) {
            throw new AppendLimitExceededException(folder, size, limit);
        }
    }

    /** The limit in bytes for {@code folder}, or -1 when none is known. */
    static long limitFor(Imap4 c, String folder) throws IOException {
        long all = c.appendLimit();
        if (all >= 0 || !c.capabilities().stream().anyMatch(x -> x.toUpperCase(Locale.ROOT).equals("APPENDLIMIT"))) {
            return all;
        }
        try {
            MailboxStatus st = c.status(folder, "(APPENDLIMIT)").value();
            return st == null || st.appendLimit() == null ? -1 : st.appendLimit();
        } catch (Imap4AbortException e) {
            throw e;
        } catch (Imap4Exception e) {
            return -1; // BAD/NO to STATUS APPENDLIMIT: the server keeps the limit to itself
        }
    }
}
