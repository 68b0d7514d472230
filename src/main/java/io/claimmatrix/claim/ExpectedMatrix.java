package io.claimmatrix.claim;

import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verdicts recorded in {@code docs/matrix.md} (the table "Every variant", written by
 * {@code claim-matrix matrix --format markdown} from a real run), which the composed variants are held to.
 * The build copies that file onto the classpath, so the tests and the jar read the same record. The table is read
 * by its header's column names; a table without a {@code statistics} column (recorded before statistics were a run
 * condition) was measured under fresh statistics.
 */
public final class ExpectedMatrix {

    public static final String RESOURCE = "claim-matrix/matrix.md";
    /** The heading of the table this class reads; {@code MarkdownReport} writes it. */
    public static final String TABLE_HEADING = "## Every variant";

    /**
     * One recorded row.
     *
     * @param statistics the conditions the row stands for: one, or both when the variant ran once for both
     */
    public record Row(String name, List<Statistics> statistics, Verdict verdict, Map<String, Verdict> verdictsByFixture, String reason) {
    }

    private static volatile ExpectedMatrix recorded;

    private final Map<String, List<Row>> rows;

    private ExpectedMatrix(Map<String, List<Row>> rows) {
        this.rows = rows;
    }

    /** The record on the classpath (empty if there is none yet). */
    public static ExpectedMatrix recorded() {
        if (recorded == null) {
            try (InputStream in = ExpectedMatrix.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                recorded = in == null ? new ExpectedMatrix(Map.of()) : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return recorded;
    }

    /** Reads the "Every variant" table of a Markdown report. */
    public static ExpectedMatrix parse(String markdown) {
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        Map<String, Integer> columns = null;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inTable = line.trim().equals(TABLE_HEADING);
                columns = null;
                continue;
            }
            if (!inTable || !line.startsWith("|")) {
                continue;
            }
            String[] cells = cells(line);
            if (columns == null) {
                columns = new LinkedHashMap<>();
                for (int i = 0; i < cells.length; i++) {
                    columns.putIfAbsent(cells[i].toLowerCase(Locale.ROOT), i);
                }
                continue;
            }
            if (!line.startsWith("| `")) {
                continue; // the separator row
            }
            String name = cells[0].replace("`", "");
            Map<String, Verdict> byFixture = new LinkedHashMap<>();
            Integer fixtureColumn = columns.get("by fixture");
            if (fixtureColumn != null && fixtureColumn < cells.length) {
                for (String part : cells[fixtureColumn].split(",")) {
                    String[] kv = part.trim().split(" ");
                    if (kv.length == 2) {
                        byFixture.put(kv[0], Verdict.valueOf(kv[1]));
                    }
                }
            }
            Integer statisticsColumn = columns.get("statistics");
            List<Statistics> statistics = statisticsColumn == null || statisticsColumn >= cells.length
                    ? List.of(Statistics.FRESH) : Statistics.fromLabel(cells[statisticsColumn]);
            Verdict verdict = Verdict.valueOf(cells[columns.getOrDefault("verdict", 2)].replaceAll("[^A-Z_]", ""));
            rows.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(new Row(name, statistics, verdict, byFixture, cells[cells.length - 1].replace("\\|", "|")));
        }
        return new ExpectedMatrix(rows);
    }

    private static String[] cells(String line) {
        String body = line.strip();
        body = body.substring(1, body.endsWith("|") && !body.endsWith("\\|") ? body.length() - 1 : body.length());
        return Arrays.stream(body.split("(?<!\\\\)\\|", -1)).map(String::trim).toArray(String[]::new);
    }

    /** Every recorded row, by variant name: one per statistics condition, or one standing for both. */
    public Map<String, List<Row>> rows() {
        return rows;
    }

    /** The row of a variant under a condition, or {@code null}. */
    public Row row(String name, Statistics statistics) {
        for (Row r : rows.getOrDefault(name, List.of())) {
            if (r.statistics().contains(statistics)) {
                return r;
            }
        }
        return null;
    }

    /** The recorded verdict of a variant under a condition, or an expectation without a verdict when none is recorded. */
    public Expectation expectation(String name, Statistics statistics) {
        Row row = row(name, statistics);
        if (row == null) {
            return new Expectation(null, "no verdict recorded in docs/matrix.md for " + name + " under " + statistics.code + " statistics");
        }
        return new Expectation(row.verdict(), "recorded in docs/matrix.md: " + row.reason());
    }
}
