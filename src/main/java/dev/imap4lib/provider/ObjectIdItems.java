package dev.imap4lib.provider;

import jakarta.mail.FetchProfile;

/**
 * {@link FetchProfile} items for the object ids of OBJECTID (RFC 8474), in the style of Angus
 * Mail's {@code IMAPFolder.FetchProfileItem}: add them to a profile given to
 * {@link Imap4libFolder#fetch} to prefetch {@link Imap4libMessage#getEmailId()} and
 * {@link Imap4libMessage#getThreadId()} for many messages in one FETCH. On a server without
 * OBJECTID they are ignored (nothing is asked for).
 *
 * <pre>{@code
 * FetchProfile fp = new FetchProfile();
 * fp.add(ObjectIdItems.EMAILID);
 * fp.add(ObjectIdItems.THREADID);
 * folder.fetch(folder.getMessages(), fp);
 * }</pre>
 */
public final class ObjectIdItems extends FetchProfile.Item {

    /** FETCH EMAILID: a message's id, kept when it is moved or copied to another mailbox. */
    public static final ObjectIdItems EMAILID = new ObjectIdItems("EMAILID");
    /** FETCH THREADID: the id shared by the messages of one conversation. */
    public static final ObjectIdItems THREADID = new ObjectIdItems("THREADID");

    private ObjectIdItems(String name) {
        super(name);
    }
}
