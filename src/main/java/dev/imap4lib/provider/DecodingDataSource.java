package dev.imap4lib.provider;

import dev.imap4lib.response.BodyStructure;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * The data source of a base64-encoded leaf part: decoded by {@link Base64InputStream}, about three
 * times faster than the general decoder Jakarta Mail picks, which matters for large attachments.
 * Everything else about the source (name, content type) is Jakarta Mail's.
 */
final class DecodingDataSource extends MimePartDataSource {
    /** Opens the part's still-encoded content. */
    @FunctionalInterface
    interface EncodedContent {
        InputStream open() throws MessagingException;
    }

    private final EncodedContent content;

    private DecodingDataSource(MimePart part, EncodedContent content) {
        super(part);
        this.content = content;
    }

    /** This source for a base64 leaf part ({@code node}), or null when the general one is right. */
    static DecodingDataSource forPart(MimePart part, BodyStructure node, EncodedContent content) {
        boolean leaf = node instanceof BodyStructure.Basic || node instanceof BodyStructure.Text;
        String enc = Imap4libBodyPart.encoding(node);
        return leaf && enc != null && enc.equalsIgnoreCase("base64") ? new DecodingDataSource(part, content) : null;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        try {
            return new Base64InputStream(content.open());
        } catch (MessagingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
