package dev.imap4lib.cli;

/** Test hooks: called after each message an export has written (before it is recorded) and after each batch an import appended. */
final class Hooks {
    /** Receives the number of messages written (appended) so far in this run; may throw to simulate a crash. */
    static volatile java.util.function.IntConsumer afterMessage;

    private Hooks() {
    }

    static void afterMessage(int count) {
        java.util.function.IntConsumer h = afterMessage;
        if (h != null) {
            h.accept(count);
        }
    }
}
