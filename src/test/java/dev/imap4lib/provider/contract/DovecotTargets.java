package dev.imap4lib.provider.contract;

import dev.imap4lib.testing.DovecotExtension;
import dev.imap4lib.testing.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The Dovecot side of the contract suite: the Dovecot {@link Target}s, the fail-or-skip gate and
 * the per-test cleanup of the Dovecot account.
 *
 * <ul>
 *   <li><b>Server</b>: the one {@link DovecotServer} of the whole test run, from {@link
 *       DovecotExtension}'s root store (started on first use, stopped at the end of the run).
 *   <li><b>Unavailable server</b>: {@link #targets} still yields the Dovecot targets (as
 *       placeholders), and {@link #interceptTestTemplateMethod} lets {@link DovecotExtension}
 *       decide per test: with {@code CI=true} the test fails, otherwise it is skipped with the
 *       reason. GreenMail targets are unaffected.
 *   <li><b>Isolation</b>: all Dovecot targets log in as {@link Targets#DOVECOT_USER}, a user no
 *       other test class uses. Tests work in uniquely named folders, and before every Dovecot test
 *       the account is reset through the reference client (Angus {@code imap} on the plain port, one
 *       connection for the run): every personal mailbox except INBOX and the special-use ones is
 *       deleted (deepest first), INBOX and the special-use mailboxes are emptied, stale
 *       subscriptions are removed. Mailboxes of the shared and public namespaces are left alone.
 *   <li>{@code -Dcontract.dovecot=false} leaves the Dovecot targets out (a quick GreenMail-only run).
 * </ul>
 *
 * <p>Registered on {@link Contract} (an {@link InvocationInterceptor}: it sees each invocation's
 * {@link Target}).
 */
public final class DovecotTargets implements InvocationInterceptor {

    /** System property: {@code false} leaves the Dovecot targets out. */
    public static final String ENABLED_PROPERTY = "contract.dovecot";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DovecotTargets.class);
    /** Asks the run's shared Dovecot (the extension keeps it per class, not per instance). */
    private static final DovecotExtension DOVECOT = new DovecotExtension();

    /** The Dovecot targets of this run (placeholders if the server is unavailable, none if disabled). */
    static Stream<Target> targets(ExtensionContext context) {
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY))) {
            return Stream.empty();
        }
        DovecotServer server;
        try {
            server = DOVECOT.server(context);
        } catch (RuntimeException | AssertionError unavailable) {
            // placeholders with the real targets' names; each invocation is failed or skipped by
            // interceptTestTemplateMethod, which asks DovecotExtension again
            return Targets.dovecot("127.0.0.1", 0, 0, null);
        }
        return Targets.dovecot(server.host(), server.imapPort(), server.imapsPort(),
                server.sslContext().getSocketFactory());
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        for (Object argument : call.getArguments()) {
            if (argument instanceof Target t && t.server() == Target.ServerKind.DOVECOT) {
                DovecotServer server = DOVECOT.server(context); // CI=true: fails; else skips
                janitor(context, server, t).reset();
            }
        }
        invocation.proceed();
    }

    private static Janitor janitor(ExtensionContext context, DovecotServer server, Target t) {
        String key = server.host() + ":" + server.imapPort() + ":" + t.user();
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(key, k -> new Janitor(server, t.user(), t.password()), Janitor.class);
    }

    /** Resets the contract account through the reference client; one connection for the run. */
    @SuppressWarnings("deprecation") // CloseableResource: closed also where AutoCloseable values are not
    static final class Janitor implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final DovecotServer server;
        private final String user;
        private final String password;
        private Store store;

        Janitor(DovecotServer server, String user, String password) {
            this.server = server;
            this.user = user;
            this.password = password;
        }

        private Store store() throws MessagingException {
            if (store == null || !store.isConnected()) {
                Properties p = new Properties();
                p.setProperty("mail.imap.connectiontimeout", "5000");
                p.setProperty("mail.imap.timeout", "10000");
                store = Session.getInstance(p).getStore(Targets.REFERENCE);
                store.connect(server.host(), server.imapPort(), user, password);
            }
            return store;
        }

        synchronized void reset() throws MessagingException {
            Store s = store();
            Folder root = s.getDefaultFolder();
            char sep = root.getSeparator();
            Set<String> foreign = new HashSet<>(); // top-level names of the shared/public namespaces
            List<Folder> namespaces = new ArrayList<>(List.of(s.getSharedNamespaces()));
            namespaces.addAll(List.of(s.getUserNamespaces(user)));
            for (Folder ns : namespaces) {
                String top = firstSegment(ns.getFullName(), sep);
                if (!top.isEmpty()) {
                    foreign.add(top);
                }
            }

            List<Folder> doomed = new ArrayList<>();
            Set<String> kept = new HashSet<>();
            for (Folder f : root.list("*")) {
                String name = f.getFullName();
                if (foreign.contains(firstSegment(name, sep))) {
                    continue;
                }
                if (keep(f)) {
                    kept.add(name);
                    if ((f.getType() & Folder.HOLDS_MESSAGES) != 0 && f.getMessageCount() > 0) {
                        empty(f);
                    }
                } else {
                    doomed.add(f);
                }
            }
            doomed.sort(Comparator.comparingLong((Folder f) -> depth(f.getFullName(), sep)).reversed());
            for (Folder f : doomed) {
                // a \Noselect superior may vanish with its last child: then there is nothing to delete
                if (!f.delete(false) && s.getFolder(f.getFullName()).exists()) {
                    throw new MessagingException("cleanup: cannot delete " + f.getFullName());
                }
            }
            for (Folder f : root.listSubscribed("*")) {
                if (!kept.contains(f.getFullName()) && !foreign.contains(firstSegment(f.getFullName(), sep))) {
                    f.setSubscribed(false);
                }
            }
        }

        /** {@link #reset()}, then {@link #close()}. */
        void resetAndClose() throws MessagingException {
            try {
                reset();
            } finally {
                close();
            }
        }

        /** INBOX and the special-use mailboxes (RFC 6154) Dovecot creates for every user. */
        private static boolean keep(Folder f) throws MessagingException {
            if (f.getFullName().equalsIgnoreCase("INBOX")) {
                return true;
            }
            if (f instanceof org.eclipse.angus.mail.imap.IMAPFolder imap) {
                for (String a : imap.getAttributes()) {
                    String attr = a.toLowerCase(Locale.ROOT);
                    if (Set.of("\\drafts", "\\sent", "\\trash", "\\junk", "\\archive", "\\all", "\\flagged")
                            .contains(attr)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static void empty(Folder f) throws MessagingException {
            f.open(Folder.READ_WRITE);
            f.setFlags(1, f.getMessageCount(), new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true);
            f.close(true);
        }

        private static String firstSegment(String name, char sep) {
            int i = name.indexOf(sep);
            return i < 0 ? name : name.substring(0, i);
        }

        private static long depth(String name, char sep) {
            return name.chars().filter(c -> c == sep).count();
        }

        @Override
        public synchronized void close() {
            if (store != null) {
                try {
                    store.close();
                } catch (MessagingException ignored) {
                    // the server may already be stopped
                }
            }
        }
    }
}
