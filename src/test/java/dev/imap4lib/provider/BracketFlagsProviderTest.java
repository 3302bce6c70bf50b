package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User flags with brackets through the provider (issue 15): {@code x[y} and Gmail's
 * {@code [test]} are read into {@link Flags}; {@code x[y} is a valid keyword and is written back,
 * {@code [test]} cannot be written validly and is refused before anything is sent.
 */
@Timeout(30)
class BracketFlagsProviderTest {
    private static final String STORE_CONN = """
            S: * PREAUTH [CAPABILITY IMAP4rev1] store connection
            C: $tag LOGOUT
            S: * BYE bye
            S: $tag OK done
            """;

    @Test
    void bracketedUserFlagsAreReadAndOnlyValidOnesWrittenBack() throws Exception {
        String folderConn = """
                S: * PREAUTH [CAPABILITY IMAP4rev1] folder connection
                C: $tag SELECT INBOX
                S: * FLAGS (\\Seen x[y [test])
                S: * 1 EXISTS
                S: * OK [PERMANENTFLAGS (\\Seen x[y [test] \\*)] ok
                S: * OK [UIDVALIDITY 7] ok
                S: $tag OK [READ-WRITE] selected
                C: $tag FETCH 1 (UID FLAGS)
                S: * 1 FETCH (UID 5 FLAGS (\\Seen x[y [test]))
                S: $tag OK done
                C: $tag STORE 1 -FLAGS (x[y)
                S: * 1 FETCH (FLAGS (\\Seen [test]))
                S: $tag OK done
                C: $tag EXAMINE INBOX
                S: * 1 EXISTS
                S: $tag OK [READ-ONLY] examined
                C: $tag CLOSE
                S: $tag OK closed
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK done
                """;
        try (ScriptedImapServer server = new ScriptedImapServer(Duration.ofSeconds(10))) {
            server.expect(STORE_CONN);
            server.expect(folderConn);
            Store store = ScriptedStores.connectedPerScript(server, 5000);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Flags perm = inbox.getPermanentFlags();
            assertTrue(perm.contains("[test]") && perm.contains("x[y") && perm.contains(Flags.Flag.USER), perm.toString());
            Message m = inbox.getMessage(1);
            Flags f = m.getFlags();
            assertTrue(f.contains(Flags.Flag.SEEN));
            assertArrayEquals(new String[] {"x[y", "[test]"}, f.getUserFlags());

            MessagingException e = assertThrows(MessagingException.class, () -> m.setFlags(new Flags("[test]"), false));
            assertTrue(e.getMessage().contains("\"[test]\"") && e.getMessage().contains("cannot be written"),
                    e.getMessage());
            Flags both = new Flags("x[y");
            both.add("[test]");
            assertThrows(MessagingException.class, () -> m.setFlags(both, false),
                    "one unwritable flag refuses the whole change: nothing half-done");

            m.setFlags(new Flags("x[y"), false); // '[' is an ATOM-CHAR: sent as it is
            assertArrayEquals(new String[] {"[test]"}, m.getFlags().getUserFlags());
            inbox.close(false);
            store.close();
            server.awaitDone();
            assertEquals(1, countOf(server.clientText(2), "STORE"), "only the valid STORE was sent");
        }
    }

    private static int countOf(String s, String word) {
        int n = 0;
        for (int i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }
}
