package dev.imap4lib.provider;

import dev.imap4lib.response.Address;
import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.Envelope;
import dev.imap4lib.response.FetchData;
import jakarta.mail.Flags;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Header;
import jakarta.mail.IllegalWriteException;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A message in an open {@link Imap4libFolder}. Nothing is fetched until it is asked for: the
 * envelope, flags, size, INTERNALDATE and BODYSTRUCTURE on first use (or all at once through
 * {@code Folder.fetch}), the header block when a header is read, and the body in chunks of
 * {@code fetchsize} bytes when the content is read. The message is read-only, like Angus's.
 */
public class Imap4libMessage extends MimeMessage {
    private final Imap4libFolder imapFolder;
    private Long uid;
    private Envelope envelope;
    /**
     * What the common getters return, worked out from the envelope when it arrives: during a
     * bulk FETCH that happens while the server is still sending, so it costs the caller nothing
     * later, and repeated calls do not decode again.
     */
    private volatile EnvelopeView view;

    private record EnvelopeView(String subject, Date sentDate, InternetAddress[] from) {
    }
    private BodyStructure structure;
    private Long size;
    private String emailId;
    private String threadId;
    private boolean objectIdsLoaded;
    private String preview;
    private boolean previewLoaded;
    private Date saveDate;
    private boolean saveDateLoaded;
    private Date receivedDate;
    private boolean flagsLoaded;
    /**
     * {@code flags} is one of the few objects the store's memory shares between many messages
     * (see {@link #knownFlags}): never changed in place, copied first by {@link #flagsChangedLocally}.
     */
    private boolean flagsShared;
    private boolean headersLoaded;
    private final Set<String> loadedHeaderNames = new HashSet<>();
    /** The whole message when {@code FetchProfileItem.MESSAGE} prefetched it, else null. */
    private byte[] whole;

    /** For a message/rfc822 part: the enclosing message and the part's specifier, else null. */
    private final Imap4libMessage parent;
    private final String prefix;

    Imap4libMessage(Imap4libFolder folder, int msgnum) {
        super(folder, msgnum);
        this.imapFolder = folder;
        // no header block until one is needed: InternetHeaders' constructor is not cheap
        this.parent = null;
        this.prefix = null;
    }

    /** A removed message a watch reports for a folder it does not have open: no number, expunged. */
    static Imap4libMessage expungedPlaceholder(Imap4libFolder folder) {
        Imap4libMessage m = new Imap4libMessage(folder, 0);
        m.markExpunged();
        return m;
    }

    /**
     * A message attached to {@code parent} as a message/rfc822 part: its envelope and structure
     * come from the parent's BODYSTRUCTURE, its header and body from sections under the part's
     * specifier ({@code 2.HEADER}, {@code 2.TEXT}, {@code 2.1}, ...).
     */
    Imap4libMessage(Imap4libFolder folder, Imap4libMessage parent, BodyStructure.Message node) {
        super(folder, parent.getMessageNumber());
        this.imapFolder = folder;
        // no header block until one is needed: InternetHeaders' constructor is not cheap
        this.parent = parent;
        this.prefix = node.section();
        this.envelope = node.envelope();
        this.view = envelope == null ? null : viewOf(envelope);
        this.structure = node.body();
        this.size = node.size();
        this.flags = new Flags();
        this.flagsLoaded = true;
    }

    /** The message stored in the mailbox (itself, or the message this one is attached to). */
    Imap4libMessage root() {
        return parent == null ? this : parent.root();
    }

    private String section(String sub) {
        return prefix == null ? sub : sub.isEmpty() ? prefix : prefix + "." + sub;
    }

    // ------------------------------------------------------------------ state kept by the folder

    Long uidOrNull() {
        return uid;
    }

    /** A UID learnt from something other than a FETCH (COPYUID). */
    synchronized void learnUid(long u) {
        uid = u;
    }

    void markExpunged() {
        setExpunged(true);
    }

