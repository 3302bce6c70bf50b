package dev.imap4lib.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a run reads and writes, and how: the streams, the environment, whether output goes to a
 * terminal (progress lines, colours), {@code --json}, {@code --debug}.
 */
final class Ctx {
    static final String RESET = "\u001b[0m";
    static final String BOLD = "\u001b[1m";
    static final String DIM = "\u001b[2m";
    static final String RED = "\u001b[31m";
    static final String GREEN = "\u001b[32m";
    static final String YELLOW = "\u001b[33m";
    static final String BLUE = "\u001b[34m";
    static final String CYAN = "\u001b[36m";

    final PrintStream out;
    final PrintStream err;
    final InputStream in;
    final Map<String, String> env;
    /** stdout is an interactive terminal. */
    final boolean tty;
    boolean color;
    boolean json;
    boolean debug;
    private BufferedReader reader;

    Ctx(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, boolean tty) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.env = env;
        this.tty = tty;
        String term = env.get("TERM");
        this.color = tty && term != null && !term.equals("dumb") && env.get("NO_COLOR") == null;
    }

    /** {@code text} in {@code style} when colours are on. */
    String c(String style, String text) {
        return color ? style + text + RESET : text;
    }

    /** Terminal width: $COLUMNS, else 100. */
    int columns() {
        try {
            int c = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
            return Math.max(60, c);
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** One line of standard input (UTF-8), or null at the end. */
    String readLine() throws java.io.IOException {
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return reader.readLine();
    }

    /** Prints a JSON value on one line. */
    void json(Object value) {
        out.println(Json.write(value));
        out.flush();
    }
}
