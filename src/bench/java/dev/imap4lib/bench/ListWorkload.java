package dev.imap4lib.bench;

import dev.imap4lib.bench.ProviderBenchmark.Client;
import dev.imap4lib.bench.ProviderBenchmark.Ctx;
import dev.imap4lib.bench.ProviderBenchmark.Run;
import jakarta.mail.Folder;
import jakarta.mail.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Workload 8: a folder tree with counts, as a mail client's sidebar shows it. The libraries run
 * {@code store.getDefaultFolder().list("*")} and then, for every folder that holds messages,
 * {@code getMessageCount()} and {@code getUnreadMessageCount()}. RAW sends the one command that
 * gets the same information in one round trip, {@code LIST "" * RETURN (STATUS (MESSAGES UNSEEN))}
 * (RFC 5819 LIST-STATUS, which Dovecot 2.3 has). The counts of the {@value BenchData#FOLDERS}
 * generated folders are compared with what was written.
 */
final class ListWorkload {
    static final String LIST_STATUS = "LIST \"\" \"*\" RETURN (STATUS (MESSAGES UNSEEN))";

    private ListWorkload() {
    }

    /** Untimed, once: Dovecot builds each folder's index on its first STATUS, not in a measured run. */
    static void prime(RawImap r, BenchData d) throws IOException {
        ProviderBenchmark.check(r.untagged == null, "capture already on");
        r.untagged = new ArrayList<>();
        try {
            r.ok(LIST_STATUS);
            verify(counts(r.untagged), d);
        } finally {
            r.untagged = null;
        }
    }

    static Run open(Client c, Ctx x) throws Exception {
        BenchData d = x.data;
        if (c == Client.RAW) {
            RawImap r = RawImap.login(BenchDovecot.HOST, x.port, BenchDovecot.USER, BenchDovecot.PASS);
            return new Run() {
                @Override
                String body() throws Exception {
                    r.untagged = new ArrayList<>();
                    r.ok(LIST_STATUS);
                    Map<String, int[]> got = counts(r.untagged);
                    x.mark();
                    r.untagged = null;
                    return verify(got, d);
                }

                @Override
                public void close() throws Exception {
                    r.logout();
                }
            };
        }
        Store s = ProviderBenchmark.connect(c, x);
        return new Run() {
            @Override
            String body() throws Exception {
                Folder[] all = s.getDefaultFolder().list("*");
                Map<String, int[]> got = new HashMap<>();
                for (Folder f : all) {
                    if ((f.getType() & Folder.HOLDS_MESSAGES) != 0) {
                        got.put(f.getFullName(), new int[] {f.getMessageCount(), f.getUnreadMessageCount()});
                    }
                }
                x.mark();
                return all.length + " listed, " + verify(got, d);
            }

            @Override
            public void close() throws Exception {
                s.close();
            }
        };
    }

    /** Every generated folder is there with the counts it was written with. */
    static String verify(Map<String, int[]> got, BenchData d) {
        int messages = 0;
        int unseen = 0;
        for (Map.Entry<String, int[]> e : d.folderCounts.entrySet()) {
            int[] g = got.get(e.getKey());
            ProviderBenchmark.check(g != null, "no counts for " + e.getKey() + " (" + got.size() + " folders counted)");
            ProviderBenchmark.check(g[0] == e.getValue()[0] && g[1] == e.getValue()[1], e.getKey() + " counted "
                    + g[0] + "/" + g[1] + ", expected " + e.getValue()[0] + "/" + e.getValue()[1]);
            messages += g[0];
            unseen += g[1];
        }
        return got.size() + " counted, " + d.folderCounts.size() + " generated ok (" + messages + " msgs, " + unseen
                + " unseen)";
    }

    /** Name -> {MESSAGES, UNSEEN} from untagged {@code * STATUS} lines. */
    static Map<String, int[]> counts(List<String> lines) throws IOException {
        Map<String, int[]> m = new HashMap<>();
        for (String l : lines) {
            if (!l.startsWith("* STATUS ")) {
                continue;
            }
            int i = "* STATUS ".length();
            String name;
            if (l.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                for (i++; l.charAt(i) != '"'; i++) {
                    sb.append(l.charAt(i) == '\\' ? l.charAt(++i) : l.charAt(i));
                }
                name = sb.toString();
                i++;
            } else {
                int sp = l.indexOf(' ', i);
                name = l.substring(i, sp);
                i = sp;
            }
            m.put(name, new int[] {number(l, "MESSAGES ", i), number(l, "UNSEEN ", i)});
        }
        return m;
    }

    private static int number(String l, String key, int from) throws IOException {
        int k = l.indexOf(key, from);
        if (k < 0) {
            throw new IOException("no " + key.strip() + " in " + l);
        }
        int v = 0;
        for (int j = k + key.length(); j < l.length() && Character.isDigit(l.charAt(j)); j++) {
            v = v * 10 + (l.charAt(j) - '0');
        }
        return v;
    }
}
