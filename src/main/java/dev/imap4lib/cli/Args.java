package dev.imap4lib.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command line: {@code --name value}, {@code --name=value}, flags, and positional words,
 * in any order; {@code --} ends the options.
 */
final class Args {
    /** Options that take a value, for every command. */
    static final Set<String> GLOBAL_VALUES = Set.copyOf(Mail.SERVER_VALUES);
    /** Flags for every command. */
    static final Set<String> GLOBAL_FLAGS = Set.of("tls", "starttls", "insecure", "json", "debug", "no-color", "help");

    final List<String> positional = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    static Args parse(List<String> argv, Set<String> valueOptions, Set<String> flagOptions, String command)
            throws CliException {
        Args a = new Args();
        boolean options = true;
        for (int i = 0; i < argv.size(); i++) {
            String s = argv.get(i);
            if (options && s.equals("--")) {
                options = false;
            } else if (options && (s.equals("-h") || s.equals("-?"))) {
                a.flags.add("help");
            } else if (options && s.startsWith("--") && s.length() > 2) {
                String name = s.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (name.equals("password")) {
                    throw CliException.usage("passwords are never taken from the command line: use the prompt, "
                            + "IMAP4LIB_PASSWORD or --password-file FILE");
                }
                if (GLOBAL_VALUES.contains(name) || valueOptions.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw CliException.usage("--" + name + " needs a value");
                        }
                        value = argv.get(++i);
                    }
                    a.values.put(name, value);
                } else if (GLOBAL_FLAGS.contains(name) || flagOptions.contains(name)) {
                    if (value != null) {
                        throw CliException.usage("--" + name + " takes no value");
                    }
                    a.flags.add(name);
                } else {
                    throw CliException.usage("unknown option --" + name
                            + (command == null ? "" : " for " + command) + " (see "
                            + (command == null ? "" : command + " ") + "--help)");
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String value(String name) {
        return values.get(name);
    }

    String value(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    long number(String name, long dflt) throws CliException {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw CliException.usage("--" + name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + name + " needs a number, not \"" + v + "\"");
        }
    }

    /** The positional argument at {@code index}, or a usage error naming it. */
    String arg(int index, String what) throws CliException {
        if (index >= positional.size()) {
            throw CliException.usage("missing " + what);
        }
        return positional.get(index);
    }

    void maxArgs(int n, String command) throws CliException {
        if (positional.size() > n) {
            throw CliException.usage("too many arguments for " + command + ": " + positional.subList(n, positional.size()));
        }
    }
}
