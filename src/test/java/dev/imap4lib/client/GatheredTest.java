package dev.imap4lib.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.RawResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What one command keeps of its untagged responses (issue 13). */
class GatheredTest {

    private static Untagged untagged(String type, long n) {
        RawResponse r = RawResponse.of("* " + n + " " + type);
        return new Untagged(type, n, r, 2, 2, r.length());
    }

    @Test
    void namedTypesAreKeptWholeTheOthersOnlyTheirLastFew() {
        Map<String, List<Untagged>> byType = new HashMap<>();
        Set<String> whole = Gathered.whole("SEARCH");
        for (int i = 1; i <= 1000; i++) {
            Gathered.add(byType, whole, untagged("SEARCH", i));
            Gathered.add(byType, whole, untagged("EXPUNGE", i));
        }
        assertEquals(1000, byType.get("SEARCH").size());
        List<Untagged> expunges = byType.get("EXPUNGE");
        assertEquals(Gathered.LAST_KEPT, expunges.size());
        assertEquals(1000, expunges.get(expunges.size() - 1).number(), "the last one is kept, as SELECT reads it");
    }

    @Test
    void madeUpTypesStopAtTheCapButNamedTypesStillCount() {
        Map<String, List<Untagged>> byType = new HashMap<>();
        Set<String> whole = Gathered.whole("LIST");
        for (int i = 0; i < 10_000; i++) {
            Gathered.add(byType, whole, untagged("X" + i, 1));
        }
        Gathered.add(byType, whole, untagged("LIST", 1));
        assertEquals(Gathered.MAX_TYPES + 1, byType.size());
        assertEquals(1, byType.get("LIST").size());
    }

    @Test
    void everyCommandImap4SendsByNameHasAnEntry() throws Exception {
        // A command added without an entry would keep only the last few responses of its own
        // type: this names it instead.
        String src = Files.readString(Path.of("src/main/java/dev/imap4lib/client/Imap4.java"));
        Matcher m = Pattern.compile("exec(?:Locked|Gathering)?\\((?:[A-Z_]+, )?\"([A-Z]+(?: [A-Z]+)?)\"[,)]").matcher(src);
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertTrue(names.size() > 40, "found " + names);
        Set<String> missing = new TreeSet<>();
        for (String n : names) {
            if (!Gathered.known(n)) {
                missing.add(n);
            }
        }
        assertEquals(Set.of(), missing, "commands without a Gathered entry");
        assertFalse(Gathered.known("XYZZY"));
        assertEquals(Set.of(), Gathered.whole("XYZZY"), "xatom's commands keep nothing whole");
    }
}
