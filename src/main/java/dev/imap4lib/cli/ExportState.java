package dev.imap4lib.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An export's small state file: the folder, its UIDVALIDITY, and one line per exported UID
 * (with the mbox length after it). It is appended to after every message, so an interrupted
 * export knows exactly what is done; a torn last line is ignored.
 */
final class ExportState implements AutoCloseable {
    private static final String MAGIC = "imap4lib export state v1";
    final Path file;
    String folder;
    long uidValidity = -1;
    /** UID to the mbox length after it (0 for Maildir). */
    final Map<Long, Long> done = new LinkedHashMap<>();
    private BufferedWriter writer;

    private ExportState(Path file) {
        this.file = file;
    }

    static ExportState load(Path file) throws IOException {
        ExportState s = new ExportState(file);
        if (!Files.exists(file)) {
            return s;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
            throw new IOException(file + " is not an imap4lib export state file");
        }
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            try {
                if (f.length == 2 && f[0].equals("folder")) {
                    s.folder = f[1];
                } else if (f.length == 2 && f[0].equals("uidvalidity")) {
                    s.uidValidity = Long.parseLong(f[1]);
                } else if (f.length == 3 && f[0].equals("uid")) {
                    s.done.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
                }
            } catch (NumberFormatException e) {
                // a line torn by an interruption
            }
        }
        return s;
    }

    boolean isNew() {
        return folder == null;
    }

    /** The mbox length after the last recorded message. */
    long lastOffset() {
        long off = 0;
        for (long v : done.values()) {
            off = v;
        }
        return off;
    }

    /** Rewrites the file cleanly (dropping a torn line) and opens it for appending. */
    void begin(String folder, long uidValidity) throws IOException {
        this.folder = folder;
        this.uidValidity = uidValidity;
        List<String> lines = new ArrayList<>();
        lines.add(MAGIC);
        lines.add("folder\t" + folder);
        lines.add("uidvalidity\t" + uidValidity);
        for (Map.Entry<Long, Long> e : done.entrySet()) {
            lines.add("uid\t" + e.getKey() + "\t" + e.getValue());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    void record(long uid, long offset) throws IOException {
        done.put(uid, offset);
        writer.write("uid\t" + uid + "\t" + offset + "\n");
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
