package io.outpost.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned table for a terminal of 80 columns: each column has a width and a side; a longer cell is
 * cut with {@code …} at its end (the start of a tag address says the most), numbers align right.
 */
final class TextTable {

    static final int WIDTH = 80;

    /** A column: its heading, its width, and whether it aligns right (numbers). */
    record Column(String heading, int width, boolean right) {
    }

    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<Column> columns) {
        int total = columns.stream().mapToInt(Column::width).sum() + columns.size() - 1;
        if (total > WIDTH) {
            throw new IllegalArgumentException("columns of " + total + " characters do not fit " + WIDTH);
        }
        this.columns = List.copyOf(columns);
    }

    TextTable row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        line(out, columns.stream().map(Column::heading).toList());
        rows.forEach(r -> line(out, r));
        return out.toString().stripTrailing();
    }

    private void line(StringBuilder out, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String cell = fit(i < cells.size() ? cells.get(i) : "", column.width());
            String pad = " ".repeat(column.width() - cell.length());
            line.append(i == 0 ? "" : " ").append(column.right() ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    static String fit(String text, int width) {
        String flat = text.replaceAll("\\p{Cntrl}", "?");
        return flat.length() <= width ? flat : flat.substring(0, width - 1) + "…";
    }

    /** {@code 850ms}, {@code 12s}, {@code 4m 12s}, {@code 3h 05m}, {@code 2d 4h}: the age of a reading or a record. */
    static String age(Object millis) {
        if (!(millis instanceof Number n)) {
            return "-";
        }
        long ms = n.longValue();
        long s = ms / 1000;
        if (ms < 1000) {
            return ms + "ms";
        }
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm %02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format("%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format("%dd %dh", s / 86_400, s % 86_400 / 3600);
    }
}
