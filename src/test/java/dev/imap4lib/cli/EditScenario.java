package dev.imap4lib.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * One run through mkdir, cp, flag, mv, rm, rmdir and rename, on whichever server {@code tool}
 * talks to (the demo server in {@link MainTest}, Dovecot in {@link DovecotCliTest}); each step is
 * checked with ls.
 */
final class EditScenario {
    private EditScenario() {
    }

    static void run(Function<String[], DovecotCliTest.Run> tool, Path tmp) throws Exception {
        String a = "EditA" + System.nanoTime() % 100000;
        String b = a + "b";
        String c = a + "c";
        ok(tool.apply(new String[] {"mkdir", a}), "created folder " + a);
        ok(tool.apply(new String[] {"mkdir", b}), "created folder " + b);
        assertEquals(Main.EXIT_ERROR, tool.apply(new String[] {"mkdir", a}).code());
        Path mbox = DovecotCliTest.mbox(tmp.resolve(a + ".mbox"), 10);
        ok(tool.apply(new String[] {"import", mbox.toString(), "--to", a}), "imported 10 messages");

        DovecotCliTest.Run usage = tool.apply(new String[] {"cp", a, "--to", b});
        assertTrue(usage.code() == Main.EXIT_USAGE && usage.err().contains("exactly one of UID..., --search QUERY or --all"), usage::toString);
        ok(tool.apply(new String[] {"cp", a, "--all", "--to", b}), "copied 10 messages from " + a + " to " + b);
        ok(tool.apply(new String[] {"flag", b, "--search", "subject:\"message 3\"", "--set", "flagged,todo", "--clear", "seen"}),
                "set \\Flagged todo and cleared \\Seen on 1 message in " + b);
        assertEquals(1, count(tool.apply(new String[] {"ls", b, "--search", "flagged keyword:todo", "--json"})));
        ok(tool.apply(new String[] {"mv", b, "1:3", "--to", a}), "moved 3 messages from " + b + " to " + a);
        assertEquals(13, count(tool.apply(new String[] {"ls", a, "--limit", "0", "--json"})));
        assertEquals(7, count(tool.apply(new String[] {"ls", b, "--limit", "0", "--json"})));

        DovecotCliTest.Run refused = tool.apply(new String[] {"rm", a, "--search", "subject:\"message 1\""});
        assertEquals(Main.EXIT_USAGE, refused.code(), refused::toString);
        assertTrue(refused.err().contains("rm would delete 2 messages of " + a + " for good: add --yes"), refused.err());
        assertEquals(13, count(tool.apply(new String[] {"ls", a, "--limit", "0", "--json"})), "nothing deleted without --yes");
        ok(tool.apply(new String[] {"rm", a, "--search", "subject:\"message 1\"", "--yes"}), "deleted 2 messages from " + a);
        assertEquals(11, count(tool.apply(new String[] {"ls", a, "--limit", "0", "--json"})));

        DovecotCliTest.Run noYes = tool.apply(new String[] {"rmdir", b});
        assertTrue(noYes.code() == Main.EXIT_USAGE && noYes.err().contains("rmdir would delete folder " + b + " and its 7 messages"),
                noYes::toString);
        ok(tool.apply(new String[] {"rmdir", b, "--yes"}), "deleted folder " + b + " and its 7 messages");
        assertEquals(Main.EXIT_NOT_FOUND, tool.apply(new String[] {"ls", b}).code());
        ok(tool.apply(new String[] {"rename", a, c}), "renamed folder " + a + " to " + c);
        assertEquals(11, count(tool.apply(new String[] {"ls", c, "--limit", "0", "--json"})));
        assertEquals(Main.EXIT_NOT_FOUND, tool.apply(new String[] {"ls", a}).code());
    }

    private static void ok(DovecotCliTest.Run r, String says) {
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains(says), () -> "expected \"" + says + "\" in: " + r.out());
    }

    private static int count(DovecotCliTest.Run r) {
        assertEquals(0, r.code(), r::toString);
        int n = 0;
        for (int i = r.out().indexOf("\"uid\""); i >= 0; i = r.out().indexOf("\"uid\"", i + 1)) {
            n++;
        }
        return n;
    }
}
