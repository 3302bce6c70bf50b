package dev.imap4lib.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaslMechanismsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void plainWithUtf8Password() throws SaslException {
        Plain p = new Plain(null, "tim", "p\u00e4ssw\u00f6rd".toCharArray());
        assertTrue(p.hasInitialResponse());
        assertFalse(p.isComplete());
        byte[] expected = {0, 't', 'i', 'm', 0, 'p', (byte) 0xc3, (byte) 0xa4, 's', 's', 'w', (byte) 0xc3, (byte) 0xb6, 'r', 'd'};
        assertArrayEquals(expected, p.initialResponse());
        assertTrue(p.isComplete());
        assertThrows(SaslException.class, () -> p.evaluateChallenge(new byte[0]));
        assertThrows(SaslException.class, p::initialResponse);
    }

    @Test
    void plainWithAuthzidAndWithoutSaslIr() throws SaslException {
        Plain p = new Plain("admin", "tim", "pw".toCharArray());
        assertEquals("admin\0tim\0pw", s(p.evaluateChallenge(new byte[0])));
        assertTrue(p.isComplete());
        assertThrows(IllegalArgumentException.class, () -> new Plain(null, "a\0b", "pw".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> new Plain(null, "a", "p\0w".toCharArray()));
    }

    @Test
    void loginAnswersByOrder() throws SaslException {
        Login l = new Login("tim", "secret".toCharArray());
        assertFalse(l.hasInitialResponse());
        assertThrows(SaslException.class, l::initialResponse);
        // Prompts deliberately swapped and odd: the position decides, not the text.
        assertEquals("tim", s(l.evaluateChallenge(b("Password:"))));
        assertFalse(l.isComplete());
        assertEquals("secret", s(l.evaluateChallenge(b("whatever"))));
        assertTrue(l.isComplete());
        assertThrows(SaslException.class, () -> l.evaluateChallenge(new byte[0]));
    }

    @Test
    void cramMd5Rfc2195Example() throws SaslException {
        CramMd5 c = new CramMd5("tim", "tanstaaftanstaaf".toCharArray());
        assertFalse(c.hasInitialResponse());
        byte[] response = c.evaluateChallenge(b("<1896.697170952@postoffice.reston.mci.net>"));
        assertEquals("tim b913a602c7eda7a495b4e6e7334d3890", s(response));
        assertTrue(c.isComplete());
        assertThrows(SaslException.class, () -> c.evaluateChallenge(b("<again>")));
        assertThrows(SaslException.class, () -> new CramMd5("tim", "x".toCharArray()).evaluateChallenge(new byte[0]));
    }

    @Test
    void cramMd5EmptyPasswordWorks() throws SaslException {
        // Expected value computed with Python's hmac module (empty key).
        assertEquals("u 1f38caa9f91a66169c1c7cc6276d601c",
                s(new CramMd5("u", new char[0]).evaluateChallenge(b("<1@x>"))));
    }

    @Test
    void xoauth2Format() throws SaslException {
        XOAuth2 x = new XOAuth2("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg".toCharArray());
        assertTrue(x.hasInitialResponse());
        assertEquals("user=someuser@example.com\u0001auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\u0001\u0001",
                s(x.initialResponse()));
        assertTrue(x.isComplete());
        assertNull(x.serverError());
    }

    @Test
    void xoauth2ErrorChallengeGetsEmptyResponse() throws SaslException {
        XOAuth2 x = new XOAuth2("u@example.com", "tok".toCharArray());
        // Without SASL-IR the first, empty challenge produces the message.
        assertEquals("user=u@example.com\u0001auth=Bearer tok\u0001\u0001", s(x.evaluateChallenge(new byte[0])));
        String json = "{\"status\":\"400\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}";
        assertArrayEquals(new byte[0], x.evaluateChallenge(b(json)));
        assertTrue(x.isComplete());
        assertEquals(json, x.serverError());
        assertThrows(SaslException.class, () -> x.evaluateChallenge(b(json)));
    }

    @Test
    void oauthBearerRfc7628Example() throws SaslException {
        OAuthBearer o = new OAuthBearer("user@example.com", "server.example.com", 143,
                "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==".toCharArray());
        assertEquals("n,a=user@example.com,\u0001host=server.example.com\u0001port=143"
                + "\u0001auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\u0001\u0001", s(o.initialResponse()));
        assertTrue(o.isComplete());
    }

    @Test
    void oauthBearerMinimalAndError() throws SaslException {
        OAuthBearer o = new OAuthBearer("a,b=c", "tok".toCharArray());
        assertEquals("n,a=a=2Cb=3Dc,\u0001auth=Bearer tok\u0001\u0001", s(o.initialResponse()));
        String json = "{\"status\":\"invalid_token\"}";
        // RFC 7628 3.2.3: the client answers an error challenge with a lone %x01.
        assertArrayEquals(new byte[] {1}, o.evaluateChallenge(b(json)));
        assertEquals(json, o.serverError());
        assertEquals("n,,\u0001auth=Bearer t\u0001\u0001", s(new OAuthBearer(null, "t".toCharArray()).initialResponse()));
    }

    @Test
    void callbackWrapsFunction() throws SaslException {
        List<String> seen = new ArrayList<>();
        Callback c = new Callback("x-custom", ch -> {
            seen.add(s(ch));
            return b("answer-" + seen.size());
        });
        assertEquals("X-CUSTOM", c.name());
        assertFalse(c.hasInitialResponse());
        assertFalse(c.isComplete());
        assertEquals("answer-1", s(c.evaluateChallenge(b("one"))));
        assertTrue(c.isComplete());
        assertEquals("answer-2", s(c.evaluateChallenge(b("two"))));
        assertEquals(List.of("one", "two"), seen);
    }

    @Test
    void callbackNullCancels() {
        Callback c = new Callback("FOO", ch -> null);
        SaslException e = assertThrows(SaslException.class, () -> c.evaluateChallenge(new byte[0]));
        assertTrue(e.getMessage().contains("cancel"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Callback("BAD NAME", ch -> ch));
        assertThrows(IllegalArgumentException.class, () -> new Callback("", ch -> ch));
    }

    @Test
    void secretsNeverInToStringOrMessages() throws SaslException {
        String secret = "Sup3rSecretValue";
        char[] pw = secret.toCharArray();
        List<SaslMechanism> all = List.of(
                new Plain("z", "u", pw), new Login("u", pw), new CramMd5("u", pw),
                new XOAuth2("u", pw), new OAuthBearer("u", pw), new ScramSha256(null, "u", pw),
                new ScramSha256(null, "u", pw, ScramSha256.Algorithm.SHA_1));
        for (SaslMechanism m : all) {
            assertFalse(m.toString().contains(secret), m.toString());
            assertTrue(m.toString().contains(m.name()), m.toString());
            try {
                for (int i = 0; i < 4; i++) {
                    m.evaluateChallenge(b("garbage," + i));
                }
            } catch (SaslException e) {
                assertFalse(e.getMessage().contains(secret), e.getMessage());
            }
            assertFalse(m.toString().contains(secret), m.toString());
        }
    }

    @Test
    void callerMayWipeArray() throws SaslException {
        char[] pw = "secret".toCharArray();
        Plain p = new Plain(null, "u", pw);
        java.util.Arrays.fill(pw, '\0');
        assertEquals("\0u\0secret", s(p.initialResponse()));
    }
}
