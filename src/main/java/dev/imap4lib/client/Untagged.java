package dev.imap4lib.client;

import dev.imap4lib.wire.RawResponse;
import java.util.Arrays;
import java.util.List;

/**
 * One untagged server response (or one response code carried by a status response), as the
 * client stores it for {@link Imap4#response(String)} and hands it to {@link UntaggedListener}s.
 *
 * @param type the response type in upper case: {@code EXISTS}, {@code FETCH}, {@code LIST},
 *     {@code OK}, {@code BYE}, ... or, for a response code, the code's name ({@code READ-WRITE},
 *     {@code UIDVALIDITY}, ...)
 * @param number the message number of {@code * n EXISTS|RECENT|EXPUNGE|FETCH}, else -1
 * @param raw the whole response
 * @param dataStart where imaplib's data for this entry begins in {@code raw}
 * @param valueStart where the typed value begins (after the type keyword and its space)
 * @param dataEnd where it ends (exclusive)
 */
public record Untagged(String type, long number, RawResponse raw, int dataStart, int valueStart, int dataEnd) {

    /** A tokenizer over this entry's value, for the typed parsers. */
    public dev.imap4lib.wire.Tokenizer tokenizer() {
        return new dev.imap4lib.wire.Tokenizer(raw.bytes(), valueStart, dataEnd);
    }

    /**
     * imaplib's data items for this entry: {@code byte[]} segments and
     * {@link RawResponse.LiteralPair}s. For {@code * 12 FETCH (...)} the data starts at the
     * number, as imaplib gives {@code b'12 (...)'}.
     */
    public List<Object> data() {
        byte[] b = raw.bytes();
        if (number < 0 || dataStart == valueStart) {
            if (raw.hasLiterals() && dataEnd == raw.length()) {
                return raw.imaplibData(dataStart);
            }
            return List.of(Arrays.copyOfRange(b, dataStart, dataEnd));
        }
        // imaplib drops the type keyword: "* 12 FETCH (...)" gives b"12 (...)", "* 3 EXISTS" b"3".
        byte[] num = Long.toString(number).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (valueStart >= dataEnd) {
            return List.of(num);
        }
        List<Object> items = new java.util.ArrayList<>(raw.hasLiterals() ? raw.imaplibData(valueStart)
                : List.of(Arrays.copyOfRange(b, valueStart, dataEnd)));
        Object first = items.get(0);
        if (first instanceof RawResponse.LiteralPair p) {
            items.set(0, new RawResponse.LiteralPair(prefix(num, p.header()), p.literal()));
        } else {
            items.set(0, prefix(num, (byte[]) first));
        }
        return items;
    }

    private static byte[] prefix(byte[] num, byte[] rest) {
        byte[] out = new byte[num.length + 1 + rest.length];
        System.arraycopy(num, 0, out, 0, num.length);
        out[num.length] = ' ';
        System.arraycopy(rest, 0, out, num.length + 1, rest.length);
        return out;
    }

    /** The data as text (first segment only when literals are present). */
    public String text() {
        byte[] b = raw.bytes();
        return dev.imap4lib.wire.Tokenizer.decode(b, dataStart, dataEnd - dataStart);
    }

    @Override
    public String toString() {
        return type + (number >= 0 ? "(" + number + ")" : "") + ": " + raw;
    }
}
