package io.claimmatrix.report;

import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.VariantResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plain-text table for a terminal: one row per result (a variant under a statistics condition), then each result's
 * reason. Made to be read at 100 to 160 columns: a long variant name wraps at its dots, and a column that is the same
 * in every row (the model, the statistics) is said once above the table instead.
 */
public final class TableReport {

    /** The width the table aims at; a name longer than what is left wraps. */
    static final int WIDTH = 160;
    /** The narrowest a wrapped name column gets, whatever the other columns take. */
    private static final int MIN_NAME_WIDTH = 32;
    private static final String GAP = "  ";

    private record Column(String title, boolean numeric, java.util.function.Function<VariantResult, String> value) {
    }

    private TableReport() {
    }

    public static String render(MatrixResult result) {
        List<VariantResult> results = result.variants();
        Map<String, ModelInfo> models = models(result);
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("variant", false, VariantResult::displayName));
        boolean oneModel = results.stream().map(VariantResult::model).distinct().count() <= 1;
        boolean oneCondition = results.stream().map(VariantResult::statisticsLabel).distinct().count() <= 1;
        if (!oneModel) {
            columns.add(new Column("model", false, VariantResult::model));
        }
        if (!oneCondition) {
            columns.add(new Column("statistics", false, VariantResult::statisticsLabel));
        }
        columns.add(new Column("isolation", false, VariantResult::isolation));
        columns.add(new Column("verdict", false, ResultText::verdict));
        columns.add(new Column("claims", true, v -> String.valueOf(v.committedClaims())));
        columns.add(new Column("dups", true, v -> String.valueOf(v.committedDuplicates())));
        columns.add(new Column("group dups", true, v -> ResultText.groupDuplicates(v, models.get(v.model()))));
        columns.add(new Column("over-claims", true, ResultText::overclaims));
        columns.add(new Column("silent/missed", true, v -> v.silentMisses() + "/" + v.missedItems()));
        columns.add(new Column("aborts", false, ResultText::aborts));

        List<String[]> rows = new ArrayList<>();
        rows.add(columns.stream().map(Column::title).toArray(String[]::new));
        for (VariantResult v : results) {
            rows.add(columns.stream().map(c -> c.value().apply(v)).toArray(String[]::new));
        }
        // A column with nothing to count in any row (no model has groups.sql, no claim has a batch) is left out.
        for (int i = columns.size() - 1; i > 0; i--) {
            int c = i;
            if (rows.stream().skip(1).allMatch(r -> r[c].equals("–"))) {
                columns.remove(c);
                rows.replaceAll(r -> remove(r, c));
            }
        }
        // Too wide: the titles go on two lines, the name wraps (down to MIN_NAME_WIDTH), then a verdict's
        // "(expected X)" and an abort count's "(SQLSTATEs)" go under it; the name takes back what that frees.
        List<List<List<String>>> cells = new ArrayList<>();
        for (String[] row : rows) {
            cells.add(Arrays.stream(row).map(List::of).toList());
        }
        int[] widths = widths(cells);
        if (total(widths, 0) > WIDTH) {
            cells.set(0, Arrays.stream(rows.get(0)).map(TableReport::splitTitle).toList());
            widths = widths(cells);
        }
        int name = widths[0];
        widths[0] = Math.min(name, Math.max(MIN_NAME_WIDTH, WIDTH - total(widths, 1)));
        for (String title : List.of("verdict", "aborts")) {
            int i = columns.stream().map(Column::title).toList().indexOf(title);
            if (total(widths, 0) > WIDTH) {
                for (int r = 1; r < cells.size(); r++) {
                    List<List<String>> row = new ArrayList<>(cells.get(r));
                    row.set(i, splitAtParenthesis(rows.get(r)[i]));
                    cells.set(r, row);
                }
                widths[i] = widths(cells)[i];
            }
        }
        widths[0] = Math.min(name, Math.max(MIN_NAME_WIDTH, WIDTH - total(widths, 1)));
        for (int r = 1; r < cells.size(); r++) {
            List<List<String>> row = new ArrayList<>(cells.get(r));
            row.set(0, wrap(rows.get(r)[0], widths[0]));
            cells.set(r, row);
        }

