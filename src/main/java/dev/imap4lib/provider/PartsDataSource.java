package dev.imap4lib.provider;

import dev.imap4lib.response.BodyStructure;
import jakarta.mail.BodyPart;
import jakarta.mail.MultipartDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A multipart built from BODYSTRUCTURE: {@code MimeMultipart} takes its parts from here instead
 * of parsing the whole body, so each part is fetched only when read.
 */
final class PartsDataSource implements MultipartDataSource {
    private final Imap4libFolder folder;
    private final Imap4libMessage message;
    private final BodyStructure.Multipart node;

    PartsDataSource(Imap4libFolder folder, Imap4libMessage message, BodyStructure.Multipart node) {
        this.folder = folder;
        this.message = message;
        this.node = node;
    }

    @Override
    public int getCount() {
        return node.parts().size();
    }

    @Override
    public BodyPart getBodyPart(int index) {
        return new Imap4libBodyPart(folder, message, node.parts().get(index));
    }

    @Override
    public String getContentType() {
        return Imap4libBodyPart.contentType(node);
    }

    /** The raw body of the multipart (all parts), for code that insists on parsing it itself. */
    @Override
    public InputStream getInputStream() {
        String s = node.section();
        return new SectionInputStream(folder, message, s.isEmpty() ? "TEXT" : s, message.markSeenOnRead());
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        throw new IOException("IMAP message parts are read-only");
    }

    @Override
    public String getName() {
        return "imap4lib multipart " + (node.section().isEmpty() ? "body" : node.section());
    }
}
