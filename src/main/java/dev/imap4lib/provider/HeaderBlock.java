package dev.imap4lib.provider;

import jakarta.mail.internet.InternetHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * A header block as fetched ({@code BODY[HEADER]}, the start of {@code BODY[]}, a part's MIME
 * header) turned into {@link InternetHeaders} without {@code new InternetHeaders(InputStream)}:
 * that constructor looks up Jakarta Mail's {@code StreamProvider} through the ServiceLoader on
 * every call, which profiling showed as the larger part of reading headers of many messages.
 * Lines are read as {@code InternetHeaders} reads them (ISO-8859-1, CR LF or bare LF, up to the
 * first empty line; a line starting with space or tab continues the previous header).
 */
final class HeaderBlock {
    private HeaderBlock() {
    }

    static InternetHeaders parse(byte[] block) {
        Headers h = new Headers();
        int start = 0;
        int n = block.length;
        while (start < n) {
            int end = start;
            while (end < n && block[end] != '\n') {
                end++;
            }
            int lineEnd = end > start && block[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd == start) {
                break; // the empty line that ends the header block
            }
            h.addHeaderLine(new String(block, start, lineEnd - start, StandardCharsets.ISO_8859_1));
            start = end + 1;
        }
        return h;
    }

    /** InternetHeaders without the placeholder entries of its no-argument constructor, as loading a stream gives. */
    private static final class Headers extends InternetHeaders {
        Headers() {
            headers = new ArrayList<>();
        }
    }
}
