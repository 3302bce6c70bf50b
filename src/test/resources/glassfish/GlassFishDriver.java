package gfdriver;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.embeddable.Deployer;
import org.glassfish.embeddable.GlassFish;
import org.glassfish.embeddable.GlassFishProperties;
import org.glassfish.embeddable.GlassFishRuntime;

/**
 * Runs in GlassFishEmbeddedTest's forked JVM (GlassFish Embedded on its class path).
 * Arguments: WAR, result file, rounds. Starts GlassFish on a free loopback port, then per round
 * deploys the WAR, GETs its servlet, undeploys it and waits (bounded) until no imap4lib thread is
 * left; appends {@code round N: LINE} for each servlet line and {@code round N threads: [...]}
 * (the imap4lib threads still alive) to the result file.
 */
public final class GlassFishDriver {
    private GlassFishDriver() {
    }

    public static void main(String[] args) throws Exception {
        File war = new File(args[0]);
        Path result = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        GlassFishProperties props = new GlassFishProperties();
        props.setPort("http-listener", port);
        GlassFish gf = GlassFishRuntime.bootstrap().newGlassFish(props);
        gf.start();
        try {
            Deployer deployer = gf.getDeployer();
            HttpClient http = HttpClient.newHttpClient();
            for (int round = 1; round <= rounds; round++) {
                String app = deployer.deploy(war, "--name=mailapp", "--contextroot=mailapp");
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/mailapp/read")).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                List<String> lines = new ArrayList<>();
                for (String line : r.body().split("\r?\n")) {
                    lines.add("round " + round + ": " + line);
                }
                if (r.statusCode() != 200) {
                    lines.add("round " + round + ": HTTP " + r.statusCode());
                }
                deployer.undeploy(app);
                lines.add("round " + round + " threads: " + imap4libThreadsAfter(15_000));
                Files.write(result, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } finally {
            gf.stop();
            gf.dispose();
        }
        System.exit(0);
    }

    /** The imap4lib threads still alive once none is left or {@code millis} have passed. */
    private static List<String> imap4libThreadsAfter(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (true) {
            List<String> left = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && t.getName().toLowerCase(java.util.Locale.ROOT).contains("imap4lib")) {
                    left.add(t.getName());
                }
            }
            if (left.isEmpty() || System.nanoTime() > end) {
                return left;
            }
            Thread.sleep(100);
        }
    }
}
