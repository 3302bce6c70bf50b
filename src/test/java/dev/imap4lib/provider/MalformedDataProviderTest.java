package dev.imap4lib.provider;

import static dev.imap4lib.provider.Hostile.PREAUTH;
import static dev.imap4lib.provider.Hostile.QUICK;
import static dev.imap4lib.provider.Hostile.failsWith;
import static dev.imap4lib.provider.Hostile.onFolder;
import static dev.imap4lib.provider.Hostile.onStore;
import static dev.imap4lib.provider.Hostile.returns;
import static dev.imap4lib.provider.Hostile.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7, malformed data through the Jakarta Mail API: FETCH, ENVELOPE and BODYSTRUCTURE that are
 * unbalanced, badly numbered, NIL where a string is required, truncated, nested 100,000 deep, or
 * garbage and NUL bytes. Each call is answered at once (well inside the 5 s read timeout, so the
 * client never waits on a server that has finished) with a pinned outcome: a MessagingException
 * of a given type, or a tolerated value.
 */
@Tag("small-heap")
@Timeout(120)
class MalformedDataProviderTest {

    /** Well under the 5 s read timeout Hostile sets: the answer did not come from waiting. */
    private static final long PROMPT_MS = 4000;

    private enum Call {
        /** getMessage(1).getSubject(): FETCH 1 (UID FLAGS ENVELOPE INTERNALDATE RFC822.SIZE). */
        SUBJECT,
        /** getMessage(1).getContentType(): FETCH 1 (UID BODYSTRUCTURE). */
        TYPE,
        /** fetch(all, ENVELOPE + FLAGS + CONTENT_INFO), then what it left in message 1. */
        PROFILE;

        Object run(Folder inbox) throws MessagingException {
            inbox.open(Folder.READ_WRITE);
            return switch (this) {
                case SUBJECT -> inbox.getMessage(1).getSubject();
                case TYPE -> inbox.getMessage(1).getContentType();
                case PROFILE -> {
                    FetchProfile fp = new FetchProfile();
                    fp.add(FetchProfile.Item.ENVELOPE);
                    fp.add(FetchProfile.Item.FLAGS);
                    fp.add(FetchProfile.Item.CONTENT_INFO);
                    inbox.fetch(inbox.getMessages(), fp);
                    yield "fetched";
                }
            };
        }
    }

    private static final String ENV = "(\"Mon, 1 Jan 2024 10:00:00 +0000\" \"s\" NIL NIL NIL NIL NIL NIL NIL NIL)";
    private static final String STD = "FLAGS () INTERNALDATE \"01-Jan-2024 10:00:00 +0000\" RFC822.SIZE 10";

    private static Arguments row(String label, Call call, String response, String expected) {
        return Arguments.of(label, call, response, expected);
    }

