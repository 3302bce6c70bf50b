package dev.imap4lib.response;

import dev.imap4lib.wire.ResponseFormatException;
import dev.imap4lib.wire.ResponseLimitException;
import dev.imap4lib.wire.Tokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * One node of a THREAD response (RFC 5256): a message and its replies. A chain {@code (1 2 3)}
 * becomes 1 → 2 → 3, each the only child of the one before; {@code (3 6 (4 23)(44 7 96))} gives
 * 6 two children, 4 and 44.
 *
 * <p>Reply chains can be long, so parsing and {@link #equals}, {@link #hashCode} and
 * {@link #toString} work without recursion; the depth of a tree is capped at
 * {@link #MAX_TREE_DEPTH} all the same, so that callers may recurse over it.
 *
 * @param message the message number or UID, or 0 for a missing parent that only groups its
 *     children (a thread written as {@code ((3)(5))})
 * @param children replies, in the order sent
 */
public record ThreadNode(long message, List<ThreadNode> children) {

    /** The deepest tree (chains included) accepted, whatever the parenthesis nesting. */
    public static final int MAX_TREE_DEPTH = 10_000;

    public ThreadNode {
        children = List.copyOf(children);
    }

    /** Whether this node stands for a parent the server did not find. */
    public boolean isDummy() {
        return message == 0;
    }

    /** All message numbers of this thread in depth-first order (dummies left out). */
    public long[] messages() {
        long[] out = new long[16];
        int n = 0;
        Deque<ThreadNode> todo = new ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            ThreadNode x = todo.pop();
            if (x.message != 0) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = x.message;
            }
            for (int i = x.children.size() - 1; i >= 0; i--) {
                todo.push(x.children.get(i));
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Parses THREAD data with the tokenizer after {@code THREAD} (space consumed or not): any
     * number of thread lists, none when nothing matched.
     *
     * @param maxDepth deepest parenthesis nesting accepted
     * @throws ResponseLimitException when nesting exceeds {@code maxDepth} or a tree is deeper
     *     than {@link #MAX_TREE_DEPTH}
     * @throws ResponseFormatException when the data is malformed
     */
    public static List<ThreadNode> parse(Tokenizer t, int maxDepth) throws ResponseFormatException {
        List<ThreadNode> forest = new ArrayList<>();
        while (true) {
            t.skipSpaces();
            if (t.atEnd()) {
                return forest;
            }
            if (t.peek() != '(') {
                throw t.error("expected '('");
            }
            forest.add(freeze(threadList(t, maxDepth)));
        }
    }

    /** A node under construction. */
    private static final class B {
        final long message;
        final List<B> kids = new ArrayList<>(1);
        ThreadNode built;
        int next;

        B(long message) {
            this.message = message;
        }
    }

    /** One open parenthesis: its members so far and the nested lists that follow them. */
    private static final class Frame {
        final int base;
        B first;
        B last;
        int lastDepth;
        final List<B> nested = new ArrayList<>(2);

        Frame(int base) {
            this.base = base;
        }
    }

    private static B threadList(Tokenizer t, int maxDepth) throws ResponseFormatException {
        Deque<Frame> stack = new ArrayDeque<>();
        t.expect('(');
        stack.push(new Frame(0));
        while (true) {
            t.skipSpaces();
            int c = t.peek();
            Frame f = stack.peek();
            if (c >= '0' && c <= '9') {
                if (!f.nested.isEmpty()) {
                    throw t.error("message number after nested thread");
                }
                int at = t.position();
                long n = t.number32();
                if (n == 0) {
                    t.position(at);
                    throw t.error("message number 0");
                }
                B b = new B(n);
                int d = f.last == null ? f.base : f.lastDepth + 1;
                if (d >= MAX_TREE_DEPTH) {
                    throw new ResponseLimitException("thread deeper than " + MAX_TREE_DEPTH + " messages");
                }
                if (f.last == null) {
                    f.first = b;
                } else {
                    f.last.kids.add(b);
                }
                f.last = b;
                f.lastDepth = d;
            } else if (c == '(') {
                if (stack.size() >= maxDepth) {
                    throw t.tooDeep(maxDepth);
                }
                t.tryByte('(');
                stack.push(new Frame(f.last == null ? f.base + 1 : f.lastDepth + 1));
            } else if (c == ')') {
                t.tryByte(')');
                stack.pop();
                B result;
                if (f.first != null) {
                    f.last.kids.addAll(f.nested);
                    result = f.first;
                } else if (f.nested.isEmpty()) {
                    throw t.error("empty thread");
                } else if (f.nested.size() == 1) {
                    result = f.nested.get(0);
                } else {
                    result = new B(0);
                    result.kids.addAll(f.nested);
                }
                if (stack.isEmpty()) {
                    return result;
                }
                stack.peek().nested.add(result);
            } else {
                throw t.error(c == -1 ? "unbalanced parentheses" : "unexpected character in thread");
            }
        }
    }

    /** Builds the immutable tree bottom-up with an explicit stack. */
    private static ThreadNode freeze(B root) {
        Deque<B> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            B b = stack.peek();
            if (b.next < b.kids.size()) {
                stack.push(b.kids.get(b.next++));
            } else {
                stack.pop();
                List<ThreadNode> kids = new ArrayList<>(b.kids.size());
                for (B k : b.kids) {
                    kids.add(k.built);
                    k.built = null;
                }
                b.built = new ThreadNode(b.message, kids);
            }
        }
        return root.built;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ThreadNode other)) {
            return false;
        }
        Deque<ThreadNode> a = new ArrayDeque<>();
        Deque<ThreadNode> b = new ArrayDeque<>();
        a.push(this);
        b.push(other);
        while (!a.isEmpty()) {
            ThreadNode x = a.pop();
            ThreadNode y = b.pop();
            if (x == y) {
                continue;
            }
            if (x.message != y.message || x.children.size() != y.children.size()) {
                return false;
            }
            for (int i = 0; i < x.children.size(); i++) {
                a.push(x.children.get(i));
                b.push(y.children.get(i));
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        Deque<ThreadNode> todo = new ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            ThreadNode x = todo.pop();
            h = 31 * (31 * h + Long.hashCode(x.message)) + x.children.size();
            for (ThreadNode c : x.children) {
                todo.push(c);
            }
        }
        return h;
    }

    /** The thread in RFC 5256 form, e.g. {@code (3 6 (4 23)(44 7 96))}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        Deque<Object> todo = new ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o instanceof String s) {
                sb.append(s);
                continue;
            }
            ThreadNode x = (ThreadNode) o;
            List<ThreadNode> k = x.children;
            boolean chain = !x.isDummy() && k.size() == 1;
            if (!x.isDummy()) {
                sb.append(x.message);
            }
            if (chain) {
                sb.append(' ');
                todo.push(k.get(0));
            } else if (!k.isEmpty()) {
                if (!x.isDummy()) {
                    sb.append(' ');
                }
                for (int i = k.size() - 1; i >= 0; i--) {
                    todo.push(")");
                    todo.push(k.get(i));
                    todo.push("(");
                }
            }
        }
        return sb.append(')').toString();
    }
}
