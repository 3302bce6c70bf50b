package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.PREAUTH;
import static dev.imap4lib.client.Fake.play;
import static dev.imap4lib.client.Fake.selectInbox;
import static dev.imap4lib.client.Fake.wire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the client puts on the wire: quoting, modified UTF-7, literals of every flavour. */
@Timeout(30)
class WireEncodingTest {

    @Test
    void mailboxNamesAreQuotedEscapedAndModifiedUtf7Encoded() throws Exception {
        play(PREAUTH + """
                C: A0 CREATE "My Box"
                S: A0 OK done
                C: A1 CREATE ...
                S: A1 OK done
                C: A2 CREATE Entw&APw-rfe
                S: A2 OK done
                C: A3 CREATE ...
                S: A3 OK done
                C: A4 CREATE ...
                S: A4 OK done
                C: A5 RENAME INBOX/Old "New Name"
                S: A5 OK done
                C: A6 CREATE "NIL"
                S: A6 OK done
                C: A7 DELETE "50%"
                S: A7 OK done
                C: A8 SELECT INBOX
                S: A8 OK [READ-WRITE] done
                """, (server, imap) -> {
            assertTrue(imap.create("My Box").isOk());
            assertTrue(imap.create("a\"b\\c").isOk());
            assertTrue(imap.create("Entwürfe").isOk());
            assertTrue(imap.create("Tom & Jerry").isOk());
            assertTrue(imap.create("日本語").isOk());
            assertTrue(imap.rename("INBOX/Old", "New Name").isOk());
            assertTrue(imap.create("NIL").isOk());
            assertTrue(imap.delete("50%").isOk());
            assertTrue(imap.select("inbox").isOk());
            server.awaitDone();
            assertEquals("A0 CREATE \"My Box\"\r\n"
                    + "A1 CREATE \"a\\\"b\\\\c\"\r\n"
                    + "A2 CREATE Entw&APw-rfe\r\n"
                    + "A3 CREATE \"Tom &- Jerry\"\r\n"
                    + "A4 CREATE &ZeVnLIqe-\r\n"
                    + "A5 RENAME INBOX/Old \"New Name\"\r\n"
                    + "A6 CREATE \"NIL\"\r\n"
                    + "A7 DELETE \"50%\"\r\n"
                    + "A8 SELECT INBOX\r\n", server.clientText());
        });
    }

    @Test
    void crLfInMailboxNameNeverStartsANewCommandLine() throws Exception {
        // Without UTF8=ACCEPT, control characters are outside modified UTF-7's direct set (RFC 3501 5.1.3),
        // so they travel base64-encoded inside &...-; either way no raw CR/LF reaches the wire.
        play(PREAUTH + """
                C: A0 CREATE a&AA0ACg-b
                S: A0 OK done
                """, (server, imap) -> {
            assertTrue(imap.create("a\r\nb").isOk());
            server.awaitDone();
            assertEquals("A0 CREATE a&AA0ACg-b\r\n", server.clientText());
        });
    }

