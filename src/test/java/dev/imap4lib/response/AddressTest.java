package dev.imap4lib.response;

import static dev.imap4lib.response.Fixtures.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imap4lib.wire.ResponseFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressTest {

    @Test
    void groupsPerRfc3501() throws Exception {
        List<Address> l = Address.parseList(of("((NIL NIL \"team\" NIL)(\"A\" NIL \"a\" \"x.org\")(NIL NIL NIL NIL))"));
        assertEquals(3, l.size());
        assertTrue(l.get(0).isGroupStart());
        assertEquals("team", l.get(0).mailbox());
        assertNull(l.get(0).address());
        assertFalse(l.get(1).isGroupStart());
        assertEquals("a@x.org", l.get(1).address());
        assertTrue(l.get(2).isGroupEnd());
        assertEquals(List.of(), Address.parseList(of("NIL")));
        assertEquals(List.of(), Address.parseList(of("()")));
        assertEquals(1, Address.parseList(of("( (NIL NIL \"a\" \"b\") )")).size());
    }

    @Test
    void encodedWords() {
        assertEquals("J\u00fcrgen M\u00fcller", new Address("=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=", null, "j", "x").decodedPersonal());
        assertEquals("Keld J\u00f8rn Simonsen", new Address("Keld =?ISO-8859-1?Q?J=F8rn?= Simonsen", null, "k", "x")
                .decodedPersonal());
        // whitespace between adjacent encoded-words disappears (RFC 2047 §6.2)
        assertEquals("ab", new Address("=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?b?=", null, "k", "x").decodedPersonal());
        // a UTF-8 character split across two words
        assertEquals("\u20ac", new Address("=?UTF-8?B?4oI=?= =?UTF-8?B?rA==?=", null, "k", "x").decodedPersonal());
        String unknown = "=?x-no-such-charset?Q?abc?= tail";
        assertEquals(unknown, new Address(unknown, null, "k", "x").decodedPersonal());
        assertEquals("=?UTF-8?Q?broken=Z?=", new Address("=?UTF-8?Q?broken=Z?=", null, "k", "x").decodedPersonal());
        assertNull(new Address(null, null, "k", "x").decodedPersonal());
        Envelope e = new Envelope(null, "=?utf-8?b?SGVsbG8=?= world", List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), null, null);
        assertEquals("Hello world", e.decodedSubject());
    }

    @Test
    void malformed() {
        for (String s : new String[] {"((NIL NIL \"a\"))", "((NIL NIL \"a\" \"b\")", "(NIL NIL \"a\" \"b\")", "X"}) {
            assertThrows(ResponseFormatException.class, () -> Address.parseList(of(s)), s);
        }
    }
}
