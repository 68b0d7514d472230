package io.claimmatrix.schedule;


import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link ScheduleResult} the way PostgreSQL's isolation tester writes an expected file: the story as a
 * comment, {@code starting permutation: ...}, one {@code step name: SQL} line per step, result rows as a small
 * table, {@code <waiting ...>} when a step blocks and {@code <... completed>} when it goes on, then the outcome.
 * The claim statement is shown as {@code <claim query>} (it is printed once, above the timelines).
 */
public final class TimelineText {

    static final String CLAIM_QUERY = "<claim query>";
    private static final int WIDTH = 100;

    private TimelineText() {
    }

    public static String render(ScheduleResult r) {
        return render(r, true);
    }

    /** @param withStory false to leave out the story, e.g. when the same schedule was printed just before */
    public static String render(ScheduleResult r, boolean withStory) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(r.schedule()).append(" (fixture ").append(r.fixture()).append(")\n");
        if (withStory) {
            for (String line : wrap(r.story(), WIDTH - 2)) {
                b.append("# ").append(line).append('\n');
            }
        }
        b.append('\n').append("starting permutation: ").append(r.permutation()).append('\n');
        for (TimelineEntry e : r.timeline()) {
            StepRecord s = r.steps().get(e.step());
            switch (e.kind()) {
                case RAN -> {
                    b.append("step ").append(s.name()).append(": ").append(statementText(r, s)).append('\n');
                    result(b, s);
                }
                case WAITING -> b.append("step ").append(s.name()).append(": ").append(statementText(r, s))
                        .append(" <waiting ...>").append('\n');
                case COMPLETED -> {
                    b.append("step ").append(s.name()).append(": <... completed>")
                            .append(s.waited() ? "  -- waited for " + String.join(", then ", s.waitedFor()) : "").append('\n');
                    result(b, s);
                }
            }
        }
        b.append('\n').append("outcome: ").append(r.outcome().label()).append(": ").append(r.outcomeDetail()).append('\n');
        if (r.outcome() != Outcome.SKIP && r.outcome() != Outcome.NOTHING && !r.transactions().isEmpty()) {
            b.append("transactions: ").append(r.transactionSummary()).append('\n');
        }
        return b.toString();
    }

    /** The SQL a step sent, the claim statement abbreviated; a note when it sent nothing. */
    static String statementText(ScheduleResult r, StepRecord s) {
        List<String> parts = new ArrayList<>();
        for (String sql : s.statements()) {
            parts.add(sql.equals(r.claimSql()) ? CLAIM_QUERY : sql);
        }
        String text = String.join("; ", parts);
        if (!text.isEmpty() && !text.equals(CLAIM_QUERY) && !text.endsWith(";")) {
            text += ";";
        }
        if (s.step().action() == Action.CLAIM && s.statements().isEmpty()) {
            text = CLAIM_QUERY;
        }
        List<String> notes = new ArrayList<>();
        if (s.deferred()) {
            notes.add("deferred: " + s.session() + " was still waiting when its turn came");
        }
        if (s.note() != null) {
            notes.add(s.note());
        }
        if (!notes.isEmpty()) {
            text = (text.isEmpty() ? "" : text + "  ") + "-- " + String.join("; ", notes);
        }
        return text;
    }

    private static void result(StringBuilder b, StepRecord s) {
        if (s.failed()) {
            b.append("ERROR:  ").append(s.error()).append(" (SQLSTATE ").append(s.sqlState()).append(")\n");
        } else if (s.result() != null) {
            rows(b, s.result());
        } else if (!s.claimRows().isEmpty()) {
            // A claim statement of several: its rows are the next statement's input, not yet the claim's.
            for (int n : s.claimRows()) {
                b.append('(').append(n).append(n == 1 ? " row)" : " rows)").append('\n');
            }
            b.append('\n');
        }
    }

    /** psql-style, as the isolation tester prints result sets. */
    private static void rows(StringBuilder b, StepRecord.ResultRows result) {
        List<String> columns = result.columns().isEmpty() ? List.of("key") : result.columns();
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (List<String> row : result.rows()) {
                widths[i] = Math.max(widths[i], i < row.size() ? row.get(i).length() : 0);
            }
        }
        line(b, columns, widths);
        for (int i = 0; i < widths.length; i++) {
            b.append(i == 0 ? "" : "+").append("-".repeat(widths[i]));
        }
        b.append('\n');
        for (List<String> row : result.rows()) {
            line(b, row, widths);
        }
        int n = result.rows().size();
        b.append('(').append(n).append(n == 1 ? " row)" : " rows)").append("\n\n");
    }

    private static void line(StringBuilder b, List<String> cells, int[] widths) {
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            b.append(i == 0 ? "" : "|").append(i == widths.length - 1 ? cell : pad(cell, widths[i]));
        }
        b.append('\n');
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
