package dev.imap4lib.client;

import static dev.imap4lib.client.Fake.PREAUTH;
import static dev.imap4lib.client.Fake.selectInbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.response.FetchData;
import dev.imap4lib.testing.FloodServer;
import dev.imap4lib.testing.HeapProbe;
import dev.imap4lib.testing.ScriptedImapServer;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7 through the core API ({@link Imap4}), in the 256 MB surefire execution: the size cases
 * {@link HostileServerTest} does not cover, each bounded in time and heap.
 */
@Tag("small-heap")
@Timeout(120)
class HostileSizesCoreTest {
    private static final long MB256 = 256L << 20;
    private static final long HEAP_BOUND = 64L << 20;
    private static final Duration QUICK = Duration.ofSeconds(20);

    /** Runs {@code body} within {@code bound}; fails if the heap grew by 64 MB or more; returns the milliseconds. */
    private static long bounded(String label, Duration bound, Fake.Body body, ScriptedImapServer server, Imap4 imap) {
        HeapProbe heap = HeapProbe.start();
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(bound, () -> body.run(server, imap), label);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long peak = heap.peakGrowth();
        long retained = heap.retainedGrowth();
        System.out.println("[hostile core] " + label + ": " + ms + " ms, heap peak +" + HeapProbe.mb(peak)
                + ", retained +" + HeapProbe.mb(retained));
        assertTrue(peak < HEAP_BOUND, label + ": heap peak grew by " + HeapProbe.mb(peak));
        return ms;
    }

    private static long play(String label, Duration bound, String script, Fake.Body body) throws Exception {
        long[] ms = new long[1];
        Fake.play(script, (server, imap) -> ms[0] = bounded(label, bound, body, server, imap));
        return ms[0];
    }

    // ------------------------------------------------------------------ literals

    @ParameterizedTest
    @ValueSource(longs = {2147483647L, 2147483631L, 4294967296L, 99999999999L, MB256})
    void hugeLiteralAbortsNamingItsSize(long size) throws Exception {
        String bytes = "SLIT: " + (size == MB256 ? MB256 : 1 << 20) + " x\n";
        play("literal " + size + " in FETCH", QUICK, PREAUTH + selectInbox("A0") + "C: A1 FETCH 1 (BODY[])\n"
                + "S: * 1 FETCH (BODY[] {" + size + "}\n" + bytes, (server, imap) -> {
                    imap.select("INBOX");
                    Imap4AbortException e = assertThrows(Imap4AbortException.class, () -> imap.fetch("1", "(BODY[])"));
                    assertTrue(e.getMessage().contains(Long.toString(size)), e.getMessage());
                    assertFalse(imap.isAlive());
                });
    }

    @Test
    void realQuarterGigabyteLiteralStreamsToASinkInBoundedHeap() throws Exception {
        long[] received = new long[1];
        long ms = play("256 MB literal streamed to a LiteralSink", Duration.ofSeconds(60), PREAUTH + selectInbox("A0")
                + "C: A1 FETCH 1 (BODY[])\nS: * 1 FETCH (BODY[] {" + MB256 + "}\nSLIT: " + MB256 + " x\nS: )\n"
                + "S: A1 OK FETCH completed\n", (server, imap) -> {
                    imap.select("INBOX");
                    Result<List<FetchData>> r = imap.fetch("1", "(BODY[])", ctx -> new OutputStream() {
                        @Override
                        public void write(int b) {
                            received[0]++;
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            received[0] += len;
                        }
                    });
                    assertTrue(r.isOk());
                    assertTrue(imap.isAlive());
                });
        assertEquals(MB256, received[0]);
        System.out.println("[hostile core] 256 MB through a LiteralSink: " + (MB256 >> 20) * 1000 / Math.max(1, ms) + " MB/s");
    }

