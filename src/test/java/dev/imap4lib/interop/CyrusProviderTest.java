package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.provider.Imap4libSslStore;
import dev.imap4lib.provider.Imap4libStore;
import dev.imap4lib.testing.CyrusExtension;
import dev.imap4lib.testing.CyrusServer;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Jakarta Mail provider against a real Cyrus IMAP 3.6 (classic INBOX/ namespace). */
@ExtendWith(CyrusExtension.class)
@Timeout(30)
class CyrusProviderTest {

    private static Session session(CyrusServer c, String protocol, int port) {
        Properties p = new Properties();
        String pre = "mail." + protocol + ".";
        p.put(pre + "host", "localhost");
        p.put(pre + "port", Integer.toString(port));
        p.put(pre + "ssl.socketFactory", c.sslContext().getSocketFactory());
        p.put(pre + "timeout", "10000");
        p.put(pre + "connectiontimeout", "10000");
        if (protocol.equals("imap4lib")) {
            p.put(pre + "starttls.enable", "true");
            p.put(pre + "starttls.required", "true");
        }
        return Session.getInstance(p);
    }

    @Test
    void starttlsLoginNamespacesAndList(CyrusServer c) throws Exception {
        Session s = session(c, "imap4lib", c.imapPort());
        Store store = s.getStore("imap4lib");
        assertEquals(Imap4libStore.class, store.getClass());
        store.connect("user1", "pass1");
        try {
            Folder[] personal = store.getPersonalNamespaces();
            assertEquals("INBOX", personal[0].getFullName(), "namespace INBOX/ is the INBOX folder");
            assertEquals('/', personal[0].getSeparator());
            List<String> top = Arrays.stream(store.getDefaultFolder().list()).map(Folder::getFullName).toList();
            assertTrue(top.contains("INBOX"), top.toString());
            List<String> under = Arrays.stream(store.getFolder("INBOX").list()).map(Folder::getFullName).toList();
            assertTrue(under.containsAll(List.of("INBOX/Drafts", "INBOX/Sent", "INBOX/Trash", "INBOX/Junk")),
                    under.toString());
            Folder inbox = store.getFolder("INBOX");
            assertTrue((inbox.getType() & Folder.HOLDS_FOLDERS) != 0);
            inbox.open(Folder.READ_ONLY);
            inbox.close(false);
        } finally {
            store.close();
        }
        Store bad = s.getStore("imap4lib");
        assertThrows(AuthenticationFailedException.class, () -> bad.connect("user1", "wrong"));
    }

    @Test
    void folderWorkflowOverStarttls(CyrusServer c) throws Exception {
        Session s = session(c, "imap4lib", c.imapPort());
        Store store = s.getStore("imap4lib");
        store.connect("user1", "pass1");
        try {
            ProviderChecks.folderWorkflow(s, store, "INBOX/prov-" + UUID.randomUUID().toString().substring(0, 8));
        } finally {
            store.close();
        }
    }

    @Test
    void folderWorkflowOverImplicitTls(CyrusServer c) throws Exception {
        Session s = session(c, "imap4libs", c.imapsPort());
        Store store = s.getStore("imap4libs");
        assertEquals(Imap4libSslStore.class, store.getClass());
        store.connect("user2", "pass2");
        try {
            ProviderChecks.folderWorkflow(s, store, "INBOX/Grüße-" + UUID.randomUUID().toString().substring(0, 8));
        } finally {
            store.close();
        }
    }

    @Test
    void topLevelFolderIsRefused(CyrusServer c) throws Exception {
        Session s = session(c, "imap4lib", c.imapPort());
        Store store = s.getStore("imap4lib");
        store.connect("user1", "pass1");
        try {
            Folder f = store.getFolder("toplevel-" + UUID.randomUUID().toString().substring(0, 8));
            assertEquals(false, f.create(Folder.HOLDS_MESSAGES), "Cyrus: Permission denied outside INBOX/");
        } finally {
            store.close();
        }
    }
}
