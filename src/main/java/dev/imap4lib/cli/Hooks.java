package dev.imap4lib.cli;

/** Test hooks: called after each message an export or import has written, before it is recorded. */
final class Hooks {
    /** Receives the number of messages written so far in this run; may throw to simulate a crash. */
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
