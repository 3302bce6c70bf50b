package dev.imap4lib.appserver;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;

/**
 * Run by {@link JakartaMailVersionMatrixTest} in a forked JVM whose class path holds one
 * jakarta.mail-api version, a StreamProvider, imap4lib with some of its registration files and
 * maybe Angus's jar. Prints one line per protocol: {@code NAME CLASS} (the store
 * {@code getStore} returned) or {@code NAME none} (NoSuchProviderException). With the arguments
 * {@code host port user password} it also reads INBOX's first message through {@code imap4lib}
 * and prints {@code read SUBJECT|SIZE|CONTENT-TYPE|TEXT}.
 */
public final class ProviderSelectionProbe {
    private ProviderSelectionProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("api " + Session.class.getProtectionDomain().getCodeSource().getLocation());
        print("imap4lib", new Properties(), "imap4lib");
        print("imap4libs", new Properties(), "imap4libs");
        Properties dropIn = new Properties();
        dropIn.put("mail.imap.class", "dev.imap4lib.provider.Imap4libStore");
        print("imap+class", dropIn, "imap");
        print("imap", new Properties(), "imap");
        if (args.length == 4) {
            Properties p = new Properties();
            p.put("mail.imap4lib.port", args[1]);
            p.put("mail.imap4lib.timeout", "10000");
            Store st = Session.getInstance(p).getStore("imap4lib");
            st.connect(args[0], args[2], args[3]);
            Folder inbox = st.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message m = inbox.getMessage(1);
            System.out.println("read " + m.getSubject() + "|" + m.getSize() + "|" + m.getContentType() + "|"
                    + String.valueOf(m.getContent()).trim());
            inbox.close(false);
            st.close();
        }
    }

    private static void print(String name, Properties props, String protocol) {
        String got;
        try {
            got = Session.getInstance(props).getStore(protocol).getClass().getName();
        } catch (jakarta.mail.NoSuchProviderException e) {
            got = "none";
        }
        System.out.println(name + " " + got);
    }
}
