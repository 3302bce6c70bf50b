package dev.imap4lib.response;

import dev.imap4lib.wire.RawResponse;
import dev.imap4lib.wire.Tokenizer;
import java.nio.charset.StandardCharsets;

/** Builds tokenizers positioned the way the client hands them to the parsers. */
final class Fixtures {
    private Fixtures() {
    }

    /** A tokenizer over {@code response}, just after the first {@code keyword} and the space after it. */
    static Tokenizer after(String response, String keyword) {
        RawResponse r = RawResponse.of(response);
        byte[] b = r.bytes();
        byte[] k = (keyword + " ").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(b, k);
        if (at < 0) {
            // keyword at the very end (empty SEARCH, THREAD, ENABLED)
            k = keyword.getBytes(StandardCharsets.UTF_8);
            at = indexOf(b, k);
            if (at < 0) {
                throw new IllegalArgumentException("no " + keyword + " in " + response);
            }
        }
        Tokenizer t = r.tokenizer();
        t.position(at + k.length);
        return t;
    }

    /** A tokenizer over the whole of {@code text}. */
    static Tokenizer of(String text) {
        return RawResponse.of(text).tokenizer();
    }

    private static int indexOf(byte[] b, byte[] k) {
        outer:
        for (int i = 0; i + k.length <= b.length; i++) {
            for (int j = 0; j < k.length; j++) {
                if (b[i + j] != k[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String repeat(String s, int n) {
        return s.repeat(n);
    }
}
