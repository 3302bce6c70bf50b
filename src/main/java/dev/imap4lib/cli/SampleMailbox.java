package dev.imap4lib.cli;

import dev.imap4lib.provider.Imap4libFolder;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * The demo server's mailbox: 300 messages in seven folders, generated deterministically (the
 * same bytes on every run) with Jakarta Mail's {@link MimeMessage} and appended through the
 * imap4lib provider. Plain and HTML mail, attachments (some large, some with non-ASCII names),
 * RFC 2047 subjects in several scripts, flags, and dates spread over two and a half years.
 */
final class SampleMailbox {
    /** Folder (with "/" as the separator, replaced by the server's), message count, first and last day. */
    private record Plan(String folder, int count, String from, String to) {
    }

    private static final List<Plan> PLANS = List.of(
            new Plan("INBOX", 170, "2025-01-02", "2025-06-30"),
            new Plan("Archive/2024", 45, "2024-01-03", "2024-12-20"),
            new Plan("Archive/2023", 25, "2023-01-09", "2023-12-18"),
            new Plan("Sent", 30, "2024-06-01", "2025-06-28"),
            new Plan("Newsletters", 22, "2024-09-02", "2025-06-27"),
            new Plan("Drafts", 3, "2025-06-20", "2025-06-29"),
            new Plan("Projects/Köln-Büro", 5, "2025-03-01", "2025-06-15"));

    static final int TOTAL = 300;

    private record Person(String name, String email) {
    }

    private static final Person[] PEOPLE = {
        new Person("Ada Lovelace", "ada@analytical.example"),
        new Person("Grace Hopper", "grace@navy.example"),
        new Person("José Álvarez", "jose@empresa.example"),
        new Person("Zoë Müller", "zoe@beispiel.example"),
        new Person("山田 太郎", "taro@yamada.example"),
        new Person("Łucja Wiśniewska", "lucja@przyklad.example"),
        new Person("Søren Kierkegaard", "soren@eksempel.example"),
        new Person("Αλέξανδρος Παπαδόπουλος", "alex@paradeigma.example"),
        new Person("Linus Builder", "ci@builds.example"),
        new Person("Accounts", "billing@cloudhost.example"),
    };

    private static final Person NEWS = new Person("The Weekly Byte", "news@weeklybyte.example");

    private static final String[] SUBJECTS = {
        "Quarterly report Q%q %y",
        "Lunch on Friday?",
        "Re: Build failure on main (#%n)",
        "Grüße aus Köln",
        "Réunion d'équipe — ordre du jour",
        "会議の議事録 (%n)",
        "Invitation: design review on Tuesday",
        "Your invoice #%n",
        "Καλημέρα από την Αθήνα",
        "🎉 Release 1.%q is out",
        "Fwd: contract draft (signed)",
        "[imap4lib] Pull request #%n: fix literal parsing",
        "Spotkanie w czwartek o 10:00",
        "Photos from the offsite",
        "Re: Re: travel plans for %y",
        "Hyvää huomenta — status update",
    };

    private static final String[] LINES = {
        "Thanks for the quick turnaround on this.",
        "The numbers look good; see the attached file for the details.",
        "Können wir das am Donnerstag besprechen?",
        "Je vous envoie le document révisé ce soir.",
        "よろしくお願いします。",
        "The CI run failed on the literal parser test again, probably a flaky timeout.",
        "Let me know if anything is unclear.",
        "Dzięki, do zobaczenia w czwartek!",
        "Σας ευχαριστώ πολύ.",
        "I moved the meeting to 15:00 so that everyone can make it.",
        "Please review before Friday; the deadline is firm.",
        "Cheers, and have a great weekend.",
    };

    private SampleMailbox() {
    }

