package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4Exception;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reading a part's content decoded by the server (RFC 3516 {@code BINARY[section]}): the server
 * undoes base64 or quoted-printable, so about a quarter fewer bytes cross the wire for base64 and
 * the client decodes nothing. Used when the server announces BINARY and
 * {@code binary.enable} is on; a server that refuses ({@code NO [UNKNOWN-CTE]} or BAD) is
 * remembered for the store, so the refusal costs one round trip once, and that read and every
 * later one decode on the client as without BINARY. One per store.
 */
final class BinaryFetch {
    /** Set once a server refused BINARY; never cleared while the store lives. */
    private volatile boolean refused;

    /** Opens a part's still-encoded content and decodes it on the client. */
    @FunctionalInterface
    interface ClientDecoded {
        InputStream open() throws MessagingException;
    }

    /**
     * Whether content in {@code encoding} is read with BINARY from {@code folder} now: only for
     * encodings the server does work for (base64, quoted-printable; 7bit, 8bit and binary content
     * crosses the wire as it is either way).
     */
    boolean wanted(Imap4libFolder folder, String encoding) {
        if (refused || encoding == null || !folder.config().binaryEnable) {
            return false;
        }
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        return (e.equals("base64") || e.equals("quoted-printable"))
                && ((Imap4libStore) folder.getStore()).hasCapability("BINARY");
    }

    /** True once the server refused BINARY on this store. */
    boolean refused() {
        return refused;
    }

    /**
     * The decoded content of {@code section} of {@code message}, read in chunks with BINARY; when
     * the first FETCH is refused, the store stops asking and {@code fallback} gives the content.
     */
    InputStream open(Imap4libFolder folder, Imap4libMessage message, String section, boolean markSeen,
            ClientDecoded fallback) {
        return new Stream(folder, message, section, markSeen, fallback);
    }

    /**
     * Whether {@code e} (or a cause) is the server refusing BINARY itself: {@code NO [UNKNOWN-CTE]}
     * (RFC 3516 §4.3) or BAD (a server that does not take the syntax). Anything else (a lost
     * connection, an expunged message) is a real failure of the read.
     */
    static boolean isRefusal(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof Imap4Exception x) {
                return "BAD".equals(x.status())
                        || "NO".equals(x.status()) && x.code() != null && x.code().name().equalsIgnoreCase("UNKNOWN-CTE");
            }
        }
        return false;
    }

    private final class Stream extends InputStream {
        private final Imap4libFolder folder;
        private final Imap4libMessage message;
        private final String section;
        private final boolean markSeen;
        private final ClientDecoded fallback;
        private InputStream current;

        Stream(Imap4libFolder folder, Imap4libMessage message, String section, boolean markSeen,
                ClientDecoded fallback) {
            this.folder = folder;
            this.message = message;
            this.section = section;
            this.markSeen = markSeen;
            this.fallback = fallback;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (current == null) {
                InputStream s = new SectionInputStream(folder, message, section, markSeen, true);
                try {
                    int n = s.read(b, off, len);
                    current = s;
                    return n;
                } catch (IOException e) {
                    if (!isRefusal(e)) {
                        throw e;
                    }
                    // The refused FETCH sent nothing and set no flag: the client-side read starts afresh.
                    refused = true;
                    folder.note("the server refused BINARY (" + e.getMessage()
                            + "); parts are decoded on the client from now on");
                    try {
                        current = fallback.open();
                    } catch (MessagingException m) {
                        throw new IOException(m.getMessage(), m);
                    }
                }
            }
            return current.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return current == null ? 0 : current.available();
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
            }
        }
    }
}
