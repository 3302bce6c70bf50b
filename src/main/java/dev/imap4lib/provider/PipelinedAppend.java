package dev.imap4lib.provider;

import dev.imap4lib.client.AppendMessage;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.Imap4AbortException;
import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Pipeline;
import dev.imap4lib.client.Result;
import dev.imap4lib.response.ResponseCode;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * {@code appendMessages} of several messages on a server without MULTIAPPEND but with non-
 * synchronizing literals (LITERAL+, or LITERAL- / IMAP4rev2 for literals up to 4 KiB, RFC 7888):
 * one APPEND per message, all of a batch in flight together through the core's
 * {@link Imap4#pipeline()}, so a batch costs one round trip instead of one per message.
 *
 * <p>Batches are cut by bytes as {@link MultiAppend}'s are ({@link MultiAppend#inBatches}), which
 * bounds both the memory the serialised messages take and the bytes in flight; the pipeline
 * bounds the commands in flight ({@link Pipeline#MAX_IN_FLIGHT}). Unlike a MULTIAPPEND, a batch is
 * not atomic: each APPEND the server answered OK is stored whatever happens to the others. So a
 * failure names exactly which messages are stored, which were refused, which may or may not be
 * (in flight when the connection broke) and which were never sent; nothing is sent again, and the
 * batches after a failed one are not sent.
 */
final class PipelinedAppend {
    /** What became of one message of the call. */
    private enum Fate {
        NOT_SENT, STORED, REFUSED, UNKNOWN
    }

    private final Imap4libFolder f;
    private final long budget;
    private Fate[] fates;

    PipelinedAppend(Imap4libFolder f, long budget) {
        this.f = f;
        this.budget = budget;
    }

    /** Whether the server takes literals without a round trip each, which is what makes pipelining pay. */
    static boolean pays(Imap4libStore store) {
        return store.hasCapability("LITERAL+") || store.hasCapability("LITERAL-") || store.hasCapability("IMAP4rev2");
    }

    long[] append(Message[] msgs) throws MessagingException {
        fates = new Fate[msgs.length];
        Arrays.fill(fates, Fate.NOT_SENT);
        return MultiAppend.inBatches(f, msgs, budget, this::send);
    }

    private void send(Message[] msgs, int from, List<AppendMessage> batch, long[] uids) throws MessagingException {
        String name = f.getFullName();
        List<Result<ResponseCode.AppendUid>> results = new ArrayList<>(batch.size());
        List<String> bad = new ArrayList<>(batch.size());
        try {
            f.store().withStoreConnection(c -> {
                List<Pipeline.Pending<ResponseCode.AppendUid>> pending = new ArrayList<>(batch.size());
                try (Pipeline p = c.pipeline()) {
                    for (AppendMessage a : batch) {
                        fates[from + pending.size()] = Fate.UNKNOWN; // from the first byte written
                        pending.add(p.append(name, a));
                    }
                    for (Pipeline.Pending<ResponseCode.AppendUid> r : pending) {
                        await(r, from + results.size(), results, bad);
                    }
                } catch (Imap4AbortException e) {
                    // answers already read when the connection broke still count
                    for (int k = results.size(); k < pending.size(); k++) {
                        if (!pending.get(k).isDone() || !tryAwait(pending.get(k), from + k, results, bad)) {
                            break;
                        }
                    }
                    throw e;
                }
                return null;
            });
        } catch (StoreClosedException e) {
            throw new StoreClosedException(f.store(), "APPEND to " + name + " was cut off: " + summary(msgs)
                    + unknownIds(msgs) + ": " + e.getMessage(), e);
        }
        for (int k = 0; k < results.size(); k++) {
            Result<ResponseCode.AppendUid> r = results.get(k);
            if (r != null && r.isOk() && r.value() != null) {
                long[] got = r.value().uids().toArray(Long.MAX_VALUE);
                uids[from + k] = got.length == 0 ? -1 : got[0];
            }
        }
        int firstRefused = firstOf(Fate.REFUSED);
        if (firstRefused < 0) {
            return;
        }
        Result<ResponseCode.AppendUid> r = results.get(firstRefused - from);
        if (r != null && r.code() != null && r.code().isTryCreate() && firstOf(Fate.STORED) < 0) {
            throw new FolderNotFoundException(f, name + " does not exist: " + r.text());
        }
        String why = r != null ? r.text() : bad.get(firstRefused - from);
        throw new MessagingException("APPEND to " + name + " failed for message " + (firstRefused + 1) + ": " + why
                + "; " + summary(msgs));
    }

    /** Awaits one answer; false when the connection broke (its fate stays UNKNOWN). */
    private boolean tryAwait(Pipeline.Pending<ResponseCode.AppendUid> r, int i, List<Result<ResponseCode.AppendUid>> results,
            List<String> bad) {
        try {
            await(r, i, results, bad);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private void await(Pipeline.Pending<ResponseCode.AppendUid> r, int i, List<Result<ResponseCode.AppendUid>> results,
            List<String> bad) throws java.io.IOException {
        Result<ResponseCode.AppendUid> got;
        String badText = null;
        try {
            got = r.await();
        } catch (Imap4AbortException e) {
            throw e;
        } catch (Imap4Exception e) {
            got = null; // BAD: refused, like NO
            badText = e.getMessage();
        }
        results.add(got);
        bad.add(badText);
        fates[i] = got != null && got.isOk() ? Fate.STORED : Fate.REFUSED;
    }

    private int firstOf(Fate fate) {
        for (int i = 0; i < fates.length; i++) {
            if (fates[i] == fate) {
                return i;
            }
        }
        return -1;
    }

    /** E.g. "of the 9 messages, 1-3, 5 are stored; 4 is refused, not stored; 6-9 are not sent (...)". */
    private String summary(Message[] msgs) {
        List<String> parts = new ArrayList<>();
        add(parts, Fate.STORED, "stored");
        add(parts, Fate.REFUSED, "refused, not stored");
        add(parts, Fate.UNKNOWN, "in flight when the connection broke, so may or may not be stored");
        add(parts, Fate.NOT_SENT, "not sent");
        return "of the " + msgs.length + " messages, " + String.join("; ", parts)
                + " (one APPEND each without MULTIAPPEND, so not all or none; none was sent twice)";
    }

    private void add(List<String> parts, Fate fate, String what) {
        String which = ranges(i -> fates[i] == fate);
        if (!which.isEmpty()) {
            parts.add(which + (which.contains(",") || which.contains("-") ? " are " : " is ") + what);
        }
    }

    /** 1-based, e.g. "1-3, 5"; empty when none. */
    private String ranges(IntPredicate in) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fates.length; i++) {
            if (!in.test(i)) {
                continue;
            }
            int j = i;
            while (j + 1 < fates.length && in.test(j + 1)) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(i + 1).append(j > i ? "-" + (j + 1) : "");
            i = j;
        }
        return sb.toString();
    }

    /** How to tell whether the messages in doubt got stored: their Message-IDs (up to 10). */
    private String unknownIds(Message[] msgs) throws MessagingException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < fates.length && ids.size() < 10; i++) {
            if (fates[i] == Fate.UNKNOWN) {
                String[] id = msgs[i].getHeader("Message-ID");
                if (id != null && id.length > 0) {
                    ids.add(id[0].trim());
                }
            }
        }
        return ids.isEmpty() ? "" : " (look for Message-ID " + String.join(", ", ids) + ")";
    }
}
