package dev.imap4lib.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The benchmark's mail, written straight into maildir files (no IMAP, no APPEND), and the values
 * every client must reproduce: counts, sizes (RFC822.SIZE, i.e. with CRLF) and CRC-32s.
 *
 * <ul>
 *   <li>{@code INBOX}: {@value #SMALL} varied messages of 1-2 KB (plain ASCII, quoted-printable
 *       UTF-8 with Q and B encoded-word subjects, multipart/alternative, multipart/mixed with a
 *       small attachment, replies with Cc/References); flags \Seen, \Flagged, \Answered mixed.
 *   <li>{@code Big}: {@value #BIG} text messages of about 50 KB.
 *   <li>{@code Huge}: one multipart/mixed message whose second part is a {@value #HUGE_ATTACHMENT}
 *       byte binary attachment, base64 (about 70 MB on the wire).
 *   <li>{@code Scratch} (copy target), {@code Appended} (APPEND target) and {@code Idle} (the IDLE
 *       workload's target): empty.
 *   <li>{@value #FOLDERS} more folders for the LIST workload: {@value #AREAS} top-level
 *       {@code areaNN}, each holding messages and {@value #AREA_CHILDREN} children
 *       {@code areaNN/boxNN}; 1-5 small messages each, some unseen.
 * </ul>
 */
final class BenchData {
    static final int SMALL = 10_000;
    static final int BIG = 1_000;
    static final int BIG_SIZE = 50 * 1024;
    static final int HUGE_ATTACHMENT = 50 * 1024 * 1024;
    static final int APPEND_SMALL = 1_000;
    static final int APPEND_BIG_ATTACHMENT = 18_270_000;   // about 25 MB once base64-encoded
    static final String ATTACH_SUBJECT = "Attachment";     // subject word searched for
    static final int AREAS = 25;
    static final int AREA_CHILDREN = 39;
    static final int FOLDERS = AREAS * (1 + AREA_CHILDREN);

    // INBOX
    long smallSizeSum;
    long headerChecksum;
    final List<String> headerLines = new ArrayList<>();   // what each message must read as, for diagnostics
    int searchSubjectHits;     // SUBJECT "Attachment"
    int searchUnseenFromHits;  // FROM "sender3@" UNSEEN
    // Big
    long bigBytes;
    long bigCrc;
    // Huge
    long hugeAttachmentCrc;
    long hugeEncodedBytes;     // BODY[2] length on the wire (CRLF)
    long hugeMessageBytes;
    // APPEND set (CRLF, in memory; built on demand)
    List<byte[]> appendSmall;
    byte[] appendBig;
    long appendBytes;
    long appendCrc;
    // LIST workload: folder name -> {MESSAGES, UNSEEN}
    final java.util.Map<String, int[]> folderCounts = new java.util.LinkedHashMap<>();

    private static final String[] WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
            + "tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation "
            + "ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate "
            + "velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa "
            + "qui officia deserunt mollit anim id est laborum invoice meeting budget quarterly").split(" ");
    private static final DateTimeFormatter RFC1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** Writes all mailboxes into the server's maildir and returns the expected values. */
    static BenchData populate(BenchDovecot server) throws IOException {
        BenchData d = new BenchData();
        long now = System.currentTimeMillis() / 1000;
        long pid = ProcessHandle.current().pid();
        // INBOX
        Path inbox = server.mailbox("INBOX");
        CRC32 hdr = new CRC32();
        for (int i = 1; i <= SMALL; i++) {
            Small m = small(i, "bench@localhost");
            byte[] b = m.text.getBytes(StandardCharsets.UTF_8);
            long w = b.length + count(b, (byte) '\n');
            d.smallSizeSum += w;
            String flags = flagsOf(i);
            String line = headerLine(m.subject, m.from, m.date * 1000, w, flags);
            d.headerLines.add(line);
            hdr.update(line.getBytes(StandardCharsets.UTF_8));
            if (m.subject.contains(ATTACH_SUBJECT)) {
                d.searchSubjectHits++;
            }
            if (m.from.equals("sender3@example.com") && !flags.contains("S")) {
                d.searchUnseenFromHits++;
            }
            String maildirFlags = (flags.contains("A") ? "R" : "") + (flags.contains("F") ? "F" : "")
                    + (flags.contains("S") ? "S" : "");
            write(inbox, name(now, i, pid, b.length, w) + maildirFlags, b);
        }
        d.headerChecksum = hdr.getValue();
        // Big
        Path big = server.mailbox("Big");
        CRC32 bigCrc = new CRC32();
        for (int i = 1; i <= BIG; i++) {
            byte[] b = bigMessage(i).getBytes(StandardCharsets.US_ASCII);
            long w = b.length + count(b, (byte) '\n');
            d.bigBytes += w;
            updateCrlf(bigCrc, b);
            write(big, name(now, i, pid, b.length, w), b);
        }
        d.bigCrc = bigCrc.getValue();
        // Huge
        Path huge = server.mailbox("Huge");
        Path tmp = huge.resolve("tmp").resolve("huge.tmp");
        CountingOut total;
        long[] part;
        try (OutputStream fo = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            total = new CountingOut(fo);
            part = writeAttachmentMessage(total, "Huge attachment", HUGE_ATTACHMENT, 7);
        }
        d.hugeAttachmentCrc = part[0];
        d.hugeEncodedBytes = part[1];
        d.hugeMessageBytes = total.bytes + total.newlines;
        Files.move(tmp, huge.resolve("cur").resolve(name(now, 1, pid, total.bytes, d.hugeMessageBytes) + "S"),
                StandardCopyOption.ATOMIC_MOVE);
        server.mailbox("Scratch");
        server.mailbox("Appended");
        server.mailbox("Idle");
        d.writeFolders(server, now, pid);
        server.fixOwnership();
        return d;
    }

    /** The LIST workload's folders, with their expected counts in {@link #folderCounts}. */
    private void writeFolders(BenchDovecot server, long now, long pid) throws IOException {
        int i = 0;
        for (int a = 1; a <= AREAS; a++) {
            String area = String.format("area%02d", a);
            for (int b = 0; b <= AREA_CHILDREN; b++) {
                String name = b == 0 ? area : area + "/" + String.format("box%02d", b);
                Path box = server.mailbox(name);
                i++;
                int messages = i % 5 + 1;
                int unseen = 0;
                for (int j = 1; j <= messages; j++) {
                    boolean seen = (i + j) % 3 != 0;
                    unseen += seen ? 0 : 1;
                    byte[] m = small(SMALL + i * 8 + j, "bench@localhost").text.getBytes(StandardCharsets.UTF_8);
                    write(box, name(now, j, pid, m.length, m.length + count(m, (byte) '\n')) + (seen ? "S" : ""), m);
                }
                folderCounts.put(name, new int[] {messages, unseen});
            }
        }
    }

    int folderMessages() {
        return folderCounts.values().stream().mapToInt(c -> c[0]).sum();
    }

    /** The APPEND workload's messages (CRLF), built once in this JVM. */
    void buildAppendSet() throws IOException {
        if (appendSmall != null) {
            return;
        }
        appendSmall = new ArrayList<>();
        appendBytes = 0;
        for (int i = 1; i <= APPEND_SMALL; i++) {
            byte[] b = crlf(small(SMALL + i, "bench@localhost").text.getBytes(StandardCharsets.UTF_8));
            appendSmall.add(b);
            appendBytes += b.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(26 << 20);
        CountingOut c = new CountingOut(out);
        writeAttachmentMessage(c, "Appended big", APPEND_BIG_ATTACHMENT, 11);
        c.flush();
        appendBig = crlf(out.toByteArray());
        appendBytes += appendBig.length;
        CRC32 crc = new CRC32();
        appendSmall.forEach(crc::update);
        crc.update(appendBig);
        appendCrc = crc.getValue();
    }

    // ------------------------------------------------------------------ messages

    /** One message as the header scan reads it: decoded subject, from address, date, size, flags. */
    static String headerLine(String subject, String from, long dateMillis, long size, String flags) {
        return subject + '\0' + from + '\0' + dateMillis + '\0' + size + '\0' + flags + '\n';
    }

    static String flagsOf(int i) {
        return (i % 7 == 0 ? "A" : "") + (i % 10 == 0 ? "F" : "") + (i % 3 != 0 ? "S" : "");
    }

    static final class Small {
        String text;
        String subject;   // decoded
        String from;      // address
        long date;        // epoch seconds
    }

    static Small small(int i, String to) {
        SplittableRandom r = new SplittableRandom(i * 31L + 5);
        Small s = new Small();
        s.date = 1700000000L + i * 3571L;
        int k = i % 5;
        s.from = "sender" + k + "@example.com";
        ZoneOffset zone = ZoneOffset.ofHours((i % 13) - 6);
        String date = RFC1123.format(Instant.ofEpochSecond(s.date).atOffset(zone));
        String personal = switch (k) {
            case 1 -> "=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=";
            case 2 -> "\"Doe, Jane\"";
            default -> "Sender " + k;
        };
        StringBuilder h = new StringBuilder(1024);
        h.append("Return-Path: <").append(s.from).append(">\n")
                .append("Received: from mx").append(k).append(".example.com (mx").append(k)
                .append(".example.com [192.0.2.").append(k + 1).append("])\n\tby mail.localhost with ESMTP id ")
                .append(Long.toHexString(r.nextLong())).append(";\n\t").append(date).append('\n')
                .append("From: ").append(personal).append(" <").append(s.from).append(">\n")
                .append("To: ").append(to).append('\n')
                .append("Date: ").append(date).append('\n')
                .append("Message-ID: <").append(i).append('.').append(s.date).append("@bench.imap4lib>\n")
                .append("MIME-Version: 1.0\n");
        String body = words(r, 600 + r.nextInt(900), 72);
        StringBuilder m = new StringBuilder(2048);
        switch (i % 6) {
            case 0 -> {
                s.subject = "Weekly report " + i;
                m.append(h).append("Subject: ").append(s.subject).append('\n')
                        .append("Content-Type: text/plain; charset=us-ascii\n\n").append(body);
            }
            case 1 -> {
                s.subject = "Grüße aus Köln " + i;
                m.append(h).append("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?= ").append(i).append('\n')
                        .append("Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n")
                        .append("Gr=C3=BC=C3=9Fe aus K=C3=B6ln =E2=82=AC").append(i).append("\n").append(body);
            }
            case 2 -> {
                s.subject = "Alternative " + i;
                m.append(h).append("Subject: ").append(s.subject).append('\n')
                        .append("Content-Type: multipart/alternative; boundary=\"alt-").append(i).append("\"\n\n")
                        .append("--alt-").append(i).append("\nContent-Type: text/plain; charset=us-ascii\n\n").append(body)
                        .append("--alt-").append(i).append("\nContent-Type: text/html; charset=us-ascii\n\n")
                        .append("<html><body><p>Message ").append(i).append("</p></body></html>\n")
                        .append("--alt-").append(i).append("--\n");
            }
            case 3 -> {
                s.subject = ATTACH_SUBJECT + " " + i;
                byte[] pdf = new byte[200 + r.nextInt(200)];
                r.nextBytes(pdf);
                m.append(h).append("Subject: ").append(s.subject).append('\n')
                        .append("Content-Type: multipart/mixed; boundary=\"mix-").append(i).append("\"\n\n")
                        .append("--mix-").append(i).append("\nContent-Type: text/plain; charset=us-ascii\n\n")
                        .append(body.substring(0, body.length() / 2)).append('\n')
                        .append("--mix-").append(i).append("\nContent-Type: application/pdf; name=\"doc").append(i)
                        .append(".pdf\"\nContent-Disposition: attachment; filename=\"doc").append(i).append(".pdf\"\n")
                        .append("Content-Transfer-Encoding: base64\n\n")
                        .append(Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(pdf)).append('\n')
                        .append("--mix-").append(i).append("--\n");
            }
            case 4 -> {
                s.subject = "Re: Budget meeting " + (i / 6);
                m.append(h).append("Subject: ").append(s.subject).append('\n')
                        .append("Cc: alice@example.org, \"Bob B.\" <bob@example.org>, carol@example.net\n")
                        .append("In-Reply-To: <").append(i - 1).append("@bench.imap4lib>\n")
                        .append("References: <").append(i - 7).append("@bench.imap4lib> <").append(i - 1)
                        .append("@bench.imap4lib>\n")
                        .append("Content-Type: text/plain; charset=us-ascii; format=flowed\n\n")
                        .append("> quoted line\n> ").append(body);
            }
            default -> {
                s.subject = "Привет, мир " + i;
                m.append(h).append("Subject: =?UTF-8?B?")
                        .append(Base64.getEncoder().encodeToString(("Привет, мир " + i).getBytes(StandardCharsets.UTF_8)))
                        .append("?=\n")
                        .append("Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n")
                        .append("Привет ").append(body);
            }
        }
        s.text = m.toString();
        return s;
    }

    static String bigMessage(int i) {
        SplittableRandom r = new SplittableRandom(i * 7919L);
        String head = "From: Report Bot <bot@example.com>\nTo: bench@localhost\n"
                + "Date: " + RFC1123.format(Instant.ofEpochSecond(1710000000L + i * 60L).atOffset(ZoneOffset.UTC)) + "\n"
                + "Subject: Big message " + i + "\nMessage-ID: <big" + i + "@bench.imap4lib>\n"
                + "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n";
        return head + words(r, BIG_SIZE - head.length() - 800 + r.nextInt(1600), 76);
    }

    /**
     * A multipart/mixed message: a short text part and an {@code n}-byte pseudo-random
     * application/octet-stream part in base64 (LF line ends). Returns {CRC-32 of the n bytes,
     * length of the encoded part body with CRLF}.
     */
    static long[] writeAttachmentMessage(OutputStream out, String subject, int n, long seed) throws IOException {
        String head = "From: Archive <archive@example.com>\nTo: bench@localhost\n"
                + "Date: Tue, 14 Nov 2023 22:13:20 +0000\nSubject: " + subject + "\n"
                + "Message-ID: <" + seed + ".huge@bench.imap4lib>\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"huge-boundary\"\n\n"
                + "--huge-boundary\nContent-Type: text/plain; charset=us-ascii\n\nThe archive is attached.\n"
                + "--huge-boundary\nContent-Type: application/octet-stream; name=\"archive.bin\"\n"
                + "Content-Disposition: attachment; filename=\"archive.bin\"\n"
                + "Content-Transfer-Encoding: base64\n\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        CountingOut enc = new CountingOut(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // keep the outer stream open
            }
        });
        CRC32 crc = new CRC32();
        SplittableRandom r = new SplittableRandom(seed);
        byte[] chunk = new byte[57 * 1024];
        try (OutputStream b64 = Base64.getMimeEncoder(76, new byte[] {'\n'}).wrap(enc)) {
            for (int left = n; left > 0; left -= chunk.length) {
                int k = Math.min(left, chunk.length);
                r.nextBytes(chunk);
                crc.update(chunk, 0, k);
                b64.write(chunk, 0, k);
            }
        }
        out.write("\n--huge-boundary--\n".getBytes(StandardCharsets.US_ASCII));
        return new long[] {crc.getValue(), enc.bytes + enc.newlines};
    }

    // ------------------------------------------------------------------ helpers

    private static String words(SplittableRandom r, int size, int width) {
        StringBuilder sb = new StringBuilder(size + 100);
        int line = 0;
        while (sb.length() < size) {
            String w = WORDS[r.nextInt(WORDS.length)];
            if (line + w.length() + 1 > width) {
                sb.append('\n');
                line = 0;
            } else if (line > 0) {
                sb.append(' ');
                line++;
            }
            sb.append(w);
            line += w.length();
        }
        return sb.append('\n').toString();
    }

    private static String name(long now, int i, long pid, long s, long w) {
        // "<secs>.M<usecs>P<pid>Q<n>.<host>,S=<size>,W=<vsize>:2,<flags>": UIDs follow this order
        return now + ".M" + String.format("%06d", i) + "P" + pid + "Q" + i + ".bench,S=" + s + ",W=" + w + ":2,";
    }

    private static void write(Path box, String name, byte[] b) throws IOException {
        Path tmp = box.resolve("tmp").resolve(name);
        Files.write(tmp, b);
        Files.move(tmp, box.resolve("cur").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static int count(byte[] b, byte x) {
        int n = 0;
        for (byte c : b) {
            if (c == x) {
                n++;
            }
        }
        return n;
    }

    static byte[] crlf(byte[] lf) {
        byte[] out = new byte[lf.length + count(lf, (byte) '\n')];
        int j = 0;
        for (byte c : lf) {
            if (c == '\n') {
                out[j++] = '\r';
            }
            out[j++] = c;
        }
        return out;
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static void updateCrlf(CRC32 crc, byte[] lf) {
        int start = 0;
        for (int i = 0; i < lf.length; i++) {
            if (lf[i] == '\n') {
                crc.update(lf, start, i - start);
                crc.update(CRLF);
                start = i + 1;
            }
        }
        crc.update(lf, start, lf.length - start);
    }

    /** Counts bytes and LFs passing through. */
    static final class CountingOut extends FilterOutputStream {
        long bytes;
        long newlines;

        CountingOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            bytes++;
            if (b == '\n') {
                newlines++;
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            bytes += len;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    newlines++;
                }
            }
            out.write(b, off, len);
        }
    }
}
