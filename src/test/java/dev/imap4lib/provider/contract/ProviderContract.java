package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the provider contract suite. Each test method is a {@link Contract} taking a {@link
 * Target}; it talks to the server through {@link #connect(Target)} (the provider under test) and
 * sets up or verifies server state through {@link #fixture(Target)} (the reference client,
 * Angus Mail's {@code imap} provider, which a broken provider under test cannot influence).
 *
 * <p>Targets: {@link ContractTargets}, the GreenMail targets of this class ({@link #targets()})
 * and the Dovecot targets of the run ({@link DovecotTargets}).
 *
 * <p>Isolation: GreenMail runs once per test class; every test works in folders with unique names
 * ({@link #unique(String)}), and GreenMail's mailboxes are purged before each test. One Dovecot
 * serves the whole run; its contract account ({@link Targets#DOVECOT_USER}) is reset before each
 * Dovecot test by {@link DovecotTargets}.
 */
public abstract class ProviderContract {

    /** Bounded wait for asynchronously delivered events. */
    protected static final long EVENT_WAIT_MS = 5000;

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(new ServerSetup[] {
            ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.IMAPS.dynamicPort() })
            .withPerMethodLifecycle(false);

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Fixture fixture;
    private Target fixtureTarget;
    private String testName = "t";

    /** Relays in front of this class's GreenMail (see {@link QuickAckRelay}); ports are per class. */
    private static QuickAckRelay imapRelay, imapsRelay;

    /** The GreenMail targets of {@link ContractTargets} (GreenMail is started by then: class-level callback). */
    static Stream<Target> targets() throws IOException {
        int imap = greenMail.getImap().getPort();
        int imaps = greenMail.getImaps().getPort();
        if (imapRelay == null || !relaysFor(imap)) {
            closeRelays();
            imapRelay = new QuickAckRelay("127.0.0.1", imap);
            imapsRelay = new QuickAckRelay("127.0.0.1", imaps);
            relayedImapPort = imap;
        }
        return Targets.greenMail(imapRelay.port(), imapsRelay.port());
    }

    private static int relayedImapPort;

    private static boolean relaysFor(int imapPort) {
        return relayedImapPort == imapPort;
    }

    @AfterAll
    static void closeRelays() throws IOException {
        if (imapRelay != null) {
            imapRelay.close();
            imapsRelay.close();
            imapRelay = null;
            imapsRelay = null;
        }
    }

    @BeforeEach
    void resetServer(TestInfo info) throws Exception {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("t");
        greenMail.setUser(Targets.EMAIL, Targets.USER, Targets.PASSWORD);
        greenMail.setUser(Targets.OTHER_EMAIL, Targets.OTHER_USER, Targets.OTHER_PASSWORD);
        greenMail.purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void closeAll() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // best effort; a test may already have closed it
            }
        }
        toClose.clear();
        fixture = null;
        fixtureTarget = null;
    }

    /** A folder name no other test uses (letters and digits only, so valid on every server). */
    protected String unique(String hint) {
        return "C" + COUNTER.incrementAndGet() + hint + testName.replaceAll("[^A-Za-z0-9]", "");
    }

    /** A session for the target with {@code overrides} (protocol-specific names) on top. */
    protected Session session(Target t, Properties overrides) {
        Properties p = t.sessionProperties();
        // -Dcontract.debug=true: protocol trace of the provider under test (System.out)
        p.setProperty("mail.debug", System.getProperty("contract.debug", "false"));
        p.putAll(overrides);
        return Session.getInstance(p);
    }

    protected Session session(Target t) {
        return session(t, new Properties());
    }

    /** A connected store of the provider under test (closed after the test). */
    protected Store connect(Target t) throws MessagingException {
        return connect(t, new Properties());
    }

    protected Store connect(Target t, Properties overrides) throws MessagingException {
        Store s = session(t, overrides).getStore(t.protocol());
        s.connect(t.host(), t.port(), t.user(), t.password());
        closeLater(s);
        return s;
    }

    /**
     * The reference client on the same server and account: one connection per test and target,
     * shared by all calls (every {@link Fixture} operation opens and closes its own folder, so
     * it sees the server's current state), closed after the test.
     */
    protected Fixture fixture(Target t) throws MessagingException {
        if (fixture == null || fixtureTarget != t || !fixture.store().isConnected()) {
            fixture = closeLater(new Fixture(t));
            fixtureTarget = t;
        }
        return fixture;
    }

    /** A fixture folder (created by the reference client) holding {@code msgs}. */
    protected String folderWith(Target t, Corpus.Msg... msgs) throws MessagingException {
        String name = unique("F");
        Fixture f = fixture(t);
        f.create(name);
        f.append(name, msgs);
        return name;
    }

    protected <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    /** Opens {@code name} of a fresh provider-under-test connection. */
    protected Folder open(Target t, String name, int mode) throws MessagingException {
        Folder f = connect(t).getFolder(name);
        f.open(mode);
        return f;
    }

    // ---------------------------------------------------------------------------------------------
    // helpers shared by the tests

    /** {@code m.writeTo} as bytes, line ends normalised to CRLF. */
    public static byte[] bytes(Message m) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return Corpus.crlf(out.toByteArray());
    }

    /**
     * Polls {@code f.getMessageCount()} until it is {@code expected} (fails after {@link
     * #EVENT_WAIT_MS}). On an open folder the count is how a client learns of changes made by
     * other sessions: the provider must ask the server (NOOP) at least now and then; Angus does so
     * when the connection has been idle for more than a second.
     */
    protected static void awaitMessageCount(Folder f, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + EVENT_WAIT_MS;
        int n;
        while ((n = f.getMessageCount()) != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(n == expected, "message count " + n + ", expected " + expected + " within " + EVENT_WAIT_MS + " ms");
    }

    /**
     * Polls {@code f.getMessageCount()} (which lets the provider learn of other sessions' changes,
     * see {@link jakarta.mail.event.MessageCountEvent}) until {@code m.isExpunged()}.
     */
    protected static void awaitExpunged(Folder f, Message m) throws Exception {
        long deadline = System.currentTimeMillis() + EVENT_WAIT_MS;
        while (!m.isExpunged() && System.currentTimeMillis() < deadline) {
            f.getMessageCount();
            Thread.sleep(100);
        }
        assertTrue(m.isExpunged(), "message " + m.getMessageNumber() + " not expunged within " + EVENT_WAIT_MS + " ms");
    }

    /** What a provider reads as the body (BODY[TEXT]) of a single-part message whose body is {@code body}. */
    protected static String bodyText(Target t, String body) {
        if (t.has(Deviation.GREENMAIL_BODY_TEXT_LOSES_FINAL_CRLF) && body.endsWith("\r\n")) {
            return body.substring(0, body.length() - 2);
        }
        return body;
    }

    /** Message.getSize() of a message with these raw bytes (see {@link Deviation#GREENMAIL_RFC822_SIZE_IS_BODY_SIZE}). */
    protected static int expectedSize(Target t, byte[] raw) {
        if (!t.has(Deviation.GREENMAIL_RFC822_SIZE_IS_BODY_SIZE)) {
            return raw.length;
        }
        String s = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        String body = s.substring(s.indexOf("\r\n\r\n") + 4);
        return bodyText(t, body).length();
    }

    /** Collects asynchronously delivered events; {@link #await} waits a bounded time for each. */
    public static final class Events<E> {
        private final BlockingQueue<E> queue = new LinkedBlockingQueue<>();

        public void add(E e) {
            queue.add(e);
        }

        /** The next event; fails the test if none arrives within {@link #EVENT_WAIT_MS}. */
        public E await(String what) throws InterruptedException {
            E e = queue.poll(EVENT_WAIT_MS, TimeUnit.MILLISECONDS);
            if (e == null) {
                fail("no " + what + " event within " + EVENT_WAIT_MS + " ms");
            }
            return e;
        }

        /** The next event within {@code ms}, or null. */
        public E poll(long ms) throws InterruptedException {
            return queue.poll(ms, TimeUnit.MILLISECONDS);
        }

        /** Asserts that no further event arrives within {@code ms}. */
        public void assertNoneWithin(long ms, String what) throws InterruptedException {
            E e = queue.poll(ms, TimeUnit.MILLISECONDS);
            assertTrue(e == null, "unexpected " + what + " event: " + e);
        }
    }
}