    /** The flags if known, without fetching; null otherwise. */
    synchronized Flags flagsIfLoaded() {
        return flagsLoaded && flags != null ? flags : null;
    }

    /**
     * Flags the store remembered from an earlier open, still current (a resync said so).
     * {@code f} is shared with other messages (a re-open of 10,000 messages then allocates no
     * Flags for the unchanged ones), so it is kept as is and copied only before a local change.
     */
    synchronized void knownFlags(Flags f) {
        flags = f;
        flagsShared = true;
        flagsLoaded = true;
    }

    void renumber(int n) {
        setMessageNumber(n);
    }

    /** Takes whatever a FETCH response carried. */
    synchronized void apply(FetchData d) {
        if (d.uid() != null) {
            uid = d.uid();
        }
        if (d.modseq() != null) {
            modSeq = d.modseq();
        }
        if (d.flags() != null) {
            Flags f = new Flags();
            for (String x : d.flags()) {
                Imap4libFolder.addFlag(f, x);
            }
            flags = f;
            flagsShared = false;
            flagsLoaded = true;
        }
        if (d.envelope() != null) {
            envelope = d.envelope();
            view = viewOf(envelope);
        }
        if (d.bodyStructure() != null) {
            structure = d.bodyStructure();
        }
        if (d.rfc822Size() != null) {
            size = d.rfc822Size();
        }
        if (d.emailId() != null) {
            emailId = d.emailId();
        }
        if (d.threadId() != null || d.extras().containsKey("THREADID")) {
            threadId = d.threadId();
        }
        if (d.internalDate() != null) {
            receivedDate = Date.from(d.internalDate().toInstant());
        }
        if (d.preview() != null) {
            preview = d.preview();
            previewLoaded = true;
        }
        if (d.saveDate() != null) {
            saveDate = Date.from(d.saveDate().toInstant());
            saveDateLoaded = true;
        }
        for (var e : d.sections().entrySet()) {
            String key = e.getKey();
            if (key.startsWith("BODY[HEADER") && e.getValue() != null) {
                takeHeaders(key, e.getValue());
            } else if (key.equals("BODY[]") && e.getValue() != null && parent == null) {
                whole = e.getValue();
                takeHeaders("BODY[HEADER]", whole); // the header block is its start
            }
        }
    }

    private void takeHeaders(String key, byte[] block) {
        InternetHeaders h = HeaderBlock.parse(block);
        if (key.equals("BODY[HEADER]")) {
            headers = h;
            headersLoaded = true;
            return;
        }
        // BODY[HEADER.FIELDS (A B)]: remember which names we now know, even those absent.
        if (headers == null) {
            headers = new InternetHeaders();
        }
        int open = key.indexOf('(');
        int close = key.lastIndexOf(')');
        if (open > 0 && close > open) {
            for (String name : key.substring(open + 1, close).split(" ")) {
                if (!name.isEmpty()) {
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (loadedHeaderNames.add(lower)) {
                        Enumeration<Header> en = h.getAllHeaders();
                        while (en.hasMoreElements()) {
                            Header x = en.nextElement();
                            if (x.getName().equalsIgnoreCase(name)) {
                                headers.addHeader(x.getName(), x.getValue());
                            }
                        }
                    }
                }
            }
        }
    }

    void flagsChangedLocally(Flags changed, boolean set) {
        synchronized (this) {
            if (flagsLoaded || flags != null) {
                if (flagsShared) {
                    // copy-on-write: the shared object belongs to other messages and the store's memory too
                    flags = (Flags) flags.clone();
                    flagsShared = false;
                }
                if (set) {
                    flags.add(changed);
                } else {
                    flags.remove(changed);
                }
            }
        }
    }

    // ------------------------------------------------------------------ loading

    private void checkUsable() throws MessagingException {
        if (parent != null) {
            parent.checkUsable();
            return;
        }
        if (isExpunged()) {
            throw new MessageRemovedException("message " + getMessageNumber() + " was expunged");
        }
        if (!imapFolder.isOpen()) {
            throw new FolderClosedException(imapFolder, "folder " + imapFolder.getFullName() + " is closed");
        }
    }

