package dev.imap4lib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.client.ClientOptions;
import dev.imap4lib.client.Imap4;
import dev.imap4lib.testing.Cyrus310Extension;
import dev.imap4lib.testing.Cyrus310Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code imap4lib watch A B} and {@code watch --all} on Cyrus IMAP 3.10: one NOTIFY connection for all. */
@ExtendWith(Cyrus310Extension.class)
@Timeout(60)
class Cyrus310WatchCliTest {

    private static String watch(Cyrus310Server c, List<String> args, Imap4 other, String... makeChanges) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new java.util.ArrayList<>(List.of("watch"));
        all.addAll(args);
        all.addAll(List.of("--for", "6", "--host", "127.0.0.1", "--port", Integer.toString(c.imapPort()), "--user", "user1",
                "--starttls", "--insecure"));
        AtomicReference<Integer> code = new AtomicReference<>();
        Thread cli = new Thread(() -> code.set(Main.run(all.toArray(new String[0]), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new HashMap<>(Map.of("IMAP4LIB_PASSWORD", "pass1")), false)), "cli-watch");
        cli.start();
        long end = System.nanoTime() + 20_000_000_000L;
        while (!out.toString(StandardCharsets.UTF_8).contains("watching") && System.nanoTime() < end && cli.isAlive()) {
            Thread.sleep(50);
        }
        for (String f : makeChanges) {
            if (f.startsWith("create ")) {
                other.create(f.substring(7)).check();
            } else {
                other.append(f, null, (String) null, "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)).check();
            }
        }
        cli.join(30_000);
        assertEquals(0, code.get(), () -> out + "\n" + err);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void severalFoldersAndAllOnOneNotifyConnection(Cyrus310Server c) throws Exception {
        String a = "INBOX/cli-" + UUID.randomUUID().toString().substring(0, 8);
        String b = a + "-b";
        try (Imap4 other = new Imap4("localhost", c.imapPort(), ClientOptions.defaults().withTimeout(Duration.ofSeconds(10)))) {
            other.login("user1", "pass1");
            other.create(a).check();
            other.create(b).check();
            String out = watch(c, List.of(a, b), other, a, b, b);
            assertTrue(out.contains("watching 2 folders on one connection with NOTIFY"), out);
            assertTrue(out.contains("+ new      1 in " + a), out);
            assertTrue(out.contains("in " + b), out);
            assertTrue(out.contains("3 new, 0 expunged"), out);

            String made = a + "-made";
            String everything = watch(c, List.of("--all"), other, a, "create " + made);
            assertTrue(everything.contains("watching every personal folder on one connection with NOTIFY"), everything);
            assertTrue(everything.contains("+ new      1 in " + a), everything);
            assertTrue(everything.contains("* folder created " + made), everything);
        }
    }
}
