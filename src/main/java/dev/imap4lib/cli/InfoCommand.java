package dev.imap4lib.cli;

import dev.imap4lib.client.Imap4;
import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Quota;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code info}: greeting, capabilities, namespaces, quota, and the folder tree with STATUS counts. */
final class InfoCommand {
    static final Main.Cmd CMD = new Main.Cmd("info", Set.of(), Set.of(),
            "server greeting, capabilities, namespaces, quota, folder tree with counts",
            """
            usage: imap4lib info [OPTIONS]

            Shows the server greeting and capabilities (from a core Imap4 connection), then, through the
            Jakarta Mail provider: namespaces, quota of INBOX's quota root (when the server has QUOTA), and
            every folder with its STATUS counts (messages, unseen, recent).
            """, InfoCommand::run);

    private InfoCommand() {
    }

    static int run(Ctx ctx, Args a) throws Exception {
        a.maxArgs(0, "info");
        try (Mail mail = Mail.open(ctx, a)) {
            String greeting;
            List<String> caps;
            String version;
            try (Imap4 raw = mail.raw(false)) {
                greeting = raw.welcome();
                if (raw.state() == dev.imap4lib.client.State.NONAUTH) {
                    mail.login(raw);
                }
                caps = raw.capabilities();
                version = raw.protocolVersion();
            }
            Map<String, Object> j = Json.obj();
            j.put("server", mail.describe());
            j.put("embedded", mail.isDemo());
            j.put("greeting", greeting);
            j.put("protocol", version);
            j.put("capabilities", caps);

            // Namespaces: the provider falls back to the root folder when the server has no NAMESPACE.
            List<Map<String, Object>> namespaces = new ArrayList<>();
            addNamespaces(namespaces, "personal", mail.store.getPersonalNamespaces());
            addNamespaces(namespaces, "other users", mail.store.getUserNamespaces(null));
            addNamespaces(namespaces, "shared", mail.store.getSharedNamespaces());
            j.put("namespaces", namespaces);

            List<Map<String, Object>> quotas = new ArrayList<>();
            if (mail.store.hasCapability("QUOTA")) {
                try {
                    for (Quota q : mail.store.getQuota("INBOX")) {
                        for (Quota.Resource r : q.resources) {
                            Map<String, Object> m = Json.obj();
                            m.put("root", q.quotaRoot);
                            m.put("resource", r.name);
                            m.put("usage", r.usage);
                            m.put("limit", r.limit);
                            quotas.add(m);
                        }
                    }
                } catch (MessagingException e) {
                    // a server may announce QUOTA yet refuse GETQUOTAROOT for this mailbox
                }
            }
            j.put("quota", quotas);

            Folder[] all = mail.store.getDefaultFolder().list("*");
            Arrays.sort(all, Comparator.comparing(f -> f.getFullName().equalsIgnoreCase("INBOX") ? "" : f.getFullName()));
            List<Map<String, Object>> folders = new ArrayList<>();
            for (Folder f : all) {
                Map<String, Object> m = Json.obj();
                m.put("name", f.getFullName());
                m.put("separator", String.valueOf(f.getSeparator()));
                boolean selectable = (f.getType() & Folder.HOLDS_MESSAGES) != 0;
                m.put("selectable", selectable);
                if (selectable) {
                    m.put("messages", f.getMessageCount());
                    m.put("unseen", f.getUnreadMessageCount());
                    m.put("recent", f.getNewMessageCount());
                }
                m.put("attributes", List.of(((Imap4libFolder) f).getAttributes()));
                folders.add(m);
            }
            j.put("folders", folders);

            if (ctx.json) {
                ctx.json(j);
                return Main.EXIT_OK;
            }
            print(ctx, mail, j, namespaces, quotas, folders);
        }
        return Main.EXIT_OK;
    }

