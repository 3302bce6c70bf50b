package dev.imap4lib.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tool in a JVM of its own, for what an in-process run cannot show (kill -9). The forked
 * {@link #main} prints {@code appended N} after every import batch (through {@link Hooks}) and
 * pauses {@code imap4lib.test.batchPause} ms there, as a slow link would, then runs {@link Main}.
 */
final class ForkedCli {
    private ForkedCli() {
    }

    public static void main(String[] args) {
        long pause = Long.getLong("imap4lib.test.batchPause", 0);
        Hooks.afterMessage = n -> {
            System.out.println("appended " + n);
            System.out.flush();
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Main.main(args);
    }

    /** Starts {@code imap4lib args} (stderr to {@code errLog}) with {@code env} added to the environment. */
    static Process start(List<String> args, Map<String, String> env, long batchPauseMs, Path errLog) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-Dimap4lib.test.batchPause=" + batchPauseMs);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
        cmd.add(ForkedCli.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(errLog.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }
}
