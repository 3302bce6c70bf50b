package dev.imap4lib.provider.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Quota;
import jakarta.mail.QuotaAwareStore;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import jakarta.mail.event.ConnectionEvent;
import jakarta.mail.event.ConnectionListener;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link Store}: connection life cycle, folders, namespaces, quota, connection events. */
class StoreContractTest extends ProviderContract {

    @Contract
    void badPasswordIsAuthenticationFailure(Target t) throws Exception {
        Store s = closeLater(session(t).getStore(t.protocol()));
        assertThrows(AuthenticationFailedException.class,
                () -> s.connect(t.host(), t.port(), t.user(), t.password() + "-wrong"));
        assertFalse(s.isConnected());
        // the store is still usable for a correct login
        s.connect(t.host(), t.port(), t.user(), t.password());
        assertTrue(s.isConnected());
    }

    @Contract
    void unknownUserIsAuthenticationFailure(Target t) throws Exception {
        Store s = closeLater(session(t).getStore(t.protocol()));
        assertThrows(AuthenticationFailedException.class,
                () -> s.connect(t.host(), t.port(), "nobody-" + unique("u"), "x"));
        assertFalse(s.isConnected());
    }

    @Contract
    void connectCloseAndUseAfterClose(Target t) throws Exception {
        Store s = session(t).getStore(t.protocol());
        assertFalse(s.isConnected());
        s.connect(t.host(), t.port(), t.user(), t.password());
        assertTrue(s.isConnected());
        Folder inbox = s.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertTrue(inbox.isOpen());

        s.close();
        assertFalse(s.isConnected());
        assertFalse(inbox.isOpen(), "closing the store closes its open folders");
        // Store.getFolder/getDefaultFolder: "IllegalStateException if this Store is not connected"
        assertThrows(IllegalStateException.class, () -> s.getFolder("INBOX"));
        assertThrows(IllegalStateException.class, s::getDefaultFolder);
        assertThrows(IllegalStateException.class, () -> s.getFolder(new URLName(t.protocol() + "://h/INBOX")));
        if (t.has(Deviation.ANGUS_FOLDER_USABLE_AFTER_STORE_CLOSE)) {
            // Angus opens a new connection for the folder behind the closed store's back
            assertTrue(inbox.exists());
            inbox.open(Folder.READ_ONLY);
            assertTrue(inbox.isOpen());
            inbox.close(false);
            assertFalse(s.isConnected(), "the store itself stays closed");
        } else {
            // an existing Folder object can no longer talk to the server
            assertThrows(MessagingException.class, inbox::exists);
            assertThrows(MessagingException.class, () -> inbox.open(Folder.READ_ONLY));
            assertFalse(inbox.isOpen());
        }
    }

    @Contract
    void connectTwiceIsIllegalState(Target t) throws Exception {
        Store s = connect(t);
        // Service.connect: "IllegalStateException if the service is already connected"
        assertThrows(IllegalStateException.class, () -> s.connect(t.host(), t.port(), t.user(), t.password()));
        assertTrue(s.isConnected());
    }

    @Contract
    void connectionEvents(Target t) throws Exception {
        Store s = closeLater(session(t).getStore(t.protocol()));
        Events<ConnectionEvent> events = new Events<>();
        s.addConnectionListener(listener(events));
        s.connect(t.host(), t.port(), t.user(), t.password());
        ConnectionEvent opened = events.await("store opened");
        assertEquals(ConnectionEvent.OPENED, opened.getType());
        assertSame(s, opened.getSource());
        s.close();
        ConnectionEvent closed = events.await("store closed");
        assertEquals(ConnectionEvent.CLOSED, closed.getType());
        assertSame(s, closed.getSource());
        events.assertNoneWithin(200, "connection");
    }

    @Contract
    void defaultFolder(Target t) throws Exception {
        Store s = connect(t);
        Folder root = s.getDefaultFolder();
        assertEquals("", root.getFullName());
        assertEquals("", root.getName());
        assertTrue(root.exists());
        assertNull(root.getParent());
        assertTrue((root.getType() & Folder.HOLDS_FOLDERS) != 0);
        assertSame(s, root.getStore());
        Set<String> top = names(root.list("%"));
        assertTrue(top.stream().anyMatch("INBOX"::equalsIgnoreCase), "top level lists INBOX: " + top);
        assertTrue(root.getSeparator() != 0, "a hierarchical server has a separator");
        if (t.server() == Target.ServerKind.DOVECOT) {
            assertEquals('/', root.getSeparator());
            // DovecotServer's SPECIAL-USE mailboxes (RFC 6154) are created for every user
            assertTrue(top.containsAll(Set.of("Drafts", "Sent", "Trash", "Junk")), top.toString());
        }
    }

