package dev.imap4lib.cli;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * {@code imap4lib}: a command-line IMAP client built on imap4lib, and its showcase. Without
 * server options every command runs against an embedded demo server (GreenMail on 127.0.0.1
 * with a generated sample mailbox); with {@code --host/--user} (or {@code --stream-command}) it
 * works on a real account.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_ERROR = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_AUTH = 3;
    static final int EXIT_NOT_FOUND = 4;
    static final int EXIT_UNREACHABLE = 5;
    static final int EXIT_TLS = 6;

    /** A subcommand: its options, help text and body. */
    record Cmd(String name, Set<String> values, Set<String> flags, String summary, String help, Body body) {
    }

    @FunctionalInterface
    interface Body {
        int run(Ctx ctx, Args a) throws Exception;
    }

    static final Map<String, Cmd> COMMANDS = new LinkedHashMap<>();

    static {
        for (Cmd c : List.of(InfoCommand.CMD, LsCommand.CMD, ShowCommand.CMD, ShowCommand.SAVE_CMD,
                ExportCommand.CMD, ImportCommand.CMD, CopyCommand.CMD,
                EditCommands.MV, EditCommands.CP, EditCommands.RM, EditCommands.FLAG, EditCommands.MKDIR,
                EditCommands.RMDIR, EditCommands.RENAME, WatchCommand.CMD, ShellCommand.CMD,

                new Cmd("demo", Set.of(), Set.of(), "the scripted imaplib-style demo session (dev.imap4lib.demo.Demo)",
                        "usage: imap4lib demo [--debug]\n\n"
                                + "Runs the library's scripted demo (core Imap4 API, raw imaplib answers next to the typed\n"
                                + "values) against its own embedded server. --debug shows the protocol trace.",
                        Main::demo))) {
            COMMANDS.put(c.name(), c);
        }
    }

    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, System.in, out, err, System.getenv(), System.console() != null);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. Tests call this with captured streams. */
    public static int run(String[] argv, InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
            boolean tty) {
        Ctx ctx = new Ctx(out, err, in, env, tty);
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        ctx.debug = args.contains("--debug");
        if (args.contains("--no-color")) {
            ctx.color = false;
        }
        try {
            String name = null;
            for (String s : args) {
                if (!s.startsWith("-")) {
                    name = s;
                    break;
                }
            }
            if (name == null) {
                if (args.contains("--help") || args.contains("-h") || args.isEmpty()) {
                    out.print(usage());
                    return args.isEmpty() ? EXIT_USAGE : EXIT_OK;
                }
                throw CliException.usage("no command given (try --help)");
            }
            Cmd cmd = COMMANDS.get(name);
            if (cmd == null) {
                throw CliException.usage("unknown command \"" + name + "\" (commands: " + String.join(", ", COMMANDS.keySet()) + ")");
            }
            args.remove(name);
            if (cmd.name().equals("demo")) {
                return demo(ctx, args);
            }
            Args a = Args.parse(args, cmd.values(), cmd.flags(), cmd.name());
            if (a.flag("help")) {
                out.print(cmd.help());
                out.print(GLOBAL_HELP);
                return EXIT_OK;
            }
            ctx.json = a.flag("json");
            return cmd.body().run(ctx, a);
        } catch (Throwable t) {
            CliException e = classify(t);
            err.println("imap4lib: " + (ctx.color ? Ctx.RED + e.getMessage() + Ctx.RESET : e.getMessage()));
            if (ctx.debug) {
                t.printStackTrace(err);
            }
            return e.exitCode();
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int demo(Ctx ctx, Args a) throws Exception {
        return demo(ctx, a.positional);
    }

    private static int demo(Ctx ctx, List<String> args) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            ctx.out.print(COMMANDS.get("demo").help());
            return EXIT_OK;
        }
        DemoServer.quietSlf4j();
        dev.imap4lib.demo.Demo.main(args.toArray(new String[0]));
        return EXIT_OK;
    }

    /** Maps any failure to one message line and an exit code. */
    static CliException classify(Throwable t) {
        if (t instanceof CliException c) {
            return c;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AuthenticationFailedException) {
                String m = c.getMessage();
                return new CliException(EXIT_AUTH, "authentication failed" + (m == null || m.isBlank() ? "" : ": " + m), t);
            }
            if (c instanceof FolderNotFoundException f) {
                String m = f.getMessage();
                return new CliException(EXIT_NOT_FOUND, m != null ? m : "no such folder: " + f.getFolder().getFullName(), t);
            }
            if (c instanceof MessageNotFound) {
                return new CliException(EXIT_NOT_FOUND, c.getMessage(), t);
            }
            if (c instanceof SSLException || c instanceof java.security.cert.CertificateException) {
                return new CliException(EXIT_TLS, "TLS failure: " + rootMessage(t), t);
            }
            if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof NoRouteToHostException
                    || (c instanceof SocketTimeoutException && String.valueOf(c.getMessage()).contains("connect"))) {
                return new CliException(EXIT_UNREACHABLE, "cannot reach the server: " + rootMessage(t), t);
            }
        }
        if (t instanceof MessagingException || t instanceof java.io.IOException) {
            return new CliException(EXIT_ERROR, firstLine(t.getMessage() != null ? t.getMessage() : t.toString()), t);
        }
        return new CliException(EXIT_ERROR, "internal error: " + firstLine(t.toString()) + " (run with --debug for details)", t);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage();
        String top = t.getMessage();
        String s = m == null ? r.getClass().getSimpleName() : m;
        if (top != null && !top.contains(s) && !(t instanceof CliException)) {
            s = top + " (" + s + ")";
        } else if (top != null && top.contains(s)) {
            s = top;
        }
        return firstLine(s);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }

    /** A UID that is not in the folder. */
    static final class MessageNotFound extends Exception {
        MessageNotFound(String message) {
            super(message);
        }
    }

    static final String GLOBAL_HELP = """

            Server options (any command; without them the embedded demo server is used):
              --host HOST            IMAP server
              --port N               port (143, or 993 with --tls)
              --user NAME            login name (default: $USER)
              --tls                  implicit TLS (IMAPS)
              --starttls             require STARTTLS on the plain port (by default it is used when offered)
              --cacert FILE          trust the certificates in FILE (PEM: the server's own certificate or a CA
                                     bundle) instead of the JVM's CAs; the certificate must still name the host
              --pin sha256:HEX       accept exactly the server certificate with this SHA-256 fingerprint
                                     (openssl x509 -noout -fingerprint -sha256 -in cert.pem); the pin is the
                                     server's identity, so issuer, dates and host name are not checked
              --insecure             accept any certificate and host name (testing only)
              --stream-command CMD   speak IMAP with a child process, e.g. "ssh host /usr/lib/dovecot/imap"
              --password-file FILE   read the password from FILE (first line)
            The password comes from --password-file, else $IMAP4LIB_PASSWORD, else a no-echo prompt;
            never from the command line.

            Output options:
              --json                 machine-readable output (one JSON document, or one per line for watch)
              --no-color             no colours (they are only used on a terminal anyway; NO_COLOR works too)
              --debug                protocol trace (credentials masked) and stack traces on errors
              --help                 this help
            """;

    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: imap4lib COMMAND [ARGS] [OPTIONS]\n\n");
        sb.append("A command-line IMAP client built on imap4lib. Without --host it runs against an embedded\n");
        sb.append("demo server (GreenMail on 127.0.0.1, 300 generated sample messages, nothing leaves the machine).\n\n");
        sb.append("Commands:\n");
        for (Cmd c : COMMANDS.values()) {
            sb.append("  ").append(Text.padRight(c.name(), 18)).append(c.summary()).append('\n');
        }
        sb.append("\n'imap4lib COMMAND --help' describes a command.\n");
        sb.append("Exit codes: 0 ok, 1 error, 2 usage, 3 authentication failed, 4 no such folder/message,\n");
        sb.append("5 server unreachable, 6 TLS failure.\n");
        sb.append(GLOBAL_HELP);
        return sb.toString();
    }
}
