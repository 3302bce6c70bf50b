package dev.imap4lib.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs TcpBridge as a child process against a ScriptedImapServer. */
@Timeout(30)
class TcpBridgeTest {

    static Process startBridge(ScriptedImapServer server) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the directory (or jar) TcpBridge was loaded from: robust against surefire's manifest-only jar
        String classpath = Path.of(TcpBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        return new ProcessBuilder(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                TcpBridge.class.getName(), server.host(), Integer.toString(server.port())))
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            line.write(c);
            if (c == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    static String stderr(Process p) throws IOException {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void relaysBothWaysAndExitsWhenTheServerCloses() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK bridge test
                C: $tag NOOP
                S: $tag OK NOOP completed
                CLOSE
                """)) {
            Process p = startBridge(server);
            try {
                InputStream out = p.getInputStream();
                OutputStream in = p.getOutputStream();
                assertEquals("* OK bridge test\r\n", readLine(out));
                in.write("a1 NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
                assertEquals("a1 OK NOOP completed\r\n", readLine(out));
                assertEquals(-1, out.read(), "stdout ends when the server closes");
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "bridge did not exit");
                assertEquals(0, p.exitValue(), stderr(p));
                server.awaitDone(Duration.ofSeconds(5));
                assertEquals("a1 NOOP\r\n", server.clientText());
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void closingStdinClosesTheConnectionAndExits() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("""
                S: * OK bridge test
                EOF
                """)) {
            Process p = startBridge(server);
            try {
                assertEquals("* OK bridge test\r\n", readLine(p.getInputStream()));
                p.getOutputStream().close();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "bridge did not exit");
                assertEquals(0, p.exitValue(), stderr(p));
                server.awaitDone(Duration.ofSeconds(5));
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
