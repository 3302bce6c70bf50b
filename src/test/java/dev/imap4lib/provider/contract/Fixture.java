package dev.imap4lib.provider.contract;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The reference client ({@link Targets#REFERENCE}, Angus Mail over the target's endpoint): creates
 * folders, appends, changes flags, expunges and reads server state independently of the provider
 * under test. Each operation opens and closes the folder it needs.
 */
public final class Fixture implements AutoCloseable {

    private final Session session;
    private final Store store;

    public Fixture(Target t) throws MessagingException {
        String proto = t.secure() ? "imaps" : Targets.REFERENCE;
        Properties p = new Properties();
        if (t.secure()) {
            p.setProperty("mail.imaps.ssl.trust", "*");
            p.setProperty("mail.imaps.ssl.checkserveridentity", "false");
        }
        Target ref = t.withProtocol(proto, p);
        session = Session.getInstance(ref.sessionProperties());
        store = session.getStore(proto);
        store.connect(t.host(), t.port(), t.user(), t.password());
    }

    public Session session() {
        return session;
    }

    public Store store() {
        return store;
    }

    public void create(String name) throws MessagingException {
        Folder f = store.getFolder(name);
        if (!f.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS) && !f.exists()) {
            throw new MessagingException("fixture could not create " + name);
        }
    }

    public boolean exists(String name) throws MessagingException {
        return store.getFolder(name).exists();
    }

    public char separator() throws MessagingException {
        return store.getDefaultFolder().getSeparator();
    }

    public void append(String name, Corpus.Msg... msgs) throws MessagingException {
        Message[] m = new Message[msgs.length];
        for (int i = 0; i < msgs.length; i++) {
            m[i] = msgs[i].toMime(session);
        }
        store.getFolder(name).appendMessages(m);
    }

    public int count(String name) throws MessagingException {
        try (Open o = opened(name, Folder.READ_ONLY)) {
            Folder f = o.f();
            return f.getMessageCount();
        }
    }

    /** writeTo bytes (CRLF-normalised) of every message, in order. */
    public List<byte[]> raw(String name) throws MessagingException {
        try (Open o = opened(name, Folder.READ_ONLY)) {
            Folder f = o.f();
            List<byte[]> out = new ArrayList<>();
            for (Message m : f.getMessages()) {
                out.add(ProviderContract.bytes(m));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long[] uids(String name) throws MessagingException {
        try (Open o = opened(name, Folder.READ_ONLY)) {
            Folder f = o.f();
            Message[] ms = f.getMessages();
            long[] u = new long[ms.length];
            for (int i = 0; i < ms.length; i++) {
                u[i] = ((UIDFolder) f).getUID(ms[i]);
            }
            return u;
        }
    }

    public long uidValidity(String name) throws MessagingException {
        try (Open o = opened(name, Folder.READ_ONLY)) {
            Folder f = o.f();
            return ((UIDFolder) f).getUIDValidity();
        }
    }

    public Flags flags(String name, int msgnum) throws MessagingException {
        try (Open o = opened(name, Folder.READ_ONLY)) {
            Folder f = o.f();
            return f.getMessage(msgnum).getFlags();
        }
    }

    public List<String> subjects(String name) throws MessagingException {
        try (Open o = opened(name, Folder.READ_ONLY)) {
            Folder f = o.f();
            List<String> out = new ArrayList<>();
            for (Message m : f.getMessages()) {
                out.add(m.getSubject());
            }
            return out;
        }
    }

    public void setFlags(String name, int msgnum, Flags flags, boolean set) throws MessagingException {
        try (Open o = opened(name, Folder.READ_WRITE)) {
            o.f.getMessage(msgnum).setFlags(flags, set);
        }
    }

    /** Sets \Deleted on the given messages and expunges them (close(true)). */
    public void expunge(String name, int... msgnums) throws MessagingException {
        Folder f = opened(name, Folder.READ_WRITE).f;
        f.setFlags(msgnums, new Flags(Flags.Flag.DELETED), true);
        f.close(true);
    }

    public boolean isSubscribed(String name) throws MessagingException {
        return store.getFolder(name).isSubscribed();
    }

    /** An open folder that closes WITHOUT expunging (Folder.close() would expunge). */
    private record Open(Folder f) implements AutoCloseable {
        @Override
        public void close() throws MessagingException {
            if (f.isOpen()) {
                f.close(false);
            }
        }
    }

    private Open opened(String name, int mode) throws MessagingException {
        Folder f = store.getFolder(name);
        f.open(mode);
        return new Open(f);
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
