package dev.imap4lib.provider;

import dev.imap4lib.transport.TlsSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;

/**
 * The store's settings, read once from the session under the protocol's own prefix
 * ({@code mail.imap4lib.}, {@code mail.imap4libs.}, or {@code mail.imap.} when installed through
 * {@code mail.imap.class}), with Angus Mail's property names and meanings. README has the table
 * ({@code appendbuffersize} is accepted and ignored: a message is always buffered for APPEND).
 */
final class StoreConfig {
    final String prefix;
    final String host;
    final int port;
    final String user;
    final int connectTimeout;
    final int timeout;
    final int writeTimeout;
    final int commandTimeout;
    final boolean sslEnable;
    final boolean checkServerIdentity;
    final List<String> sslTrust;
    final Object sslSocketFactory;
    final List<String> sslProtocols;
    final List<String> sslCipherSuites;
    final boolean starttlsEnable;
    final boolean starttlsRequired;
    final List<String> authMechanisms;
    final boolean saslEnable;
    final List<String> saslMechanisms;
    final String saslAuthorizationId;
    final boolean partialFetch;
    final int fetchSize;
    final boolean readAhead;
    /** {@code readahead.window}: messages asked for ahead in a sequential whole-message scan (0: none). */
    final int readAheadWindow;
    /** {@code readahead.bytes}: bound on the bytes those messages may take (a message of unknown size counts a chunk). */
    final long readAheadBytes;
    final boolean binaryEnable;
    /**
     * {@code binary.fetchsize}: range size of BINARY reads. Larger than {@code fetchsize} by
     * default because Dovecot 2.3 pays for every BINARY range it answers (the benchmark's 50 MiB
     * part: 1 MiB ranges 1.06 s, 4 MiB ranges 0.45 s, one FETCH 0.43 s), which BODY ranges do not.
     */
    final int binaryFetchSize;
    final int statusCacheTimeout;
    /** {@code liststatus}: list() asks LIST-STATUS (RFC 5819) for the folders' counts, into their STATUS cache. */
    final boolean listStatus;
    final boolean peek;
    final int poolSize;
    final long poolTimeout;
    final boolean separateStoreConnection;
    final boolean closeFoldersOnStoreFailure;
    final String streamCommand;
    /** Proxies, local address, socket factory, host name verifier, COMPRESS. */
    final ConnectionConfig connection;
    /** {@code imap4rev2.enable}: ENABLE IMAP4rev2 after login when the server offers it. */
    final boolean imap4rev2;
    /** Automatic resync on re-open: whether on, how many folders and messages per folder it remembers. */
    final boolean resyncEnable;
    final int resyncFolders;
    final int resyncMessages;
    /** {@code proxyauth.user}: PROXYAUTH as this user after login (null: none). */
    final String proxyAuthUser;
    /** {@code allowreadonlyselect}: a READ_WRITE open the server refuses is retried read-only. */
    final boolean allowReadOnlySelect;
    /** {@code throwsearchexception}: a term the server cannot search for throws instead of matching on the client. */
    final boolean throwSearchException;
    /** {@code referralexception}: a login OK carrying a REFERRAL throws {@link ReferralException} too. */
    final boolean referralException;
    /** {@code enableresponseevents}: every untagged response on the store's connections is a StoreEvent. */
    final boolean enableResponseEvents;
    /** {@code enableimapevents}: untagged responses during {@link Imap4libStore#idle()} are StoreEvents. */
    final boolean enableImapEvents;
    /** {@code minidletime}: ms an idle() waits after IDLE ends, so a thread that ended it gets its turn. */
    final int minIdleTime;

    private final Properties props;

