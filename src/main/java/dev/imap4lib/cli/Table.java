package dev.imap4lib.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Aligned columns; one column may shrink (truncated with an ellipsis) so a row fits the terminal. */
final class Table {
    private final Ctx ctx;
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();
    private final Set<Integer> right = new HashSet<>();
    private final int[] maxWidth;

    Table(Ctx ctx, String... headers) {
        this.ctx = ctx;
        this.headers = headers;
        this.maxWidth = new int[headers.length];
    }

    void rightAlign(int... cols) {
        for (int c : cols) {
            right.add(c);
        }
    }

    /** Caps a column's width (its cells are truncated). */
    void maxWidth(int col, int width) {
        maxWidth[col] = width;
    }

    void row(String... cells) {
        rows.add(cells);
    }

    /** Prints the table; column {@code flex} takes what is left of the terminal width (-1: none). */
    void print(int flex) {
        int n = headers.length;
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = Text.width(headers[i]);
        }
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) {
                int cw = Text.width(r[i]);
                w[i] = Math.max(w[i], maxWidth[i] > 0 ? Math.min(maxWidth[i], cw) : cw);
            }
        }
        if (flex >= 0) {
            int others = 0;
            for (int i = 0; i < n; i++) {
                if (i != flex) {
                    others += w[i] + 2;
                }
            }
            w[flex] = Math.max(Text.width(headers[flex]), Math.min(w[flex], ctx.columns() - others - 1));
        }
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < n; i++) {
            h.append(cell(headers[i], w[i], i, i == n - 1));
        }
        ctx.out.println(ctx.c(Ctx.BOLD, h.toString().stripTrailing()));
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String v = Text.width(r[i]) > w[i] ? Text.truncate(r[i], w[i]) : r[i];
                sb.append(cell(v, w[i], i, i == n - 1));
            }
            ctx.out.println(sb.toString().stripTrailing());
        }
    }

    private String cell(String v, int width, int col, boolean last) {
        String s = right.contains(col) ? Text.padLeft(v, width) : Text.padRight(v, width);
        return last ? s : s + "  ";
    }
}
