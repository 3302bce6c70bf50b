package dev.imap4lib.client;

import dev.imap4lib.wire.Arg;
import dev.imap4lib.wire.InternalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the arguments of {@link Imap4}'s larger commands (APPEND, MULTIAPPEND and REPLACE
 * messages; SEARCH, SORT and THREAD criteria) from the caller's strings and what the server
 * announced: UTF-8 mode, BINARY, APPENDLIMIT. What it refuses, it refuses before anything is sent.
 *
 * <p><b>Concurrency.</b> No lock of its own and no state: it reads the {@link ResponseRouter}'s
 * volatile capabilities and UTF-8 flag, so it may run before the command lock is taken.
 */
final class CommandArgs {
    private final ResponseRouter router;

    CommandArgs(ResponseRouter router) {
        this.router = router;
    }

    /**
     * The {@code [flags] [date] message} arguments APPEND and REPLACE share; refuses a message over
     * the server's APPENDLIMIT before anything is sent.
     */
    void addMessageArgs(List<Arg> args, String flags, String internalDate, byte[] message)
            throws Imap4Exception {
        byte[] msg = crlf(message);
        refuseOverAppendLimit(msg.length);
        if (flags != null && !flags.isBlank()) {
            args.add(Arg.raw(Imap4.parenthesize(flags)));
        } else if (router.utf8Enabled && internalDate == null) {
            // Courier rejects "APPEND box UTF8 (...)" unless a flag list or date comes first;
            // an empty flag list is valid everywhere.
            args.add(Arg.raw("()"));
        }
        if (internalDate != null) {
            args.add(Arg.raw(InternalDate.format(internalDate)));
        }
        boolean binary = hasNul(msg) && router.capabilities.contains("BINARY");
        Arg lit = new Arg.Literal(msg, binary || router.utf8Enabled);
        if (router.utf8Enabled) {
            args.add(Arg.raw("UTF8"));
            args.add(new Arg.ListOf(List.of(lit)));
        } else {
            args.add(lit);
        }
    }

    /** The APPEND arguments for {@code messages} into {@code mailbox} (one message: a plain APPEND). */
    List<Arg> appendArgs(String mailbox, List<AppendMessage> messages) throws Imap4Exception {
        List<Arg> args = new ArrayList<>();
        args.add(Arg.mailbox(mailbox));
        for (AppendMessage m : messages) {
            Params.require(m, "messages element");
            addMessageArgs(args, m.flags(), m.internalDate() == null ? null : InternalDate.format(m.internalDate()),
                    m.message());
        }
        return args;
    }

    static byte[] crlf(byte[] m) {
        int bare = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r')) {
                bare++;
            }
        }
        if (bare == 0) {
            return m;
        }
        byte[] out = new byte[m.length + bare];
        int o = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r')) {
                out[o++] = '\r';
            }
            out[o++] = m[i];
        }
        return out;
    }

    static boolean hasNul(byte[] m) {
        for (byte b : m) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    List<Arg> searchArgs(String charset, String... criteria) throws Imap4Exception {
        List<Arg> args = new ArrayList<>();
        if (charset != null && criteria.length > 0 && criteria[0].regionMatches(true, 0, "RETURN (", 0, 8)) {
            // ESEARCH (RFC 4731): the RETURN options come before CHARSET.
            int close = criteria[0].indexOf(')');
            if (close > 0) {
                args.add(Arg.raw(criteria[0].substring(0, close + 1)));
                String rest = criteria[0].substring(close + 1).trim();
                criteria = criteria.clone();
                criteria[0] = rest;
            }
        }
        if (charset != null) {
            if (router.utf8Enabled) {
                throw new Imap4Exception("non-null charset not allowed in UTF8 mode");
            }
            args.add(Arg.raw("CHARSET"));
            args.add(Arg.astring(charset));
        }
        for (String c : criteria) {
            if (!c.isEmpty()) {
                args.add(Arg.raw(c));
            }
        }
        return args;
    }

    static boolean returns(String... criteria) {
        return criteria.length > 0 && criteria[0].regionMatches(true, 0, "RETURN (", 0, 8);
    }

    static List<Arg> sortArgs(String sortCriteria, String charset, String... criteria) {
        List<Arg> args = new ArrayList<>();
        args.add(Arg.raw(Imap4.parenthesize(sortCriteria)));
        args.add(Arg.astring(charset == null ? "UTF-8" : charset));
        for (String c : criteria) {
            args.add(Arg.raw(c));
        }
        return args;
    }

    static List<Arg> threadArgs(String algorithm, String charset, String... criteria) {
        List<Arg> args = new ArrayList<>();
        args.add(Arg.raw(algorithm));
        args.add(Arg.astring(charset == null ? "UTF-8" : charset));
        for (String c : criteria) {
            args.add(Arg.raw(c));
        }
        return args;
    }

    void refuseOverAppendLimit(long size) throws Imap4Exception {
        long limit = appendLimit(router.capabilities);
        if (limit >= 0 && size > limit) {
            throw new Imap4Exception("message of " + size + " bytes is larger than the server's APPENDLIMIT of "
                    + limit + " bytes; nothing was sent");
        }
    }

    /** The {@code APPENDLIMIT=n} among {@code capabilities}, or -1 (see {@link Imap4#appendLimit()}). */
    static long appendLimit(List<String> capabilities) {
        for (String c : capabilities) {
            if (c.regionMatches(true, 0, "APPENDLIMIT=", 0, 12)) {
                try {
                    return Long.parseLong(c.substring(12));
                } catch (NumberFormatException e) {
                    return -1; // a malformed limit limits nothing: the server still decides
                }
            }
        }
        return -1;
    }
}