    /** Creates the folders and appends every message through the provider; returns the count. */
    static int seed(Store store) throws MessagingException {
        char sep = store.getDefaultFolder().getSeparator();
        Session session = Session.getInstance(new Properties());
        Random rnd = new Random(20250630L);
        int total = 0;
        int serial = 0;
        for (Plan p : PLANS) {
            String name = p.folder().replace('/', sep);
            Folder f = store.getFolder(name);
            if (!f.exists()) {
                f.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS);
            }
            List<Message> batch = new ArrayList<>();
            long first = LocalDate.parse(p.from()).atTime(8, 0).toEpochSecond(ZoneOffset.UTC);
            long last = LocalDate.parse(p.to()).atTime(18, 0).toEpochSecond(ZoneOffset.UTC);
            for (int i = 0; i < p.count(); i++) {
                long t = first + (last - first) * i / Math.max(1, p.count() - 1) + rnd.nextInt(3600);
                batch.add(message(session, p.folder(), i, p.count(), ++serial, t, rnd));
            }
            ((Imap4libFolder) f).appendUIDMessages(batch.toArray(new Message[0]));
            total += batch.size();
        }
        if (store instanceof jakarta.mail.QuotaAwareStore q) {
            jakarta.mail.Quota quota = new jakarta.mail.Quota("INBOX");
            quota.setResourceLimit("STORAGE", 512L * 1024 * 1024); // GreenMail counts bytes, not KiB
            try {
                q.setQuota(quota);
            } catch (MessagingException e) {
                // a demo without a quota is still a demo
            }
        }
        return total;
    }

    /** A MimeMessage with a fixed Message-ID and an INTERNALDATE (its received date). */
    private static final class Sample extends MimeMessage {
        private final String id;
        private final Date received;

        Sample(Session s, String id, Date received) {
            super(s);
            this.id = id;
            this.received = received;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }

        @Override
        public Date getReceivedDate() {
            return received;
        }
    }

    private static Message message(Session session, String folder, int i, int count, int serial, long epoch, Random rnd)
            throws MessagingException {
        ZonedDateTime sent = ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(epoch), ZoneOffset.ofHours(rnd.nextBoolean() ? 1 : 2));
        Date received = Date.from(sent.toInstant().plusSeconds(20 + rnd.nextInt(600)));
        Sample m = new Sample(session, "<demo-" + serial + "." + Long.toString(epoch, 36) + "@imap4lib.example>", received);
        Person me = new Person("Demo User", DemoServer.EMAIL);
        boolean sentFolder = folder.equals("Sent") || folder.equals("Drafts");
        boolean news = folder.equals("Newsletters");
        Person other = PEOPLE[rnd.nextInt(PEOPLE.length)];
        Person from = news ? NEWS : sentFolder ? me : other;
        Person to = sentFolder ? other : me;
        m.setFrom(addr(from));
        m.setRecipient(Message.RecipientType.TO, addr(to));
        if (rnd.nextInt(5) == 0) {
            m.addRecipient(Message.RecipientType.CC, addr(PEOPLE[rnd.nextInt(PEOPLE.length)]));
        }
        String subject;
        if (news) {
            subject = "The Weekly Byte #" + (100 + i) + ": " + (i % 3 == 0 ? "IMAP IDLE explained" : i % 3 == 1
                    ? "Ünïcödé in mail headers" : "Why your mbox has \">From\" lines");
        } else {
            subject = SUBJECTS[rnd.nextInt(SUBJECTS.length)]
                    .replace("%q", Integer.toString(1 + rnd.nextInt(4)))
                    .replace("%y", Integer.toString(sent.getYear()))
                    .replace("%n", Integer.toString(100 + rnd.nextInt(900)));
        }
        m.setSubject(subject, "UTF-8");
        m.setHeader("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(sent));
        m.setHeader("X-Mailer", "imap4lib sample generator");
        if (subject.startsWith("Re:")) {
            m.setHeader("In-Reply-To", "<demo-" + Math.max(1, serial - 3) + ".thread@imap4lib.example>");
        }
        if (news) {
            m.setHeader("List-Id", "The Weekly Byte <weekly.weeklybyte.example>");
        }

        String text = body(from, to, rnd);
        int kind = news ? 1 : rnd.nextInt(20);
        if (kind < 9) {
            m.setText(text, "UTF-8");
        } else if (kind < 13) {
            m.setContent(alternative(text, serial));
        } else {
            MimeMultipart mixed = new Fixed("mixed", serial, 1);
            MimeBodyPart textPart = new MimeBodyPart();
            textPart.setText(text, "UTF-8");
            mixed.addBodyPart(textPart);
            int attachments = 1 + rnd.nextInt(kind == 19 ? 3 : 2);
            for (int a = 0; a < attachments; a++) {
                mixed.addBodyPart(attachment(serial, a, rnd, serial % 97 == 5));
            }
            m.setContent(mixed);
        }
        Flags flags = new Flags();
        boolean recent = i >= count - Math.max(2, count / 5);
        if (folder.equals("Drafts")) {
            flags.add(Flags.Flag.DRAFT);
            flags.add(Flags.Flag.SEEN);
        } else if (sentFolder || folder.startsWith("Archive") || !(recent ? rnd.nextInt(3) > 0 : rnd.nextInt(12) == 0)) {
            flags.add(Flags.Flag.SEEN);
        }
        if (!news && rnd.nextInt(12) == 0) {
            flags.add(Flags.Flag.FLAGGED);
        }
        if (!news && !sentFolder && flags.contains(Flags.Flag.SEEN) && rnd.nextInt(6) == 0) {
            flags.add(Flags.Flag.ANSWERED);
        }
        if (!news && rnd.nextInt(25) == 0) {
            flags.add("$Important");
        }
        m.setFlags(flags, true);
        m.saveChanges();
        return m;
    }

    private static InternetAddress addr(Person p) throws MessagingException {
        try {
            return new InternetAddress(p.email(), p.name(), "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    private static String body(Person from, Person to, Random rnd) {
        StringBuilder sb = new StringBuilder("Hi " + to.name().split(" ")[0] + ",\n\n");
        int paragraphs = 1 + rnd.nextInt(3);
        for (int p = 0; p < paragraphs; p++) {
            int lines = 1 + rnd.nextInt(4);
            for (int l = 0; l < lines; l++) {
                sb.append(LINES[rnd.nextInt(LINES.length)]).append(l + 1 < lines ? " " : "\n");
            }
            sb.append('\n');
        }
        if (rnd.nextInt(8) == 0) {
            sb.append("From the minutes: nothing else to report.\n\n"); // a body line an mbox must escape
        }
        return sb.append("-- \n").append(from.name()).append('\n').toString();
    }

    /** A multipart with a boundary derived from the message number, so every run writes the same bytes. */
    private static final class Fixed extends MimeMultipart {
        Fixed(String subtype, int serial, int level) {
            super(subtype);
            contentType = "multipart/" + subtype + "; boundary=\"=_imap4lib_sample_" + serial + "_" + level + "\"";
        }
    }

    private static MimeMultipart alternative(String text, int serial) throws MessagingException {
        MimeMultipart alt = new Fixed("alternative", serial, 2);
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8");
        alt.addBodyPart(plain);
        MimeBodyPart html = new MimeBodyPart();
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">\n");
        for (String para : text.split("\n\n")) {
            h.append("<p>").append(para.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>\n")).append("</p>\n");
        }
        html.setContent(h.append("</body></html>\n").toString(), "text/html; charset=UTF-8");
        alt.addBodyPart(html);
        return alt;
    }

    private static MimeBodyPart attachment(int serial, int a, Random rnd, boolean large) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        int kind = (serial + a) % 5;
        String name;
        String type;
        byte[] data;
        switch (kind) {
            case 0 -> {
                name = serial % 2 == 0 ? "Übersicht " + (2020 + serial % 6) + ".pdf" : "report-" + serial + ".pdf";
                type = "application/pdf";
                data = pdf(rnd, large ? 1_200_000 : 8_000 + rnd.nextInt(60_000));
            }
            case 1 -> {
                name = "figures-" + serial + ".csv";
                type = "text/csv; charset=UTF-8";
                StringBuilder csv = new StringBuilder("month,revenue,costs,comment\n");
                for (int r = 0; r < 12 + rnd.nextInt(40); r++) {
                    csv.append(2025).append('-').append(String.format("%02d", 1 + r % 12)).append(',')
                            .append(1000 + rnd.nextInt(9000)).append(',').append(500 + rnd.nextInt(4000))
                            .append(',').append(r % 7 == 0 ? "\"Köln, Büro\"" : "ok").append('\n');
                }
                data = csv.toString().getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                name = serial % 3 == 0 ? "写真-" + serial + ".png" : "photo-" + serial + ".png";
                type = "image/png";
                data = png(rnd, large ? 900_000 : 20_000 + rnd.nextInt(120_000));
            }
            case 3 -> {
                name = "invite.ics";
                type = "text/calendar; charset=UTF-8; method=REQUEST";
                data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//imap4lib//sample//EN\r\nBEGIN:VEVENT\r\n"
                        + "UID:sample-" + serial + "@imap4lib.example\r\nDTSTART:20250617T100000Z\r\n"
                        + "DTEND:20250617T110000Z\r\nSUMMARY:Design review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                name = "notes-" + serial + ".txt";
                type = "text/plain; charset=UTF-8";
                data = ("Notizen / notes " + serial + "\n- Straße, Größe, naïve café\n").repeat(1 + rnd.nextInt(30))
                        .getBytes(StandardCharsets.UTF_8);
            }
        }
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(data, type)));
        part.setFileName(name);
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        return part;
    }

    private static byte[] pdf(Random rnd, int size) {
        byte[] head = "%PDF-1.4\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private static byte[] png(Random rnd, int size) {
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }
}
