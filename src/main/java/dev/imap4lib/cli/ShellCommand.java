package dev.imap4lib.cli;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.client.State;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code shell}: raw IMAP over the core {@link Imap4} ({@code send}/{@code readline}/{@code read}).
 * The user types commands without tags and sees the server's responses as they are; passwords
 * in LOGIN and AUTHENTICATE exchanges are masked wherever the tool echoes or records them.
 */
final class ShellCommand {
    static final Main.Cmd CMD = new Main.Cmd("shell", Set.of(), Set.of("no-login"),
            "interactive raw IMAP session (type commands without tags)",
            """
            usage: imap4lib shell [--no-login] [OPTIONS]

            An interactive IMAP session on a core Imap4 connection: type a command without its tag
            (CAPABILITY, SELECT INBOX, UID FETCH 1:5 (FLAGS ENVELOPE), ...) and see the server's raw
            responses. The tool logs in first unless --no-login; then type LOGIN yourself (on a terminal,
            "LOGIN user" alone asks for the password without echo). Passwords are masked in everything
            the tool prints or records ("LOGIN demo ***"), also in the transcript it prints when the
            input is not a terminal.

            Built-in: help, history, !N (repeat history entry N), quit/exit (sends LOGOUT).
            A "+" continuation request reads the next input line (AUTHENTICATE answers, literals).
            """, ShellCommand::run);

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");

    private ShellCommand() {
    }

