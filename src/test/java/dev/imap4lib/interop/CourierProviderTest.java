package dev.imap4lib.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.testing.CourierExtension;
import dev.imap4lib.testing.CourierServer;
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

/** The Jakarta Mail provider against Courier-IMAP 5 through {@code mail.imap4lib.stream.command}. */
@ExtendWith(CourierExtension.class)
@Timeout(30)
class CourierProviderTest {

    private static Session session(CourierServer c) {
        Properties p = new Properties();
        p.put("mail.imap4lib.stream.command", c.streamCommandLine());
        p.put("mail.imap4lib.timeout", "10000");
        return Session.getInstance(p);
    }

    @Test
    void preauthStoreNamespacesAndList(CourierServer c) throws Exception {
        Session s = session(c);
        Store store = s.getStore("imap4lib");
        store.connect();
        try {
            assertTrue(store.isConnected());
            Folder[] personal = store.getPersonalNamespaces();
            assertEquals("INBOX", personal[0].getFullName(), "namespace INBOX. is the INBOX folder");
            assertEquals('.', personal[0].getSeparator());
            List<String> top = Arrays.stream(store.getDefaultFolder().list()).map(Folder::getFullName).toList();
            assertTrue(top.contains("INBOX"), top.toString());
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(0, inbox.getMessageCount());
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void folderWorkflow(CourierServer c) throws Exception {
        Session s = session(c);
        Store store = s.getStore("imap4lib");
        store.connect();
        try {
            ProviderChecks.folderWorkflow(s, store, "INBOX.prov-" + UUID.randomUUID().toString().substring(0, 8));
        } finally {
            store.close();
        }
    }

    @Test
    void folderWorkflowWithInternationalName(CourierServer c) throws Exception {
        Session s = session(c);
        Store store = s.getStore("imap4lib");
        store.connect();
        try {
            ProviderChecks.folderWorkflow(s, store, "INBOX.Grüße-" + UUID.randomUUID().toString().substring(0, 8));
        } finally {
            store.close();
        }
    }
}
