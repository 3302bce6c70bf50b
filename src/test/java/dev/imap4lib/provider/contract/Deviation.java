package dev.imap4lib.provider.contract;

import java.util.Set;

/**
 * Known deviations of a server or a provider from the specifications (RFC 9051/3501 and the
 * Jakarta Mail API documentation). A test that meets one asserts the <em>deviant</em> behaviour
 * for the targets that have it, so it fails as soon as the behaviour changes (fixed or different),
 * and asserts the specified behaviour for every other target.
 */
public enum Deviation {

    // ---- GreenMail 2.1.8 (server) --------------------------------------------------------------

    /**
     * RFC 2342 (NAMESPACE), RFC 9051 6.3.10: GreenMail does not implement NAMESPACE, so a provider
     * falls back to the single personal namespace "" and returns no user or shared namespaces.
     */
    GREENMAIL_NO_NAMESPACE(Target.ServerKind.GREENMAIL, null),

    /**
     * RFC 9051 2.3.4 / 7.5.2: RFC822.SIZE is "the number of octets in the message". GreenMail
     * reports the size of the body text only (as it returns BODY[TEXT], see {@link
     * #GREENMAIL_BODY_TEXT_LOSES_FINAL_CRLF}), so {@code Message.getSize()} is too small.
     */
    GREENMAIL_RFC822_SIZE_IS_BODY_SIZE(Target.ServerKind.GREENMAIL, null),

    /**
     * RFC 9051 6.4.5: BODY[TEXT] is all of the message after the header. For a single-part message
     * GreenMail drops the body's final CRLF (BODYSTRUCTURE size likewise), so the content read
     * through BODY[TEXT]/BODY[1] lacks its last line end. BODY[] (writeTo) is complete.
     */
    GREENMAIL_BODY_TEXT_LOSES_FINAL_CRLF(Target.ServerKind.GREENMAIL, null),

    /**
     * RFC 9051 6.3.3: in a mailbox selected with EXAMINE "no changes to the permanent state of
     * the mailbox, including per-user state, are permitted". GreenMail executes STORE there,
     * FETCH BODY[] sets \Seen, and EXPUNGE is answered "NO ... read only" but then executed
     * (followed by a second tagged OK for the same command).
     */
    GREENMAIL_READ_ONLY_NOT_ENFORCED(Target.ServerKind.GREENMAIL, null),

    /**
     * RFC 9051 6.4.4: "a message matches the key if the string is a substring of the associated
     * text". GreenMail's FROM/TO/CC search keys match whole addresses only, so
     * {@code FromStringTerm("example.net")} finds nothing where {@code match()} finds
     * "carol@example.net".
     */
    GREENMAIL_ADDRESS_SEARCH_NOT_SUBSTRING(Target.ServerKind.GREENMAIL, null),

    /**
     * RFC 9051 7.5.2: in an ENVELOPE, RFC 5322 group syntax is a start marker (NIL host, group
     * name as mailbox), the members and an end marker (NIL mailbox and host). GreenMail splits the
     * To header at commas and sends fragments, e.g. {@code (NIL NIL "team: a" "example.com, Bea <b")};
     * Angus cannot parse that envelope, imap4lib shows the fragments as addresses.
     */
    GREENMAIL_GROUP_SYNTAX_MANGLED(Target.ServerKind.GREENMAIL, null),

    /**
     * RFC 6532 3.2 (raw UTF-8 in header fields): GreenMail's ENVELOPE carries such a header
     * re-encoded as ISO-8859-1, with characters outside it replaced by '?' ("Grüße, ??" for
     * "Grüße, 日本").
     */
    GREENMAIL_8BIT_HEADER_AS_LATIN1(Target.ServerKind.GREENMAIL, null),

    // ---- Dovecot 2.3 (server) -------------------------------------------------------------------

    /**
     * RFC 9051 6.3.3: in a mailbox selected with EXAMINE no changes to its permanent state are
     * permitted; RFC 9051 6.4.6/6.4.3 give NO as the result of a STORE/EXPUNGE that cannot be
     * performed. Dovecot enforces EXAMINE but does not say so: STORE is answered {@code OK Store
     * ignored with read-only mailbox.} and EXPUNGE {@code OK Expunge ignored with read-only
     * mailbox.}, with nothing changed. A provider that leaves the check to the server ({@link
     * #ANGUS_READ_ONLY_LEFT_TO_SERVER}) therefore reports success for a change that did not happen.
     */
    DOVECOT_READ_ONLY_CHANGES_IGNORED(Target.ServerKind.DOVECOT, null),

    // ---- Angus Mail 2.0.5 imap provider ---------------------------------------------------------

    /**
     * Jakarta Mail {@code Service}: "A service must be connected before it can be used";
     * {@code close()} "terminate[s] its connection". Angus's IMAPFolder silently opens a new
     * connection after {@code Store.close()}: {@code exists()} and {@code open()} succeed while
     * {@code isConnected()} is false.
     */
    ANGUS_FOLDER_USABLE_AFTER_STORE_CLOSE(null, Angus.PROTOCOLS),

    /**
     * Jakarta Mail {@code Message.setFlags}/{@code Folder.setFlags}: IllegalStateException if the
     * folder "has been opened READ_ONLY". Angus does not check: it sends STORE (and EXPUNGE, and
     * FETCH BODY[] without .PEEK) to the server, so only a server that refuses produces an error (for STORE a
     * MessagingException; a refused EXPUNGE becomes IllegalStateException), and on a server that
     * does not enforce EXAMINE the change is made.
     */
    ANGUS_READ_ONLY_LEFT_TO_SERVER(null, Angus.PROTOCOLS),

    /**
     * Jakarta Mail {@code MimePart.getContentLanguage}: "the languages specified in the
     * Content-Language header"; RFC 9051 7.5.2 returns them as body-fld-lang of BODYSTRUCTURE.
     * Angus's IMAP body parts return null even though Dovecot sends {@code ("de" "en")}.
     */
    ANGUS_PART_CONTENT_LANGUAGE_MISSING(null, Angus.PROTOCOLS),

    /**
     * RFC 6532 3.2: header field values may contain raw UTF-8. Angus decodes the ENVELOPE's 8-bit
     * strings as ISO-8859-1 (unless {@code mail.mime.allowutf8=true}), so "Grüße" reads "GrÃ¼Ãe".
     */
    ANGUS_RAW_UTF8_HEADER_AS_LATIN1(null, Angus.PROTOCOLS),

    /**
     * {@code Folder.delete(true)}: "delete this folder and all subfolders". Dovecot under load
     * sometimes keeps the parent after its DELETE answered OK (seen twice in about fifteen full
     * suite runs with Angus, once with imap4lib, never in a 40-round loop on its own). imap4lib
     * checks and deletes a second round itself; for Angus the test deletes once more and still
     * requires the end state.
     */
    ANGUS_RECURSIVE_DELETE_SOMETIMES_LEAVES_PARENT(Target.ServerKind.DOVECOT, Angus.PROTOCOLS),
    ;


    /** The Angus Mail IMAP provider's protocol names (a holder: enum constants cannot see static fields). */
    private static final class Angus {
        static final Set<String> PROTOCOLS = Set.of("imap", "imaps");
    }

    private final Target.ServerKind server;
    private final Set<String> protocols;

    Deviation(Target.ServerKind server, Set<String> protocols) {
        this.server = server;
        this.protocols = protocols;
    }

    /** A server deviation applies for every protocol on that server; a provider one on every server. */
    boolean appliesTo(String protocol, Target.ServerKind kind) {
        return (server == null || server == kind) && (protocols == null || protocols.contains(protocol));
    }
}