    @Contract
    void getFolderByNameAndUrl(Target t) throws Exception {
        String name = unique("G");
        fixture(t).create(name);
        Store s = connect(t);
        Folder f = s.getFolder(name);
        assertEquals(name, f.getFullName());
        assertEquals(name, f.getName());
        assertTrue(f.exists());
        assertSame(s, f.getStore());
        assertFalse(f.isOpen());

        Folder byUrl = s.getFolder(new URLName(t.protocol(), t.host(), t.port(), name, t.user(), null));
        assertEquals(name, byUrl.getFullName());
        assertTrue(byUrl.exists());

        Folder missing = s.getFolder(unique("Missing"));
        assertFalse(missing.exists(), "getFolder never creates a folder");

        // RFC 9051 5.1: INBOX is case-insensitive
        assertTrue(s.getFolder("inbox").exists());
        assertTrue(s.getFolder("INBOX").exists());
    }

    @Contract
    void personalNamespaces(Target t) throws Exception {
        Store s = connect(t);
        Folder[] personal = s.getPersonalNamespaces();
        assertTrue(personal.length >= 1, "at least one personal namespace");
        if (t.has(Deviation.GREENMAIL_NO_NAMESPACE)) {
            // no NAMESPACE: the provider must fall back to the default folder
            assertEquals(1, personal.length);
            assertEquals("", personal[0].getFullName());
        }
        for (Folder ns : personal) {
            assertNotNull(ns.getFullName());
            assertSame(s, ns.getStore());
        }
        if (t.server() == Target.ServerKind.DOVECOT) {
            // RFC 2342: NAMESPACE (("" "/")) ...: one personal namespace, prefix "", delimiter '/'
            assertEquals(1, personal.length);
            assertEquals("", personal[0].getFullName());
            assertEquals('/', personal[0].getSeparator());
        }
    }

    @Contract
    void otherUsersAndSharedNamespaces(Target t) throws Exception {
        Store s = connect(t);
        Folder[] user = s.getUserNamespaces(Targets.OTHER_USER);
        Folder[] shared = s.getSharedNamespaces();
        assertNotNull(user);
        assertNotNull(shared);
        if (t.has(Deviation.GREENMAIL_NO_NAMESPACE)) {
            assertEquals(0, user.length, Arrays.toString(user));
            assertEquals(0, shared.length, Arrays.toString(shared));
        } else if (t.server() == Target.ServerKind.DOVECOT) {
            // DovecotServer announces NAMESPACE (("" "/")) (("Shared/" "/")) (("Public/" "/")):
            // other users' mailboxes below "Shared/<user>", the public ones below "Public"
            assertEquals(Set.of("Shared" + '/' + Targets.OTHER_USER), names(user));
            assertEquals(Set.of("Public"), names(shared));
            for (Folder ns : user) {
                assertEquals('/', ns.getSeparator());
                assertSame(s, ns.getStore());
            }
            assertEquals('/', shared[0].getSeparator());
            assertSame(s, shared[0].getStore());
        }
    }

    @Contract
    void quota(Target t) throws Exception {
        long limitKb = 1_000_000; // large: GreenMail would enforce a small one on every APPEND to INBOX
        if (t.server() == Target.ServerKind.GREENMAIL) {
            // GreenMail has no quota until SETQUOTA; its quota root for INBOX is "INBOX". (Root ""
            // is unusable: GreenMail answers it as `* QUOTA """" (...)`, which no client can parse.)
            Quota set = new Quota("INBOX");
            set.setResourceLimit("STORAGE", limitKb);
            ((QuotaAwareStore) fixture(t).store()).setQuota(set);
        }
        Store s = connect(t);
        QuotaAwareStore q = assertInstanceOf(QuotaAwareStore.class, s, "an IMAP store supports RFC 9208 QUOTA");
        Quota[] quotas = q.getQuota("INBOX");
        assertNotNull(quotas);
        assertTrue(quotas.length >= 1, "INBOX has a quota root");
        Quota.Resource storage = Arrays.stream(quotas).flatMap(x -> Arrays.stream(x.resources))
                .filter(r -> r.name.equalsIgnoreCase("STORAGE")).findFirst().orElse(null);
        assertNotNull(storage, "a STORAGE resource");
        if (t.server() == Target.ServerKind.GREENMAIL) {
            assertEquals(limitKb, storage.limit);
            assertEquals("INBOX", quotas[0].quotaRoot);
        } else if (t.server() == Target.ServerKind.DOVECOT) {
            // DovecotServer: quota root "User quota", storage 1 GiB; RFC 9208 5.1: units of 1024 octets
            assertEquals(1, quotas.length);
            assertEquals("User quota", quotas[0].quotaRoot);
            assertEquals(1L << 20, storage.limit);
        }
        for (Quota quota : quotas) {
            assertNotNull(quota.quotaRoot);
            assertNotNull(quota.resources);
            for (Quota.Resource r : quota.resources) {
                assertNotNull(r.name);
                assertTrue(r.usage >= 0 && r.limit >= 0, r.name + " " + r.usage + "/" + r.limit);
            }
        }
    }

    static Set<String> names(Folder[] folders) {
        return Arrays.stream(folders).map(Folder::getFullName).collect(Collectors.toSet());
    }

    static ConnectionListener listener(Events<ConnectionEvent> events) {
        return new ConnectionListener() {
            @Override
            public void opened(ConnectionEvent e) {
                events.add(e);
            }

            @Override
            public void disconnected(ConnectionEvent e) {
                events.add(e);
            }

            @Override
            public void closed(ConnectionEvent e) {
                events.add(e);
            }
        };
    }
}