    /** Label, call, the FETCH response line(s) (script text), and the outcome: an exception's simple name or "= value". */
    static Stream<Arguments> malformed() {
        return Stream.of(
                // ENVELOPE
                row("ENVELOPE missing its closing parenthesis", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL)", "MessagingException"),
                row("ENVELOPE with an extra closing parenthesis", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE " + ENV + "))", "MessagingException"),
                row("ENVELOPE address list left open", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL \"s\" ((NIL NIL \"a\" \"b.c\") NIL NIL NIL NIL NIL NIL NIL NIL))",
                        "MessagingException"),
                row("ENVELOPE NIL", Call.SUBJECT, "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE NIL)", "MessagingException"),
                row("ENVELOPE of three fields", Call.SUBJECT, "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL NIL NIL))",
                        "MessagingException"),
                row("ENVELOPE subject a number", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL 42 NIL NIL NIL NIL NIL NIL NIL NIL))", "MessagingException"),
                row("ENVELOPE address of NIL mailbox and host", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL \"s\" ((NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL))", "= s"),
                row("ENVELOPE address of two fields", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL \"s\" ((\"a\" NIL)) NIL NIL NIL NIL NIL NIL NIL))", "MessagingException"),
                row("ENVELOPE negative literal {-5}", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL {-5}", "MessagingException"),
                row("ENVELOPE unterminated quoted string", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL \"s NIL NIL NIL NIL NIL NIL NIL NIL))", "MessagingException"),
                row("ENVELOPE truncated mid-line", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (\"Mon, 1 Jan", "MessagingException"),
                row("ENVELOPE cut by the connection closing", Call.SUBJECT,
                        "CUT: 60 * 1 FETCH (UID 9 " + STD + " ENVELOPE " + ENV + ")", "FolderClosedException"),
                row("ENVELOPE literal cut short by the connection closing", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL {100}\nCUT: 10 subject is short", "FolderClosedException"),
                row("NUL inside the subject (kept: it is the server's text)", Call.SUBJECT,
                        "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE (NIL \"a\\0b\" NIL NIL NIL NIL NIL NIL NIL NIL))", "= a\u0000b"),
                // numbers and dates
                row("UID 12x", Call.SUBJECT, "S: * 1 FETCH (UID 12x " + STD + " ENVELOPE " + ENV + ")", "MessagingException"),
                row("UID -1", Call.SUBJECT, "S: * 1 FETCH (UID -1 " + STD + " ENVELOPE " + ENV + ")", "MessagingException"),
                row("UID 2^64", Call.SUBJECT, "S: * 1 FETCH (UID 18446744073709551616 " + STD + " ENVELOPE " + ENV + ")",
                        "MessagingException"),
                row("RFC822.SIZE -5", Call.SUBJECT, "S: * 1 FETCH (UID 9 FLAGS () INTERNALDATE \"01-Jan-2024 10:00:00 +0000\""
                        + " RFC822.SIZE -5 ENVELOPE " + ENV + ")", "MessagingException"),
                row("RFC822.SIZE 10^20", Call.SUBJECT, "S: * 1 FETCH (UID 9 FLAGS () INTERNALDATE \"01-Jan-2024 10:00:00 +0000\""
                        + " RFC822.SIZE 99999999999999999999 ENVELOPE " + ENV + ")", "MessagingException"),
                row("INTERNALDATE out of range", Call.SUBJECT, "S: * 1 FETCH (UID 9 FLAGS () INTERNALDATE"
                        + " \"99-Foo-2024 99:99:99 +9999\" RFC822.SIZE 10 ENVELOPE " + ENV + ")", "MessagingException"),
                row("INTERNALDATE NIL", Call.SUBJECT, "S: * 1 FETCH (UID 9 FLAGS () INTERNALDATE NIL RFC822.SIZE 10 ENVELOPE "
                        + ENV + ")", "= s"),
                row("FLAGS NIL", Call.SUBJECT, "S: * 1 FETCH (UID 9 FLAGS NIL INTERNALDATE \"01-Jan-2024 10:00:00 +0000\""
                        + " RFC822.SIZE 10 ENVELOPE " + ENV + ")", "MessagingException"),
                row("message number 4294967296", Call.SUBJECT, "S: * 4294967296 FETCH (UID 9 " + STD + " ENVELOPE " + ENV + ")",
                        "MessagingException"),
                // BODYSTRUCTURE
                row("BODYSTRUCTURE NIL", Call.TYPE, "S: * 1 FETCH (UID 9 BODYSTRUCTURE NIL)", "MessagingException"),
                row("BODYSTRUCTURE ()", Call.TYPE, "S: * 1 FETCH (UID 9 BODYSTRUCTURE ())", "MessagingException"),
                row("BODYSTRUCTURE NIL subtype", Call.TYPE,
                        "S: * 1 FETCH (UID 9 BODYSTRUCTURE (\"text\" NIL NIL NIL NIL \"7bit\" 5 1))", "= text/"),
                row("BODYSTRUCTURE all NIL", Call.TYPE,
                        "S: * 1 FETCH (UID 9 BODYSTRUCTURE (NIL NIL NIL NIL NIL NIL NIL NIL))", "= /"),
                row("BODYSTRUCTURE size -5", Call.TYPE,
                        "S: * 1 FETCH (UID 9 BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" -5 1))", "MessagingException"),
                row("BODYSTRUCTURE size 10^20", Call.TYPE,
                        "S: * 1 FETCH (UID 9 BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 99999999999999999999 1))", "MessagingException"),
                row("BODYSTRUCTURE missing its closing parenthesis", Call.TYPE,
                        "S: * 1 FETCH (UID 9 BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1)", "MessagingException"),
                row("BODYSTRUCTURE multipart without parts", Call.TYPE,
                        "S: * 1 FETCH (UID 9 BODYSTRUCTURE (\"mixed\"))", "MessagingException"),
                row("BODYSTRUCTURE multipart with an empty part", Call.TYPE,
                        "S: * 1 FETCH (UID 9 BODYSTRUCTURE (() \"mixed\"))", "MessagingException"),
                row("BODYSTRUCTURE odd parameter list", Call.TYPE,
                        "S: * 1 FETCH (UID 9 BODYSTRUCTURE (\"text\" \"plain\" (\"charset\") NIL NIL \"7bit\" 5 1))", "MessagingException"),
                row("BODYSTRUCTURE message/rfc822 without envelope", Call.TYPE,
                        "S: * 1 FETCH (UID 9 BODYSTRUCTURE (\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 100 NIL NIL 5))", "= message/rfc822"),
                row("BODYSTRUCTURE truncated", Call.TYPE, "S: * 1 FETCH (UID 9 BODYSTRUCTURE (\"text\" \"plain\"",
                        "MessagingException"),
                // FetchProfile
                row("fetch(FetchProfile): unbalanced", Call.PROFILE, "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE " + ENV
                        + " BODYSTRUCTURE (\"text\" \"plain\" NIL NIL NIL \"7bit\" 5 1)", "MessagingException"),
                row("fetch(FetchProfile): BODYSTRUCTURE NIL", Call.PROFILE, "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE " + ENV
                        + " BODYSTRUCTURE NIL)", "MessagingException"),
                row("fetch(FetchProfile): garbage bytes", Call.PROFILE, "SB: * 1 FETCH (\\xff\\xfe\\x00\\x01 )\\r\\n",
                        "MessagingException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFetchIsAnErrorOrToleratedAtOnce(String label, Call call, String response, String expected) {
        Hostile.Outcome o = onFolder(label + " (" + call + ")", select(1) + "C: $tag FETCH 1 ...\n" + response + "\n"
                + (response.startsWith("CUT") || response.contains("\nCUT") ? "" : "S: $tag OK done\n"), QUICK, call::run);
        check(o, expected);
        assertTrue(o.millis() < PROMPT_MS, o.label() + ": took " + o.millis() + " ms: the client waited on the server");
    }

    private static void check(Hostile.Outcome o, String expected) {
        if (expected.startsWith("= ")) {
            assertEquals(expected.substring(2), String.valueOf(returns(o)), o.label());
        } else if (expected.equals("FolderClosedException")) {
            failsWith(o, FolderClosedException.class);
        } else if (expected.equals("MessagingException")) {
            failsWith(o, MessagingException.class);
        } else {
            Hostile.noEscape(o);
            throw new AssertionError(o.label() + ": pin the outcome: " + o.describe());
        }
    }

    // ------------------------------------------------------------------ 100,000 levels of parentheses

    private static final String DEEP = "(".repeat(100_000) + ")".repeat(100_000);

    @Test
    void deepEnvelopeIsAnErrorNotAStackOverflow() {
        Hostile.Outcome o = onFolder("100,000-deep ENVELOPE (getSubject)", select(1) + "C: $tag FETCH 1 ...\n"
                + "S: * 1 FETCH (UID 9 " + STD + " ENVELOPE " + DEEP + ")\nS: $tag OK done\n", QUICK,
                inbox -> {
                    inbox.open(Folder.READ_WRITE);
                    return inbox.getMessage(1).getSubject();
                });
        failsWith(o, MessagingException.class);
    }

    @Test
    void deepBodyStructureIsAnErrorNotAStackOverflow() {
        Hostile.Outcome o = onFolder("100,000-deep BODYSTRUCTURE (getContentType)", select(1) + "C: $tag FETCH 1 ...\n"
                + "S: * 1 FETCH (UID 9 BODYSTRUCTURE " + DEEP + ")\nS: $tag OK done\n", QUICK, inbox -> {
                    inbox.open(Folder.READ_WRITE);
                    return inbox.getMessage(1).getContentType();
                });
        failsWith(o, MessagingException.class);
    }

    @Test
    void deepUnsolicitedFetchIsIgnored() throws Exception {
        Hostile.Outcome o = onFolder("100,000-deep unsolicited FETCH in NOOP (getMessageCount)", select(1)
                + "C: $tag NOOP\nS: * 1 FETCH (FLAGS " + DEEP + ")\nS: $tag OK done\n", QUICK, inbox -> {
                    inbox.open(Folder.READ_WRITE);
                    Thread.sleep(1100); // getMessageCount sends NOOP after a quiet second
                    return inbox.getMessageCount();
                });
        assertEquals(1, returns(o));
    }

    @Test
    void deepFlagsInSelectAreTolerated() {
        Hostile.Outcome o = onFolder("100,000-deep FLAGS in SELECT (open)", "C: $tag SELECT INBOX\nS: * 1 EXISTS\n"
                + "S: * FLAGS " + DEEP + "\nS: * OK [PERMANENTFLAGS " + DEEP + "] deep\nS: $tag OK [READ-WRITE] done\n",
                QUICK, inbox -> {
                    inbox.open(Folder.READ_WRITE);
                    return inbox.getMessageCount() + " " + inbox.getPermanentFlags().getSystemFlags().length;
                });
        assertEquals("1 0", returns(o), "opened with the flags it could not read left out");
    }

    @Test
    void deepListIsAnError() {
        Hostile.Outcome o = onStore("100,000-deep LIST (getFolder(..).exists())", List.of(PREAUTH
                + "C: $tag LIST \"\" Archive\nS: * LIST " + DEEP + " \"/\" Archive\nS: $tag OK done\n"), QUICK, store -> {
                    store.connect("u", "p");
                    return store.getFolder("Archive").exists();
                });
        failsWith(o, MessagingException.class);
    }

    // ------------------------------------------------------------------ garbage and NUL bytes

    @Test
    void nulGreetingFailsTheConnect() {
        Hostile.Outcome o = onStore("NUL bytes as the greeting (connect)", List.of("SB: \\0\\0\\0\\0\\r\\n"), QUICK, store -> {
            store.connect("u", "p");
            return store.isConnected();
        });
        failsWith(o, MessagingException.class);
    }

    @Test
    void nulInsideTheGreetingText() {
        Hostile.Outcome o = onStore("NUL inside the greeting's text (connect, open)", List.of(
                "SB: * PREAUTH [CAPABILITY IMAP4rev1] hi\\0there\\r\\nWAIT: 30000\n",
                PREAUTH + select(2)), QUICK, store -> {
                    store.connect("u", "p");
                    Folder inbox = store.getFolder("INBOX");
                    inbox.open(Folder.READ_WRITE);
                    return inbox.getMessageCount();
                });
        assertEquals(2, returns(o), "a NUL in free text is harmless");
    }

    @Test
    void randomBytesGreetingsFailTheConnect() {
        Random r = new Random(7);
        for (int seed = 0; seed < 20; seed++) {
            byte[] junk = new byte[1 + r.nextInt(4096)];
            r.nextBytes(junk);
            String hex = HexFormat.of().formatHex(junk).replace("0a", "0b"); // one line: LF only at the end
            Hostile.Outcome o = onStore("random greeting #" + seed + " (" + junk.length + " bytes)",
                    List.of("SB: 0x" + hex + "0d0a\n"), QUICK, store -> {
                        store.connect("u", "p");
                        return store.isConnected();
                    });
            failsWith(o, MessagingException.class);
        }
    }

    @Test
    void garbageLineAnsweringNoop() {
        Hostile.Outcome o = onFolder("garbage line in NOOP (getMessageCount)", select(1)
                + "C: $tag NOOP\nSB: \\xff\\xfe\\x00 junk \\x01\\x02\\r\\nS: $tag OK done\n", QUICK, inbox -> {
                    inbox.open(Folder.READ_WRITE);
                    Thread.sleep(1100); // getMessageCount sends NOOP after a quiet second
                    return inbox.getMessageCount();
                });
        MessagingException e = failsWith(o, FolderClosedException.class);
        assertTrue(e.getMessage().contains("tag we did not send"), e.getMessage());
    }

    @Test
    void randomBytesAnsweringFetchNeverEscape() {
        Random r = new Random(11);
        List<String> kinds = new ArrayList<>();
        for (int seed = 0; seed < 30; seed++) {
            byte[] junk = new byte[1 + r.nextInt(2048)];
            r.nextBytes(junk);
            String hex = HexFormat.of().formatHex(junk).replace("0a", "0b");
            Hostile.Outcome o = onFolder("random FETCH answer #" + seed + " (" + junk.length + " bytes)", select(1)
                    + "C: $tag FETCH 1 ...\nSB: 0x2a2031204645544348202855494420392028" + hex + "0d0a\nS: $tag OK done\n",
                    QUICK, inbox -> {
                        inbox.open(Folder.READ_WRITE);
                        return inbox.getMessage(1).getSubject();
                    });
            Hostile.noEscape(o);
            assertTrue(o.thrown() instanceof MessagingException, o.describe());
            assertTrue(o.millis() < PROMPT_MS, o.describe());
            kinds.add(o.kind());
        }
        System.out.println("[hostile] random FETCH answers: " + kinds);
    }

    private static final String[] TOKENS = {"(", ")", "(", ")", "NIL", "\"s\"", "\"\"", "UID", "9", "-1", "0",
        "99999999999999999999", "ENVELOPE", "BODYSTRUCTURE", "FLAGS", "(\\Seen)", "RFC822.SIZE", "INTERNALDATE",
        "\"01-Jan-2024 10:00:00 +0000\"", "BODY[TEXT]", "BODY[HEADER]<0>", "{3}\\r\\nabc", "{0}\\r\\n", "\\0", "\"a\\0b\"",
        "\"text\"", "\"plain\"", "\"mixed\"", "\\xff", "~{2}\\r\\n\\0\\0"};

    @Test
    void tokenSoupAnsweringFetchNeverEscapes() {
        // Random sequences of IMAP tokens reach deeper into the parsers than random bytes do.
        Random r = new Random(23);
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (int seed = 0; seed < 60; seed++) {
            StringBuilder soup = new StringBuilder("* 1 FETCH (UID 9 ");
            int n = 1 + r.nextInt(40);
            for (int i = 0; i < n; i++) {
                soup.append(TOKENS[r.nextInt(TOKENS.length)]).append(r.nextInt(8) == 0 ? "" : " ");
            }
            soup.append(")\\r\\n");
            Hostile.Outcome o = onFolder("token soup #" + seed + ": " + soup, select(1)
                    + "C: $tag FETCH 1 ...\nSB: " + soup + "\nS: $tag OK done\n", QUICK, inbox -> {
                        inbox.open(Folder.READ_WRITE);
                        return inbox.getMessage(1).getSubject();
                    });
            Hostile.noEscape(o);
            assertTrue(o.millis() < PROMPT_MS, o.describe());
            kinds.merge(o.kind(), 1, Integer::sum);
        }
        System.out.println("[hostile] token soup answers: " + kinds);
    }
}
