package dev.imap4lib.provider;

import jakarta.mail.AuthenticationFailedException;

/**
 * The server sent a login referral (RFC 2221 LOGIN-REFERRALS, {@code [REFERRAL imap://...]}):
 * the account lives on another server. Thrown when login fails with a referral, and, with
 * {@code mail.imap.referralexception=true}, also when it succeeds with one (the connection is
 * then closed). Angus Mail's {@code ReferralException} under the same name and shape.
 */
public class ReferralException extends AuthenticationFailedException {
    private static final long serialVersionUID = 1L;

    /** The referral URL, as the server sent it. */
    private final String url;
    /** The server's text after the response code. */
    private final String text;

    /** A referral to {@code url} with the server's {@code text}. */
    public ReferralException(String url, String text) {
        super("[REFERRAL " + url + "] " + text);
        this.url = url;
        this.text = text;
    }

    /** The URL the server referred to (an IMAP URL, RFC 5092). */
    public String getUrl() {
        return url;
    }

    /** The human-readable text of the server's response. */
    public String getText() {
        return text;
    }
}
