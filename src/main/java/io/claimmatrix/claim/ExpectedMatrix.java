package io.claimmatrix.claim;

import io.claimmatrix.run.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdicts recorded in {@code docs/matrix.md} (the table "Every variant", written by
 * {@code claim-matrix matrix --format markdown} from a real run), which the composed variants are held to.
 * The build copies that file onto the classpath, so the tests and the jar read the same record.
 */
public final class ExpectedMatrix {

    public static final String RESOURCE = "claim-matrix/matrix.md";
    /** The heading of the table this class reads; {@code MarkdownReport} writes it. */
    public static final String TABLE_HEADING = "## Every variant";

    /** One recorded row. */
    public record Row(String name, Verdict verdict, Map<String, Verdict> verdictsByFixture, String reason) {
    }

    private static volatile ExpectedMatrix recorded;

    private final Map<String, Row> rows;

    private ExpectedMatrix(Map<String, Row> rows) {
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
        Map<String, Row> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## ")) {
                inTable = line.trim().equals(TABLE_HEADING);
                continue;
            }
            if (!inTable || !line.startsWith("| `")) {
                continue;
            }
            String[] cells = Arrays.stream(line.substring(1).split("(?<!\\\\)\\|")).map(String::trim).toArray(String[]::new);
            String name = cells[0].replace("`", "");
            Map<String, Verdict> byFixture = new LinkedHashMap<>();
            for (String part : cells[3].split(",")) {
                String[] kv = part.trim().split(" ");
                if (kv.length == 2) {
                    byFixture.put(kv[0], Verdict.valueOf(kv[1]));
                }
            }
            rows.put(name, new Row(name, Verdict.valueOf(cells[2].replaceAll("[^A-Z]", "")), byFixture,
                    cells[cells.length - 1].replace("\\|", "|")));
        }
        return new ExpectedMatrix(rows);
    }

    public Map<String, Row> rows() {
        return rows;
    }

    /** The recorded verdict of a variant, or an expectation without a verdict when none is recorded. */
    public Expectation expectation(String name) {
        Row row = rows.get(name);
        if (row == null) {
            return new Expectation(null, "no verdict recorded in docs/matrix.md for " + name);
        }
        return new Expectation(row.verdict(), "recorded in docs/matrix.md: " + row.reason());
    }
}
