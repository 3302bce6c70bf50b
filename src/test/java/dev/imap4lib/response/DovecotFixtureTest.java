package dev.imap4lib.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.Tokenizer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every FETCH of a capture from Dovecot 2.3 (fixtures/dovecot-fetch-envelope-bodystructure.txt). */
class DovecotFixtureTest {

    @Test
    void parsesAllSixtyMessages() throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/dovecot-fetch-envelope-bodystructure.txt")) {
            assertNotNull(in);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int fetches = 0;
        int rfc2231 = 0;
        int forwarded = 0;
        for (String line : text.split("\r\n")) {
            if (!line.startsWith("* ")) {
                continue;
            }
            Tokenizer t = RawResponse.of(line).tokenizer();
            t.position(2);
            int msgno = t.intNumber();
            t.space();
            assertTrue(t.tryAtom("FETCH"));
            t.space();
            FetchData f = FetchData.parse(msgno, t, 64);
            assertTrue(t.atEnd());
            fetches++;
            assertEquals((long) msgno, f.uid());
            assertNotNull(f.envelope());
            assertNotNull(f.internalDate());
            BodyStructure b = f.bodyStructure();
            assertNotNull(b);
            if (b.filename().isEmpty()) {
                for (BodyStructure p : b.parts()) {
                    Optional<String> name = p.filename();
                    if (name.isPresent() && p.disposition().orElseThrow().params().get("filename*").isPresent()) {
                        assertEquals("\u00dcbersicht M\u00e4rz.pdf", name.get());
                        rfc2231++;
                    }
                    if (p instanceof BodyStructure.Message m) {
                        assertEquals("2", m.section());
                        assertEquals("2.1", m.body().section());
                        assertTrue(m.envelope().subject().startsWith("Test message "));
                        forwarded++;
                    }
                }
            }
            if (msgno == 2) {
                assertEquals("Gr\u00fc\u00dfe aus K\u00f6ln 2", f.envelope().decodedSubject());
                assertEquals("J\u00fcrgen M\u00fcller", f.envelope().from().get(0).decodedPersonal());
                assertInstanceOf(BodyStructure.Text.class, b);
            }
        }
        assertEquals(60, fetches);
        assertTrue(rfc2231 > 0);
        assertEquals(10, forwarded);
    }
}
