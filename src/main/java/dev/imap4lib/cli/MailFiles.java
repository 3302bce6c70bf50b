package dev.imap4lib.cli;

import jakarta.mail.Flags;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two mail file formats of export and import.
 *
 * <p><b>mbox</b> (mboxrd): each message starts with a {@code From sender asctime} line, is
 * followed by an empty line, and every body line matching {@code >*From } gets one more
 * {@code >}. Lines end with LF as mbox readers expect; import turns them back into CRLF, so a
 * message with CRLF line ends (as IMAP requires) comes back byte for byte.
 *
 * <p><b>Maildir</b>: one file per message in {@code cur/}, named
 * {@code <internaldate>.V<uidvalidity>U<uid>.imap4lib:2,<flags>} (flags D F R S T as in the
 * Maildir spec), LF line ends likewise; written to {@code tmp/} first and renamed.
 */
final class MailFiles {
    static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final Pattern MAILDIR_NAME = Pattern.compile("^(\\d+)\\.V(\\d+)U(\\d+)\\.imap4lib(?::2,([A-Za-z]*))?$");

    private MailFiles() {
    }

    /** One message read from a file: its bytes (CRLF line ends), flags and arrival date when known. */
    record Entry(byte[] bytes, Flags flags, Date received) {
    }

    // ------------------------------------------------------------------ line ends

