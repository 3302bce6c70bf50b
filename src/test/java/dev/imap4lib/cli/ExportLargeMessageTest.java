package dev.imap4lib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.HeapProbe;
import dev.imap4lib.testing.ScriptedImapServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * export writes a message larger than the heap (300 MB in the 256 MB JVM of the surefire
 * execution "small-heap") straight to its file as the literal arrives.
 */
@Tag("small-heap")
@Timeout(180)
class ExportLargeMessageTest {
    private static final long SIZE = 300L << 20;
    private static final String HEAD = "Subject: big\r\n\r\n";

    @TempDir
    Path tmp;

    private static String script(String bodyItems, String fetchItems) {
        long body = SIZE - HEAD.length();
        return """
                S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] hi
                C: $tag EXAMINE INBOX
                S: * 1 EXISTS
                S: * OK [UIDVALIDITY 7] ok
                S: $tag OK [READ-ONLY] done
                C: $tag FETCH 1:* %s
                S: * 1 FETCH (UID 5 RFC822.SIZE %d INTERNALDATE "01-Jan-2024 00:00:00 +0000"%s)
                S: $tag OK done
                C: $tag UID FETCH 5 %s
                S: * 1 FETCH (UID 5 FLAGS (\\Seen) BODY[] {%d}
                SB: Subject: big\\r\\n\\r\\n
                SLIT: %d 0x41
                S: )
                S: $tag OK done
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK bye
                EOF
                """.formatted(fetchItems, SIZE, fetchItems.contains("ENVELOPE")
                        ? " ENVELOPE (NIL \"big\" ((NIL NIL \"a\" \"example.com\")) NIL NIL NIL NIL NIL NIL NIL)" : "",
                        bodyItems, SIZE, body);
    }

    /** Exports INBOX of the scripted server to {@code target}; the heap grows by less than 64 MB meanwhile. */
    private static void exportInSmallHeap(String bodyItems, String fetchItems, String target) throws Exception {
        HeapProbe heap = HeapProbe.start();
        try (ScriptedImapServer server = ScriptedImapServer.start(script(bodyItems, fetchItems))) {
            export(server, "export", "INBOX", "--to", target);
            server.awaitDone();
        }
        assertTrue(heap.peakGrowth() < 64L << 20, "heap grew by " + (heap.peakGrowth() >> 20) + " MB");
    }

    private static int export(ScriptedImapServer server, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(server.port()), "--user", "u"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(new String[0]), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                new HashMap<>(Map.of("IMAP4LIB_PASSWORD", "p")), false);
        assertEquals(0, code, () -> out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("verified: "), () -> out.toString(StandardCharsets.UTF_8));
        return code;
    }

    @Test
    void maildirExportOfAMessageLargerThanTheHeap() throws Exception {
        Path dir = tmp.resolve("big");
        exportInSmallHeap("(UID FLAGS BODY.PEEK[])", "(UID RFC822.SIZE INTERNALDATE)", dir + "/");
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve("cur"))) {
            ds.forEach(files::add);
        }
        assertEquals(1, files.size(), files::toString);
        assertEquals("1704067200.V7U5.imap4lib:2,S", files.get(0).getFileName().toString());
        // the header's two CRLFs became LFs
        assertEquals(SIZE - 2, Files.size(files.get(0)));
    }

    @Test
    void mboxExportOfAMessageLargerThanTheHeap() throws Exception {
        Path mbox = tmp.resolve("big.mbox");
        exportInSmallHeap("(UID BODY.PEEK[])", "(UID RFC822.SIZE INTERNALDATE ENVELOPE)", mbox.toString());
        String from = "From a@example.com Mon Jan  1 00:00:00 2024\n";
        // From_ line, the message with LF line ends, a final LF and the empty separator line
        assertEquals(from.length() + SIZE - 2 + 2, Files.size(mbox));
        byte[] start = new byte[from.length()];
        try (var in = Files.newInputStream(mbox)) {
            assertEquals(start.length, in.readNBytes(start, 0, start.length));
        }
        assertEquals(from, new String(start, StandardCharsets.US_ASCII));
    }
}
