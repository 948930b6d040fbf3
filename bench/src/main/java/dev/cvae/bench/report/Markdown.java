package dev.cvae.bench.report;

/** A Markdown document built line by line: headings, paragraphs and pipe tables. Not thread-safe. */
final class Markdown {
    private final StringBuilder text = new StringBuilder();

    void heading(int level, String title) {
        text.append("#".repeat(level)).append(' ').append(title).append("\n\n");
    }

    void line(String line) {
        text.append(line).append('\n');
    }

    void blank() {
        text.append('\n');
    }

    /** A table row; a cell's "|" is escaped. */
    void row(String... cells) {
        text.append('|');
        for (String cell : cells) text.append(' ').append(cell == null ? "" : cell.replace("|", "\\|")).append(" |");
        text.append('\n');
    }

    /** The separator row under a table's header, e.g. "---" or "---:" per column. */
    void alignment(String... columns) {
        row(columns);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
