package dev.imap4lib.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaslTest {

    @Test
    void createsEveryMechanismCaseInsensitively() {
        char[] pw = "pw".toCharArray();
        for (String name : Sasl.supported()) {
            SaslMechanism m = Sasl.create(name.toLowerCase(java.util.Locale.ROOT), null, "u", pw);
            assertEquals(name, m.name());
        }
        assertInstanceOf(ScramSha256.class, Sasl.create("Scram-Sha-1", "", "u", pw));
        assertInstanceOf(CramMd5.class, Sasl.create("cram-md5", null, "u", pw));
    }

    @Test
    void rejectsUnknownAndMisplacedAuthzid() {
        char[] pw = "pw".toCharArray();
        assertThrows(IllegalArgumentException.class, () -> Sasl.create("GSSAPI", null, "u", pw));
        assertThrows(IllegalArgumentException.class, () -> Sasl.create("SCRAM-SHA-256-PLUS", null, "u", pw));
        assertThrows(IllegalArgumentException.class, () -> Sasl.create("LOGIN", "admin", "u", pw));
        assertThrows(IllegalArgumentException.class, () -> Sasl.create("CRAM-MD5", "admin", "u", pw));
        assertThrows(IllegalArgumentException.class, () -> Sasl.create("XOAUTH2", "admin", "u", pw));
    }

    @Test
    void oauthBearerUsesAuthzidOrUser() throws SaslException {
        assertEquals("n,a=u,\u0001auth=Bearer t\u0001\u0001", new String(
                Sasl.create("OAUTHBEARER", null, "u", "t".toCharArray()).initialResponse(), StandardCharsets.UTF_8));
        assertEquals("n,a=z,\u0001auth=Bearer t\u0001\u0001", new String(
                Sasl.create("OAUTHBEARER", "z", "u", "t".toCharArray()).initialResponse(), StandardCharsets.UTF_8));
    }

    @Test
    void preferenceOrder() {
        assertArrayEquals(new String[] {"SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"}, Sasl.preferredOrder());
        Sasl.preferredOrder()[0] = "tampered";
        assertEquals("SCRAM-SHA-256", Sasl.preferredOrder()[0]);
        assertEquals("PLAIN", Sasl.selectPreferred(List.of("login", "plain", "XOAUTH2")));
        assertEquals("SCRAM-SHA-256", Sasl.selectPreferred(List.of("PLAIN", "scram-sha-256")));
        assertNull(Sasl.selectPreferred(List.of("XOAUTH2", "OAUTHBEARER")));
        assertThrows(UnsupportedOperationException.class, () -> Sasl.supported().add("X"));
    }
}
