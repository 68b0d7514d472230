package io.claimmatrix.search;

import io.claimmatrix.schedule.Action;
import io.claimmatrix.schedule.ScheduleResult;
import io.claimmatrix.schedule.StepRecord;
import io.claimmatrix.schedule.TimelineEntry;
import io.claimmatrix.schedule.TimelineText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A search result as text: one line per invariant (violated, with the shortest counterexample's length, or holding
 * within the bound), then each counterexample as a table with a column per session and a row per step (the Lincheck
 * way), the command that replays it, and its isolation-tester timeline.
 */
public final class SearchText {

    private static final int COLUMN = 44;

    private SearchText() {
    }

    public static String render(SearchResult r) {
        return render(r, "");
    }

    /**
     * As {@link #render(SearchResult)}, each replay command followed by {@code options}: where the variant came from
     * ({@code --queue DIR}, {@code --strategy-dir DIR}), so the printed command runs as it stands.
     */
    public static String render(SearchResult r, String options) {
        StringBuilder b = new StringBuilder();
        b.append("search ").append(r.variant()).append(": ").append(r.bound()).append('\n');
        b.append("fixtures: ").append(r.programs().entrySet().stream()
                .map(e -> e.getKey() + " (" + program(e.getValue()) + ")").collect(Collectors.joining(", "))).append('\n');
        if (r.rejection() != null) {
            b.append("PostgreSQL refuses the claim statement in every interleaving: ").append(r.rejection()).append('\n');
            return b.toString();
        }
        b.append('\n');
        int width = r.invariants().stream().mapToInt(i -> i.name().length()).max().orElse(10);
        for (Invariant i : r.invariants()) {
            Counterexample c = r.found().get(i);
            b.append(String.format(Locale.ROOT, "%-" + width + "s  ", i.name()));
            if (c == null) {
                b.append("holds: ").append(r.none());
            } else {
                b.append("VIOLATED in ").append(c.steps()).append(" steps (").append(c.result().fixture()).append("): ").append(c.evidence());
            }
            b.append('\n');
        }
        Map<String, List<Invariant>> byPermutation = new java.util.LinkedHashMap<>();
        for (Invariant i : r.invariants()) {
            Counterexample c = r.found().get(i);
            if (c != null) {
                byPermutation.computeIfAbsent(c.result().fixture() + "|" + c.permutation(), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Invariant> same : byPermutation.values()) {
            Counterexample c = r.found().get(same.get(0));
            b.append('\n').append("# ").append(same.stream().map(Enum::name).collect(Collectors.joining(", "))).append(": ")
                    .append(c.evidence()).append('\n');
            b.append("# replay: ").append(replay(r, c)).append(options).append("\n\n");
            b.append(table(c.result(), "breaks " + same.stream().map(Enum::name).collect(Collectors.joining(", ")) + ": " + c.evidence()))
                    .append('\n');
            b.append(TimelineText.render(c.result(), false));
        }
        return b.toString();
    }

    /** The explain command that replays a counterexample, under the statistics it was found under. */
    public static String replay(SearchResult r, Counterexample c) {
        return "claim-matrix explain " + r.variant() + " -s '" + c.permutation() + "'"
                + (r.statistics() == io.claimmatrix.model.Statistics.STALE ? " --statistics stale" : "");
    }

    /** {@code 1 claim statement, 1 write statement}. */
    static String program(Program p) {
        return p.claimStatements() + (p.claimStatements() == 1 ? " claim statement, " : " claim statements, ")
                + p.writeStatements() + (p.writeStatements() == 1 ? " write statement" : " write statements");
    }

    /** A column per session, a row per step in the order things happened, ending with the schedule's outcome. */
    public static String table(ScheduleResult r) {
        return table(r, "outcome: " + r.outcome().label() + ": " + r.outcomeDetail());
    }

    /** A column per session, a row per step in the order things happened, ending with {@code last}. */
    public static String table(ScheduleResult r, String last) {
        int sessions = r.steps().stream().mapToInt(s -> s.step().session()).max().orElse(1);
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (int s = 1; s <= sessions; s++) {
            header.add("s" + s);
        }
        row(b, header);
        b.append(("|" + "-".repeat(COLUMN + 2)).repeat(sessions)).append("|\n");
        for (TimelineEntry e : r.timeline()) {
            StepRecord s = r.steps().get(e.step());
            String[] cells = new String[sessions];
            java.util.Arrays.fill(cells, "");
            cells[s.step().session() - 1] = cell(s, e.kind());
            row(b, List.of(cells));
        }
        b.append(last).append('\n');
        return b.toString();
    }

    private static String cell(StepRecord s, TimelineEntry.Kind kind) {
        String what = switch (s.step().action()) {
            case BEGIN -> "BEGIN";
            case COMMIT -> "COMMIT";
            case ROLLBACK -> "ROLLBACK";
            case RESUME -> "(the scheduler resumes it)";
            case CLAIM, WRITE -> s.step().action().word() + (s.step().statement() > 0 ? " statement " + s.step().statement() : "");
        };
        if (kind == TimelineEntry.Kind.WAITING) {
            return what + (s.step().pause() ? ": snapshot, paused at the gate" : ": waits" + (s.waitedFor().isEmpty() ? "" : " for " + String.join(", ", s.waitedFor())));
        }
        String prefix = kind == TimelineEntry.Kind.COMPLETED ? "... " : "";
        if (s.failed()) {
            return prefix + what + ": ERROR " + s.sqlState();
        }
        if (s.step().action() == Action.CLAIM) {
            if (s.rows() != null) {
                return prefix + what + " -> " + (s.rows().isEmpty() ? "nothing" : String.join(", ", s.rows()));
            }
            if (!s.claimRows().isEmpty()) {
                return prefix + what + " (" + s.claimRows().get(s.claimRows().size() - 1) + " rows)";
            }
        }
        if (s.note() != null && s.statements().isEmpty() && s.step().action() != Action.RESUME) {
            return prefix + what + " (not run)";
        }
        return prefix + what;
    }

    private static void row(StringBuilder b, List<String> cells) {
        for (String c : cells) {
            String shown = c.length() > COLUMN ? c.substring(0, COLUMN - 1) + "…" : c;
            b.append("| ").append(shown).append(" ".repeat(COLUMN - shown.length())).append(' ');
        }
        b.append("|\n");
    }
}
