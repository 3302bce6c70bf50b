package dev.imap4lib.interop;

import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;

/**
 * What a user switching from Angus's {@code imap} to {@code imap4lib} runs: the same code for
 * both protocols against the same Dovecot, so a test can compare what each answers.
 */
final class Switching {
    /** Angus's provider, and ours. */
    static final String ANGUS = "imap";
    static final String OURS = "imap4lib";

    private Switching() {
    }

    /** Plain IMAP to Dovecot (STARTTLS off for both, so both speak the same). */
    static Properties props(DovecotServer d, String protocol) {
        Properties p = new Properties();
        String pre = "mail." + protocol + ".";
        p.setProperty(pre + "host", d.host());
        p.setProperty(pre + "port", Integer.toString(d.imapPort()));
        p.setProperty(pre + "starttls.enable", "false");
        p.setProperty(pre + "connectiontimeout", "10000");
        p.setProperty(pre + "timeout", "10000");
        return p;
    }

    static Store connect(DovecotServer d, String protocol, String user) throws MessagingException {
        Store s = Session.getInstance(props(d, protocol)).getStore(protocol);
        s.connect(user, DovecotServer.USERS.get(user));
        return s;
    }

    /** A new, empty folder with a unique name. */
    static Folder newFolder(Store s, String what) throws MessagingException {
        Folder f = s.getFolder(what + "-" + UUID.randomUUID().toString().substring(0, 8));
        if (!f.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("cannot create " + f.getFullName());
        }
        return f;
    }

    static void deleteQuietly(Folder f) {
        try {
            if (f.isOpen()) {
                f.close(false);
            }
            f.delete(false);
        } catch (MessagingException | IllegalStateException ignored) {
            // the test's own assertion says what went wrong
        }
    }

    /** A two-part message with every address header set and a few of the optional headers. */
    static MimeMessage sample(Session s, String subject) throws MessagingException {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("Ann Example <ann@example.com>"));
        m.setRecipients(Message.RecipientType.TO, "bob@example.com, Carol <carol@example.com>");
        m.setRecipients(Message.RecipientType.CC, "dave@example.com");
        m.setReplyTo(new InternetAddress[] {new InternetAddress("replies@example.com")});
        m.setSender(new InternetAddress("sender@example.com"));
        m.setSubject(subject);
        m.setSentDate(new Date(1_700_000_000_000L));
        m.setHeader("In-Reply-To", "<parent@example.com>");
        MimeMultipart mp = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("hello " + subject, "UTF-8");
        mp.addBodyPart(text);
        MimeBodyPart att = new MimeBodyPart();
        att.setContent("attached", "application/octet-stream");
        att.setFileName("a.bin");
        mp.addBodyPart(att);
        m.setContent(mp);
        m.saveChanges();
        return m;
    }
}
