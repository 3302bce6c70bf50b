package dev.imap4lib.wire;

/**
 * Bounds on what one server response may occupy in memory. Whatever a server sends, a reader
 * never holds more than {@code maxResponseSize} bytes of one response.
 *
 * @param maxLineLength longest line (between literals) accepted, like imaplib's {@code _MAXLINE}
 * @param maxLiteralSize largest literal buffered in memory; larger ones need a {@link LiteralSink}
 * @param maxResponseSize largest total of one response, lines and buffered literals together
 * @param maxDepth deepest parenthesis nesting a parser follows
 */
public record ReaderLimits(int maxLineLength, int maxLiteralSize, int maxResponseSize, int maxDepth) {
    /** 1 MB lines (imaplib's default), 64 MB literals and responses, 64 levels of nesting. */
    public static final ReaderLimits DEFAULT = new ReaderLimits(1_000_000, 64 << 20, 64 << 20, 64);

    public ReaderLimits {
        if (maxLineLength < 1024 || maxLiteralSize < 0 || maxResponseSize < maxLineLength || maxDepth < 8) {
            throw new IllegalArgumentException("unreasonable reader limits");
        }
    }

    public ReaderLimits withMaxLineLength(int v) {
        return new ReaderLimits(v, maxLiteralSize, Math.max(v, maxResponseSize), maxDepth);
    }

    public ReaderLimits withMaxLiteralSize(int v) {
        return new ReaderLimits(maxLineLength, v, Math.max(v, maxResponseSize), maxDepth);
    }
}
