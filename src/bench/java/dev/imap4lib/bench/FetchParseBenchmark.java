package dev.imap4lib.bench;

import dev.imap4lib.response.FetchData;
import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ReaderLimits;
import dev.imap4lib.wire.ResponseReader;
import dev.imap4lib.wire.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parses a large {@code FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)}
 * response: the reader frames each {@code * n FETCH} line and the typed parser builds its
 * {@link FetchData}. The input is a reply captured from Dovecot 2.3 (60 messages of six kinds:
 * plain, encoded-word UTF-8, multipart/alternative, attachment with RFC 2231 name, 8-bit reply,
 * forwarded message/rfc822), renumbered and repeated to 10,000 messages (about 6 MB).
 *
 * <p>Run: {@code mvn -B -q -Pbench package -DskipTests && java -cp "target/classes:target/bench.jar" ...}
 * — see README "Benchmarks". The score is in ops/s of one whole 10,000-message response;
 * {@link #main} prints MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class FetchParseBenchmark {
    static final int MESSAGES = 10_000;
    byte[] wire;

    @Setup(Level.Trial)
    public void load() throws IOException {
        wire = buildResponse(MESSAGES);
    }

    /** The captured fixture, renumbered and repeated to {@code n} FETCH responses plus a tagged OK. */
    static byte[] buildResponse(int n) throws IOException {
        byte[] fixture;
        try (InputStream in = FetchParseBenchmark.class.getResourceAsStream("/fixtures/dovecot-fetch-envelope-bodystructure.txt")) {
            if (in == null) {
                throw new IOException("fixture missing: build with the bench profile (it adds src/test/resources)");
            }
            fixture = in.readAllBytes();
        }
        String[] lines = new String(fixture, StandardCharsets.ISO_8859_1).split("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 700);
        int made = 0;
        while (made < n) {
            for (String line : lines) {
                if (!line.startsWith("* ") || made >= n) {
                    continue;
                }
                made++;
                int sp = line.indexOf(' ', 2);
                String rest = line.substring(sp);
                rest = rest.replaceFirst("UID \\d+", "UID " + made);
                out.writeBytes(("* " + made + rest + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        out.writeBytes("c OK Fetch completed.\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Benchmark
    public void readAndParse(Blackhole bh) throws IOException {
        ResponseReader r = new ResponseReader(new ByteArrayInputStream(wire), ReaderLimits.DEFAULT);
        while (true) {
            RawResponse resp = r.read();
            if (resp.kind() != RawResponse.Kind.UNTAGGED) {
                break;
            }
            Tokenizer t = resp.tokenizer();
            t.expect('*');
            t.space();
            int num = t.intNumber();
            t.space();
            t.tryAtom("FETCH");
            t.space();
            bh.consume(FetchData.parse(num, t, 64));
        }
    }

    @Benchmark
    public void readOnly(Blackhole bh) throws IOException {
        ResponseReader r = new ResponseReader(new ByteArrayInputStream(wire), ReaderLimits.DEFAULT);
        while (true) {
            RawResponse resp = r.read();
            if (resp.kind() != RawResponse.Kind.UNTAGGED) {
                break;
            }
            bh.consume(resp);
        }
    }

    /** Runs the benchmark and prints MB/s for each mode. */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.runner.options.Options opt = new org.openjdk.jmh.runner.options.OptionsBuilder()
                .include(FetchParseBenchmark.class.getSimpleName())
                .build();
        double mb = buildResponse(MESSAGES).length / 1e6;
        for (org.openjdk.jmh.results.RunResult rr : new org.openjdk.jmh.runner.Runner(opt).run()) {
            double ops = rr.getPrimaryResult().getScore();
            System.out.printf("%-14s %8.1f MB/s  (%.1f responses of %.2f MB per second, %d messages each)%n",
                    rr.getParams().getBenchmark().replaceAll(".*\\.", ""), ops * mb, ops, mb, MESSAGES);
        }
    }
}
