package dev.imap4lib.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian packages of other IMAP servers, fetched with {@code apt-get download} and unpacked with
 * {@code dpkg-deb -x} into a private, cached directory tree: nothing is installed, so the
 * packages' {@code Conflicts: imap-server} never removes Dovecot.
 *
 * <p>Layout (shared with {@code .ci/run}, which fills the same cache before the tests):
 * {@code ROOT/debs/*.deb}, {@code ROOT/<name>/} the unpacked tree, complete once it holds
 * {@value #STAMP}. {@code ROOT} is the system property {@value #ROOT_PROPERTY}, else the
 * environment variable {@value #ROOT_ENV}, else {@value #DEFAULT_ROOT}. Unpacking runs under a
 * file lock ({@code ROOT/.lock}), so parallel test JVMs do it once.
 *
 * <p>Libraries that the unpacked binaries need but that are missing on this machine
 * ({@code ldd} says "not found") are looked for among the not-installed {@code lib*}
 * dependencies of the unpacked packages, which are then unpacked into the same tree.
 */
public final class InteropDebs {

    public static final String ROOT_PROPERTY = "imap4lib.interop.root";
    public static final String ROOT_ENV = "IMAP4LIB_INTEROP_ROOT";
    public static final String DEFAULT_ROOT = "/tmp/imap4lib-interop";
    public static final String STAMP = ".imap4lib-complete";

    /** Cyrus IMAP 3.6 and {@code saslpasswd2}. */
    public static final List<String> CYRUS_PACKAGES = List.of(
            "cyrus-imapd", "cyrus-common", "libical3", "libpcre3", "libxapian30", "sasl2-bin");
    /**
     * Cyrus IMAP 3.10 from the suite {@code bookworm-backports} ({@code .ci/run} adds it to apt's
     * sources); its .debs live in {@value #CYRUS310_DEBS}, apart from the 3.6 ones of the same names.
     */
    public static final List<String> CYRUS310_PACKAGES = List.of("cyrus-imapd/bookworm-backports",
            "cyrus-common/bookworm-backports", "libpcre2-posix3", "libical3", "libxapian30", "sasl2-bin");
    public static final String CYRUS310_DEBS = "debs-cyrus310";
    /** Courier-IMAP 5 and the FAM server it watches maildirs with. */
    public static final List<String> COURIER_PACKAGES = List.of(
            "courier-imap", "courier-base", "courier-authlib", "libcourier-unicode4", "libidn12", "libgamin0", "gamin");

    private InteropDebs() {
    }

    public static Path root() {
        String p = System.getProperty(ROOT_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ROOT_ENV);
        }
        return Path.of(p == null || p.isBlank() ? DEFAULT_ROOT : p);
    }

    /** The one-line shell command that fills the cache for {@code name} by hand. */
    public static String hint(String name, List<String> packages) {
        return "mkdir -p " + root() + "/debs && cd " + root() + "/debs && apt-get download " + String.join(" ", packages)
                + " && for p in " + String.join(" ", packages) + "; do dpkg-deb -x $p_*.deb ../" + name + "; done && touch ../"
                + name + "/" + STAMP + " (or run .ci/run)";
    }

    /**
     * The unpacked tree {@code ROOT/name}, unpacking {@code packages} first if the cache does not
     * hold it yet; then checks with {@code ldd} that {@code binaries} (paths relative to the tree)
     * find all their libraries.
     *
     * @throws IOException with a one-line first line when a tool is missing, a download fails or
     *     a library cannot be found
     */
    public static Path tree(String name, List<String> packages, List<String> binaries) throws IOException {
        return tree(name, "debs", packages, binaries);
    }

    /**
     * {@link #tree(String, List, List)} with the .debs in {@code ROOT/debsDir}; a package may name
     * its suite ({@code cyrus-imapd/bookworm-backports}), its .deb is then looked up by the bare name.
     */
    public static synchronized Path tree(String name, String debsDir, List<String> packages, List<String> binaries)
            throws IOException {
        Path root = root();
        Path tree = root.resolve(name);
        if (!Files.exists(tree.resolve(STAMP))) {
            Files.createDirectories(root);
            try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                if (!Files.exists(tree.resolve(STAMP))) {
                    unpack(root.resolve(debsDir), tree, packages, binaries);
                }
            }
        }
        Set<String> missing = missingLibraries(tree, binaries);
        if (!missing.isEmpty()) {
            throw new IOException("libraries not found for the unpacked " + name + " binaries: " + missing
                    + " (delete " + tree + " to unpack again)");
        }
        for (String b : binaries) {
            if (!Files.isExecutable(tree.resolve(b))) {
                throw new IOException(tree.resolve(b) + " missing from the unpacked " + name + " packages");
            }
        }
        return tree;
    }

    /** {@code LD_LIBRARY_PATH} for a tree: its multiarch and plain library directories. */
    public static String libraryPath(Path tree) {
        List<String> dirs = new ArrayList<>();
        for (String base : List.of("usr/lib", "lib")) {
            Path b = tree.resolve(base);
            if (!Files.isDirectory(b)) {
                continue;
            }
            try (Stream<Path> s = Files.list(b)) {
                s.filter(p -> p.getFileName().toString().endsWith("-linux-gnu") && Files.isDirectory(p))
                        .sorted().forEach(p -> dirs.add(p.toString()));
            } catch (IOException e) {
                // ignore: only narrows the path
            }
        }
        dirs.add(tree.resolve("usr/lib").toString());
        return String.join(":", dirs);
    }

    private static void unpack(Path debs, Path tree, List<String> packages, List<String> binaries) throws IOException {
        for (String tool : List.of("apt-get", "dpkg-deb", "dpkg-query")) {
            if (which(tool) == null) {
                throw new IOException(tool + " not found: cannot fetch the Debian packages " + packages);
            }
        }
        Files.createDirectories(debs);
        Path tmp = tree.resolveSibling(tree.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        deleteTree(tmp);
        Files.createDirectories(tmp);
        Set<String> unpacked = new LinkedHashSet<>();
        for (String p : packages) {
            extract(debs, download(debs, p), tmp);
            unpacked.add(bareName(p));
        }
        // Missing shared libraries: try the not-installed lib* dependencies, a few rounds deep.
        for (int round = 0; round < 4; round++) {
            Set<String> missing = missingLibraries(tmp, binaries);
            if (missing.isEmpty()) {
                break;
            }
            boolean progress = false;
            for (String cand : libraryDependencies(debs, unpacked)) {
                Path deb = download(debs, cand);
                String contents = run(List.of("dpkg-deb", "-c", deb.toString()), null);
                if (missing.stream().anyMatch(lib -> contents.contains("/" + lib))) {
                    extract(debs, deb, tmp);
                    unpacked.add(cand);
                    progress = true;
                }
            }
            if (!progress) {
                break;
            }
        }
        Files.writeString(tmp.resolve(STAMP), String.join(" ", unpacked) + "\n");
        deleteTree(tree);
        Files.move(tmp, tree);
    }

    /** {@code cyrus-imapd} for {@code cyrus-imapd/bookworm-backports}: the .deb file name prefix. */
    static String bareName(String spec) {
        int slash = spec.indexOf('/');
        return slash < 0 ? spec : spec.substring(0, slash);
    }

    private static Path download(Path debs, String pkg) throws IOException {
        Optional<Path> have = findDeb(debs, bareName(pkg));
        if (have.isPresent()) {
            return have.get();
        }
        run(List.of("apt-get", "download", "-q", pkg), debs);
        return findDeb(debs, bareName(pkg)).orElseThrow(() -> new IOException("apt-get download " + pkg + " left no .deb in " + debs));
    }

    private static Optional<Path> findDeb(Path debs, String pkg) throws IOException {
        try (Stream<Path> s = Files.list(debs)) {
            return s.filter(p -> p.getFileName().toString().startsWith(pkg + "_") && p.toString().endsWith(".deb"))
                    .sorted().reduce((a, b) -> b);
        }
    }

    private static void extract(Path debs, Path deb, Path into) throws IOException {
        run(List.of("dpkg-deb", "-x", deb.toString(), into.toString()), debs);
    }

    /** Not-installed {@code lib*} packages the unpacked ones depend on (first alternative of each). */
    private static Set<String> libraryDependencies(Path debs, Set<String> unpacked) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String p : unpacked) {
            String depends = run(List.of("dpkg-deb", "-f", findDeb(debs, p).orElseThrow().toString(), "Depends"), null);
            for (String dep : depends.split(",")) {
                String n = dep.trim().split("\\|")[0].trim().split("[ (:]")[0];
                if (n.startsWith("lib") && !unpacked.contains(n) && !installed(n)) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static boolean installed(String pkg) {
        try {
            return run(List.of("dpkg-query", "-W", "-f=${Status}", pkg), null).contains("install ok installed");
        } catch (IOException e) {
            return false;
        }
    }

    /** Sonames that {@code ldd} cannot find for the binaries, with the tree's library path. */
    static Set<String> missingLibraries(Path tree, List<String> binaries) throws IOException {
        Set<String> missing = new TreeSet<>();
        if (which("ldd") == null) {
            return missing;
        }
        for (String b : binaries) {
            Path bin = tree.resolve(b);
            if (!Files.exists(bin)) {
                continue;
            }
            ProcessBuilder pb = new ProcessBuilder("ldd", bin.toString()).redirectErrorStream(true);
            pb.environment().put("LD_LIBRARY_PATH", libraryPath(tree));
            String out = run(pb, true);
            for (String line : out.split("\n")) {
                if (line.contains("=> not found")) {
                    missing.add(line.trim().split("\\s+")[0]);
                }
            }
        }
        return missing;
    }

    static Path which(String name) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(":")));
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name);
            }
        }
        return null;
    }

    static String run(List<String> cmd, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        return run(pb, false);
    }

    private static String run(ProcessBuilder pb, boolean anyExit) throws IOException {
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(pb.command() + " timed out");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + pb.command(), e);
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (!anyExit && p.exitValue() != 0) {
            String first = s.strip().lines().filter(l -> l.startsWith("E:") || l.contains("rror")).findFirst()
                    .orElse(s.strip().lines().reduce((a, b) -> b).orElse(""));
            throw new IOException(String.join(" ", pb.command()) + " failed (exit " + p.exitValue() + "): " + first
                    + "\n" + s);
        }
        return s;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