    /** LF to CRLF (an existing CRLF stays). */
    static byte[] toCrlf(byte[] b, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + len / 30 + 2);
        for (int i = 0; i < len; i++) {
            if (b[i] == '\n' && (i == 0 || b[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(b[i]);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ mbox

    static byte[] fromLine(String sender, Date received) {
        String who = sender == null || sender.isBlank() || sender.contains(" ") ? "MAILER-DAEMON" : sender;
        Instant t = received == null ? Instant.EPOCH : received.toInstant();
        return ("From " + who + " " + ASCTIME.format(t) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends one message (CRLF source) in mboxrd form; returns the bytes written. */
    static long writeMbox(OutputStream out, String sender, Date received, byte[] source) throws IOException {
        byte[] head = fromLine(sender, received);
        out.write(head);
        LfOutput body = new LfOutput(out, true);
        body.write(source);
        body.close();
        return head.length + body.written();
    }

    /** Whether b[start, end) is {@code From ...} or, with {@code quoted}, {@code >...>From ...}. */
    private static boolean isFromLine(byte[] b, int start, int end, boolean quoted) {
        int i = start;
        if (quoted) {
            while (i < end && b[i] == '>') {
                i++;
            }
        }
        return end - i >= 5 && b[i] == 'F' && b[i + 1] == 'r' && b[i + 2] == 'o' && b[i + 3] == 'm' && b[i + 4] == ' ';
    }

    /**
     * The number of messages in an mbox file, as {@link MboxReader} would find them (a
     * {@code From } line first in the file or after an empty line), read in constant memory.
     */
    static long countMbox(Path path) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        long n = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            boolean previousEmpty = true;
            int col = 0; // bytes of the line so far, while they may still be "From "
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    previousEmpty = col == 0;
                    col = 0;
                    continue;
                }
                if (col >= 0 && col < 5 && c == "From ".charAt(col)) {
                    col++;
                    if (col == 5 && previousEmpty) {
                        n++;
                    }
                } else {
                    col = -1;
                }
            }
        }
        return n;
    }

    /** Reads an mbox message by message (streaming; one message in memory at a time). */
    static final class MboxReader implements Iterator<Entry>, AutoCloseable {
        private final InputStream in;
        private byte[] pendingFrom;
        private Entry next;
        private boolean eof;

        MboxReader(Path file) throws IOException {
            this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            byte[] first = readLine();
            while (first != null && first.length == 0) {
                first = readLine();
            }
            if (first != null && !startsWithFrom(first)) {
                in.close();
                throw new IOException(file + " is not an mbox file (it does not start with a \"From \" line)");
            }
            pendingFrom = first;
        }

        private static boolean startsWithFrom(byte[] l) {
            return isFromLine(l, 0, l.length, false);
        }

        /** One line without its LF, or null at the end. */
        private byte[] readLine() throws IOException {
            if (eof) {
                return null;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    return line.toByteArray();
                }
                line.write(c);
            }
            eof = true;
            return line.size() == 0 ? null : line.toByteArray();
        }

        @Override
        public boolean hasNext() {
            if (next == null && pendingFrom != null) {
                try {
                    next = read();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return next != null;
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Entry e = next;
            next = null;
            return e;
        }

        private Entry read() throws IOException {
            Date received = parseFromDate(new String(pendingFrom, StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
            boolean previousEmpty = false;
            byte[] l;
            pendingFrom = null;
            List<byte[]> held = new ArrayList<>();
            while ((l = readLine()) != null) {
                if (previousEmpty && startsWithFrom(l)) {
                    pendingFrom = l;
                    break;
                }
                held.add(l);
                previousEmpty = l.length == 0;
            }
            // The empty line before the next From_ line (or at the end) separates; it is not content.
            int n = held.size();
            if (n > 0 && held.get(n - 1).length == 0) {
                n--;
            }
            for (int i = 0; i < n; i++) {
                byte[] line = held.get(i);
                int off = 0;
                if (line.length > 0 && line[0] == '>' && isFromLine(line, 0, line.length, true)) {
                    off = 1; // mboxrd: one '>' was added on export
                }
                body.write(line, off, line.length - off);
                body.write('\n');
            }
            byte[] lf = body.toByteArray();
            return new Entry(toCrlf(lf, lf.length), null, received);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static Date parseFromDate(String fromLine) {
        // "From sender Www Mmm dd hh:mm:ss yyyy" (the sender has no spaces)
        String[] parts = fromLine.trim().split(" ", 3);
        if (parts.length < 3) {
            return null;
        }
        String d = parts[2].trim().replaceAll("\\s+", " ");
        try {
            return Date.from(Instant.from(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH)
                    .withZone(ZoneOffset.UTC).parse(d)));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ Maildir

    static void maildirCreate(Path dir) throws IOException {
        for (String s : new String[] {"tmp", "new", "cur"}) {
            Files.createDirectories(dir.resolve(s));
        }
    }

    static boolean isMaildir(Path dir) {
        return Files.isDirectory(dir.resolve("cur")) && Files.isDirectory(dir.resolve("new"));
    }

    static String maildirFlags(Flags f) {
        StringBuilder sb = new StringBuilder();
        if (f.contains(Flags.Flag.DRAFT)) {
            sb.append('D');
        }
        if (f.contains(Flags.Flag.FLAGGED)) {
            sb.append('F');
        }
        if (f.contains(Flags.Flag.ANSWERED)) {
            sb.append('R');
        }
        if (f.contains(Flags.Flag.SEEN)) {
            sb.append('S');
        }
        if (f.contains(Flags.Flag.DELETED)) {
            sb.append('T');
        }
        return sb.toString();
    }

    static Flags parseMaildirFlags(String info) {
        Flags f = new Flags();
        for (char c : info.toCharArray()) {
            switch (c) {
                case 'D' -> f.add(Flags.Flag.DRAFT);
                case 'F' -> f.add(Flags.Flag.FLAGGED);
                case 'R' -> f.add(Flags.Flag.ANSWERED);
                case 'S' -> f.add(Flags.Flag.SEEN);
                case 'T' -> f.add(Flags.Flag.DELETED);
                default -> {
                    // P (passed) and lower-case keywords have no IMAP meaning here
                }
            }
        }
        return f;
    }

    /** The file name an export gives a message, without the {@code :2,flags} part. */
    static String maildirBase(long uidValidity, long uid, long receivedSeconds) {
        return receivedSeconds + ".V" + uidValidity + "U" + uid + ".imap4lib";
    }

    /**
     * The messages an export with this UIDVALIDITY already put into cur/ or new/: UID to the
     * file's size (a reader may have renamed the file to change its flags; the size stays).
     */
    static Map<Long, Long> maildirSizes(Path dir, long uidValidity) throws IOException {
        Map<Long, Long> out = new HashMap<>();
        for (String sub : new String[] {"cur", "new"}) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                for (Path p : ds) {
                    Matcher m = MAILDIR_NAME.matcher(p.getFileName().toString());
                    if (m.matches() && Long.parseLong(m.group(2)) == uidValidity) {
                        out.put(Long.parseLong(m.group(3)), Files.size(p));
                    }
                }
            }
        }
        return out;
    }

    /** Removes leftovers of an interrupted export from tmp/. */
    static void maildirCleanTmp(Path dir) throws IOException {
        Path d = dir.resolve("tmp");
        if (!Files.isDirectory(d)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                if (p.getFileName().toString().endsWith(".imap4lib")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The message files of a Maildir (cur/ and new/), oldest first. */
    static List<Path> maildirFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String sub : new String[] {"cur", "new"}) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                for (Path p : ds) {
                    if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                        out.add(p);
                    }
                }
            }
        }
        out.sort((a, b) -> compareNames(a.getFileName().toString(), b.getFileName().toString()));
        return out;
    }

    /** By the leading time stamp, then by the UID of our names, then by name. */
    private static int compareNames(String a, String b) {
        int c = Long.compare(leadingNumber(a), leadingNumber(b));
        if (c != 0) {
            return c;
        }
        Matcher ma = MAILDIR_NAME.matcher(a);
        Matcher mb = MAILDIR_NAME.matcher(b);
        if (ma.matches() && mb.matches()) {
            c = Long.compare(Long.parseLong(ma.group(3)), Long.parseLong(mb.group(3)));
            if (c != 0) {
                return c;
            }
        }
        return a.compareTo(b);
    }

    private static long leadingNumber(String s) {
        int i = 0;
        while (i < s.length() && i < 18 && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == 0 ? Long.MAX_VALUE : Long.parseLong(s.substring(0, i));
    }

    static Entry readMaildir(Path file) throws IOException {
        byte[] lf = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        int info = name.indexOf(":2,");
        Flags flags = info >= 0 ? parseMaildirFlags(name.substring(info + 3)) : new Flags();
        long t = leadingNumber(name);
        Date received = t != Long.MAX_VALUE && t > 0 ? new Date(t * 1000) : new Date(Files.getLastModifiedTime(file).toMillis());
        return new Entry(toCrlf(lf, lf.length), flags, received);
    }
}