    StoreConfig(Session session, String protocol, boolean implicitTls) {
        this.props = session.getProperties();
        this.prefix = "mail." + protocol + ".";
        host = str("host", null);
        user = str("user", null);
        sslEnable = bool("ssl.enable", implicitTls);
        port = integer("port", -1);
        connectTimeout = integer("connectiontimeout", 30_000);
        timeout = integer("timeout", 60_000);
        writeTimeout = integer("writetimeout", -1);
        commandTimeout = integer("commandtimeout", 600_000);
        checkServerIdentity = bool("ssl.checkserveridentity", true);
        sslTrust = words(str("ssl.trust", ""));
        Object f = props.get(prefix + "ssl.socketFactory");
        if (f == null) {
            f = str("ssl.socketFactory.class", null);
        }
        sslSocketFactory = f;
        sslProtocols = words(str("ssl.protocols", ""));
        sslCipherSuites = words(str("ssl.ciphersuites", ""));
        starttlsEnable = bool("starttls.enable", true);
        starttlsRequired = bool("starttls.required", false);
        List<String> mechs = new ArrayList<>(words(str("auth.mechanisms", "PLAIN LOGIN XOAUTH2").toUpperCase(Locale.ROOT)));
        if (bool("auth.plain.disable", false)) {
            mechs.remove("PLAIN");
        }
        if (bool("auth.login.disable", false)) {
            mechs.remove("LOGIN");
        }
        // As in Angus: XOAUTH2 is off by default, but naming it in auth.mechanisms turns it on.
        if (bool("auth.xoauth2.disable", str("auth.mechanisms", null) == null)) {
            mechs.remove("XOAUTH2");
        }
        authMechanisms = List.copyOf(mechs);
        saslEnable = bool("sasl.enable", false);
        saslMechanisms = words(str("sasl.mechanisms", "").toUpperCase(Locale.ROOT));
        saslAuthorizationId = str("sasl.authorizationid", null);
        partialFetch = bool("partialfetch", true);
        fetchSize = integer("fetchsize", 1 << 20);
        readAhead = bool("readahead", true);
        readAheadWindow = Math.max(0, Math.min(dev.imap4lib.client.Imap4.MAX_AHEAD, integer("readahead.window", 8)));
        readAheadBytes = Math.max(0, integer("readahead.bytes", 4 << 20));
        binaryEnable = bool("binary.enable", true);
        binaryFetchSize = integer("binary.fetchsize", (int) Math.min(1 << 30, 4L * Math.max(1024, fetchSize)));
        statusCacheTimeout = integer("statuscachetimeout", 1000);
        listStatus = bool("liststatus", true);
        peek = bool("peek", false);
        poolSize = Math.max(1, integer("connectionpoolsize", 1));
        poolTimeout = integer("connectionpooltimeout", 45_000);
        separateStoreConnection = bool("separatestoreconnection", false);
        closeFoldersOnStoreFailure = bool("closefoldersonstorefailure", true);
        streamCommand = str("stream.command", null);
        connection = new ConnectionConfig(this);
        imap4rev2 = bool("imap4rev2.enable", true);
        resyncEnable = bool("resync.enable", true);
        resyncFolders = integer("resync.folders", 32);
        resyncMessages = integer("resync.messages", 100_000);
        proxyAuthUser = str("proxyauth.user", null);
        allowReadOnlySelect = bool("allowreadonlyselect", false);
        throwSearchException = bool("throwsearchexception", false);
        referralException = bool("referralexception", false);
        enableResponseEvents = bool("enableresponseevents", false);
        enableImapEvents = bool("enableimapevents", false);
        minIdleTime = Math.max(0, integer("minidletime", 10));
    }

    Properties props() {
        return props;
    }

    /** Loads a class the user named, from the context class loader when there is one. */
    static Class<?> load(String className) throws ClassNotFoundException {
        ClassLoader ccl = Thread.currentThread().getContextClassLoader();
        return Class.forName(className, true, ccl != null ? ccl : StoreConfig.class.getClassLoader());
    }

    String str(String name, String def) {
        String v = props.getProperty(prefix + name);
        return v == null || v.isBlank() ? def : v.trim();
    }

    boolean bool(String name, boolean def) {
        Object v = props.get(prefix + name);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = str(name, null);
        return s == null ? def : s.equalsIgnoreCase("true");
    }

    private int integer(String name, int def) {
        Object v = props.get(prefix + name);
        if (v instanceof Integer i) {
            return i;
        }
        String s = str(name, null);
        if (s == null) {
            return def;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private static List<String> words(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.trim().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** TLS settings for {@code host}: the configured factory, or trust rules from {@code ssl.trust}. */
    TlsSettings tls(String host) throws MessagingException {
        SSLSocketFactory factory = null;
        if (sslSocketFactory instanceof SSLSocketFactory sf) {
            factory = sf;
        } else if (sslSocketFactory instanceof String className) {
            try {
                Object o = load(className).getMethod("getDefault").invoke(null);
                factory = (SSLSocketFactory) o;
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new MessagingException("cannot use " + prefix + "ssl.socketFactory.class " + className, e);
            }
        } else if (sslSocketFactory != null) {
            throw new MessagingException(prefix + "ssl.socketFactory is not an SSLSocketFactory");
        } else if (trusts(host)) {
            factory = trustAll();
        }
        return new TlsSettings(factory, checkServerIdentity, sslProtocols, sslCipherSuites);
    }

    /** {@code ssl.trust}: "*" trusts every host, otherwise a list of host names whose certificates are taken as they are. */
    private boolean trusts(String host) {
        return sslTrust.contains("*") || sslTrust.stream().anyMatch(h -> h.equalsIgnoreCase(host));
    }

    private static SSLSocketFactory trustAll() throws MessagingException {
        try {
            return TlsSettings.trustAllContext().getSocketFactory();
        } catch (java.io.IOException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }
}
