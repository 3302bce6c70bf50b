package dev.imap4lib.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One argument of a command, with the rule that decides how it goes on the wire. The encoder
 * never lets a caller's text start a new command line: CR, LF and NUL force a literal (where
 * the grammar allows a string) or are refused.
 */
public sealed interface Arg {
    /** Text copied as is after validation: sequence sets, item lists, search keys, flags. */
    record Raw(String text) implements Arg {
    }

    /** A string argument: sent as an atom, quoted string or literal, whichever is valid and shortest. */
    record AString(String value) implements Arg {
    }

    /** A string that must not be an atom (e.g. the value in ID or SETMETADATA): quoted or literal. */
    record Str(String value) implements Arg {
    }

    /** A mailbox name: modified UTF-7 (or UTF-8 once UTF8=ACCEPT is enabled), then as an astring. */
    record Mailbox(String name) implements Arg {
    }

    /** Bytes always sent as a literal (message data for APPEND); {@code binary} uses {@code ~{n}}. */
    record Literal(byte[] data, boolean binary) implements Arg {
    }

    /** A credential: encoded like an astring, but masked in debug traces. */
    record Secret(String value) implements Arg {
        @Override
        public String toString() {
            return "Secret[***]";
        }
    }

    /** A parenthesised list of arguments separated by spaces. */
    record ListOf(List<Arg> items) implements Arg {
    }

    /** NIL. */
    record Nil() implements Arg {
    }

    static Arg raw(String text) {
        return new Raw(text);
    }

    static Arg astring(String value) {
        return new AString(value);
    }

    static Arg mailbox(String name) {
        return new Mailbox(name);
    }

    static Arg literal(byte[] data) {
        return new Literal(data, false);
    }

    static Arg secret(String value) {
        return new Secret(value);
    }

    static Arg str(String value) {
        return new Str(value);
    }

    static Arg list(Arg... items) {
        return new ListOf(List.of(items));
    }

    /** The UTF-8 bytes of a string argument. */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
