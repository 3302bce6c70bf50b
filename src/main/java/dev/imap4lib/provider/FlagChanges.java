package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Result;
import dev.imap4lib.client.SelectInfo;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.MailboxStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which messages of a folder the watch does not have open changed flags since a HIGHESTMODSEQ it
 * knew: EXAMINE, {@code UID FETCH 1:<uidnext-1> (UID FLAGS MODSEQ) (CHANGEDSINCE m)}, UNSELECT
 * (CLOSE without it: the folder is read-only, so nothing is expunged), on the watch connection
 * between two IDLEs. Messages added since (UID at or above the UIDNEXT known) are not flag
 * changes and are left out.
 */
final class FlagChanges {
    /** At most this many changed messages are reported per look; more are one look's worth of events anyway. */
    static final int MAX_CHANGED = 10_000;

    /**
     * @param changed the messages whose flags changed, with UID, FLAGS and MODSEQ
     * @param modSeq the HIGHESTMODSEQ these answers cover: later changes are above it
     */
    record Found(List<FetchData> changed, long modSeq) {
    }

    private FlagChanges() {
    }

    /**
     * @param before what was known of the folder before the change (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ)
     * @return null when the folder cannot be examined or has a new UIDVALIDITY
     */
    static Found find(Imap4 conn, String name, MailboxStatus before) throws IOException {
        Result<SelectInfo> sel = conn.examine(name);
        if (!sel.isOk()) {
            return null;
        }
        try {
            SelectInfo info = sel.value();
            if (before.uidValidity() != null && info.uidValidity() != before.uidValidity()) {
                return null;
            }
            long top = before.uidNext() - 1;
            long modSeq = Math.max(info.highestModSeq(), before.highestModSeq());
            List<FetchData> changed = new ArrayList<>();
            if (top >= 1) {
                Result<List<FetchData>> r = conn.uidFetch("1:" + top,
                        "(UID FLAGS MODSEQ) (CHANGEDSINCE " + before.highestModSeq() + ")");
                if (r.isOk()) {
                    for (FetchData d : r.value()) {
                        if (d.modseq() != null) {
                            modSeq = Math.max(modSeq, d.modseq());
                        }
                        if (d.uid() != null && d.uid() <= top && d.flags() != null && changed.size() < MAX_CHANGED) {
                            changed.add(d);
                        }
                    }
                }
            }
            return new Found(List.copyOf(changed), modSeq);
        } finally {
            try {
                if (conn.hasCapability("UNSELECT")) {
                    conn.unselect();
                } else {
                    conn.closeMailbox();
                }
            } catch (Imap4Exception refused) {
                // still selected: the next EXAMINE replaces it, NOTIFY does not depend on it
            }
        }
    }

    /** {@code s} with HIGHESTMODSEQ raised to {@code modSeq}. */
    static MailboxStatus withModSeq(MailboxStatus s, long modSeq) {
        long m = s.highestModSeq() == null ? modSeq : Math.max(modSeq, s.highestModSeq());
        return new MailboxStatus(s.rawName(), s.name(), s.messages(), s.recent(), s.uidNext(), s.uidValidity(), s.unseen(),
                s.deleted(), s.size(), m, s.appendLimit(), s.other());
    }
}
