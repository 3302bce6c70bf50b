package dev.imap4lib.provider;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import java.util.Properties;

/**
 * Run in a separate JVM whose class path holds only imap4lib, jakarta.mail-api, angus-core and
 * the activation jars (no Angus IMAP provider): proves each way of selecting imap4lib works
 * there. Prints one {@code OK name} or {@code FAIL name: reason} line per check.
 * Arguments: host port user password.
 */
public final class RegistrationProbe {
    private RegistrationProbe() {
    }

    public static void main(String[] args) {
        String host = args[0];
        String port = args[1];
        String user = args[2];
        String pass = args[3];
        check("no-angus-imap", () -> {
            try {
                Class.forName("org.eclipse.angus.mail.imap.IMAPStore");
                throw new AssertionError("Angus's IMAP provider is on the class path");
            } catch (ClassNotFoundException expected) {
                // the point of this JVM
            }
        });
        check("getStore(imap4lib)", () -> {
            Session s = Session.getInstance(props("imap4lib", host, port));
            Store st = s.getStore("imap4lib");
            expectOurs(st);
            st.connect(user, pass);
            countInbox(st);
        });
        check("mail.store.protocol", () -> {
            Properties p = props("imap4lib", host, port);
            p.put("mail.store.protocol", "imap4lib");
            Store st = Session.getInstance(p).getStore();
            expectOurs(st);
            st.connect(user, pass);
            countInbox(st);
        });
        check("URLName", () -> {
            Session s = Session.getInstance(new Properties());
            URLName url = new URLName("imap4lib://" + user + "@" + host + ":" + port + "/INBOX");
            Store st = s.getStore(url);
            expectOurs(st);
            st.connect(host, Integer.parseInt(port), user, pass);
            Folder f = st.getFolder(url);
            f.open(Folder.READ_ONLY);
            f.getMessageCount();
            f.close(false);
            st.close();
        });
        check("mail.imap.class", () -> {
            Properties p = props("imap", host, port);
            p.put("mail.imap.class", Imap4libStore.class.getName());
            Store st = Session.getInstance(p).getStore("imap");
            expectOurs(st);
            st.connect(user, pass);
            countInbox(st);
        });
        check("provider(imap4libs)", () -> {
            var prov = Session.getInstance(new Properties()).getProvider("imap4libs");
            if (!prov.getClassName().equals(Imap4libSslStore.class.getName())) {
                throw new AssertionError(prov.toString());
            }
        });
    }

    private static Properties props(String protocol, String host, String port) {
        Properties p = new Properties();
        p.put("mail." + protocol + ".host", host);
        p.put("mail." + protocol + ".port", port);
        p.put("mail." + protocol + ".timeout", "10000");
        return p;
    }

    private static void expectOurs(Store st) {
        if (!(st instanceof Imap4libStore)) {
            throw new AssertionError("got " + st.getClass().getName());
        }
    }

    private static void countInbox(Store st) throws Exception {
        Folder f = st.getFolder("INBOX");
        f.open(Folder.READ_ONLY);
        f.getMessageCount();
        f.close(false);
        st.close();
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void check(String name, Check c) {
        try {
            c.run();
            System.out.println("OK " + name);
        } catch (Throwable t) {
            System.out.println("FAIL " + name + ": " + t);
        }
    }
}