    @Test
    void negativeLiteralIsACommandErrorAndTheStreamStaysInStep() throws Exception {
        play("negative literal {-5} in FETCH", QUICK, PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (ENVELOPE)
                S: * 1 FETCH (ENVELOPE (NIL {-5}
                S: A1 OK FETCH completed
                C: A2 NOOP
                S: A2 OK NOOP completed
                """, (server, imap) -> {
                    imap.select("INBOX");
                    Imap4Exception e = assertThrows(Imap4Exception.class, () -> imap.fetch("1", "(ENVELOPE)"));
                    assertFalse(e instanceof Imap4AbortException, e.toString());
                    assertTrue(imap.noop().isOk());
                });
    }

    // ------------------------------------------------------------------ lines

    @Test
    void sixtyFourMegabyteLineWithoutCrlfAborts() throws Exception {
        play("64 MB line without CRLF in NOOP", QUICK, PREAUTH + "C: A0 NOOP\nSB: * OK\\x20\nSBIG: 67108864 a\n",
                (server, imap) -> {
                    Imap4AbortException e = assertThrows(Imap4AbortException.class, imap::noop);
                    assertTrue(e.getMessage().contains("line longer than 1000000"), e.getMessage());
                    assertFalse(imap.isAlive());
                });
    }

    @Test
    void sixtyFourMegabyteGreetingWithoutCrlfFailsTheConstructor() {
        try (ScriptedImapServer server = Fake.server("SB: * OK\\x20\nSBIG: 67108864 a\n")) {
            HeapProbe heap = HeapProbe.start();
            Imap4AbortException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(Imap4AbortException.class,
                    () -> Fake.connect(server).shutdown()));
            assertTrue(e.getMessage().contains("line longer than 1000000"), e.getMessage());
            assertTrue(heap.peakGrowth() < HEAP_BOUND, HeapProbe.mb(heap.peakGrowth()));
        }
    }

    // ------------------------------------------------------------------ counts and many responses

    /** {@code n} generated lines sent as one raw write. */
    private static String lines(int n, IntFunction<String> line) {
        StringBuilder sb = new StringBuilder(n * 20).append("SB: ");
        for (int i = 1; i <= n; i++) {
            sb.append(line.apply(i)).append("\\r\\n");
        }
        return sb.append('\n').toString();
    }

    @Test
    void fetchForMessageZero() throws Exception {
        play("* 0 FETCH answering FETCH 1", QUICK, PREAUTH + selectInbox("A0") + """
                C: A1 FETCH 1 (FLAGS)
                S: * 0 FETCH (FLAGS (\\Seen))
                S: A1 OK FETCH completed
                C: A2 NOOP
                S: * 0 FETCH (FLAGS (\\Seen))
                S: A2 OK NOOP completed
                """, (server, imap) -> {
                    imap.select("INBOX");
                    Result<List<FetchData>> r = imap.fetch("1", "(FLAGS)");
                    assertEquals(List.of(0), r.value().stream().map(FetchData::msgno).toList(),
                            "handed over as sent; the caller sees it is not message 1");
                    assertTrue(imap.noop().isOk());
                });
    }

    /**
     * What {@link Imap4#response} still holds after 200,000 responses of one type that nobody
     * popped: it keeps at most 100,000 per type, dropping the oldest half when full.
     */
    private static final int RETAINED = 100_000;

    @Test
    void twoHundredThousandExpungesToOneNoop() throws Exception {
        int n = 200_000;
        long ms = play("200,000 EXPUNGE to one NOOP", Duration.ofSeconds(60), PREAUTH + "C: A0 NOOP\n"
                + lines(n, i -> "* 1 EXPUNGE") + "S: A0 OK NOOP completed\n", (server, imap) -> {
                    assertTrue(imap.noop().isOk());
                    assertEquals(RETAINED, imap.response("EXPUNGE").data().size());
                });
        System.out.println("[hostile core] 200,000 EXPUNGE to one NOOP: " + ms + " ms");
    }

    @Test
    void twoHundredThousandExistsToOneNoop() throws Exception {
        int n = 200_000;
        long ms = play("200,000 EXISTS to one NOOP", Duration.ofSeconds(60), PREAUTH + "C: A0 NOOP\n"
                + lines(n, i -> "* " + i + " EXISTS") + "S: A0 OK NOOP completed\n", (server, imap) -> {
                    assertTrue(imap.noop().isOk());
                    List<?> exists = imap.response("EXISTS").data();
                    assertEquals(RETAINED, exists.size());
                    assertEquals(Integer.toString(n), new String((byte[]) exists.get(RETAINED - 1),
                            java.nio.charset.StandardCharsets.US_ASCII), "the newest are the ones kept");
                });
        System.out.println("[hostile core] 200,000 EXISTS to one NOOP: " + ms + " ms");
    }

    @Test
    void twoHundredThousandFetchesForMessageZeroToOneNoop() throws Exception {
        int n = 200_000;
        long ms = play("200,000 * 0 FETCH to one NOOP", Duration.ofSeconds(60), PREAUTH + "C: A0 NOOP\n"
                + lines(n, i -> "* 0 FETCH (FLAGS (\\\\Seen))") + "S: A0 OK NOOP completed\n", (server, imap) -> {
                    assertTrue(imap.noop().isOk());
                    assertEquals(RETAINED, imap.response("FETCH").data().size());
                });
        System.out.println("[hostile core] 200,000 '* 0 FETCH' to one NOOP: " + ms + " ms");
    }

    @Test
    void fiveMillionExpungesToOneNoopStayBounded() throws Exception {
        // Regression: every untagged response of a command was kept for its result, NOOP's
        // too, so 5,000,000 EXPUNGE (65 MB on the wire) exhausted a 256 MB heap.
        long n = 5_000_000;
        try (FloodServer flood = new FloodServer("* PREAUTH [CAPABILITY IMAP4rev1] hi", java.util.Map.of(), "NOOP",
                "* 1 EXPUNGE", n)) {
            Imap4 imap = new Imap4("127.0.0.1", flood.port(), Fake.options().withTimeout(Duration.ofSeconds(10)));
            try {
                HeapProbe heap = HeapProbe.start();
                long t0 = System.nanoTime();
                Result<Void> r = assertTimeoutPreemptively(Duration.ofSeconds(90), imap::noop);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long peak = heap.peakGrowth();
                System.out.println("[hostile core] 5,000,000 EXPUNGE to one NOOP: " + ms + " ms, heap peak +"
                        + HeapProbe.mb(peak) + ", retained +" + HeapProbe.mb(heap.retainedGrowth()));
                assertTrue(r.isOk());
                assertEquals(n, flood.sent());
                assertTrue(peak < HEAP_BOUND, "heap peak grew by " + HeapProbe.mb(peak));
                assertEquals(RETAINED, imap.response("EXPUNGE").data().size(), "the stored responses stay capped");
                assertTrue(imap.isAlive());
            } finally {
                imap.shutdown();
            }
        }
    }

    @Test
    void fiveMillionExpungesDuringAFetchStayBounded() throws Exception {
        // A FETCH keeps only its FETCH responses for its result; anything else a server floods
        // it with goes to listeners and the capped store, not into the command's result.
        long n = 5_000_000;
        try (FloodServer flood = new FloodServer("* PREAUTH [CAPABILITY IMAP4rev1] hi",
                java.util.Map.of("SELECT", "* 1 EXISTS"), "FETCH", "* 1 EXPUNGE", n)) {
            Imap4 imap = new Imap4("127.0.0.1", flood.port(), Fake.options().withTimeout(Duration.ofSeconds(10)));
            try {
                imap.select("INBOX");
                HeapProbe heap = HeapProbe.start();
                long t0 = System.nanoTime();
                Result<List<FetchData>> r = assertTimeoutPreemptively(Duration.ofSeconds(90),
                        () -> imap.fetch("1", "(FLAGS)"));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long peak = heap.peakGrowth();
                System.out.println("[hostile core] 5,000,000 EXPUNGE during one FETCH: " + ms + " ms, heap peak +"
                        + HeapProbe.mb(peak));
                assertTrue(r.isOk());
                assertTrue(r.value().isEmpty(), "the flood is no FETCH data");
                assertEquals(n, flood.sent());
                assertTrue(peak < HEAP_BOUND, "heap peak grew by " + HeapProbe.mb(peak));
                assertEquals(RETAINED, imap.response("EXPUNGE").data().size(), "the stored responses stay capped");
            } finally {
                imap.shutdown();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SEARCH|* 1 EXPUNGE|EXPUNGE", "SELECT|* 7 EXISTS|EXISTS", "LIST|* 1 FETCH (FLAGS ())|FETCH"})
    void fiveMillionUnrelatedResponsesDuringACommandStayBounded(String verbLineType) throws Exception {
        // Issue 13: SEARCH, SELECT, LIST and the other plain commands kept every untagged
        // response for their result; now each keeps its own types whole and the last few of the
        // rest (Gathered), so the flood goes to listeners and the capped store only.
        String[] p = verbLineType.split("\\|");
        String verb = p[0];
        String line = p[1];
        long n = 5_000_000;
        try (FloodServer flood = new FloodServer("* PREAUTH [CAPABILITY IMAP4rev1] hi",
                java.util.Map.of("SELECT", "* 2 EXISTS\n* OK [UIDVALIDITY 9] ok", "SEARCH", "* SEARCH 1 2",
                        "LIST", "* LIST () \"/\" INBOX"), verb, line, n)) {
            Imap4 imap = new Imap4("127.0.0.1", flood.port(), Fake.options().withTimeout(Duration.ofSeconds(10)));
            try {
                if (!verb.equals("SELECT")) {
                    imap.select("INBOX");
                }
                long[] seen = new long[1];
                imap.addUntaggedListener(u -> seen[0]++);
                HeapProbe heap = HeapProbe.start();
                long t0 = System.nanoTime();
                String value = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> switch (verb) {
                    case "SEARCH" -> imap.search(null, "ALL").value().toString();
                    case "SELECT" -> {
                        SelectInfo i = imap.select("INBOX").value();
                        yield i.exists() + " " + i.uidValidity();
                    }
                    default -> imap.list().value().get(0).name();
                });
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long peak = heap.peakGrowth();
                System.out.println("[hostile core] 5,000,000 '" + line + "' during one " + verb + ": " + ms
                        + " ms, heap peak +" + HeapProbe.mb(peak));
                assertEquals(n, flood.sent());
                assertTrue(seen[0] >= n, "every response reaches the listeners");
                assertTrue(peak < HEAP_BOUND, "heap peak grew by " + HeapProbe.mb(peak));
                switch (verb) {
                    case "SEARCH" -> assertTrue(value.contains("1, 2"), value);
                    case "SELECT" -> assertEquals("2 9", value, "the last EXISTS wins, as before");
                    default -> assertEquals("INBOX", value);
                }
                int stored = imap.response(p[2]).data().size();
                assertTrue(stored > 0 && stored <= RETAINED, "the stored responses stay capped: " + stored);
                assertTrue(imap.isAlive());
            } finally {
                imap.shutdown();
            }
        }
    }

    // ------------------------------------------------------------------ capabilities

    @ParameterizedTest
    @ValueSource(ints = {10_000, 80_000})
    void thousandsOfCapabilities(int n) throws Exception {
        StringBuilder atoms = new StringBuilder();
        for (int i = 0; i < n; i++) {
            atoms.append(" X-CAP-").append(i);
        }
        String script = "S: * PREAUTH [CAPABILITY IMAP4rev1" + atoms + "] hi\n"
                + "C: A0 CAPABILITY\nS: * CAPABILITY IMAP4rev1" + atoms + " X-LAST\nS: A0 OK done\n";
        play(n + " capabilities in the greeting and in CAPABILITY", QUICK, script, (server, imap) -> {
            assertEquals(n + 1, imap.capabilities().size());
            assertTrue(imap.hasCapability("X-CAP-" + (n - 1)));
            assertEquals(n + 2, imap.capability().value().size());
            assertTrue(imap.hasCapability("X-LAST"));
        });
    }

    // ------------------------------------------------------------------ garbage and NUL bytes

    @Test
    void nulGreetingAborts() {
        try (ScriptedImapServer server = Fake.server("SB: \\0\\0\\0\\0\\r\\n\n")) {
            assertTimeoutPreemptively(QUICK, () -> assertThrows(Imap4AbortException.class, () -> Fake.connect(server).shutdown()));
        }
    }

    @Test
    void nulInFreeTextIsKept() throws Exception {
        play("NUL in the greeting's and a response's text", QUICK,
                "SB: * PREAUTH [CAPABILITY IMAP4rev1] hi\\0there\\r\\n\nC: A0 NOOP\nSB: * OK a\\0b\\r\\n\nS: A0 OK done\n",
                (server, imap) -> {
                    assertTrue(imap.welcome().contains("hi\0there"), imap.welcome());
                    assertTrue(imap.noop().isOk());
                });
    }

    @Test
    void garbageLineAnsweringNoopAborts() throws Exception {
        play("garbage line in NOOP", QUICK, PREAUTH + "C: A0 NOOP\nSB: \\xff\\xfe\\x00 junk\\r\\n\nS: A0 OK done\n",
                (server, imap) -> {
                    Imap4AbortException e = assertThrows(Imap4AbortException.class, imap::noop);
                    assertTrue(e.getMessage().contains("tag we did not send"), e.getMessage());
                });
    }
}
