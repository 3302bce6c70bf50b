package dev.imap4lib.provider;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;

/**
 * Run by {@link ImapRegistrationTest} in a JVM with a chosen class path: prints which store class
 * each protocol name gives ({@code imap org.eclipse...IMAPStore}), then connects {@code imap}
 * with {@code mail.imap.*} properties and prints the INBOX count. Arguments: host port user
 * password.
 */
public final class ImapRegistrationProbe {
    private ImapRegistrationProbe() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap.host", args[0]);
        p.put("mail.imap.port", args[1]);
        p.put("mail.imap.timeout", "10000");
        Session s = Session.getInstance(p);
        for (String protocol : new String[] {"imap", "imaps", "imap4lib", "imap4libs"}) {
            System.out.println(protocol + " " + s.getStore(protocol).getClass().getName());
        }
        Store st = s.getStore("imap");
        st.connect(args[2], args[3]);
        Folder f = st.getFolder("INBOX");
        f.open(Folder.READ_ONLY);
        System.out.println("count " + f.getMessageCount());
        f.close(false);
        st.close();
    }
}
