package dev.imap4lib.appserver;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * What the application-server tests share: the jars the pom copies into
 * {@code target/appserver-jars} (never on this JVM's class path), jars built from directories,
 * and JVMs forked with a class path of their own.
 */
final class ForkedJava {
    private ForkedJava() {
    }

    /** The output of a forked JVM that exited (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    /** The project's {@code target} directory (surefire names its test-classes directory). */
    static Path target() {
        String testClasses = System.getenv("IMAP4LIB_TEST_CLASSES");
        return testClasses != null ? Path.of(testClasses).toAbsolutePath().getParent() : Path.of("target").toAbsolutePath();
    }

    /** {@code target/appserver-jars/NAME}, copied there by the pom's {@code appserver-jars} execution. */
    static Path artifact(String name) {
        Path jar = target().resolve("appserver-jars").resolve(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through mvn (the pom's "
                    + "maven-dependency-plugin execution appserver-jars copies it)");
        }
        return jar;
    }

    /** The directory or jar this class was loaded from ({@code target/classes} for main classes). */
    static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adds to {@code jar} the files under {@code dir} whose relative path ('/'-separated) passes
     * {@code keep}, each under {@code prefix} (for example {@code "WEB-INF/classes/"}).
     */
    static void addTree(JarOutputStream jar, Path dir, String prefix, Predicate<String> keep) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String rel = dir.relativize(f).toString().replace(File.separatorChar, '/');
            if (keep.test(rel)) {
                add(jar, prefix + rel, Files.readAllBytes(f));
            }
        }
    }

    static void add(JarOutputStream jar, String name, byte[] content) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(content);
        jar.closeEntry();
    }

    static JarOutputStream newJar(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        OutputStream out = Files.newOutputStream(file);
        return new JarOutputStream(out);
    }

    /**
     * Compiles {@code sources} against {@code classPath} into {@code out} (release 17, no
     * annotation processing: GlassFish's jar carries processors); an error is an AssertionError.
     */
    static void compile(List<Path> sources, List<Path> classPath, Path out) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(errors, files, null, List.of("--release", "17", "-proc:none", "-encoding",
                    "UTF-8", "-d", out.toString(), "-classpath",
                    String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList())),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                throw new AssertionError("compiling " + sources.size() + " sources against " + classPath + ":\n" + errors);
            }
        }
    }

    /**
     * Runs {@code java jvmArgs -cp classPath main args} and waits at most {@code timeoutSeconds};
     * a JVM still running then is killed and reported as an {@link AssertionError} with its output.
     */
    static Result run(List<Path> classPath, List<String> jvmArgs, String main, List<String> args,
            long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        cmd.add(main);
        cmd.addAll(args);
        Path log = Files.createTempFile("imap4lib-fork", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(main + " did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
