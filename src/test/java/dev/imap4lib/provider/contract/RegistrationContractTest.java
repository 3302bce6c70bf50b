package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.mail.Folder;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The provider is registered and reachable through every lookup path of {@link Session}. */
class RegistrationContractTest extends ProviderContract {

    @Contract
    void providerIsRegisteredAsStore(Target t) {
        Provider p;
        try {
            p = session(t).getProvider(t.protocol());
        } catch (NoSuchProviderException e) {
            fail("protocol '" + t.protocol() + "' is listed in Targets.PROTOCOLS but no provider is registered"
                    + " (META-INF/javamail.providers or a jakarta.mail.Provider service)", e);
            return;
        }
        assertNotNull(p);
        assertEquals(Provider.Type.STORE, p.getType());
        assertEquals(t.protocol(), p.getProtocol());
        assertNotNull(p.getClassName());
    }

    @Contract
    void storeProtocolPropertySelectsTheSameClass(Target t) throws Exception {
        Store direct = session(t).getStore(t.protocol());
        Properties p = new Properties();
        p.setProperty("mail.store.protocol", t.protocol());
        Store byDefault = session(t, p).getStore();
        assertSame(direct.getClass(), byDefault.getClass());
        assertEquals(session(t).getProvider(t.protocol()).getClassName(), direct.getClass().getName());
    }

    @Contract
    void urlNameStoreAndFolder(Target t) throws Exception {
        // RFC 1738 3.1: '@' (Dovecot's user is test@example.com) is encoded in the user part
        String user = URLEncoder.encode(t.user(), StandardCharsets.UTF_8);
        URLName url = new URLName(t.protocol() + "://" + user + "@" + t.host() + ":" + t.port() + "/INBOX");
        Session s = Session.getInstance(new Properties());
        Store store = closeLater(s.getStore(url));
        assertEquals(session(t).getProvider(t.protocol()).getClassName(), store.getClass().getName());
        Properties tls = new Properties();
        tls.putAll(t.extra());
        store = closeLater(Session.getInstance(tls).getStore(url));
        store.connect(t.user(), t.password()); // host and port come from the URLName
        assertTrue(store.isConnected());
        URLName connected = store.getURLName();
        assertEquals(t.protocol(), connected.getProtocol());
        assertEquals(t.host(), connected.getHost());
        assertEquals(t.port(), connected.getPort());
        assertEquals(t.user(), connected.getUsername());

        Folder inbox = store.getFolder(url);
        assertEquals("INBOX", inbox.getFullName());
        assertTrue(inbox.exists());
        assertSame(store, inbox.getStore());
    }

    @Contract
    void hostAndPortFromSessionProperties(Target t) throws Exception {
        Store store = closeLater(session(t).getStore(t.protocol()));
        // mail.<protocol>.port is read by the provider (Service itself passes port -1 on), so only a
        // successful connection shows it was honoured: nothing listens on the default port 143
        store.connect(t.user(), t.password());
        assertTrue(store.isConnected());
        assertTrue(store.getFolder("INBOX").exists());
    }
}
