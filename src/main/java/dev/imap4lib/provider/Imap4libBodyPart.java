package dev.imap4lib.provider;

import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.Parameters;
import jakarta.activation.DataHandler;
import jakarta.mail.Header;
import jakarta.mail.IllegalWriteException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.ParameterList;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Locale;

/**
 * One part of a multipart message on the server, described by its BODYSTRUCTURE node. Its
 * content is fetched on its own ({@code BODY[1.2]}, in chunks) when first read, and its MIME
 * header block ({@code BODY[1.2.MIME]}) only when a header the structure does not give is asked
 * for: reading one attachment never downloads the others.
 */
public class Imap4libBodyPart extends MimeBodyPart {
    private final Imap4libFolder folder;
    private final Imap4libMessage message;
    private final BodyStructure node;
    private boolean headersLoaded;

    Imap4libBodyPart(Imap4libFolder folder, Imap4libMessage message, BodyStructure node) {
        this.folder = folder;
        this.message = message;
        this.node = node;
        // the MIME header block is fetched (and built) only when a header is asked for
    }

    /** The part specifier, e.g. {@code 1.2}. */
    public String getSection() {
        return node.section();
    }

    /** The BODYSTRUCTURE node of this part. */
    public BodyStructure getBodyStructure() {
        return node;
    }

    @Override
    public String getContentType() {
        return contentType(node);
    }

    static String contentType(BodyStructure b) {
        StringBuilder sb = new StringBuilder(b.mimeType());
        Parameters p = b.params();
        if (!p.isEmpty()) {
            ParameterList pl = new ParameterList();
            for (Parameters.Parameter x : p.list()) {
                pl.set(x.name(), x.value());
            }
            sb.append(pl.toString(sb.length() + 14));
        }
        return sb.toString();
    }

    @Override
    public String getEncoding() {
        String e = encoding(node);
        return e == null ? null : e.toLowerCase(Locale.ROOT);
    }

    static String encoding(BodyStructure b) {
        if (b instanceof BodyStructure.Basic x) {
            return x.encoding();
        }
        if (b instanceof BodyStructure.Text x) {
            return x.encoding();
        }
        if (b instanceof BodyStructure.Message x) {
            return x.encoding();
        }
        return null;
    }

    @Override
    public int getSize() {
        long s = size(node);
        return s < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, s);
    }

    static long size(BodyStructure b) {
        if (b instanceof BodyStructure.Basic x) {
            return x.size();
        }
        if (b instanceof BodyStructure.Text x) {
            return x.size();
        }
        if (b instanceof BodyStructure.Message x) {
            return x.size();
        }
        return -1;
    }

    @Override
    public int getLineCount() {
        if (node instanceof BodyStructure.Text t) {
            return (int) t.lines();
        }
        if (node instanceof BodyStructure.Message m) {
            return (int) m.lines();
        }
        return -1;
    }

    @Override
    public String getDisposition() {
        return node.disposition().map(d -> d.type() == null ? null : d.type().toLowerCase(Locale.ROOT)).orElse(null);
    }

    @Override
    public String getFileName() {
        return node.filename(Boolean.getBoolean("mail.mime.decodefilename")).orElse(null);
    }

    @Override
    public String getContentID() {
        if (node instanceof BodyStructure.Basic x) {
            return x.id();
        }
        if (node instanceof BodyStructure.Text x) {
            return x.id();
        }
        if (node instanceof BodyStructure.Message x) {
            return x.id();
        }
        return null;
    }

    @Override
    public String getDescription() {
        String d = null;
        if (node instanceof BodyStructure.Basic x) {
            d = x.description();
        } else if (node instanceof BodyStructure.Text x) {
            d = x.description();
        } else if (node instanceof BodyStructure.Message x) {
            d = x.description();
        }
        return d;
    }

    @Override
    public String getContentMD5() {
        return node.extensions().md5();
    }

    @Override
    protected InputStream getContentStream() throws MessagingException {
        return new SectionInputStream(folder, message, node.section(), message.markSeenOnRead());
    }

    @Override
    public synchronized DataHandler getDataHandler() throws MessagingException {
        if (dh == null && node instanceof BodyStructure.Multipart mp) {
            dh = new DataHandler(new PartsDataSource(folder, message, mp));
        } else if (dh == null && node instanceof BodyStructure.Message m && m.body() != null && m.envelope() != null) {
            // An attached message is built from its BODYSTRUCTURE, like a stored one.
            dh = new DataHandler(new Imap4libMessage(folder, message, m), "message/rfc822");
        } else if (dh == null) {
            DecodingDataSource ds = DecodingDataSource.forPart(this, node, this::getContentStream, folder, message);
            if (ds != null) {
                dh = new DataHandler(ds);
            }
        }
        return super.getDataHandler();
    }

    /**
     * Writes the part as stored: its header lines and its still-encoded body ({@code BODY[1.2]}),
     * never decoded (or fetched with BINARY) and encoded again, so the bytes stay the server's.
     */
    @Override
    public void writeTo(OutputStream os) throws IOException, MessagingException {
        Enumeration<String> lines = getAllHeaderLines();
        StringBuilder head = new StringBuilder();
        while (lines.hasMoreElements()) {
            head.append(lines.nextElement()).append("\r\n");
        }
        // the lines hold the bytes as read: one char per byte unless mail.mime.allowutf8 decoded UTF-8
        String h = head.append("\r\n").toString();
        boolean wide = h.chars().anyMatch(ch -> ch > 0xff);
        os.write(h.getBytes(wide ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        try (InputStream in = getContentStream()) {
            in.transferTo(os);
        }
    }

    private synchronized void loadHeaders() throws MessagingException {
        if (!headersLoaded) {
            byte[] b = folder.fetchSection(message, node.section() + ".MIME", 0, -1, true);
            headers = HeaderBlock.parse(b);
            headersLoaded = true;
        }
    }

    @Override
    public String[] getHeader(String name) throws MessagingException {
        loadHeaders();
        return super.getHeader(name);
    }

    @Override
    public String getHeader(String name, String delimiter) throws MessagingException {
        loadHeaders();
        return super.getHeader(name, delimiter);
    }

    @Override
    public Enumeration<Header> getAllHeaders() throws MessagingException {
        loadHeaders();
        return super.getAllHeaders();
    }

    @Override
    public Enumeration<Header> getMatchingHeaders(String[] names) throws MessagingException {
        loadHeaders();
        return super.getMatchingHeaders(names);
    }

    @Override
    public Enumeration<Header> getNonMatchingHeaders(String[] names) throws MessagingException {
        loadHeaders();
        return super.getNonMatchingHeaders(names);
    }

    @Override
    public Enumeration<String> getAllHeaderLines() throws MessagingException {
        loadHeaders();
        return super.getAllHeaderLines();
    }

    @Override
    public Enumeration<String> getMatchingHeaderLines(String[] names) throws MessagingException {
        loadHeaders();
        return super.getMatchingHeaderLines(names);
    }

    @Override
    public Enumeration<String> getNonMatchingHeaderLines(String[] names) throws MessagingException {
        loadHeaders();
        return super.getNonMatchingHeaderLines(names);
    }

    private static IllegalWriteException readOnly() {
        return new IllegalWriteException("IMAP message parts are read-only");
    }

    @Override
    public void setHeader(String name, String value) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void addHeader(String name, String value) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void removeHeader(String name) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void setDataHandler(DataHandler dh) throws MessagingException {
        throw readOnly();
    }
}
