package dev.imap4lib.client;

import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.ResponseCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several commands in flight on one connection ({@link Imap4#pipeline()}): each method sends its
 * command and returns at once with a {@link Pending} whose {@link Pending#await()} gives the
 * result. A command that may not be in flight with those before it (see {@link PipelineRules}:
 * barriers, ambiguous responses, sequence numbers behind a possible EXPUNGE) is sent once they
 * have completed, so any mix is safe; at most {@link #MAX_IN_FLIGHT} are outstanding, the oldest
 * is read when another would exceed it.
 *
 * <pre>{@code
 * try (Pipeline p = imap.pipeline()) {
 *     Pipeline.Pending<MailboxStatus> a = p.status("INBOX", "(MESSAGES UNSEEN)");
 *     Pipeline.Pending<MailboxStatus> b = p.status("Archive", "(MESSAGES UNSEEN)");
 *     long total = a.await().check().value().messages() + b.await().check().value().messages();
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> The pipeline holds the connection's command lock from {@link Imap4#pipeline()}
 * to {@link #close()}: commands of other threads wait until it is closed, and only the thread that
 * opened it may use it (others get {@link IllegalStateException}). Responses are read by that
 * thread inside {@link Pending#await()} and the sending methods; untagged listeners run there,
 * and may not issue commands on this connection. {@link #close()} reads every outstanding answer
 * (they stay available to {@code await}) and releases the lock. When the connection breaks,
 * every command in flight fails with {@link Imap4AbortException} and none is sent again.
 */
public final class Pipeline implements AutoCloseable {
    /** Commands outstanding at most: bounds memory and what waits in socket buffers. */
    public static final int MAX_IN_FLIGHT = 64;

    private final Imap4 imap;
    private final Thread owner;
    private final List<Pending<?>> sent = new ArrayList<>();
    private boolean closed;

    Pipeline(Imap4 imap) {
        this.imap = imap;
        this.owner = Thread.currentThread();
    }

    /** A command of this pipeline; its result is read once and kept. */
    public final class Pending<T> {
        private final CommandHandle handle;
        private final Imap4.Request<T> request;
        private Result<T> result;
        private Imap4Exception failure;

        private Pending(CommandHandle handle, Imap4.Request<T> request) {
            this.handle = handle;
            this.request = request;
        }

        /**
         * Reads responses until this command completed and returns its result (NO is a result,
         * BAD an {@link Imap4Exception}, as for {@link Imap4}'s methods); later calls return the same.
         */
        public Result<T> await() throws IOException {
            if (result != null) {
                return result;
            }
            if (failure != null) {
                throw failure;
            }
            checkThread();
            try {
                result = request.result().of(imap.awaitHandle(handle));
                return result;
            } catch (Imap4Exception e) {
                failure = e;
                throw e;
            }
        }

        /** Whether the tagged completion has been read. */
        public boolean isDone() {
            return handle.done != null || result != null || failure != null;
        }
    }

    /** NOOP. */
    public Pending<Void> noop() throws IOException {
        return submit(imap.noopRequest());
    }

    /** STATUS, as {@link Imap4#status}; STATUS commands of different mailboxes are in flight together. */
    public Pending<MailboxStatus> status(String mailbox, String names) throws IOException {
        Params.require(mailbox, "mailbox");
        Params.require(names, "names");
        return submit(imap.statusRequest(mailbox, names));
    }

    /** FETCH, as {@link Imap4#fetch(String, String)}. */
    public Pending<List<FetchData>> fetch(String messageSet, String parts) throws IOException {
        Params.require(messageSet, "messageSet");
        Params.require(parts, "parts");
        return submit(imap.fetchRequest("FETCH", messageSet, parts));
    }

    /** UID FETCH, as {@link Imap4#uidFetch(String, String)}. */
    public Pending<List<FetchData>> uidFetch(String uidSet, String parts) throws IOException {
        Params.require(uidSet, "uidSet");
        Params.require(parts, "parts");
        return submit(imap.fetchRequest("UID FETCH", uidSet, parts));
    }

    /** UID STORE, as {@link Imap4#uidStore}. */
    public Pending<List<FetchData>> uidStore(String uidSet, String command, String flags) throws IOException {
        Params.require(uidSet, "uidSet");
        Params.require(command, "command");
        Params.require(flags, "flags");
        return submit(imap.storeRequest("UID STORE", uidSet, command, flags));
    }

    /**
     * APPEND of one message, as {@link Imap4#append(String, String, java.time.ZonedDateTime, byte[])}:
     * with LITERAL+ several go out without waiting, otherwise each waits for its {@code +}.
     */
    public Pending<ResponseCode.AppendUid> append(String mailbox, AppendMessage message) throws IOException {
        return submit(imap.appendRequest(mailbox, List.of(Params.require(message, "message"))));
    }

    private <T> Pending<T> submit(Imap4.Request<T> r) throws IOException {
        checkThread();
        if (closed) {
            throw new IllegalStateException("pipeline is closed");
        }
        Pending<T> p = new Pending<>(imap.sendPipelined(r, MAX_IN_FLIGHT), r);
        sent.add(p);
        return p;
    }

    private void checkThread() {
        if (Thread.currentThread() != owner && !closed) {
            throw new IllegalStateException("a pipeline is used by the thread that opened it");
        }
    }

    /**
     * Reads the answers still outstanding (kept for {@link Pending#await()}) and lets other
     * commands run again. A broken connection ends it too; safe to call twice.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        checkThread();
        try {
            for (Pending<?> p : sent) {
                if (!p.isDone() && imap.isAlive()) {
                    try {
                        p.await();
                    } catch (Imap4AbortException e) {
                        throw e;
                    } catch (Imap4Exception e) {
                        // kept in p: its await throws it
                    }
                }
            }
        } finally {
            closed = true;
            imap.releasePipeline();
        }
    }
}
