package dev.imap4lib.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imap4lib.response.Acl;
import dev.imap4lib.response.Address;
import dev.imap4lib.response.Annotation;
import dev.imap4lib.response.BodyStructure;
import dev.imap4lib.response.Capability;
import dev.imap4lib.response.Enabled;
import dev.imap4lib.response.Envelope;
import dev.imap4lib.response.FetchData;
import dev.imap4lib.response.IdResponse;
import dev.imap4lib.response.ListEntry;
import dev.imap4lib.response.ListRights;
import dev.imap4lib.response.MailboxStatus;
import dev.imap4lib.response.Metadata;
import dev.imap4lib.response.MyRights;
import dev.imap4lib.response.Namespaces;
import dev.imap4lib.response.Parameters;
import dev.imap4lib.response.Quota;
import dev.imap4lib.response.QuotaRoot;
import dev.imap4lib.response.ResponseCode;
import dev.imap4lib.response.SearchResult;
import dev.imap4lib.response.SequenceSet;
import dev.imap4lib.response.ThreadNode;
import dev.imap4lib.wire.Flags;
import dev.imap4lib.wire.InternalDate;
import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.Tokenizer;
import java.util.List;

/**
 * Feeds one framed response to every typed parser of {@code dev.imap4lib.response}, positioned
 * as the client positions them (just after {@code * [n] TYPE SP}), plus the response-code parser
 * at the first {@code [}. A parser may refuse the bytes only with {@link ResponseFormatException};
 * a value it accepts must answer all its accessors without throwing (they re-read arguments
 * that parsing claims to have validated), and a sequence set must survive its own text form.
 */
final class ParseEverything {
    private ParseEverything() {
    }

    @FunctionalInterface
    private interface Parser {
        Object parse(Tokenizer t) throws ResponseFormatException;
    }

    static void response(RawResponse r, int maxDepth) {
        byte[] b = r.bytes();
        r.tag();
        r.toString();
        r.imaplibData(0);
        Flags.parse(b);
        try {
            InternalDate.parseFromResponse(b);
        } catch (IllegalArgumentException documented) {
            // a present but malformed INTERNALDATE item
        }
        int bracket = indexOf(b, '[');
        if (bracket >= 0) {
            parse(new Tokenizer(b, bracket, b.length), ResponseCode::parse);
        }
        Tokenizer t = r.tokenizer();
        long number = -1;
        try {
            t.word();
            t.skipSpaces();
            if (t.peekDigit()) {
                number = t.number();
                t.skipSpaces();
            }
            t.atom();
        } catch (ResponseFormatException notData) {
            return;
        }
        t.skipSpaces();
        int value = t.position();
        int msgno = (int) Math.min(Integer.MAX_VALUE, Math.max(0, number));
        Parser[] all = {
            u -> FetchData.parse(msgno, u, maxDepth),
            u -> ListEntry.parse(u, false),
            u -> ListEntry.parse(u, true),
            u -> MailboxStatus.parse(u, false),
            u -> MailboxStatus.parse(u, true),
            SearchResult::parseSearch,
            SearchResult::parseSort,
            SearchResult::parseEsearch,
            u -> ThreadNode.parse(u, maxDepth),
            Namespaces::parse,
            Quota::parse,
            u -> QuotaRoot.parse(u, false),
            u -> Acl.parse(u, false),
            u -> MyRights.parse(u, false),
            u -> ListRights.parse(u, false),
            u -> Metadata.parse(u, false),
            u -> Annotation.parse(u, false),
            Capability::parseCapabilities,
            Enabled::parse,
            IdResponse::parse,
            Envelope::parse,
            Address::parseList,
            Parameters::parse,
            SequenceSet::parse,
            ResponseCode::parse,
            Tokenizer::flagList,
            u -> {
                u.skipValue(maxDepth);
                return null;
            },
        };
        for (Parser p : all) {
            parse(new Tokenizer(b, value, b.length), p);
        }
    }

    private static void parse(Tokenizer t, Parser p) {
        Object v;
        try {
            v = p.parse(t);
        } catch (ResponseFormatException refused) {
            return;
        }
        use(v);
    }

    /** Calls what a user of the parsed value would call. */
    private static void use(Object v) {
        if (v == null) {
            return;
        }
        v.toString();
        if (v instanceof FetchData f) {
            f.hasFlag("\\Seen");
            f.section("BODY[]");
            f.sectionOrigin("BODY[]");
            use(f.envelope());
            use(f.bodyStructure());
        } else if (v instanceof ResponseCode c) {
            c.uidValidity();
            c.uidNext();
            c.unseen();
            c.highestModSeq();
            c.permanentFlags();
            c.capabilities();
            use(c.appendUid() == null ? null : c.appendUid().uids());
            ResponseCode.CopyUid copy = c.copyUid();
            if (copy != null) {
                use(copy.source());
                use(copy.destination());
            }
            c.badCharset();
            use(c.modified());
            c.referral();
        } else if (v instanceof ListEntry e) {
            e.hasChildren();
            e.noSelect();
            e.specialUse();
            e.childInfo();
            e.oldName();
        } else if (v instanceof Envelope e) {
            e.decodedSubject();
            for (List<Address> l : List.of(e.from(), e.sender(), e.replyTo(), e.to(), e.cc(), e.bcc())) {
                use(l);
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                use(o);
            }
        } else if (v instanceof Address a) {
            a.address();
            a.decodedPersonal();
        } else if (v instanceof BodyStructure s) {
            useBody(s);
        } else if (v instanceof Parameters p) {
            for (Parameters.Parameter x : p.list()) {
                p.decoded(x.name());
                p.decoded(x.name(), false);
            }
        } else if (v instanceof SearchResult s) {
            s.numberList();
            use(s.all());
        } else if (v instanceof ThreadNode n) {
            n.messages();
        } else if (v instanceof SequenceSet s) {
            // the text form is what the client sends back (UID sets from COPYUID, ESEARCH ALL)
            assertEquals(s, SequenceSet.parse(s.toString()), "sequence set text round trip");
            s.size();
            s.contains(1);
        }
    }

    private static void useBody(BodyStructure s) {
        s.mimeType();
        s.section();
        use(s.params());
        if (s instanceof BodyStructure.Message m) {
            use(m.envelope());
        }
        for (BodyStructure p : s.parts()) {
            if (p != null) {
                useBody(p);
            }
        }
    }

    private static int indexOf(byte[] b, int c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
