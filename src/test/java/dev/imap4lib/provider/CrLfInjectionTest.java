package dev.imap4lib.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import dev.imap4lib.testing.FaultProxy;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Command injection through every user-supplied string (README, "Security"): a CR LF (or a bare
 * LF) followed by a command of the attacker's, in a mailbox name, a FetchProfile header name, a
 * search term, a flag or keyword, an ACL identifier, a METADATA entry name and a quota root.
 * Each is either encoded (quoted, literal, modified UTF-7) or refused with an exception; the
 * injected command never reaches the server as a command line of its own, which a recording
 * relay in front of a real Dovecot checks (literal-aware), and the mailbox the injected command
 * would delete is still there.
 */
@ExtendWith(DovecotExtension.class)
@Timeout(120)
class CrLfInjectionTest {
    private static final String USER = "user3";

    @FunctionalInterface
    interface Call {
        void run(Store store, Folder inbox, String evil) throws Exception;
    }

    @Test
    void noUserSuppliedStringCanStartACommandOfItsOwn(DovecotServer dovecot) throws Exception {
        String victim = "inj-victim-" + UUID.randomUUID().toString().substring(0, 8);
        try (Store direct = store(dovecot.host(), dovecot.imapPort())) {
            direct.getFolder(victim).create(Folder.HOLDS_MESSAGES);
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setSubject("injection target");
            m.setText("body\n");
            m.saveChanges();
            direct.getFolder("INBOX").appendMessages(new Message[] {m});
        }
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("mailbox name (create)", (s, in, e) -> s.getFolder("inj" + e).create(Folder.HOLDS_MESSAGES));
        calls.put("mailbox name (open)", (s, in, e) -> s.getFolder("inj" + e).open(Folder.READ_ONLY));
        calls.put("mailbox name (status)", (s, in, e) -> s.getFolder("inj" + e).getMessageCount());
        calls.put("mailbox name (rename to)", (s, in, e) -> s.getFolder(victim).renameTo(s.getFolder(victim + e)));
        calls.put("FetchProfile header name", (s, in, e) -> {
            FetchProfile fp = new FetchProfile();
            fp.add("X-Inj" + e);
            in.fetch(in.getMessages(), fp);
        });
        calls.put("getHeader name", (s, in, e) -> in.getMessage(1).getHeader("X-Inj" + e));
        calls.put("search: SubjectTerm", (s, in, e) -> in.search(new SubjectTerm("s" + e)));
        calls.put("search: BodyTerm", (s, in, e) -> in.search(new BodyTerm("b" + e)));
        calls.put("search: FromStringTerm", (s, in, e) -> in.search(new FromStringTerm("f" + e)));
        calls.put("search: HeaderTerm name", (s, in, e) -> in.search(new HeaderTerm("X-H" + e, "v")));
        calls.put("search: HeaderTerm value", (s, in, e) -> in.search(new HeaderTerm("X-H", "v" + e)));
        calls.put("search: keyword FlagTerm", (s, in, e) -> in.search(new FlagTerm(new Flags("kw" + e), true)));
        calls.put("flags: keyword set", (s, in, e) -> in.getMessage(1).setFlags(new Flags("kw" + e), true));
        calls.put("flags: keyword on append", (s, in, e) -> {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setText("x\n");
            m.setFlags(new Flags("kw" + e), true);
            m.saveChanges();
            s.getFolder(victim).appendMessages(new Message[] {m});
        });
        calls.put("ACL identifier (setAcl)", (s, in, e) ->
                ((Imap4libFolder) in).doCommand(c -> c.setAcl("INBOX", "anyone" + e, "lr")));
        calls.put("ACL identifier (listRights)", (s, in, e) ->
                ((Imap4libFolder) in).doCommand(c -> c.listRights("INBOX", "anyone" + e)));
        calls.put("METADATA entry name (get)", (s, in, e) ->
                ((Imap4libFolder) in).doCommand(c -> c.getMetadata("INBOX", "/private/comment" + e)));
        calls.put("METADATA entry name (set)", (s, in, e) ->
                ((Imap4libFolder) in).doCommand(c -> c.setMetadata("INBOX", Map.of("/private/x" + e, "v"))));
        calls.put("quota root", (s, in, e) -> ((Imap4libStore) s).getQuota("root" + e));

        List<String> outcomes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String sep : List.of("\r\n", "\n", "\r")) {
            String evil = sep + "INJ DELETE " + victim + sep;
            for (Map.Entry<String, Call> c : calls.entrySet()) {
                try (FaultProxy proxy = new FaultProxy(dovecot.host(), dovecot.imapPort(), null);
                        Store s = store(proxy.host(), proxy.port())) {
                    Folder inbox = s.getFolder("INBOX");
                    inbox.open(Folder.READ_WRITE);
                    String outcome;
                    try {
                        c.getValue().run(s, inbox, evil);
                        outcome = "encoded, accepted";
                    } catch (jakarta.mail.MessagingException | java.io.IOException e) {
                        outcome = "refused: " + e.getClass().getSimpleName();
                    } catch (RuntimeException e) {
                        outcome = "raw " + e;
                        problems.add(c.getKey() + ": " + e + " escaped (not a MessagingException)");
                    }
                    String sent = proxy.forwardedText(1, FaultProxy.Direction.CLIENT_TO_SERVER);
                    for (int i = 2; i <= proxy.connections(); i++) {
                        sent += proxy.forwardedText(i, FaultProxy.Direction.CLIENT_TO_SERVER);
                    }
                    for (String line : commandLines(sent)) {
                        if (line.startsWith("INJ")) {
                            problems.add(c.getKey() + " (" + printable(sep) + "): sent raw: " + line);
                        }
                    }
                    outcomes.add(String.format("%-30s %-6s %s", c.getKey(), printable(sep), outcome));
                }
            }
        }
        try (Store direct = store(dovecot.host(), dovecot.imapPort())) {
            assertTrue(direct.getFolder(victim).exists(), "the mailbox an injected DELETE names is still there");
            direct.getFolder(victim).delete(true);
        }
        System.out.println("[injection] " + String.join("\n[injection] ", outcomes));
        assertEquals(List.of(), problems);
        assertEquals(calls.size() * 3, outcomes.size());
    }

    /** The command lines of a client's stream: literals ({n}, {n+}, ~{n}) skipped, not split. */
    static List<String> commandLines(String sent) {
        byte[] b = sent.getBytes(StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        boolean atStart = true;
        int i = 0;
        while (i < b.length) {
            int lf = i;
            while (lf < b.length && b[lf] != '\n') {
                lf++;
            }
            String part = new String(b, i, Math.min(lf, b.length) - i, StandardCharsets.ISO_8859_1);
            if (atStart) {
                lines.add(part);
            }
            i = lf + 1;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\d+)\\+?\\}\r?$").matcher(part);
            if (m.find()) {
                i += Integer.parseInt(m.group(1));   // the literal's bytes, then the line goes on
                atStart = false;
            } else {
                atStart = true;
            }
        }
        return lines;
    }

    private static String printable(String sep) {
        return sep.replace("\r", "CR").replace("\n", "LF");
    }

    private static Store store(String host, int port) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", host);
        p.put("mail.imap4lib.port", String.valueOf(port));
        p.put("mail.imap4lib.starttls.enable", "false");
        p.put("mail.imap4lib.timeout", "10000");
        Store s = Session.getInstance(p).getStore("imap4lib");
        s.connect(USER, DovecotServer.USERS.get(USER));
        if (!s.isConnected()) {
            fail("not connected");
        }
        return s;
    }
}
