package io.claimmatrix.report;

import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.ExpectedMatrix;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The matrix as Markdown, to read at a glance: a grid (rows = join × lock targets × lock options × write path ×
 * re-check × limit, columns = isolation level) with the verdict in each cell and a legend, then every variant
 * with its evidence and reason. {@code docs/matrix.md} is this report; its "Every variant" table is the record
 * the tests hold the composed variants to ({@link ExpectedMatrix}).
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String symbol(Verdict v) {
        return switch (v) {
            case SAFE -> "✅";
            case DUPLICATES -> "❌";
            case ABORTS -> "⚠️";
            case INCOMPLETE -> "🕳️";
            case REJECTED -> "⛔";
            case TIMEOUT -> "⏱️";
        };
    }

    public static String render(MatrixResult result) {
        StringBuilder b = new StringBuilder("# Claim matrix\n\n");
        b.append("Measured on PostgreSQL ").append(result.postgresVersion()).append(" (").append(result.mode()).append("): ")
                .append(result.settings().workers()).append(" workers, ").append(result.settings().rounds())
                .append(" rounds per variant, fixture `").append(result.settings().fixture().name()).append("` (")
                .append(result.settings().fixture().accounts().size()).append(" accounts). Rounds cycle through the fixture ")
                .append("shapes that matter to a variant: `mixed` (the fixture's own mix of present and absent incremental ")
                .append("imports), `absent` (every claim must INSERT), `present` (every claim UPDATEs); INNER JOIN variants ")
                .append("only see `present`.\n\n");
        b.append("Legend: ");
        for (Verdict v : Verdict.values()) {
            b.append(symbol(v)).append(" **").append(v).append("** ").append(v.meaning()).append(v == Verdict.SAFE ? ".\n\n" : " · ");
        }
        grid(b, result.variants());
        b.append(ExpectedMatrix.TABLE_HEADING).append("\n\n");
        b.append("| variant | aliases | verdict | by fixture | duplicates | aborts | missed | claims/s | reason |\n");
        b.append("|---|---|---|---|---:|---|---:|---:|---|\n");
        for (VariantResult v : result.variants()) {
            b.append("| `").append(v.name()).append("` | ").append(String.join(", ", v.aliases())).append(" | ")
                    .append(symbol(v.verdict())).append(' ').append(v.verdict()).append(" | ")
                    .append(v.verdictsByFixture().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
                    .append(" | ").append(v.committedDuplicates()).append(" | ").append(TableReport.aborts(v)).append(" | ")
                    .append(v.missedAccounts()).append(" | ").append(v.claimsPerSecond()).append(" | ")
                    .append(escape(v.reason())).append(" |\n");
        }
        return b.toString();
    }

    private static void grid(StringBuilder b, List<VariantResult> variants) {
        Map<String, Map<Isolation, VariantResult>> rows = new LinkedHashMap<>();
        Map<String, Dimensions> rowDims = new LinkedHashMap<>();
        List<VariantResult> other = new ArrayList<>();
        List<VariantResult> sorted = new ArrayList<>(variants);
        sorted.sort(Comparator.comparing(v -> v.name()));
        for (VariantResult v : sorted) {
            Optional<Dimensions> d = dimensionsOf(v);
            if (d.isEmpty()) {
                other.add(v);
                continue;
            }
            String key = rowKey(d.get());
            rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(d.get().isolation(), v);
            rowDims.putIfAbsent(key, d.get());
        }
        if (!rows.isEmpty()) {
            b.append("## Grid\n\n| join | locking clause | write | re-check | limit |");
            for (Isolation i : Isolation.values()) {
                b.append(' ').append(i.sql()).append(" |");
            }
            b.append("\n|---|---|---|---|---:|---|---|---|\n");
            for (Map.Entry<String, Map<Isolation, VariantResult>> row : rows.entrySet()) {
                Dimensions d = rowDims.get(row.getKey());
                b.append("| ").append(d.join().code).append(" | ")
                        .append(d.lock().kind() == Dimensions.Lock.Kind.NONE ? "none" : "`" + d.lockClauseSql() + "`").append(" | ")
                        .append(d.write().code).append(" | ").append(d.recheck() ? "yes" : "no").append(" | ").append(d.limit()).append(" |");
                for (Isolation i : Isolation.values()) {
                    VariantResult v = row.getValue().get(i);
                    b.append(' ').append(v == null ? "" : symbol(v.verdict()) + " " + v.verdict()
                            + (v.aliases().isEmpty() ? "" : " (" + String.join(", ", v.aliases()) + ")")).append(" |");
                }
                b.append('\n');
            }
            b.append('\n');
        }
        if (!other.isEmpty()) {
            b.append("## Other strategies\n\n| strategy | isolation | verdict |\n|---|---|---|\n");
            for (VariantResult v : other) {
                b.append("| `").append(v.name()).append("` | ").append(v.isolation()).append(" | ")
                        .append(symbol(v.verdict())).append(' ').append(v.verdict()).append(" |\n");
            }
            b.append('\n');
        }
    }

    /** Everything but the isolation level, so that one row holds a variant at each level. */
    private static String rowKey(Dimensions d) {
        return d.join().code + "|" + d.lock().code() + "|" + d.strength() + "|" + d.waitPolicy() + "|" + d.write() + "|" + d.recheck() + "|" + d.limit();
    }

    private static Optional<Dimensions> dimensionsOf(VariantResult v) {
        return Optional.ofNullable(v.dimensions());
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
