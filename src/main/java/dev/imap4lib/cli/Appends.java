package dev.imap4lib.cli;

import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What import and copy share: messages to append as exact bytes, batches of them, and the key
 * that says a message is already in a folder (Message-ID, else size and Date).
 */
final class Appends {
    /** Messages per append call unless --batch says otherwise. */
    static final int DEFAULT_BATCH = 200;
    /** A batch also ends once it holds this many bytes, so memory stays bounded whatever the batch size. */
    static final long BATCH_BYTES = 4L << 20;

    private Appends() {
    }

    /** {@code --batch N}: messages per append call. */
    static int batchSize(Args a) throws CliException {
        int n = (int) Math.min(10_000, a.number("batch", DEFAULT_BATCH));
        if (n == 0) {
            throw CliException.usage("--batch must be at least 1");
        }
        return n;
    }

    /** A message to append: exactly these bytes, with these flags and INTERNALDATE. */
    static final class Raw extends MimeMessage {
        private final byte[] bytes;
        private final Date received;

        Raw(Session s, byte[] bytes, Flags flags, Date received) throws MessagingException {
            super(s);
            this.bytes = bytes;
            this.received = received;
            if (flags != null) {
                setFlags(flags, true);
            }
        }

        @Override
        public void writeTo(OutputStream os) throws IOException {
            os.write(bytes);
        }

        @Override
        public int getSize() {
            return bytes.length;
        }

        @Override
        public Date getReceivedDate() {
            return received;
        }
    }

    /**
     * Messages waiting for one append call. Nothing is recorded locally: what a cut-off call left
     * in the folder is found by the next run's key scan, whether the server stored the batch whole
     * (MULTIAPPEND) or a prefix of it (separate APPENDs).
     */
    static final class Batch {
        /** Told the totals after every batch the server took. */
        @FunctionalInterface
        interface Listener {
            void appended(int messages, long bytes);
        }

        private final Imap4libFolder folder;
        private final int maxMessages;
        private final Listener listener;
        private final List<Message> messages = new ArrayList<>();
        private long bytes;
        int appended;
        long appendedBytes;

        Batch(Imap4libFolder folder, int maxMessages, Listener listener) {
            this.folder = folder;
            this.maxMessages = maxMessages;
            this.listener = listener;
        }

        void add(Message m, int size) throws MessagingException {
            messages.add(m);
            bytes += size;
            if (messages.size() >= maxMessages || bytes >= BATCH_BYTES) {
                flush();
            }
        }

        void flush() throws MessagingException {
            if (messages.isEmpty()) {
                return;
            }
            folder.appendUIDMessages(messages.toArray(new Message[0]));
            appended += messages.size();
            appendedBytes += bytes;
            messages.clear();
            bytes = 0;
            Hooks.afterMessage(appended);
            listener.appended(appended, appendedBytes);
        }
    }

    /** The identity of a message for "already imported": its Message-ID, else its size and Date. */
    static String key(byte[] source) {
        String id = header(source, "Message-ID");
        if (id != null && !id.isBlank()) {
            return "id:" + id.trim();
        }
        return "size:" + source.length + ":" + date(header(source, "Date"));
    }

    /**
     * The first {@code name:} header field's value (after the colon, leading blanks skipped,
     * continuation lines kept as sent), or null. Read here rather than by InternetHeaders, whose
     * every construction looks up a stream provider through the ServiceLoader: per message of a
     * 10,000-message import that was most of the work.
     */
    static String header(byte[] source, String name) {
        int i = 0;
        int n = source.length;
        while (i < n) {
            int eol = i;
            while (eol < n && source[eol] != '\n') {
                eol++;
            }
            int end = eol > i && source[eol - 1] == '\r' ? eol - 1 : eol;
            if (end == i) {
                return null; // the empty line: the header is over
            }
            if (end - i > name.length() && source[i + name.length()] == ':'
                    && new String(source, i, name.length(), StandardCharsets.ISO_8859_1).equalsIgnoreCase(name)) {
                int v = i + name.length() + 1;
                int stop = eol;
                // continuation lines start with a blank
                while (stop + 1 < n && (source[stop + 1] == ' ' || source[stop + 1] == '\t')) {
                    stop++;
                    while (stop < n && source[stop] != '\n') {
                        stop++;
                    }
                }
                int last = Math.min(stop, n);
                while (last > v && (source[last - 1] == '\r' || source[last - 1] == '\n')) {
                    last--;
                }
                while (v < last && (source[v] == ' ' || source[v] == '\t')) {
                    v++;
                }
                return new String(source, v, last - v, StandardCharsets.UTF_8);
            }
            i = eol + 1;
        }
        return null;
    }

    private static String date(String header) {
        if (header == null) {
            return "";
        }
        try {
            return Long.toString(new MailDateFormat().parse(header.trim()).getTime());
        } catch (ParseException e) {
            return header.trim();
        }
    }

    /** The keys of a folder's messages (from ENVELOPE: Message-ID, else RFC822.SIZE and Date). */
    static Set<String> keysIn(Imap4libFolder folder) throws MessagingException {
        Set<String> keys = new HashSet<>();
        folder.open(Folder.READ_ONLY);
        try {
            Message[] msgs = folder.getMessages();
            fetchKeys(folder, msgs);
            for (Message m : msgs) {
                keys.add(key(m));
            }
        } finally {
            folder.close(false);
        }
        return keys;
    }

    /** Fetches what {@link #key(Message)} needs, for all of {@code msgs} in one go. */
    static void fetchKeys(Folder folder, Message[] msgs) throws MessagingException {
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        fp.add(FetchProfile.Item.FLAGS);
        fp.add(jakarta.mail.UIDFolder.FetchProfileItem.UID); // copy fetches the bodies by UID
        fp.add("Date");
        folder.fetch(msgs, fp);
    }

    /**
     * {@link #key(byte[])} of a message on a server. Without a Message-ID the message is read once
     * to count its bytes: RFC822.SIZE is not exact everywhere (GreenMail reports less), and a wrong
     * size would copy the message again on every run. The Date is the header's own text, as on the
     * file side.
     */
    static String key(Message m) throws MessagingException {
        String id = ((MimeMessage) m).getMessageID();
        if (id != null && !id.isBlank()) {
            return "id:" + id.trim();
        }
        long[] size = {0};
        try {
            m.writeTo(new OutputStream() {
                @Override
                public void write(int b) {
                    size[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    size[0] += len;
                }
            });
        } catch (IOException e) {
            throw new MessagingException("cannot read message " + m.getMessageNumber() + ": " + e.getMessage(), e);
        }
        String[] raw = m.getHeader("Date");
        return "size:" + size[0] + ":" + date(raw == null || raw.length == 0 ? null : raw[0]);
    }
}
