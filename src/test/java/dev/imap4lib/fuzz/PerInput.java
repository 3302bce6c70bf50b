package dev.imap4lib.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/**
 * Bounds the time one fuzz input may take. A JUnit {@code @Timeout} on a {@code @FuzzTest}
 * would also bound the whole fuzzing run, which is one invocation; so replaying seeds (regression
 * mode) runs each input under {@link #LIMIT} here, and when fuzzing libFuzzer's {@code -timeout}
 * (set in pom.xml) turns a slow input into a finding.
 */
final class PerInput {
    static final Duration LIMIT = Duration.ofSeconds(10);
    private static final boolean FUZZING = !System.getenv().getOrDefault("JAZZER_FUZZ", "").isEmpty();

    private PerInput() {
    }

    static void bounded(Executable input) throws Throwable {
        if (FUZZING) {
            input.execute();
        } else {
            assertTimeoutPreemptively(LIMIT, input);
        }
    }
}
