package dev.imap4lib.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScramSha256Test {
    private static final String RFC7677_SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String RFC7677_CLIENT_FINAL =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String RFC7677_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static ScramSha256 rfc7677() {
        return new ScramSha256(null, "user", "pencil".toCharArray(), ScramSha256.Algorithm.SHA_256, "rOprNGfwEbeRWgbNEkqO");
    }

    @Test
    void rfc7677Example() throws SaslException {
        ScramSha256 m = rfc7677();
        assertEquals("SCRAM-SHA-256", m.name());
        assertTrue(m.hasInitialResponse());
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", s(m.initialResponse()));
        assertEquals(RFC7677_CLIENT_FINAL, s(m.evaluateChallenge(b(RFC7677_SERVER_FIRST))));
        assertFalse(m.isComplete());
        assertArrayEquals(new byte[0], m.evaluateChallenge(b(RFC7677_SERVER_FINAL)));
        assertTrue(m.isComplete());
        assertThrows(SaslException.class, () -> m.evaluateChallenge(new byte[0]));
    }

    @Test
    void rfc5802Sha1Example() throws SaslException {
        ScramSha256 m = new ScramSha256(null, "user", "pencil".toCharArray(), ScramSha256.Algorithm.SHA_1,
                "fyko+d2lbbFgONRv9qkxdawL");
        assertEquals("SCRAM-SHA-1", m.name());
        assertEquals("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", s(m.initialResponse()));
        assertEquals("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
                s(m.evaluateChallenge(b("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))));
        m.evaluateChallenge(b("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="));
        assertTrue(m.isComplete());
    }

    @Test
    void withoutSaslIrFirstChallengeIsEmpty() throws SaslException {
        ScramSha256 m = rfc7677();
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", s(m.evaluateChallenge(new byte[0])));
        assertEquals(RFC7677_CLIENT_FINAL, s(m.evaluateChallenge(b(RFC7677_SERVER_FIRST))));
    }

    @Test
    void tamperedServerSignatureThrows() throws SaslException {
        ScramSha256 m = rfc7677();
        m.initialResponse();
        m.evaluateChallenge(b(RFC7677_SERVER_FIRST));
        SaslException e = assertThrows(SaslException.class,
                () -> m.evaluateChallenge(b("v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
        assertFalse(m.isComplete());
    }

    @Test
    void serverErrorsAndBadMessages() throws SaslException {
        ScramSha256 m = rfc7677();
        m.initialResponse();
        m.evaluateChallenge(b(RFC7677_SERVER_FIRST));
        SaslException e = assertThrows(SaslException.class, () -> m.evaluateChallenge(b("e=invalid-proof")));
        assertTrue(e.getMessage().contains("invalid-proof"), e.getMessage());

        String[] badFirst = {
            "r=OTHERNONCE,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            "r=rOprNGfwEbeRWgbNEkqOx,s=***,i=4096",
            "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
            "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2000000000",
            "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=many",
            "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==",
            "m=ext,r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            "e=other-error",
        };
        for (String bad : badFirst) {
            ScramSha256 fresh = rfc7677();
            fresh.initialResponse();
            assertThrows(SaslException.class, () -> fresh.evaluateChallenge(b(bad)), bad);
        }
    }

    @Test
    void authzidAndUserAreEscaped() throws SaslException {
        ScramSha256 m = new ScramSha256("ad=m,in", "u,s=er", "pw".toCharArray(), ScramSha256.Algorithm.SHA_256, "N");
        assertEquals("n,a=ad=3Dm=2Cin,n=u=2Cs=3Der,r=N", s(m.initialResponse()));
    }

    @Test
    void nonAsciiPasswordMatchesIndependentComputation() throws SaslException {
        // Expected messages computed with Python's hashlib.pbkdf2_hmac and hmac modules.
        ScramSha256 m = new ScramSha256(null, "u", "p\u00e4ss".toCharArray(), ScramSha256.Algorithm.SHA_256, "abc");
        m.initialResponse();
        assertEquals("c=biws,r=abcXYZ,p=m+GK4h6gIWBHcP9SLtlY3zG+Ut1Wm6IawzcjYSQglPM=",
                s(m.evaluateChallenge(b("r=abcXYZ,s=c2FsdA==,i=4096"))));
        m.evaluateChallenge(b("v=n7m1i45POOYKpg3cC5+dG9cMIxzOMBzmI6lFbLFigms="));
        assertTrue(m.isComplete());
        // The decomposed spelling normalises to the same password.
        ScramSha256 nfd = new ScramSha256(null, "u", "pa\u0308ss".toCharArray(), ScramSha256.Algorithm.SHA_256, "abc");
        nfd.initialResponse();
        assertEquals("c=biws,r=abcXYZ,p=m+GK4h6gIWBHcP9SLtlY3zG+Ut1Wm6IawzcjYSQglPM=",
                s(nfd.evaluateChallenge(b("r=abcXYZ,s=c2FsdA==,i=4096"))));
    }

    @Test
    void randomNoncesDiffer() throws SaslException {
        String a = s(new ScramSha256(null, "u", "p".toCharArray()).initialResponse());
        String c = s(new ScramSha256(null, "u", "p".toCharArray()).initialResponse());
        assertTrue(a.startsWith("n,,n=u,r="), a);
        assertNotEquals(a, c);
        assertFalse(a.substring("n,,n=u,r=".length()).contains(","));
    }

    @Test
    void saslPrepRfc4013Examples() {
        assertEquals("IX", SaslPrep.prepare("I\u00adX", "x"));
        assertEquals("user", SaslPrep.prepare("user", "x"));
        assertEquals("USER", SaslPrep.prepare("USER", "x"));
        assertEquals("a", SaslPrep.prepare("\u00aa", "x"));
        assertEquals("IX", SaslPrep.prepare("\u2168", "x"));
        assertEquals("a b", SaslPrep.prepare("a\u00a0b", "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SaslPrep.prepare("\u0007", "password"));
        assertEquals("password contains a character that SASLprep prohibits", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SaslPrep.prepare("a\ue000", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> new ScramSha256(null, "u", "tab\there".toCharArray()));
    }
}
