package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that announces BINARY but refuses it for a part: the read falls back to client-side
 * decoding with the right bytes, and the store asks BINARY no more (the scripts fail on any
 * other command than the one they expect).
 */
@Timeout(60)
class BinaryFallbackTest {
    private static final String PREAUTH = "S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS BINARY] hi\n";
    private static final String SELECT_AND_STRUCTURE = """
            C: $tag SELECT INBOX
            S: * 1 EXISTS
            S: * OK [UIDVALIDITY 5] ok
            S: $tag OK [READ-WRITE] selected
            C: $tag FETCH 1 (UID BODYSTRUCTURE)
            S: * 1 FETCH (UID 9 BODYSTRUCTURE (("application" "octet-stream" NIL NIL NIL "base64" 8 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "quoted-printable" 13 1 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL))
            S: $tag OK
            """;
    /** Part 1 and part 2 as the client asks for them without BINARY, and their encoded bytes. */
    private static final String CLIENT_DECODED = """
            C: $tag UID FETCH 9 (UID BODY.PEEK[1]<0.1048576>)
            S: * 1 FETCH (UID 9 BODY[1]<0> {8}
            SB: aGVsbG8h
            S: )
            S: $tag OK
            C: $tag UID FETCH 9 (UID BODY.PEEK[2]<0.1048576>)
            S: * 1 FETCH (UID 9 BODY[2]<0> {13}
            SB: hello=20world
            S: )
            S: $tag OK
            WAIT: 1000
            """;

    private static Store connect(ScriptedImapServer server, String... extra) throws MessagingException {
        String[] props = new String[extra.length + 2];
        props[0] = "peek";
        props[1] = "true";
        System.arraycopy(extra, 0, props, 2, extra.length);
        return ScriptedStores.connectedPerScript(server, 3000, props);
    }

    private static Multipart parts(Store store) throws Exception {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        return (Multipart) inbox.getMessage(1).getContent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NO [UNKNOWN-CTE] cannot decode this part", "BAD unknown fetch item"})
    void aRefusalFallsBackOnceAndTheNextPartAsksBinaryNoMore(String refusal) throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "WAIT: 4000\n");
            server.expect(PREAUTH + SELECT_AND_STRUCTURE
                    + "C: $tag UID FETCH 9 (UID BINARY.PEEK[1]<0.4194304>)\n"
                    + "S: $tag " + refusal + "\n"
                    + CLIENT_DECODED);
            Store store = connect(server);
            Multipart mp = parts(store);
            try (InputStream in = mp.getBodyPart(0).getInputStream()) {
                assertArrayEquals("hello!".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
            }
            assertEquals("hello world", mp.getBodyPart(1).getContent());
            assertTrue(((Imap4libStore) store).binary().refused());
            server.awaitDone();
            String sent = server.clientText(2);
            assertEquals(1, sent.split("BINARY", -1).length - 1, sent);
        }
    }

    @Test
    void withBinaryOffThePropertyKeepsClientDecoding() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "WAIT: 4000\n");
            server.expect(PREAUTH + SELECT_AND_STRUCTURE + CLIENT_DECODED);
            Store store = connect(server, "binary.enable", "false");
            Multipart mp = parts(store);
            try (InputStream in = mp.getBodyPart(0).getInputStream()) {
                assertArrayEquals("hello!".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
            }
            assertEquals("hello world", mp.getBodyPart(1).getContent());
            server.awaitDone();
            assertFalse(server.clientText(2).contains("BINARY"), server.clientText(2));
        }
    }

    @Test
    void binaryAnswersAreTheContentAndTheRawStreamStaysEncoded() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "WAIT: 4000\n");
            server.expect(PREAUTH + SELECT_AND_STRUCTURE + """
                    C: $tag UID FETCH 9 (UID BINARY.PEEK[1]<0.4194304>)
                    S: * 1 FETCH (UID 9 BINARY[1]<0> ~{6}
                    SB: he\\0lo!
                    S: )
                    S: $tag OK
                    C: $tag UID FETCH 9 (UID BODY.PEEK[1]<0.1048576>)
                    S: * 1 FETCH (UID 9 BODY[1]<0> {8}
                    SB: aGUAbG8h
                    S: )
                    S: $tag OK
                    WAIT: 1000
                    """);
            Store store = connect(server);
            Multipart mp = parts(store);
            jakarta.mail.internet.MimeBodyPart att = (jakarta.mail.internet.MimeBodyPart) mp.getBodyPart(0);
            try (InputStream in = att.getInputStream()) {
                assertArrayEquals("he\0lo!".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
            }
            try (InputStream raw = att.getRawInputStream()) {
                assertArrayEquals("aGUAbG8h".getBytes(StandardCharsets.US_ASCII), raw.readAllBytes());
            }
            assertFalse(((Imap4libStore) store).binary().refused());
            server.awaitDone();
        }
    }

    @Test
    void binaryRangesAreFourFetchsizesUnlessBinaryFetchsizeSaysOtherwise() throws Exception {
        for (String[] c : new String[][] {{"fetchsize", "2048", "8192"}, {"binary.fetchsize", "3000", "3000"}}) {
            try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
                server.expect(PREAUTH + "WAIT: 4000\n");
                server.expect(PREAUTH + SELECT_AND_STRUCTURE
                        + "C: $tag UID FETCH 9 (UID BINARY.PEEK[1]<0." + c[2] + ">)\n"
                        + """
                        S: * 1 FETCH (UID 9 BINARY[1]<0> ~{6}
                        SB: hello!
                        S: )
                        S: $tag OK
                        WAIT: 1000
                        """);
                Store store = connect(server, c[0], c[1]);
                try (InputStream in = parts(store).getBodyPart(0).getInputStream()) {
                    assertArrayEquals("hello!".getBytes(StandardCharsets.US_ASCII), in.readAllBytes(), c[0]);
                }
                server.awaitDone();
            }
        }
    }

    @Test
    void aPlainNoIsAFailureOfTheReadNotARefusal() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(PREAUTH + "WAIT: 4000\n");
            server.expect(PREAUTH + SELECT_AND_STRUCTURE + """
                    C: $tag UID FETCH 9 (UID BINARY.PEEK[1]<0.4194304>)
                    S: $tag NO [SERVERBUG] cannot read the message
                    WAIT: 1000
                    """);
            Store store = connect(server);
            Multipart mp = parts(store);
            IOException e = assertThrows(IOException.class, () -> mp.getBodyPart(0).getInputStream().readAllBytes());
            assertTrue(e.getMessage().contains("SERVERBUG") || String.valueOf(e.getCause()).contains("SERVERBUG"),
                    e.toString());
            assertFalse(((Imap4libStore) store).binary().refused());
            server.awaitDone();
        }
    }
}
