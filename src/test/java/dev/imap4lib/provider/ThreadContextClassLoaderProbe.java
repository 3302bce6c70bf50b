package dev.imap4lib.provider;

import jakarta.mail.Folder;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;

/**
 * Run by {@link ThreadContextClassLoaderTest} from an application's class loader on a thread
 * whose context class loader is not the application's. Each way of asking for imap4lib's store
 * adds one {@code name=outcome} line; outcomes are the store's class name, then the INBOX count
 * after connecting, or the exception.
 */
public final class ThreadContextClassLoaderProbe {
    private ThreadContextClassLoaderProbe() {
    }

    private interface StoreSource {
        Store get(Session s) throws Exception;
    }

    /** Arguments: host, plain IMAP port, user, password. */
    public static String run(String host, int port, String user, String password) {
        StringBuilder out = new StringBuilder();
        try_(out, "getStore(imap4lib)", host, port, user, password, s -> s.getStore("imap4lib"));
        try_(out, "mail.imap.class", host, port, user, password, s -> {
            s.getProperties().put("mail.imap.class", Imap4libStore.class.getName());
            return s.getStore("imap");
        });
        try_(out, "getStore(new Imap4libProvider())", host, port, user, password,
                s -> s.getStore(new Imap4libProvider()));
        try_(out, "new Imap4libStore(session, null)", host, port, user, password, s -> new Imap4libStore(s, null));
        return out.toString();
    }

    private static void try_(StringBuilder out, String name, String host, int port, String user, String password,
            StoreSource source) {
        Properties p = new Properties();
        for (String protocol : new String[] {"imap4lib", "imap"}) {
            p.put("mail." + protocol + ".host", host);
            p.put("mail." + protocol + ".port", String.valueOf(port));
            p.put("mail." + protocol + ".timeout", "10000");
        }
        out.append(name).append('=');
        try {
            Store st = source.get(Session.getInstance(p));
            out.append(st.getClass().getName());
            st.connect(user, password);
            Folder f = st.getFolder("INBOX");
            f.open(Folder.READ_ONLY);
            out.append(" count ").append(f.getMessageCount());
            f.close(false);
            st.close();
        } catch (NoSuchProviderException e) {
            out.append("NoSuchProviderException: ").append(e.getMessage());
        } catch (Exception e) {
            out.append(e);
        }
        out.append('\n');
    }
}
