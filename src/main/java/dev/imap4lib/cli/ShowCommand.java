package dev.imap4lib.cli;

import dev.imap4lib.provider.Imap4libFolder;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code show FOLDER UID} and {@code save-attachments FOLDER UID --to DIR}. */
final class ShowCommand {
    static final Main.Cmd CMD = new Main.Cmd("show", Set.of(), Set.of("raw"),
            "one message: decoded headers, text, attachments (--raw: the source)",
            """
            usage: imap4lib show FOLDER UID [--raw] [OPTIONS]

            Shows the message with UID in FOLDER: decoded headers (RFC 2047), the text part (text/plain,
            else text/html with the tags stripped) and the list of attachments. --raw prints the message
            source exactly as the server stores it. The folder is opened read-only: \\Seen is not set.
            """, ShowCommand::show);

    static final Main.Cmd SAVE_CMD = new Main.Cmd("save-attachments", Set.of("to"), Set.of(),
            "save a message's attachments to a directory",
            """
            usage: imap4lib save-attachments FOLDER UID --to DIR [OPTIONS]

            Writes each attachment of the message (decoded) into DIR, which is created if needed. File
            names come from the message, stripped of directories; an existing file is never overwritten
            (a number is added instead).
            """, ShowCommand::save);

    /** A text body or an attachment found while walking the MIME tree. */
    private record Found(Part part, String name, String type, int size) {
    }

    private ShowCommand() {
    }

    static long uid(Args a) throws CliException {
        String s = a.arg(1, "UID (see the ls command)");
        try {
            long uid = Long.parseLong(s);
            if (uid <= 0) {
                throw new NumberFormatException();
            }
            return uid;
        } catch (NumberFormatException e) {
            throw CliException.usage("not a UID: " + s);
        }
    }

    static Message find(Imap4libFolder folder, long uid) throws MessagingException, Main.MessageNotFound {
        Message m = folder.getMessageByUID(uid);
        if (m == null) {
            throw new Main.MessageNotFound("no message with UID " + uid + " in " + folder.getFullName());
        }
        return m;
    }