    private static void addNamespaces(List<Map<String, Object>> out, String kind, Folder[] fs) throws MessagingException {
        for (Folder f : fs) {
            Map<String, Object> m = Json.obj();
            m.put("kind", kind);
            m.put("prefix", f.getFullName());
            char sep = f.getSeparator();
            m.put("separator", sep == '\0' ? null : String.valueOf(sep));
            out.add(m);
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(Ctx ctx, Mail mail, Map<String, Object> j, List<Map<String, Object>> namespaces,
            List<Map<String, Object>> quotas, List<Map<String, Object>> folders) {
        int width = ctx.columns();
        String label = "%-13s";
        ctx.out.println(ctx.c(Ctx.BOLD, String.format(label, "Server")) + (mail.isDemo()
                ? ctx.c(Ctx.YELLOW, "embedded demo server") + " 127.0.0.1:" + mail.port + " (GreenMail, in memory; user "
                        + DemoServer.USER + ")"
                : mail.describe()));
        ctx.out.println(ctx.c(Ctx.BOLD, String.format(label, "Greeting")) + Text.truncate(Text.oneLine((String) j.get("greeting")), width - 13));
        ctx.out.println(ctx.c(Ctx.BOLD, String.format(label, "Protocol")) + j.get("protocol"));
        StringBuilder caps = new StringBuilder();
        int col = 13;
        for (String c : (List<String>) j.get("capabilities")) {
            if (col + c.length() + 1 > width && caps.length() > 0) {
                caps.append('\n').append(" ".repeat(13));
                col = 13;
            }
            caps.append(c).append(' ');
            col += c.length() + 1;
        }
        ctx.out.println(ctx.c(Ctx.BOLD, String.format(label, "Capabilities")) + caps.toString().stripTrailing());
        StringBuilder ns = new StringBuilder();
        for (Map<String, Object> n : namespaces) {
            if (ns.length() > 0) {
                ns.append("; ");
            }
            ns.append(n.get("kind")).append(" \"").append(n.get("prefix")).append("\"");
            if (n.get("separator") != null) {
                ns.append(" (separator ").append(n.get("separator")).append(')');
            }
        }
        if (!mail.store.hasCapability("NAMESPACE")) {
            ns.append(ctx.c(Ctx.DIM, "  (no NAMESPACE capability: the root folder)"));
        }
        ctx.out.println(ctx.c(Ctx.BOLD, String.format(label, "Namespaces")) + ns);
        if (quotas.isEmpty()) {
            ctx.out.println(ctx.c(Ctx.BOLD, String.format(label, "Quota")) + (mail.store.hasCapability("QUOTA")
                    ? "no limits for INBOX's quota root" : "server has no QUOTA capability"));
        } else {
            boolean first = true;
            for (Map<String, Object> q : quotas) {
                long usage = (Long) q.get("usage");
                long limit = (Long) q.get("limit");
                boolean storage = "STORAGE".equalsIgnoreCase((String) q.get("resource"));
                // RFC 2087 counts STORAGE in units of 1024 octets; GreenMail counts octets.
                long unit = mail.isDemo() ? 1 : 1024;
                String u = storage ? Text.size(usage * unit) : Long.toString(usage);
                String l = storage ? Text.size(limit * unit) : Long.toString(limit);
                String pct = limit > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100.0 * usage / limit) : "";
                ctx.out.println(ctx.c(Ctx.BOLD, String.format(label, first ? "Quota" : "")) + "root \"" + q.get("root")
                        + "\" " + q.get("resource") + " " + u + " of " + l + pct);
                first = false;
            }
        }
        ctx.out.println();
        Table t = new Table(ctx, "FOLDER", "MESSAGES", "UNSEEN", "RECENT");
        t.rightAlign(1, 2, 3);
        long total = 0;
        long unseen = 0;
        for (Map<String, Object> f : folders) {
            String name = (String) f.get("name");
            String sep = (String) f.get("separator");
            int depth = 0;
            String leaf = name;
            if (sep != null && !sep.equals("\0") && !sep.isEmpty()) {
                String[] parts = name.split(java.util.regex.Pattern.quote(sep));
                depth = parts.length - 1;
                leaf = parts[parts.length - 1];
            }
            String shown = "  ".repeat(depth) + leaf;
            if (Boolean.TRUE.equals(f.get("selectable"))) {
                int m = (Integer) f.get("messages");
                int u = (Integer) f.get("unseen");
                total += m;
                unseen += u;
                t.row(shown, Integer.toString(m), u > 0 ? ctx.c(Ctx.BOLD, Integer.toString(u)) : "0", f.get("recent").toString());
            } else {
                t.row(ctx.c(Ctx.DIM, shown), "-", "-", "-");
            }
        }
        t.print(0);
        ctx.out.println(folders.size() + " folders, " + total + " messages, " + unseen + " unseen");
    }
}
