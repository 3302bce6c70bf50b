package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.Header;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HeaderBlock} reads a header block exactly as {@code new InternetHeaders(InputStream)} does. */
class HeaderBlockTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "Subject: hi\r\nFrom: a@b.example\r\n\r\nbody\r\n",
        "Subject: folded\r\n  second line\r\n\tthird\r\nTo: x@y.example\r\n\r\n",
        "Subject: bare LF\nX-A: 1\n\nbody",
        "Subject: no empty line at the end\r\nX-B: 2",
        "Received: one\r\nReceived: two\r\nSubject: caf\u00e9 8-bit\r\n\r\n",
        "X-Empty:\r\nX-Spaces:   \r\nNotAHeaderLine\r\n\r\n",
        "",
        "\r\nbody only",
    })
    void sameHeadersAsInternetHeadersLoadingAStream(String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        InternetHeaders expected = new InternetHeaders(new ByteArrayInputStream(b));
        InternetHeaders actual = HeaderBlock.parse(b);
        assertEquals(lines(expected), lines(actual));
        assertEquals(pairs(expected), pairs(actual));
        String[] subject = expected.getHeader("Subject");
        assertEquals(subject == null ? null : List.of(subject),
                actual.getHeader("Subject") == null ? null : List.of(actual.getHeader("Subject")));
    }

    private static List<String> lines(InternetHeaders h) {
        return Collections.list(h.getAllHeaderLines());
    }

    private static List<String> pairs(InternetHeaders h) {
        List<String> l = new ArrayList<>();
        for (Header x : Collections.list(h.getAllHeaders())) {
            l.add(x.getName() + "=" + x.getValue());
        }
        return l;
    }
}
