package dev.imap4lib.provider;

import dev.imap4lib.response.BodyStructure;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The data source of a base64 or quoted-printable leaf part. Where the server offers BINARY
 * (RFC 3516) the content comes decoded by the server ({@link BinaryFetch}); otherwise, or once it
 * refused, base64 is decoded by {@link Base64InputStream}, about three times faster than the
 * general decoder Jakarta Mail picks (which matters for large attachments), and quoted-printable
 * by Jakarta Mail's decoder. Everything else about the source (name, content type) is Jakarta Mail's.
 */
final class DecodingDataSource extends MimePartDataSource {
    /** Opens the part's still-encoded content. */
    @FunctionalInterface
    interface EncodedContent {
        InputStream open() throws MessagingException;
    }

    private final EncodedContent content;
    private final String encoding;
    private final Imap4libFolder folder;
    private final Imap4libMessage message;
    private final String section;

    private DecodingDataSource(MimePart part, EncodedContent content, String encoding, Imap4libFolder folder,
            Imap4libMessage message, String section) {
        super(part);
        this.content = content;
        this.encoding = encoding;
        this.folder = folder;
        this.message = message;
        this.section = section;
    }

    /**
     * This source for a base64 leaf part ({@code node}) of {@code message}, or for a
     * quoted-printable one while the server is asked for BINARY; null when the general one is
     * right (Jakarta Mail's decodes quoted-printable just as well).
     */
    static DecodingDataSource forPart(MimePart part, BodyStructure node, EncodedContent content, Imap4libFolder folder,
            Imap4libMessage message) {
        boolean leaf = node instanceof BodyStructure.Basic || node instanceof BodyStructure.Text;
        String enc = Imap4libBodyPart.encoding(node);
        enc = enc == null ? null : enc.trim().toLowerCase(Locale.ROOT);
        boolean ours = "base64".equals(enc)
                || "quoted-printable".equals(enc) && ((Imap4libStore) folder.getStore()).binary().wanted(folder, enc);
        return leaf && ours ? new DecodingDataSource(part, content, enc, folder, message, node.section()) : null;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        BinaryFetch binary = ((Imap4libStore) folder.getStore()).binary();
        if (binary.wanted(folder, encoding)) {
            return binary.open(folder, message, section, folder.markSeenOnRead(), this::clientDecoded);
        }
        try {
            return clientDecoded();
        } catch (MessagingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private InputStream clientDecoded() throws MessagingException {
        InputStream in = content.open();
        return encoding.equals("base64") ? new Base64InputStream(in) : MimeUtility.decode(in, encoding);
    }
}