    /**
     * Every getter starts here: an expunged message answers nothing, even from data fetched
     * earlier, with MessageRemovedException (what code written against Angus relies on).
     */
    private void checkExpunged() throws MessageRemovedException {
        if (isExpunged()) {
            throw new MessageRemovedException("message " + getMessageNumber() + " was expunged");
        }
    }

    /** An attached message is gone when the message holding it is (as Angus's nested messages). */
    @Override
    public boolean isExpunged() {
        return parent == null ? super.isExpunged() : parent.isExpunged();
    }

    private void loadEnvelope() throws MessagingException {
        checkExpunged();
        if (parent != null) {
            checkUsable();
            return; // everything an attached message has comes from the parent's BODYSTRUCTURE
        }
        if (envelope == null || receivedDate == null || size == null) {
            checkUsable();
            imapFolder.fetchOne(this, "(UID FLAGS ENVELOPE INTERNALDATE RFC822.SIZE)");
        }
    }

    private BodyStructure structure() throws MessagingException {
        checkExpunged();
        if (structure == null) {
            checkUsable();
            imapFolder.fetchOne(this, "(UID BODYSTRUCTURE)");
        }
        if (structure == null) {
            throw new MessagingException("server sent no BODYSTRUCTURE for message " + getMessageNumber());
        }
        return structure;
    }

    private void loadHeaders() throws MessagingException {
        checkExpunged();
        if (!headersLoaded && parent != null) {
            checkUsable();
            byte[] b = imapFolder.fetchSection(this, section("HEADER"), 0, -1, true);
            headers = HeaderBlock.parse(b);
            headersLoaded = true;
            return;
        }
        if (!headersLoaded) {
            checkUsable();
            imapFolder.fetchOne(this, "(UID BODY.PEEK[HEADER])");
            if (!headersLoaded) {
                throw new MessagingException("server sent no header for message " + getMessageNumber());
            }
        }
    }

