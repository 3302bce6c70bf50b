package dev.imap4lib.provider;

import dev.imap4lib.testing.ScriptedImapServer;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;

/** Stores of the imap4lib provider pointed at a {@link ScriptedImapServer}. */
final class ScriptedStores {
    private ScriptedStores() {
    }

    /**
     * An unconnected store for {@code server}; {@code props} are name/value pairs under
     * {@code mail.imap4lib.} (e.g. {@code "timeout", "3000"}). {@code -Dimap4lib.test.debug=true}
     * shows the session's protocol trace.
     */
    static Store store(ScriptedImapServer server, String... props) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.imap4lib.host", server.host());
        p.put("mail.imap4lib.port", String.valueOf(server.port()));
        for (int i = 0; i + 1 < props.length; i += 2) {
            p.put("mail.imap4lib." + props[i], props[i + 1]);
        }
        Session session = Session.getInstance(p);
        session.setDebug(Boolean.getBoolean("imap4lib.test.debug"));
        return session.getStore("imap4lib");
    }

    /**
     * A store logged in as u/p whose own connection and each folder's connection play one script
     * each ({@code separatestoreconnection}), with a read timeout of {@code timeoutMillis}.
     */
    static Store connectedPerScript(ScriptedImapServer server, int timeoutMillis, String... props)
            throws MessagingException {
        String[] all = new String[props.length + 4];
        all[0] = "timeout";
        all[1] = String.valueOf(timeoutMillis);
        all[2] = "separatestoreconnection";
        all[3] = "true";
        System.arraycopy(props, 0, all, 4, props.length);
        Store s = store(server, all);
        s.connect("u", "p");
        return s;
    }
}