    static int show(Ctx ctx, Args a) throws Exception {
        String name = a.arg(0, "FOLDER");
        long uid = uid(a);
        a.maxArgs(2, "show");
        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder folder = mail.folder(name);
            folder.open(Folder.READ_ONLY);
            try {
                Message m = find(folder, uid);
                if (a.flag("raw")) {
                    m.writeTo(ctx.out);
                    ctx.out.flush();
                    return Main.EXIT_OK;
                }
                List<Found> texts = new ArrayList<>();
                List<Found> attachments = new ArrayList<>();
                walk(m, texts, attachments);
                String text = texts.isEmpty() ? "" : render(texts.get(0));

                Map<String, Object> h = Json.obj();
                h.put("From", Messages.addresses(m.getFrom()));
                h.put("To", Messages.addresses(m.getRecipients(Message.RecipientType.TO)));
                String cc = Messages.addresses(m.getRecipients(Message.RecipientType.CC));
                if (!cc.isEmpty()) {
                    h.put("Cc", cc);
                }
                String[] date = m.getHeader("Date");
                h.put("Date", date == null ? "" : Text.oneLine(date[0]));
                h.put("Subject", Messages.subject(m));
                String[] mid = m.getHeader("Message-ID");
                h.put("Message-ID", mid == null ? "" : mid[0]);

                if (ctx.json) {
                    Map<String, Object> j = Json.obj();
                    j.put("folder", folder.getFullName());
                    j.put("uid", uid);
                    j.put("headers", h);
                    j.put("received", Messages.iso(m.getReceivedDate()));
                    j.put("size", m.getSize());
                    j.put("flags", Messages.names(m.getFlags()));
                    j.put("text", text);
                    j.put("textType", texts.isEmpty() ? null : texts.get(0).type());
                    j.put("attachments", attachmentJson(attachments));
                    ctx.json(j);
                    return Main.EXIT_OK;
                }
                for (Map.Entry<String, Object> e : h.entrySet()) {
                    ctx.out.println(ctx.c(Ctx.BOLD, Text.padRight(e.getKey() + ":", 12)) + e.getValue());
                }
                ctx.out.println(ctx.c(Ctx.BOLD, Text.padRight("Flags:", 12)) + String.join(" ", Messages.names(m.getFlags()))
                        + ctx.c(Ctx.DIM, "   (UID " + uid + " in " + folder.getFullName() + ", " + Text.size(m.getSize())
                                + ", received " + Messages.shortDate(m.getReceivedDate()) + ")"));
                if (!attachments.isEmpty()) {
                    ctx.out.println(ctx.c(Ctx.BOLD, "Attachments:"));
                    int i = 1;
                    for (Found f : attachments) {
                        ctx.out.println("  " + Text.padLeft(Integer.toString(i++), 2) + "  " + Text.padRight(f.name(), 28)
                                + "  " + Text.padRight(f.type(), 24) + "  " + Text.padLeft(approxSize(f), 9));
                    }
                }
                ctx.out.println(ctx.c(Ctx.DIM, "-".repeat(Math.min(72, ctx.columns()))));
                if (texts.isEmpty()) {
                    ctx.out.println(ctx.c(Ctx.DIM, "(no text part)"));
                } else {
                    ctx.out.println(text.stripTrailing());
                    if (texts.get(0).type().equals("text/html")) {
                        ctx.out.println(ctx.c(Ctx.DIM, "(text/html shown without its markup)"));
                    }
                }
            } finally {
                folder.close(false);
            }
        }
        return Main.EXIT_OK;
    }

    static int save(Ctx ctx, Args a) throws Exception {
        String name = a.arg(0, "FOLDER");
        long uid = uid(a);
        a.maxArgs(2, "save-attachments");
        String to = a.value("to");
        if (to == null) {
            throw CliException.usage("save-attachments needs --to DIR");
        }
        Path dir = Path.of(to);
        try (Mail mail = Mail.open(ctx, a)) {
            Imap4libFolder folder = mail.folder(name);
            folder.open(Folder.READ_ONLY);
            try {
                Message m = find(folder, uid);
                List<Found> texts = new ArrayList<>();
                List<Found> attachments = new ArrayList<>();
                walk(m, texts, attachments);
                Files.createDirectories(dir);
                List<Map<String, Object>> saved = new ArrayList<>();
                for (Found f : attachments) {
                    Path target = freeName(dir, safeName(f.name()));
                    long n;
                    try (InputStream in = f.part().getInputStream(); OutputStream out = Files.newOutputStream(target,
                            java.nio.file.StandardOpenOption.CREATE_NEW)) {
                        n = in.transferTo(out);
                    }
                    Map<String, Object> s = Json.obj();
                    s.put("path", target.toString());
                    s.put("contentType", f.type());
                    s.put("bytes", n);
                    saved.add(s);
                    if (!ctx.json) {
                        ctx.out.println("saved " + target + "  (" + f.type() + ", " + Text.size(n) + ")");
                    }
                }
                if (ctx.json) {
                    Map<String, Object> j = Json.obj();
                    j.put("folder", folder.getFullName());
                    j.put("uid", uid);
                    j.put("saved", saved);
                    ctx.json(j);
                } else if (saved.isEmpty()) {
                    ctx.out.println("message UID " + uid + " has no attachments");
                } else {
                    ctx.out.println(saved.size() + " attachment" + (saved.size() == 1 ? "" : "s") + " saved in " + dir);
                }
            } finally {
                folder.close(false);
            }
        }
        return Main.EXIT_OK;
    }

    /** Sorts the MIME tree into readable text parts (best first) and attachments. */
    private static void walk(Part p, List<Found> texts, List<Found> attachments) throws MessagingException, IOException {
        String type = baseType(p);
        String file = fileName(p);
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || (file != null && !type.startsWith("multipart/"));
        if (type.startsWith("multipart/")) {
            Multipart mp = (Multipart) p.getContent();
            boolean alternative = type.equals("multipart/alternative");
            List<Found> alt = new ArrayList<>();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                walk(bp, alternative ? alt : texts, attachments);
            }
            if (alternative) {
                // the plain version first, if there is one
                alt.sort((x, y) -> Boolean.compare(!x.type().equals("text/plain"), !y.type().equals("text/plain")));
                texts.addAll(alt);
            }
        } else if (attachment || type.equals("message/rfc822") || !type.startsWith("text/")) {
            String n = file != null ? file : type.equals("message/rfc822") ? "forwarded-message.eml" : "part-" + (attachments.size() + 1);
            attachments.add(new Found(p, n, type, p.getSize()));
        } else {
            texts.add(new Found(p, null, type, p.getSize()));
        }
    }

    private static String baseType(Part p) throws MessagingException {
        try {
            return new ContentType(p.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    private static String fileName(Part p) throws MessagingException {
        String f;
        try {
            f = p.getFileName();
        } catch (MessagingException e) {
            return null;
        }
        if (f != null && f.contains("=?")) {
            try {
                f = MimeUtility.decodeText(f);
            } catch (java.io.UnsupportedEncodingException e) {
                // keep it encoded
            }
        }
        return f;
    }

    private static String render(Found f) throws MessagingException, IOException {
        Object c = f.part().getContent();
        String s = c instanceof String str ? str : new String(f.part().getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        s = s.replace("\r\n", "\n");
        if (f.type().equals("text/html")) {
            s = s.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
                    .replaceAll("(?i)<br\\s*/?>", "\n")
                    .replaceAll("(?i)</p>", "\n")
                    .replaceAll("<[^>]+>", "")
                    .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", " ")
                    .replace("&amp;", "&")
                    .replaceAll("\n{3,}", "\n\n").strip();
        }
        return s;
    }

    private static String approxSize(Found f) throws MessagingException {
        if (f.size() < 0) {
            return "?";
        }
        String enc = null;
        try {
            String[] h = f.part().getHeader("Content-Transfer-Encoding");
            enc = h == null ? null : h[0].trim().toLowerCase(Locale.ROOT);
        } catch (MessagingException ignored) {
            // unknown encoding: the encoded size
        }
        long n = "base64".equals(enc) ? f.size() * 3L / 4 : f.size();
        return "~" + Text.size(n);
    }

    private static List<Map<String, Object>> attachmentJson(List<Found> attachments) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Found f : attachments) {
            Map<String, Object> m = Json.obj();
            m.put("filename", f.name());
            m.put("contentType", f.type());
            m.put("encodedSize", f.size());
            out.add(m);
        }
        return out;
    }

    /** A file name without directories, control characters or a leading dot. */
    static String safeName(String name) {
        String n = name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' ? '_' : c);
        }
        n = sb.toString().strip();
        while (n.startsWith(".")) {
            n = n.substring(1);
        }
        return n.isEmpty() ? "attachment" : n;
    }

    private static Path freeName(Path dir, String name) {
        Path p = dir.resolve(name);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; Files.exists(p); i++) {
            p = dir.resolve(stem + " (" + i + ")" + ext);
        }
        return p;
    }
}
