package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.SearchResult;
import dev.imap4lib.testing.ScriptedImapServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 4731: with both, RETURN (...) goes before CHARSET, whatever order the caller wrote. */
class EsearchCharsetTest {
    @Test
    void returnOptionsPrecedeTheCharset() throws Exception {
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(5))) {
            server.expect("""
                    S: * PREAUTH [CAPABILITY IMAP4rev1 ESEARCH] hi
                    C: A0 SELECT INBOX
                    S: * 3 EXISTS
                    S: A0 OK [READ-WRITE] done
                    C: A1 SEARCH RETURN (MIN COUNT) CHARSET UTF-8 SUBJECT {5}
                    S: + go
                    CL: 5 Köln
                    C: 
                    S: * ESEARCH (TAG "A1") MIN 2 COUNT 1
                    S: A1 OK done
                    """);
            Imap4 imap = new Imap4(server.host(), server.port(),
                    ClientOptions.defaults().withTagPrefix("A").withTimeout(Duration.ofSeconds(2)));
            imap.select("INBOX");
            SearchResult r = imap.search("UTF-8", "RETURN (MIN COUNT) SUBJECT \"Köln\"").check().value();
            assertEquals(2L, r.min());
            assertEquals(1L, r.count());
            server.awaitDone();
            assertTrue(server.clientText().contains("A1 SEARCH RETURN (MIN COUNT) CHARSET UTF-8 SUBJECT {5}"),
                    server.clientText());
            imap.shutdown();
        }
    }
}
