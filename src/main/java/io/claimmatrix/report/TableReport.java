package io.claimmatrix.report;

import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.VariantResult;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A plain-text table for a terminal: one row per variant, then each variant's reason. */
public final class TableReport {

    private static final String[] HEADER = {"variant", "isolation", "verdict", "claims", "duplicates", "aborts", "missed"};

    private TableReport() {
    }

    public static String render(MatrixResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (VariantResult v : result.variants()) {
            rows.add(new String[]{v.displayName(), v.isolation(), v.verdict().name() + (v.matchesExpectation() ? "" : " (expected " + v.expectedVerdict() + ")"),
                    String.valueOf(v.committedClaims()), String.valueOf(v.committedDuplicates()), aborts(v), String.valueOf(v.missedAccounts())});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("PostgreSQL ").append(result.postgresVersion()).append(" (").append(result.mode()).append("), ")
                .append(result.settings().workers()).append(" workers, ").append(result.settings().rounds()).append(" rounds, fixture ")
                .append(result.settings().fixture().name()).append(" (").append(result.settings().fixture().accounts().size()).append(" accounts)\n\n");
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i >= 3;
                String cell = numeric ? " ".repeat(widths[i] - row[i].length()) + row[i] : row[i] + " ".repeat(widths[i] - row[i].length());
                b.append(cell).append(i < row.length - 1 ? "  " : "");
            }
            b.append('\n');
            if (r == 0) {
                b.append("-".repeat(java.util.Arrays.stream(widths).sum() + 2 * (widths.length - 1))).append('\n');
            }
        }
        b.append('\n');
        for (VariantResult v : result.variants()) {
            b.append(v.name()).append(": ").append(v.verdict()).append(". ").append(v.reason()).append('\n');
        }
        return b.toString();
    }

    static String aborts(VariantResult v) {
        if (v.abortedClaims() == 0) {
            return "0";
        }
        return v.abortedClaims() + " (" + v.abortsBySqlState().entrySet().stream()
                .map(e -> e.getKey() + "x" + e.getValue()).collect(Collectors.joining(" ")) + ")";
    }
}