    private boolean knowsHeader(String name) {
        return headersLoaded || loadedHeaderNames.contains(name.toLowerCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------ envelope-backed getters

    private static EnvelopeView viewOf(Envelope e) {
        Date sent = null;
        if (e.date() != null) {
            try {
                // A new format each time: a ThreadLocal would leave one on every pooled server
                // thread, and (with jakarta.mail in the application) pin the application.
                sent = new MailDateFormat().parse(e.date());
            } catch (ParseException x) {
                sent = null; // an unparseable Date header reads as none, as in Angus
            }
        }
        InternetAddress[] from = addresses(e.from());
        return new EnvelopeView(e.subject() == null ? null : e.decodedSubject(), sent,
                from != null ? from : addresses(e.sender()));
    }

    @Override
    public jakarta.mail.Address[] getFrom() throws MessagingException {
        loadEnvelope();
        InternetAddress[] a = view.from();
        if (a == null) {
            return null;
        }
        // InternetAddress[] as Angus's, so (InternetAddress[]) msg.getFrom() keeps working
        InternetAddress[] copy = new InternetAddress[a.length];
        for (int i = 0; i < a.length; i++) {
            copy[i] = (InternetAddress) a[i].clone(); // callers may change theirs
        }
        return copy;
    }

    /**
     * An address as the envelope gave it: the display name decoded once, and the encoded form
     * kept as sent, so nothing is re-encoded (Jakarta's encoder is slow and would change it).
     */
    private static final class EnvelopeAddress extends InternetAddress {
        private static final long serialVersionUID = 1L;

        EnvelopeAddress(String address, String personal, String encodedPersonal) {
            this.address = address;
            this.personal = personal;
            this.encodedPersonal = encodedPersonal;
        }
    }

    @Override
    public jakarta.mail.Address getSender() throws MessagingException {
        loadEnvelope();
        jakarta.mail.Address[] a = addresses(envelope.sender());
        return a == null ? null : a[0];
    }

    @Override
    public jakarta.mail.Address[] getRecipients(Message.RecipientType type) throws MessagingException {
        loadEnvelope();
        if (type == Message.RecipientType.TO) {
            return addresses(envelope.to());
        }
        if (type == Message.RecipientType.CC) {
            return addresses(envelope.cc());
        }
        if (type == Message.RecipientType.BCC) {
            return addresses(envelope.bcc());
        }
        return super.getRecipients(type);
    }

    @Override
    public jakarta.mail.Address[] getReplyTo() throws MessagingException {
        loadEnvelope();
        jakarta.mail.Address[] a = addresses(envelope.replyTo());
        return a != null ? a : getFrom();
    }

    /** The addresses as {@code InternetAddress[]} (the runtime type Angus returns), or null when none. */
    private static InternetAddress[] addresses(List<Address> list) {
        if (list == null || list.isEmpty()) {
            return null;
        }
        List<InternetAddress> out = new ArrayList<>(list.size());
        StringBuilder group = null;
        int members = 0;
        for (Address a : list) {
            if (a.isGroupStart()) {
                // RFC 3501 group syntax: (NIL NIL "name" NIL) members... (NIL NIL NIL NIL)
                group = new StringBuilder(a.mailbox() == null ? "" : a.mailbox()).append(':');
                members = 0;
                continue;
            }
            if (a.isGroupEnd()) {
                if (group != null) {
                    InternetAddress g = new InternetAddress();
                    g.setAddress(group.append(';').toString()); // isGroup(), getGroup() as Jakarta expects
                    out.add(g);
                }
                group = null;
                continue;
            }
            EnvelopeAddress one = new EnvelopeAddress(a.address(), a.personal() == null ? null : a.decodedPersonal(),
                    a.personal());
            if (group != null) {
                group.append(members++ == 0 ? "" : ",").append(one.toString());
            } else {
                out.add(one);
            }
        }
        return out.isEmpty() ? null : out.toArray(new InternetAddress[0]);
    }

    @Override
    public String getSubject() throws MessagingException {
        loadEnvelope();
        return view.subject();
    }

    @Override
    public Date getSentDate() throws MessagingException {
        loadEnvelope();
        Date d = view.sentDate();
        return d == null ? null : new Date(d.getTime());
    }

    @Override
    public Date getReceivedDate() throws MessagingException {
        checkExpunged();
        if (parent != null) {
            return null;
        }
        if (receivedDate == null) { // INTERNALDATE alone (FetchProfileItem.INTERNALDATE) is enough
            loadEnvelope();
        }
        return receivedDate == null ? null : new Date(receivedDate.getTime());
    }

    @Override
    public int getSize() throws MessagingException {
        checkExpunged();
        if (size == null) { // RFC822.SIZE alone (FetchProfileItem.SIZE) is enough
            loadEnvelope();
        }
        return size == null ? -1 : (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** RFC822.SIZE if known, else -1; fetches nothing. */
    long knownSize() {
        Long s = size;
        return s == null ? -1 : s;
    }

    /** The size in bytes without the int limit of {@link #getSize()} (Angus's {@code getSizeLong}); -1 if unknown. */
    public long getSizeLong() throws MessagingException {
        checkExpunged();
        if (size == null) {
            loadEnvelope();
        }
        return size == null ? -1 : size;
    }

    @Override
    public String getMessageID() throws MessagingException {
        loadEnvelope();
        return envelope.messageId();
    }

    // ------------------------------------------------------------------ OBJECTID (RFC 8474)

    /**
     * The EMAILID: the server's id of this message's content, the same in every mailbox it is
     * copied or moved to, so an application can follow a message across moves. Prefetch it for
     * many messages with {@link ObjectIdItems#EMAILID}.
     *
     * @return the id, or null when the server has no OBJECTID (or for an attached message)
     */
    public String getEmailId() throws MessagingException {
        loadObjectIds();
        return emailId;
    }

    /**
     * The THREADID: the id shared by the messages of one conversation (the server decides what
     * belongs together). Prefetch it with {@link ObjectIdItems#THREADID}.
     *
     * @return the id, or null when the server has no OBJECTID, does not thread (Cyrus without
     *     {@code conversations: yes} answers NIL), or for an attached message
     */
    public String getThreadId() throws MessagingException {
        loadObjectIds();
        return threadId;
    }

    private synchronized void loadObjectIds() throws MessagingException {
        if (parent != null || emailId != null || objectIdsLoaded) {
            return;
        }
        checkUsable();
        if (imapFolder.hasObjectIds()) {
            imapFolder.fetchOne(this, "(UID EMAILID THREADID)");
        }
        objectIdsLoaded = true;
    }

    // ------------------------------------------------------------------ PREVIEW (RFC 8970), SAVEDATE (RFC 8514)

    /**
     * The server's short plain-text preview of this message (FETCH PREVIEW), for message lists
     * without downloading bodies. Prefetch it with {@link MessageDataItems#PREVIEW}. Cyrus 3.10
     * computes none: it returns the annotation its {@code jmap_preview_annot} setting names, and
     * {@code ""} while that is unset.
     *
     * @return the preview, or null when the server has no PREVIEW (or for an attached message)
     */
    public String getPreview() throws MessagingException {
        loadOnce("PREVIEW", () -> previewLoaded, () -> previewLoaded = true);
        return preview;
    }

    /**
     * When this message was saved into this folder (FETCH SAVEDATE): its APPEND, COPY or MOVE
     * here, unlike {@link #getReceivedDate()}, which a COPY keeps. Prefetch it with
     * {@link MessageDataItems#SAVEDATE}; search by it with {@link SaveDateTerm}.
     *
     * @return the date, or null when the server has no SAVEDATE, keeps no save dates for this
     *     folder (NIL), or for an attached message
     */
    public Date getSaveDate() throws MessagingException {
        loadOnce("SAVEDATE", () -> saveDateLoaded, () -> saveDateLoaded = true);
        return saveDate == null ? null : new Date(saveDate.getTime());
    }

    /** FETCHes {@code item} once, when the folder's server offers it; an attached message has none. */
    private synchronized void loadOnce(String item, java.util.function.BooleanSupplier loaded, Runnable done)
            throws MessagingException {
        if (parent != null || loaded.getAsBoolean()) {
            return;
        }
        checkUsable();
        if (imapFolder.hasCapability(item)) {
            imapFolder.fetchOne(this, "(UID " + item + ")");
        }
        done.run();
    }

    /** The In-Reply-To of the envelope (Angus's {@code getInReplyTo}; Jakarta Mail 2.1 has no such getter). */
    public String getInReplyTo() throws MessagingException {
        loadEnvelope();
        if (parent != null && envelope == null) {
            return getHeader("In-Reply-To", " ");
        }
        return envelope.inReplyTo();
    }

    // ------------------------------------------------------------------ BODYSTRUCTURE-backed getters

    @Override
    public String getContentType() throws MessagingException {
        return Imap4libBodyPart.contentType(structure());
    }

    @Override
    public String getEncoding() throws MessagingException {
        String enc = Imap4libBodyPart.encoding(structure());
        return enc == null ? null : enc.toLowerCase(Locale.ROOT);
    }

    @Override
    public int getLineCount() throws MessagingException {
        BodyStructure b = structure();
        if (b instanceof BodyStructure.Text t) {
            return (int) t.lines();
        }
        if (b instanceof BodyStructure.Message m) {
            return (int) m.lines();
        }
        return -1;
    }

    @Override
    public String getDisposition() throws MessagingException {
        return structure().disposition().map(d -> d.type() == null ? null : d.type().toLowerCase(Locale.ROOT)).orElse(null);
    }

    @Override
    public String getFileName() throws MessagingException {
        return structure().filename(Boolean.getBoolean("mail.mime.decodefilename")).orElse(null);
    }

    // ------------------------------------------------------------------ headers

    @Override
    public String[] getHeader(String name) throws MessagingException {
        checkExpunged();
        if (!knowsHeader(name)) {
            loadHeaders();
        }
        return super.getHeader(name);
    }

    @Override
    public String getHeader(String name, String delimiter) throws MessagingException {
        checkExpunged();
        if (!knowsHeader(name)) {
            loadHeaders();
        }
        return super.getHeader(name, delimiter);
    }

    @Override
    public Enumeration<Header> getAllHeaders() throws MessagingException {
        loadHeaders();
        return super.getAllHeaders();
    }

    @Override
    public Enumeration<Header> getMatchingHeaders(String[] names) throws MessagingException {
        loadHeaders();
        return super.getMatchingHeaders(names);
    }

    @Override
    public Enumeration<Header> getNonMatchingHeaders(String[] names) throws MessagingException {
        loadHeaders();
        return super.getNonMatchingHeaders(names);
    }

    @Override
    public Enumeration<String> getAllHeaderLines() throws MessagingException {
        loadHeaders();
        return super.getAllHeaderLines();
    }

    @Override
    public Enumeration<String> getMatchingHeaderLines(String[] names) throws MessagingException {
        loadHeaders();
        return super.getMatchingHeaderLines(names);
    }

    @Override
    public Enumeration<String> getNonMatchingHeaderLines(String[] names) throws MessagingException {
        loadHeaders();
        return super.getNonMatchingHeaderLines(names);
    }

    // ------------------------------------------------------------------ flags

    /** The mod-sequence last fetched (CONDSTORE), 0 while none was. */
    private long modSeq;

    /**
     * This message's mod-sequence (RFC 7162), fetched when not yet known (fetch many at once with
     * {@link ModSeqFetchItem#MODSEQ}); -1 when the server keeps none for the mailbox.
     */
    public synchronized long getModSeq() throws MessagingException {
        if (modSeq == 0 && parent == null) {
            checkUsable();
            FetchData d = imapFolder.fetchOne(this, "(UID MODSEQ)");
            if (d.modseq() == null) {
                return -1;
            }
        }
        return modSeq == 0 ? -1 : modSeq;
    }

    @Override
    public synchronized Flags getFlags() throws MessagingException {
        checkExpunged();
        if (!flagsLoaded) {
            checkUsable();
            imapFolder.fetchOne(this, "(UID FLAGS)");
        }
        return (Flags) flags.clone();
    }

    @Override
    public synchronized boolean isSet(Flags.Flag flag) throws MessagingException {
        return getFlags().contains(flag);
    }

    @Override
    public void setFlags(Flags flag, boolean set) throws MessagingException {
        if (parent != null) {
            throw new jakarta.mail.MethodNotSupportedException("an attached message has no flags of its own");
        }
        checkUsable();
        imapFolder.setFlags(new Message[] {this}, flag, set);
    }

    // ------------------------------------------------------------------ peek and cached data

    /** Per-message override of the store's {@code peek} property; null follows the property. */
    private volatile Boolean peekOverride;

    /**
     * Whether reading this message's content leaves \Seen alone (Angus's {@code setPeek}):
     * overrides the store's {@code peek} property for this message.
     */
    public void setPeek(boolean peek) {
        root().peekOverride = peek;
    }

    /** Whether reading this message's content leaves \Seen alone (the store's {@code peek} unless {@link #setPeek} said otherwise). */
    public boolean getPeek() {
        Boolean p = root().peekOverride;
        return p != null ? p : imapFolder.config().peek;
    }

    /** Whether a body read should set \Seen: not when peeking, never in a folder opened read-only. */
    boolean markSeenOnRead() {
        return imapFolder.markSeenOnRead(getPeek());
    }

    /**
     * Forgets the header block, envelope and structure fetched so far, so the next getter asks
     * the server again (Angus's {@code invalidateHeaders}); flags and UID are kept.
     */
    public synchronized void invalidateHeaders() {
        whole = null;
        headers = null;
        headersLoaded = false;
        loadedHeaderNames.clear();
        if (parent == null) {
            // an attached message's data come from the parent's BODYSTRUCTURE: nothing to refetch
            envelope = null;
            view = null;
            structure = null;
            size = null;
            receivedDate = null;
        }
    }

    // ------------------------------------------------------------------ content

    private synchronized byte[] prefetched() {
        return whole;
    }

    /** Whether what a client-side sort reads (envelope, size, arrival) is here already. */
    synchronized boolean hasSortKeys() {
        return envelope != null && size != null && receivedDate != null;
    }

    /** Whether {@code FetchProfileItem.MESSAGE} should fetch this message: not yet held, and at most {@code max} bytes. */
    synchronized boolean wantsWhole(long max) {
        return parent == null && whole == null && size != null && size <= max;
    }

    /**
     * A multipart message's content is built from BODYSTRUCTURE, part by part, so reading one
     * part fetches only that part; other messages use the body stream.
     */
    @Override
    public synchronized jakarta.activation.DataHandler getDataHandler() throws MessagingException {
        checkUsable();
        byte[] w = prefetched();
        if (w != null && dh == null) {
            // prefetched whole (FetchProfileItem.MESSAGE): parsed here, no BODYSTRUCTURE needed
            dh = new MimeMessage((jakarta.mail.Session) null, new ByteArrayInputStream(w)).getDataHandler();
        }
        BodyStructure b = dh == null ? structure() : null;
        if (b instanceof BodyStructure.Multipart mp) {
            dh = new jakarta.activation.DataHandler(new PartsDataSource(imapFolder, this, mp));
        } else if (b != null) {
            DecodingDataSource ds = DecodingDataSource.forPart(this, b, this::getContentStream, imapFolder, this);
            if (ds != null) {
                dh = new jakarta.activation.DataHandler(ds);
            }
        }
        return super.getDataHandler();
    }

    /** The body without the header, still transfer-encoded, streamed in chunks (BODY[TEXT]). */
    @Override
    protected InputStream getContentStream() throws MessagingException {
        checkUsable();
        byte[] w = prefetched();
        if (w != null) {
            int start = WholeMessages.bodyStart(w);
            return new ByteArrayInputStream(w, start, w.length - start);
        }
        return new SectionInputStream(imapFolder, this, section("TEXT"), markSeenOnRead());
    }

    /** The message exactly as the server stores it, streamed in chunks (BODY[]). */
    public InputStream getMimeStream() throws MessagingException {
        checkUsable();
        byte[] w = prefetched();
        if (w != null) {
            return new ByteArrayInputStream(w);
        }
        return new SectionInputStream(imapFolder, this, section(""), markSeenOnRead());
    }

    /** Writes the message exactly as the server stores it (no header reformatting). */
    @Override
    public void writeTo(OutputStream os) throws IOException, MessagingException {
        try (InputStream in = getMimeStream()) {
            in.transferTo(os);
        }
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
        if (ignoreList == null) {
            writeTo(os);
            return;
        }
        loadHeaders();
        super.writeTo(os, ignoreList);
    }

    // ------------------------------------------------------------------ read-only

    private static IllegalWriteException readOnly() {
        return new IllegalWriteException("IMAP messages are read-only; copy into a MimeMessage to change one");
    }

    @Override
    public void setFrom(jakarta.mail.Address address) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void setFrom() throws MessagingException {
        throw readOnly();
    }

    @Override
    public void addFrom(jakarta.mail.Address[] addresses) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void setSender(jakarta.mail.Address address) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void setRecipients(Message.RecipientType type, jakarta.mail.Address[] addresses) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void addRecipients(Message.RecipientType type, jakarta.mail.Address[] addresses) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void setReplyTo(jakarta.mail.Address[] addresses) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void setSubject(String subject, String charset) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void setSentDate(Date d) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void setHeader(String name, String value) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void addHeader(String name, String value) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void removeHeader(String name) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void setDataHandler(jakarta.activation.DataHandler dh) throws MessagingException {
        throw readOnly();
    }

    @Override
    public void saveChanges() throws MessagingException {
        throw readOnly();
    }
}