    static int run(Ctx ctx, Args a) throws Exception {
        a.maxArgs(0, "shell");
        try (Mail mail = Mail.open(ctx, a); Imap4 imap = mail.raw(false)) {
            ctx.out.println(ctx.c(Ctx.DIM, "connected to " + mail.describe()));
            ctx.out.println(imap.welcome());
            if (!a.flag("no-login") && imap.state() == State.NONAUTH) {
                mail.login(imap);
                ctx.out.println(ctx.c(Ctx.DIM, "logged in as " + mail.user + " (LOGIN " + mail.user
                        + " ***); type help for help, quit to leave"));
            } else {
                ctx.out.println(ctx.c(Ctx.DIM, "state " + imap.state() + "; type help for help, quit to leave"));
            }
            List<String> history = new ArrayList<>();
            int tagNo = 0;
            boolean authenticating = false;
            while (true) {
                if (ctx.tty) {
                    ctx.out.print(ctx.c(Ctx.CYAN, "imap> "));
                    ctx.out.flush();
                }
                String line = ctx.readLine();
                if (line == null) {
                    sendLogout(ctx, imap, ++tagNo);
                    break;
                }
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.equals("help") || lower.equals("?")) {
                    ctx.out.println("Type IMAP commands without a tag, e.g. CAPABILITY, LIST \"\" *, SELECT INBOX,"
                            + " UID FETCH 1:3 (FLAGS ENVELOPE), LOGOUT.\nBuilt-in: help, history, !N, quit.");
                    continue;
                }
                if (lower.equals("history")) {
                    for (int i = 0; i < history.size(); i++) {
                        ctx.out.println(Text.padLeft(Integer.toString(i + 1), 4) + "  " + history.get(i));
                    }
                    continue;
                }
                if (lower.equals("quit") || lower.equals("exit")) {
                    sendLogout(ctx, imap, ++tagNo);
                    break;
                }
                if (line.startsWith("!")) {
                    try {
                        int n = Integer.parseInt(line.substring(1).trim());
                        String again = history.get(n - 1);
                        if (again.contains("***")) {
                            ctx.out.println(ctx.c(Ctx.RED, "history entry " + n + " held a password; type it again"));
                            continue;
                        }
                        line = again;
                    } catch (NumberFormatException | IndexOutOfBoundsException e) {
                        ctx.out.println(ctx.c(Ctx.RED, "no history entry " + line.substring(1)));
                        continue;
                    }
                }
                String verb = Text.words(line).isEmpty() ? "" : Text.words(line).get(0).toUpperCase(Locale.ROOT);
                if (verb.equals("LOGIN") && Text.words(line).size() == 2 && ctx.tty && System.console() != null) {
                    Console c = System.console();
                    char[] pw = c.readPassword("password: ");
                    if (pw == null) {
                        continue;
                    }
                    line = line + " " + quote(new String(pw));
                }
                String tag = "S" + String.format("%03d", ++tagNo);
                String shown = mask(line);
                history.add(shown);
                if (!ctx.tty) {
                    ctx.out.println(ctx.c(Ctx.CYAN, "> ") + tag + " " + shown); // a transcript of piped input
                }
                authenticating = verb.equals("AUTHENTICATE");
                imap.send((tag + " " + line + "\r\n").getBytes(StandardCharsets.UTF_8));
                boolean bye = converse(ctx, imap, tag, authenticating);
                if (bye || verb.equals("LOGOUT")) {
                    break;
                }
            }
        }
        return Main.EXIT_OK;
    }

    private static void sendLogout(Ctx ctx, Imap4 imap, int tagNo) throws IOException {
        if (!imap.isAlive()) {
            return;
        }
        String tag = "S" + String.format("%03d", tagNo);
        if (!ctx.tty) {
            ctx.out.println(ctx.c(Ctx.CYAN, "> ") + tag + " LOGOUT");
        }
        imap.send((tag + " LOGOUT\r\n").getBytes(StandardCharsets.UTF_8));
        converse(ctx, imap, tag, false);
    }

    /** Prints responses until the tagged one; answers "+" requests from the input. Returns true on BYE. */
    private static boolean converse(Ctx ctx, Imap4 imap, String tag, boolean authenticating) throws IOException {
        boolean bye = false;
        while (true) {
            StringBuilder shown = new StringBuilder();
            String l = new String(imap.readline(), StandardCharsets.UTF_8);
            shown.append(l);
            Matcher m = LITERAL.matcher(l);
            while (m.find()) {
                byte[] lit = imap.read(Integer.parseInt(m.group(1)));
                shown.append("\n").append(new String(lit, StandardCharsets.UTF_8));
                l = new String(imap.readline(), StandardCharsets.UTF_8);
                shown.append(l);
                m = LITERAL.matcher(l);
            }
            String text = shown.toString();
            if (text.startsWith("+")) {
                ctx.out.println(text);
                if (ctx.tty) {
                    ctx.out.print(ctx.c(Ctx.CYAN, "+> "));
                    ctx.out.flush();
                }
                String answer = authenticating && ctx.tty && System.console() != null
                        ? new String(System.console().readPassword())
                        : ctx.readLine();
                if (answer == null) {
                    answer = "*"; // cancels an AUTHENTICATE; ends a literal early
                }
                if (!ctx.tty) {
                    ctx.out.println(ctx.c(Ctx.CYAN, "> ") + (authenticating ? "***" : answer));
                }
                imap.send((answer + "\r\n").getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (text.startsWith("* BYE")) {
                bye = true;
            }
            if (text.startsWith(tag + " ")) {
                String status = text.substring(tag.length() + 1);
                ctx.out.println(status.startsWith("OK") ? ctx.c(Ctx.GREEN, text) : ctx.c(Ctx.RED, text));
                return bye && !status.startsWith("OK") || bye;
            }
            ctx.out.println(text);
            if (bye && !imap.isAlive()) {
                return true;
            }
        }
    }

    /** The command as it may be shown or kept: LOGIN's password becomes ***. */
    static String mask(String line) {
        List<String> w = Text.words(line);
        if (w.size() >= 3 && w.get(0).equalsIgnoreCase("LOGIN")) {
            // keep the user as typed; everything after it is the password
            int userStart = line.toUpperCase(Locale.ROOT).indexOf("LOGIN") + 5;
            String rest = line.substring(userStart).stripLeading();
            int end = endOfToken(rest);
            return line.substring(0, userStart) + " " + rest.substring(0, end) + " ***";
        }
        if (w.size() >= 3 && w.get(0).equalsIgnoreCase("AUTHENTICATE")) {
            return w.get(0) + " " + w.get(1) + " ***"; // SASL-IR initial response
        }
        return line;
    }

    private static int endOfToken(String s) {
        if (s.startsWith("\"")) {
            for (int i = 1; i < s.length(); i++) {
                if (s.charAt(i) == '\\') {
                    i++;
                } else if (s.charAt(i) == '"') {
                    return i + 1;
                }
            }
            return s.length();
        }
        int sp = s.indexOf(' ');
        return sp < 0 ? s.length() : sp;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
