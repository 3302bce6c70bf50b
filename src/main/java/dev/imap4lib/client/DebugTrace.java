package dev.imap4lib.client;

import dev.imap4lib.wire.Excerpt;
import java.io.PrintStream;
import java.time.LocalTime;

/**
 * imaplib-style protocol trace. Commands are traced from the encoder's masked rendering, so
 * passwords, tokens and AUTHENTICATE payloads never reach it.
 */
final class DebugTrace {
    private static final System.Logger LOG = System.getLogger("dev.imap4lib.client");
    private final int level;
    private final PrintStream out;

    DebugTrace(int level, PrintStream out) {
        this.level = level;
        this.out = out;
    }

    boolean on(int atLeast) {
        return level >= atLeast && (out != null || LOG.isLoggable(System.Logger.Level.DEBUG));
    }

    void sent(String masked) {
        if (on(1)) {
            emit("> " + masked.stripTrailing());
        }
    }

    void received(byte[] b, int len) {
        emit("< " + Excerpt.escape(b, 0, len, 2000));
    }

    void note(String s) {
        if (on(1)) {
            emit("  " + s);
        }
    }

    private void emit(String s) {
        if (out != null) {
            out.println(LocalTime.now() + " imap4lib " + s);
        } else {
            LOG.log(System.Logger.Level.DEBUG, s);
        }
    }
}
