package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.event.StoreEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What Dovecot cannot show: the client-side sort of a server without SORT (said in the debug
 * output), login referrals ({@code ReferralException}), a successful PROXYAUTH, and
 * {@code enableimapevents} / {@code enableresponseevents} as StoreEvents.
 */
class AngusExtrasScriptedTest {
    private static final String LOGIN = "C: $tag LOGIN u p\n";

    private static String envelope(int n, String date, String subject, String from, long size) {
        return "S: * " + n + " FETCH (UID " + (10 + n) + " RFC822.SIZE " + size
                + " INTERNALDATE \"0" + n + "-Jan-2024 00:00:00 +0000\" ENVELOPE (\"" + date + "\" \"" + subject
                + "\" ((NIL NIL \"" + from + "\" \"x.org\")) NIL NIL ((NIL NIL \"to\" \"x.org\")) NIL NIL NIL NIL))\n";
    }

    @Test
    void withoutSortTheMessagesAreSortedOnTheClientAndTheDebugOutputSaysSo() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 UIDPLUS] hi
                C: $tag SELECT INBOX
                S: * 3 EXISTS
                S: * OK [UIDVALIDITY 7] ok
                S: $tag OK [READ-WRITE] selected
                C: $tag FETCH 1:3 ...
                """ + envelope(1, "Tue, 2 Jan 2024 00:00:00 +0000", "Re: zeta", "carol", 300)
                + envelope(2, "Sat, 6 Jan 2024 00:00:00 +0000", "alpha", "bob", 100)
                + envelope(3, "Mon, 1 Jan 2024 00:00:00 +0000", "[list] Fwd: mu", "alice", 200)
                + "S: $tag OK done\nWAIT: 10000\n")) {
            Store st = ScriptedStores.store(server);
            ByteArrayOutputStream debug = new ByteArrayOutputStream();
            jakarta.mail.Session s = sessionOf(st);
            s.setDebugOut(new PrintStream(debug, true, StandardCharsets.UTF_8));
            s.setDebug(true);
            st.connect("u", "p");
            Imap4libFolder f = (Imap4libFolder) st.getFolder("INBOX");
            f.open(Folder.READ_WRITE);
            assertArrayEquals(new int[] {2, 3, 1}, numbers(f.getSortedMessages(new SortTerm[] {SortTerm.SUBJECT})));
            // the data are fetched once; the other keys sort without asking again
            assertArrayEquals(new int[] {2, 1, 3},
                    numbers(f.getSortedMessages(new SortTerm[] {SortTerm.REVERSE, SortTerm.DATE})));
            assertArrayEquals(new int[] {3, 2, 1}, numbers(f.getSortedMessages(new SortTerm[] {SortTerm.FROM})));
            assertArrayEquals(new int[] {2, 3, 1}, numbers(f.getSortedMessages(new SortTerm[] {SortTerm.SIZE})));
            assertTrue(debug.toString(StandardCharsets.UTF_8).contains("the server has no SORT; sorting (SUBJECT) on the client"),
                    debug.toString(StandardCharsets.UTF_8));
            st.close();
        }
    }

    private static jakarta.mail.Session sessionOf(Store st) throws Exception {
        java.lang.reflect.Field fld = jakarta.mail.Service.class.getDeclaredField("session");
        fld.setAccessible(true);
        return (jakarta.mail.Session) fld.get(st);
    }

    private static int[] numbers(Message[] msgs) {
        return java.util.Arrays.stream(msgs).mapToInt(Message::getMessageNumber).toArray();
    }

    @Test
    void aRefusedLoginWithAReferralIsAReferralException() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK [CAPABILITY IMAP4rev1 LOGIN-REFERRALS] hi
                C: $tag LOGIN u p
                S: $tag NO [REFERRAL IMAP://u;AUTH=*@other.example/] not here
                WAIT: 2000
                """)) {
            Store st = ScriptedStores.store(server);
            ReferralException e = assertThrows(ReferralException.class, () -> st.connect("u", "p"));
            assertEquals("IMAP://u;AUTH=*@other.example/", e.getUrl());
            assertFalse(st.isConnected());
        }
    }

    @Test
    void aSuccessfulLoginWithAReferralThrowsOnlyWithReferralException() throws Exception {
        String script = """
                S: * OK [CAPABILITY IMAP4rev1 LOGIN-REFERRALS] hi
                C: $tag LOGIN u p
                S: $tag OK [REFERRAL IMAP://u;AUTH=*@better.example/] logged in, but better elsewhere
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK bye
                """;
        try (ScriptedImapServer server = ScriptedImapServer.start(script)) {
            Store st = ScriptedStores.store(server);
            st.connect("u", "p"); // the referral only suggests: the session goes on here
            st.close();
        }
        try (ScriptedImapServer server = ScriptedImapServer.start(script)) {
            Store st = ScriptedStores.store(server, "referralexception", "true");
            ReferralException e = assertThrows(ReferralException.class, () -> st.connect("u", "p"));
            assertEquals("IMAP://u;AUTH=*@better.example/", e.getUrl());
            assertTrue(e.getText().contains("better elsewhere"), e.getText());
            assertFalse(st.isConnected());
        }
    }

    @Test
    void proxyAuthIsSentAfterLoginForEveryConnection() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK [CAPABILITY IMAP4rev1] hi
                C: $tag LOGIN u p
                S: $tag OK in
                C: $tag PROXYAUTH bob
                S: $tag OK now bob
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK bye
                """)) {
            Imap4libStore st = (Imap4libStore) ScriptedStores.store(server, "proxyauth.user", "bob");
            st.connect("u", "p");
            assertEquals("bob", st.getProxyAuthUser());
            st.close();
            server.awaitDone();
            assertTrue(server.clientText().contains("PROXYAUTH bob"), server.clientText());
        }
    }

    @Test
    void untaggedResponsesBecomeStoreEventsWhenAsked() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 IDLE] hi
                C: $tag IDLE
                S: + idling
                S: * OK still here
                C: DONE
                S: $tag OK idle done
                C: $tag LIST "" INBOX
                S: * LIST () "/" INBOX
                S: $tag OK listed
                C: $tag LOGOUT
                S: * BYE bye
                S: $tag OK bye
                """)) {
            Imap4libStore st = (Imap4libStore) ScriptedStores.store(server, "enableimapevents", "true",
                    "enableresponseevents", "true", "minidletime", "0");
            List<StoreEvent> events = new CopyOnWriteArrayList<>();
            CountDownLatch three = new CountDownLatch(3);
            st.addStoreListener(e -> {
                events.add(e);
                three.countDown();
            });
            st.connect("u", "p");
            st.idle(); // returns after the first untagged response
            assertTrue(st.getFolder("INBOX").exists());
            // "still here" twice (a response, and what ended idle()), then the LIST response
            assertTrue(three.await(5, TimeUnit.SECONDS), "events: " + events);
            assertEquals(Imap4libStore.RESPONSE, events.get(0).getMessageType());
            assertTrue(events.stream().anyMatch(e -> e.getMessage().contains("still here")), events.toString());
            assertTrue(events.stream().anyMatch(e -> e.getMessage().contains("LIST () \"/\" INBOX")), events.toString());
            st.close();
        }
    }
}
