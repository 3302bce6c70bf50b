package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.*;
import dev.imap4lib.testing.CyrusExtension;
import dev.imap4lib.testing.CyrusServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Imap4#compress()} against Cyrus (imapd built with zlib offers COMPRESS=DEFLATE) over plain TCP, STARTTLS and implicit TLS. */
@ExtendWith(CyrusExtension.class)
@Timeout(120)
class CyrusCompressTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void overPlainTcp(CyrusServer d) throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Imap4 imap = new Imap4("127.0.0.1", d.imapPort(), CompressTest.traced(trace))) {
            CompressTest.compressAndUse(imap, "user1", "pass1", d.personalPrefix(), trace);
        }
    }

    @Test
    void overStartTls(CyrusServer d) throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Imap4 imap = new Imap4("localhost", d.imapPort(), CompressTest.traced(trace))) {
            assertTrue(imap.starttls(d.sslContext()).isOk());
            CompressTest.compressAndUse(imap, "user1", "pass1", d.personalPrefix(), trace);
            assertTrue(imap.isSecure());
        }
    }

    @Test
    void overImplicitTls(CyrusServer d) throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (Imap4Ssl imap = new Imap4Ssl("localhost", d.imapsPort(), d.sslContext(), CompressTest.traced(trace))) {
            CompressTest.compressAndUse(imap, "user1", "pass1", d.personalPrefix(), trace);
        }
    }
}
