package dev.imap4lib.provider;

import dev.imap4lib.client.Imap4Exception;
import dev.imap4lib.client.Result;
import dev.imap4lib.response.ResponseCode;

/**
 * Login referrals (RFC 2221): a {@code [REFERRAL url]} on the login's answer becomes a
 * {@link ReferralException}. A refused login with one always does (the account is elsewhere); a
 * successful one only with {@code referralexception}, as in Angus: the server then only suggests
 * another host, and by default the session goes on here.
 */
final class Referrals {
    private Referrals() {
    }

    /** After a successful login: throws when it carried a referral and {@code referralexception} is set. */
    static void check(Result<Void> login, boolean referralException) throws ReferralException {
        if (referralException && login != null) {
            throwIfReferral(login.code(), login.text());
        }
    }

    /** After a refused login: throws when the refusal carried a referral. */
    static void check(Imap4Exception refused) throws ReferralException {
        if ("NO".equals(refused.status())) {
            throwIfReferral(refused.code(), refused.getMessage());
        }
    }

    private static void throwIfReferral(ResponseCode code, String text) throws ReferralException {
        if (code != null && code.name().equalsIgnoreCase("REFERRAL") && code.argument() != null
                && !code.argument().isBlank()) {
            throw new ReferralException(code.argument().trim(), text == null ? "" : text);
        }
    }
}