    @Test
    void crLfInMailboxNameIsALiteralInUtf8Mode() throws Exception {
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE UTF8=ACCEPT] ready
                C: A0 ENABLE UTF8=ACCEPT
                S: * ENABLED UTF8=ACCEPT
                S: A0 OK enabled
                C: A1 CREATE {4}
                S: + go ahead
                CL: 6 a\\r\\nb\\r\\n
                S: A1 OK done
                C: A2 CREATE ...
                S: A2 OK done
                """, (server, imap) -> {
            imap.enable("UTF8=ACCEPT");
            assertTrue(imap.utf8Enabled());
            assertTrue(imap.create("a\r\nb").isOk());
            assertTrue(imap.create("Entwürfe").isOk());
            server.awaitDone();
            assertEquals(wire("A0 ENABLE UTF8=ACCEPT\r\nA1 CREATE {4}\r\na\r\nb\r\nA2 CREATE \"Entwürfe\"\r\n"),
                    server.clientText());
        });
    }

    @Test
    void loginPasswordWithCrLfOrEightBitIsASynchronisingLiteral() throws Exception {
        play(Fake.greeting("AUTH=PLAIN") + """
                C: A0 LOGIN alice {4}
                S: + Ready for literal data
                CL: 6 p\\r\\nw\\r\\n
                S: A0 NO [AUTHENTICATIONFAILED] try again
                C: A1 LOGIN alice {9}
                S: + Ready for literal data
                CL: 11 pässwort\\r\\n
                S: A1 OK LOGIN completed
                """, (server, imap) -> {
            assertThrows(Imap4Exception.class, () -> imap.login("alice", "p\r\nw"));
            imap.login("alice", "pässwort");
            assertEquals(State.AUTH, imap.state());
            server.awaitDone();
            assertEquals(wire("A0 LOGIN alice {4}\r\np\r\nw\r\nA1 LOGIN alice {9}\r\npässwort\r\n"),
                    server.clientText());
        });
    }

    @Test
    void plainPasswordsAreAtomsOrQuotedStrings() throws Exception {
        play(Fake.greeting("") + """
                C: A0 LOGIN "al ice" "pa\\x5c\\x5css\\"word"
                S: A0 OK LOGIN completed
                """, (server, imap) -> {
            imap.login("al ice", "pa\\ss\"word");
            server.awaitDone();
            assertEquals("A0 LOGIN \"al ice\" \"pa\\\\ss\\\"word\"\r\n", server.clientText());
        });
    }

    @Test
    void synchronisingLiteralWaitsForTheContinuation() throws Exception {
        // WAIT records (and discards) whatever the client sends while the server holds back the '+';
        // a client that sent the literal early would leave CL: with nothing to read.
        play(Fake.greeting("") + """
                C: A0 LOGIN alice {4}
                WAIT: 700
                S: + go ahead
                CL: 6 p\\r\\nw\\r\\n
                S: A0 OK LOGIN completed
                """, (server, imap) -> {
            long t0 = System.nanoTime();
            imap.login("alice", "p\r\nw");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            server.awaitDone();
            assertTrue(ms >= 600, "login returned after " + ms + " ms, before the '+' was sent");
            assertEquals("A0 LOGIN alice {4}\r\np\r\nw\r\n", server.clientText());
        });
    }

    @Test
    void literalPlusSendsEverythingAtOnce() throws Exception {
        play(Fake.greeting("LITERAL+") + """
                C: A0 LOGIN alice {4+}
                CL: 6 p\\r\\nw\\r\\n
                S: A0 OK LOGIN completed
                """, (server, imap) -> {
            imap.login("alice", "p\r\nw");
            server.awaitDone();
            assertEquals("A0 LOGIN alice {4+}\r\np\r\nw\r\n", server.clientText());
        });
    }

    @Test
    void literalMinusOnlyUpTo4096Bytes() throws Exception {
        byte[] small = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        byte[] big = "y".repeat(4097).getBytes(StandardCharsets.US_ASCII);
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 LITERAL-] ready
                C: A0 APPEND INBOX {4096+}
                CL: 4098
                S: A0 OK APPEND completed
                C: A1 APPEND INBOX {4097}
                S: + Ready for literal data
                CL: 4099
                S: A1 OK APPEND completed
                """, (server, imap) -> {
            assertTrue(imap.append("INBOX", null, (String) null, small).isOk());
            assertTrue(imap.append("INBOX", null, (String) null, big).isOk());
            server.awaitDone();
            assertEquals("A0 APPEND INBOX {4096+}\r\n" + "x".repeat(4096) + "\r\n"
                    + "A1 APPEND INBOX {4097}\r\n" + "y".repeat(4097) + "\r\n", server.clientText());
        });
    }

    @Test
    void imap4rev2ImpliesLiteralMinus() throws Exception {
        play("""
                S: * OK [CAPABILITY IMAP4rev2 AUTH=PLAIN] ready
                C: A0 LOGIN alice {4+}
                CL: 6 p\\r\\nw\\r\\n
                S: A0 OK LOGIN completed
                """, (server, imap) -> {
            assertEquals("IMAP4REV2", imap.protocolVersion());
            imap.login("alice", "p\r\nw");
            server.awaitDone();
            assertEquals("A0 LOGIN alice {4+}\r\np\r\nw\r\n", server.clientText());
        });
    }

    @Test
    void nilUserAndPasswordAreQuoted() throws Exception {
        play(Fake.greeting("") + """
                C: A0 LOGIN "NIL" "nil"
                S: A0 OK LOGIN completed
                """, (server, imap) -> {
            imap.login("NIL", "nil");
            server.awaitDone();
            assertEquals("A0 LOGIN \"NIL\" \"nil\"\r\n", server.clientText());
        });
    }

    @Test
    void noInsteadOfContinuationEndsTheCommandWithoutSendingTheLiteral() throws Exception {
        play(PREAUTH + """
                C: A0 APPEND INBOX {5}
                S: A0 NO [TRYCREATE] No such mailbox
                C: A1 NOOP
                S: A1 OK NOOP completed
                """, (server, imap) -> {
            Result<?> r = imap.append("INBOX", null, (String) null, "hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("NO", r.type());
            assertFalse(r.isOk());
            assertEquals("TRYCREATE", r.code().name());
            assertTrue(r.code().isTryCreate());
            assertEquals(null, r.value(), "no APPENDUID for a refused APPEND");
            assertEquals("No such mailbox", r.text());
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            assertEquals("A0 APPEND INBOX {5}\r\nA1 NOOP\r\n", server.clientText());
        });
    }

    @Test
    void rawArgumentsWithCrLfAreRefusedAndNothingIsSent() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: $tag NOOP
                S: $tag OK NOOP completed
                """, (server, imap) -> {
            imap.select("INBOX");
            Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.fetch("1\r\nA2 LOGOUT", "(FLAGS)"));
            assertFalse(e instanceof Imap4AbortException, "a refused argument must not kill the connection");
            assertThrows(Imap4Exception.class, () -> imap.fetch("1", "(FLAGS)\nX LOGOUT"));
            assertThrows(Imap4Exception.class, () -> imap.search(null, "ALL\r\nA9 DELETE INBOX"));
            assertThrows(Imap4Exception.class, () -> imap.store("1", "+FLAGS", "\\Seen\r\nA9 EXPUNGE"));
            assertThrows(Imap4Exception.class, () -> imap.xatom("XFOO", "a\0b"));
            assertTrue(imap.isAlive());
            assertTrue(imap.noop().isOk());
            server.awaitDone();
            String sent = server.clientText();
            assertTrue(sent.startsWith("A0 SELECT INBOX\r\n"), sent);
            assertTrue(sent.matches("A0 SELECT INBOX\r\nA[0-9]+ NOOP\r\n"), sent);
        });
    }

    @Test
    void nonAsciiQuotedSearchCriterionBecomesALiteral() throws Exception {
        play(PREAUTH + selectInbox("A0") + """
                C: A1 SEARCH SUBJECT {7}
                S: + go ahead
                CL: 9 Grüße\\r\\n
                S: * SEARCH 2 5
                S: A1 OK SEARCH completed
                C: A2 SEARCH CHARSET UTF-8 FROM "smith" SUBJECT {7}
                S: + go ahead
                CL: 9 Grüße\\r\\n
                S: * SEARCH 5
                S: A2 OK SEARCH completed
                C: A3 SEARCH CHARSET UTF-8 TEXT {7}
                S: + go ahead
                CL: 9 Straße\\r\\n
                S: * SEARCH
                S: A3 OK SEARCH completed
                """, (server, imap) -> {
            imap.select("INBOX");
            assertEquals(java.util.List.of("2 5"), Fake.data(imap.search(null, "SUBJECT \"Grüße\"")));
            assertEquals(java.util.List.of("5"),
                    Fake.data(imap.search("UTF-8", "FROM \"smith\" SUBJECT \"Grüße\"")));
            assertEquals(java.util.List.of(""), Fake.data(imap.search("UTF-8", "TEXT", "Straße")));
            server.awaitDone();
            assertEquals(wire(selectLine() + "A1 SEARCH SUBJECT {7}\r\nGrüße\r\n"
                    + "A2 SEARCH CHARSET UTF-8 FROM \"smith\" SUBJECT {7}\r\nGrüße\r\n"
                    + "A3 SEARCH CHARSET UTF-8 TEXT {7}\r\nStraße\r\n"), server.clientText());
        });
    }

    @Test
    void unquotedEightBitSearchTextIsNeverSentRaw() throws Exception {
        // Without UTF8=ACCEPT, 8-bit bytes may only travel in literals (RFC 3501 9: atoms and quoted
        // strings are 7-bit); imaplib refuses such a command (it encodes commands as ASCII).
        play(PREAUTH + selectInbox("A0") + """
                C: $tag ...
                S: $tag OK done
                """, (server, imap) -> {
            imap.select("INBOX");
            try {
                imap.search("UTF-8", "SUBJECT Grüße SINCE 1-Jan-2024");
            } catch (Imap4Exception e) {
                assertFalse(e instanceof Imap4AbortException);
            }
            byte[] sent = server.clientBytes();
            String text = server.clientText();
            for (int i = 0; i < sent.length; i++) {
                if ((sent[i] & 0x80) != 0) {
                    // 8-bit bytes are fine only as the body of a literal: {n}\r\n before them
                    assertTrue(text.substring(0, i).matches("(?s).*\\{[0-9]+\\+?\\}\r\n[^\r\n]*"),
                            "8-bit byte outside a literal at " + i + ": "
                            + dev.imap4lib.wire.Excerpt.escape(sent));
                }
            }
        });
    }

    @Test
    void appendWithUtf8AfterEnableUtf8Accept() throws Exception {
        String msg = "Subject: Grüße\r\n\r\nHallo\r\n";
        int n = msg.getBytes(StandardCharsets.UTF_8).length;
        play("""
                S: * PREAUTH [CAPABILITY IMAP4rev1 ENABLE UTF8=ACCEPT] ready
                C: A0 ENABLE UTF8=ACCEPT
                S: * ENABLED UTF8=ACCEPT
                S: A0 OK ENABLE completed
                C: A1 APPEND "Entwürfe" () UTF8 (~{%d}
                S: + Ready for literal data
                CL: %d
                S: A1 OK [APPENDUID 38505 3955] APPEND completed
                """.formatted(n, n + 3), (server, imap) -> {
            assertFalse(imap.utf8Enabled());
            Result<java.util.List<String>> en = imap.enable("UTF8=ACCEPT");
            assertTrue(en.isOk());
            assertEquals(java.util.List.of("UTF8=ACCEPT"), en.value());
            assertTrue(imap.utf8Enabled());
            Result<dev.imap4lib.response.ResponseCode.AppendUid> app =
                    imap.append("Entwürfe", null, (String) null, msg.getBytes(StandardCharsets.UTF_8));
            assertTrue(app.isOk());
            assertEquals(38505, app.value().uidValidity());
            assertEquals(dev.imap4lib.response.SequenceSet.of(3955), app.value().uids());
            server.awaitDone();
            assertEquals(wire("A0 ENABLE UTF8=ACCEPT\r\nA1 APPEND \"Entwürfe\" () UTF8 (~{" + n + "}\r\n" + msg + ")\r\n"),
                    server.clientText());
        });
    }

    @Test
    void setMetadataValueWithCrLfIsALiteral() throws Exception {
        // RFC 5464 4.3, example with a multi-line value.
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("/private/comment", "My new comment across\r\ntwo lines.");
        play(PREAUTH + """
                C: A0 SETMETADATA INBOX (/private/comment {33}
                S: + ready for data
                CL: 36 My new comment across\\r\\ntwo lines.)\\r\\n
                S: A0 OK SETMETADATA complete
                """, (server, imap) -> {
            assertTrue(imap.setMetadata("INBOX", entries).isOk());
            server.awaitDone();
            assertEquals("A0 SETMETADATA INBOX (/private/comment {33}\r\nMy new comment across\r\ntwo lines.)\r\n",
                    server.clientText());
        });
    }

    static String selectLine() {
        return "A0 SELECT INBOX\r\n";
    }
}
