package dev.imap4lib.provider;

import dev.imap4lib.response.Acl;
import dev.imap4lib.response.ListRights;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A folder's access control list (RFC 4314) over the store's connection, for
 * {@link Imap4libFolder#getACL()} and its siblings: Angus Mail's methods, with {@link ACL} and
 * {@link Rights}. Each needs the server's {@code ACL} capability and throws
 * {@link MessagingException} without it, or when the server refuses.
 */
final class FolderAcl {
    private final Imap4libStore store;
    private final String mailbox;

    FolderAcl(Imap4libStore store, String mailbox) {
        this.store = store;
        this.mailbox = mailbox;
    }

    private void requireAcl() throws MessagingException {
        if (!store.hasCapability("ACL")) {
            throw new MessagingException("the server does not support ACL");
        }
    }

    ACL[] get() throws MessagingException {
        requireAcl();
        Acl a = store.withStoreConnection(c -> c.getAcl(mailbox).check().value());
        List<ACL> out = new ArrayList<>();
        if (a != null) {
            for (Map.Entry<String, String> e : a.rights().entrySet()) {
                out.add(new ACL(e.getKey(), new Rights(e.getValue())));
            }
        }
        return out.toArray(new ACL[0]);
    }

    /** SETACL with {@code mod} '+' (add), '-' (remove) or 0 (replace). */
    void set(ACL acl, char mod) throws MessagingException {
        requireAcl();
        String letters = acl.getRights() == null ? "" : acl.getRights().toString();
        String rights = mod == 0 ? letters : mod + letters;
        store.withStoreConnection(c -> c.setAcl(mailbox, acl.getName(), rights).check());
    }

    void remove(String name) throws MessagingException {
        requireAcl();
        store.withStoreConnection(c -> c.deleteAcl(mailbox, name).check());
    }

    /** LISTRIGHTS: the rights always granted first, then each group that is granted or not as one. */
    Rights[] list(String name) throws MessagingException {
        requireAcl();
        ListRights lr = store.withStoreConnection(c -> c.listRights(mailbox, name).check().value());
        if (lr == null) {
            return new Rights[0];
        }
        List<Rights> out = new ArrayList<>();
        out.add(new Rights(lr.required()));
        for (String group : lr.optional()) {
            out.add(new Rights(group));
        }
        return out.toArray(new Rights[0]);
    }

    Rights mine() throws MessagingException {
        requireAcl();
        var r = store.withStoreConnection(c -> c.myRights(mailbox).check().value());
        return r == null ? new Rights() : new Rights(r.rights());
    }
}
