package mailapp;

import jakarta.annotation.Resource;
import jakarta.mail.Folder;
import jakarta.mail.MailSessionDefinition;
import jakarta.mail.MailSessionDefinitions;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Deployed by GlassFishEmbeddedTest (which fills in the @@...@@ values and compiles it): reads
 * one Dovecot mailbox through three mail sessions the server creates and prints, per session,
 * {@code NAME STORE-CLASS COUNT SUBJECT|SUBJECT|...}. GlassFish ignores the annotation's
 * password attribute, hence the mail.PROTOCOL.password property.
 */
@MailSessionDefinitions({
    @MailSessionDefinition(name = "java:app/mail/imap4lib", storeProtocol = "imap4lib", host = "127.0.0.1",
            user = "@@USER@@", properties = {"mail.imap4lib.port=@@PORT@@", "mail.imap4lib.password=@@PASS@@",
                "mail.imap4lib.ssl.trust=127.0.0.1", "mail.imap4lib.timeout=30000"}),
    @MailSessionDefinition(name = "java:app/mail/imap4libs", storeProtocol = "imap4libs", host = "127.0.0.1",
            user = "@@USER@@", properties = {"mail.imap4libs.port=@@IMAPS_PORT@@", "mail.imap4libs.password=@@PASS@@",
                "mail.imap4libs.ssl.trust=127.0.0.1", "mail.imap4libs.timeout=30000"}),
    @MailSessionDefinition(name = "java:app/mail/dropin", storeProtocol = "imap", host = "127.0.0.1",
            user = "@@USER@@", properties = {"mail.imap.class=dev.imap4lib.provider.Imap4libStore",
                "mail.imap.port=@@PORT@@", "mail.imap.password=@@PASS@@", "mail.imap.ssl.trust=127.0.0.1",
                "mail.imap.timeout=30000"})
})
@WebServlet("/read")
public class MailboxServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:app/mail/imap4lib")
    private transient Session imap4lib;
    @Resource(lookup = "java:app/mail/imap4libs")
    private transient Session imap4libs;
    @Resource(lookup = "java:app/mail/dropin")
    private transient Session dropIn;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain; charset=UTF-8");
        PrintWriter out = resp.getWriter();
        read(out, "imap4lib", imap4lib);
        read(out, "imap4libs", imap4libs);
        read(out, "dropin", dropIn);
    }

    private static void read(PrintWriter out, String name, Session session) {
        try {
            Store store = session.getStore();
            store.connect();
            try {
                Folder f = store.getFolder("@@FOLDER@@");
                f.open(Folder.READ_ONLY);
                List<String> subjects = new ArrayList<>();
                for (Message m : f.getMessages()) {
                    subjects.add(m.getSubject());
                }
                out.println(name + " " + store.getClass().getName() + " " + f.getMessageCount() + " "
                        + String.join("|", subjects));
                f.close(false);
            } finally {
                store.close();
            }
        } catch (Exception e) {
            out.println(name + " FAILED " + e);
        }
    }
}