        StringBuilder b = new StringBuilder();
        header(b, result, models, oneModel, oneCondition);
        b.append('\n');
        for (int r = 0; r < cells.size(); r++) {
            List<List<String>> row = cells.get(r);
            int height = row.stream().mapToInt(List::size).max().orElse(1);
            for (int line = 0; line < height; line++) {
                StringBuilder l = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    List<String> cell = row.get(i);
                    // A two-line title sits on its column's last title line.
                    int at = r == 0 ? line - (height - cell.size()) : line;
                    l.append(i == 0 ? "" : GAP).append(pad(at >= 0 && at < cell.size() ? cell.get(at) : "", widths[i], columns.get(i).numeric()));
                }
                b.append(l.toString().stripTrailing()).append('\n');
            }
            if (r == 0) {
                b.append("-".repeat(total(widths, 0))).append('\n');
            }
        }
        b.append('\n');
        key(b, columns.stream().map(Column::title).toList());
        b.append('\n');
        Map<String, Long> resultsPerVariant = results.stream().collect(Collectors.groupingBy(VariantResult::name, Collectors.counting()));
        for (VariantResult v : results) {
            b.append(v.key()).append(": ").append(ResultText.verdict(v)).append(". ").append(v.reason()).append('\n');
            if (v.search() != null) {
                b.append("    search: ").append(ResultText.search(v.search())).append('\n');
            }
            if (v.prediction() != null) {
                b.append("    predicted: ").append(v.predictedWhy()).append('\n');
            }
            // Where the variant ran under each condition because its plans differ, the plan is the difference: say it.
            if (resultsPerVariant.get(v.name()) > 1 && ResultText.plansDiffer(v)) {
                for (Statistics s : v.statistics()) {
                    b.append("    plan under ").append(s.code).append(" statistics: ")
                            .append(ResultText.planOnOneLine(v.plans().get(s))).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** What each count column counts, one line each. */
    private static void key(StringBuilder b, List<String> titles) {
        Map<String, String> meaning = new LinkedHashMap<>();
        meaning.put("claims", "items claimed by committed transactions, over all rounds (a batch of n runs n times the rounds)");
        meaning.put("dups", "items claimed by two committed transactions in a round");
        meaning.put("group dups", "groups with two items claimed by committed transactions in a round (–: the model has no groups.sql)");
        meaning.put("over-claims", "claim statements that returned more rows than their batch (max: the most rows one returned)");
        meaning.put("silent/missed", "claims that found nothing while items waited, held by no claim / items still claimable at the end");
        meaning.put("aborts", "rolled-back claim transactions, by SQLSTATE");
        meaning.forEach((title, text) -> {
            if (titles.contains(title)) {
                b.append(pad(title, "silent/missed".length(), false)).append(GAP).append(text).append('\n');
            }
        });
    }

    private static void header(StringBuilder b, MatrixResult result, Map<String, ModelInfo> models, boolean oneModel, boolean oneCondition) {
        Harness.Settings s = result.settings();
        b.append("PostgreSQL ").append(result.postgresVersion()).append(" (").append(result.mode()).append("), ")
                .append(s.workers()).append(" workers, ").append(s.rounds()).append(" rounds");
        for (ModelInfo m : models.values()) {
            b.append("; ").append(m.name()).append(": ");
            if (m.name().equals(io.claimmatrix.model.QueueModel.SEED)) {
                b.append("fixture ").append(s.fixture().name()).append(" (").append(s.fixture().accounts().size()).append(" accounts)");
            } else {
                b.append(m.items() == null ? "its own fixture size" : m.items() + " items");
            }
        }
        if (models.isEmpty()) {
            b.append(", fixture ").append(s.fixture().name()).append(" (").append(s.fixture().accounts().size()).append(" accounts)");
        }
        b.append('\n');
        List<String> every = new ArrayList<>();
        if (oneModel && !result.variants().isEmpty()) {
            every.add("model " + result.variants().get(0).model());
        }
        if (oneCondition && !result.variants().isEmpty()) {
            every.add("statistics " + result.variants().get(0).statisticsLabel());
        }
        if (!every.isEmpty()) {
            b.append("Every result: ").append(String.join(", ", every)).append('\n');
        }
    }

    private static Map<String, ModelInfo> models(MatrixResult result) {
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        for (VariantResult v : result.variants()) {
            models.computeIfAbsent(v.model(), m -> ModelInfo.of(m, result));
        }
        return models;
    }

    /** Splits a name at its dots (or spaces) into lines of at most {@code width}; continuation lines are indented. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        String indent = "";
        while (indent.length() + rest.length() > width) {
            int room = width - indent.length();
            int cut = -1;
            for (int i = Math.min(room, rest.length() - 1); i > 0; i--) {
                char c = rest.charAt(i - 1);
                if (c == '.' || c == ' ' || c == '+') {
                    cut = i;
                    break;
                }
            }
            if (cut <= 0) {
                cut = room; // no dot to break at: cut the word
            }
            lines.add(indent + rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
            indent = "  ";
        }
        lines.add(indent + rest);
        return lines;
    }

    private static int[] widths(List<List<List<String>>> cells) {
        int[] widths = new int[cells.get(0).size()];
        for (List<List<String>> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                for (String line : row.get(i)) {
                    widths[i] = Math.max(widths[i], line.length());
                }
            }
        }
        return widths;
    }

    /** {@code group dups} as {@code group} over {@code dups}, {@code silent/missed} as {@code silent/} over {@code missed}. */
    private static List<String> splitTitle(String title) {
        int i = Math.max(title.indexOf(' '), title.indexOf('/'));
        return i < 0 ? List.of(title) : List.of(title.substring(0, title.charAt(i) == '/' ? i + 1 : i), title.substring(i + 1));
    }

    /** The width of the columns from {@code from} on, with the gaps between them (and before them, when not the first). */
    private static int total(int[] widths, int from) {
        return Arrays.stream(widths).skip(from).sum() + GAP.length() * (widths.length - 1);
    }

    /** {@code ABORTS (expected SAFE)} as {@code ABORTS} and {@code (expected SAFE)}; a text without one as is. */
    private static List<String> splitAtParenthesis(String s) {
        int i = s.indexOf(" (");
        return i < 0 ? List.of(s) : List.of(s.substring(0, i), s.substring(i + 1));
    }

    private static String[] remove(String[] row, int i) {
        List<String> l = new ArrayList<>(Arrays.asList(row));
        l.remove(i);
        return l.toArray(String[]::new);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
