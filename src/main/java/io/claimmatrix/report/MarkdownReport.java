package io.claimmatrix.report;

import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.ExpectedMatrix;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.Timeouts;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The matrix as Markdown, to read as a document: the seed's grid (rows = join × lock targets × lock options × write
 * path × re-check × limit, columns = isolation level) with the verdict in each cell and a legend; then a section per
 * other queue model, each claim shape with its SQL, its verdict per isolation level × statistics condition, its plan
 * under each condition and the reasons; then every result with its counts, evidence and reason.
 * {@code docs/matrix.md} is this report: its "Every variant" table is the record the tests hold the composed variants to
 * ({@link ExpectedMatrix}, which reads it by its columns' names: {@code variant} first, {@code verdict},
 * {@code by fixture}, {@code statistics}, {@code reason} last).
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String symbol(Verdict v) {
        return switch (v) {
            case SAFE -> "✅";
            case DUPLICATES -> "❌";
            case GROUP_DUPLICATES -> "👥";
            case OVERCLAIM -> "📦";
            case ABORTS -> "⚠️";
            case INCOMPLETE -> "🕳️";
            case REJECTED -> "⛔";
            case TIMEOUT -> "⏱️";
        };
    }

    public static String render(MatrixResult result) {
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        result.variants().forEach(v -> models.computeIfAbsent(v.model(), m -> ModelInfo.of(m, result)));
        boolean seed = result.variants().stream().anyMatch(ResultText::isSeed);

        // Without the seed (e.g. docs/real-queues.md), the title names the queue models the document is about.
        StringBuilder b = new StringBuilder(seed ? "# Claim matrix\n\n" : "# Claim matrix: " + models.keySet().stream()
                .map(m -> "`" + m + "`").collect(Collectors.joining(", ")) + "\n\n");
        intro(b, result, models, seed);
        grid(b, result.variants());
        for (ModelInfo m : models.values()) {
            if (!m.name().equals(QueueModel.SEED)) {
                model(b, m, result.settings(), result.variants().stream().filter(v -> m.name().equals(v.model())).toList());
            }
        }
        everyVariant(b, result.variants(), models);
        return b.toString();
    }

    private static void intro(StringBuilder b, MatrixResult result, Map<String, ModelInfo> models, boolean seed) {
        Harness.Settings s = result.settings();
        b.append("Measured on PostgreSQL ").append(result.postgresVersion()).append(" (").append(result.mode()).append("): ")
                .append(s.workers()).append(" workers, ").append(s.rounds()).append(" rounds per variant");
        if (seed) {
            b.append(", fixture `").append(s.fixture().name()).append("` (")
                    .append(s.fixture().accounts().size()).append(" accounts). Rounds cycle through the fixture ")
                    .append("shapes that matter to a variant: `mixed` (the fixture's own mix of present and absent incremental ")
                    .append("imports), `absent` (every claim must INSERT), `present` (every claim UPDATEs); INNER JOIN variants ")
                    .append("only see `present`");
        }
        List<String> others = models.values().stream().filter(m -> !m.name().equals(QueueModel.SEED))
                .map(m -> "`" + m.name() + "`" + (m.items() == null ? "" : " (" + m.items() + " items)")).toList();
        if (!others.isEmpty()) {
            b.append(seed ? ". Other queue models: " : others.size() == 1 ? "; queue model " : "; queue models ")
                    .append(String.join(", ", others));
        }
        b.append(".\n\n");
        b.append("Statistics are a run condition, like the isolation level: **fresh** (").append(Statistics.FRESH.meaning())
                .append(") or **stale** (").append(Statistics.STALE.meaning()).append(": the planner believes the tables are tiny). ")
                .append("A result marked `fresh, stale` ran once for both: its claim statement plans the same under both. ");
        if (s.statistics() != null) {
            b.append("This run: ").append(String.join(" and ", s.statistics().stream().map(c -> c.code).toList())).append(".\n\n");
        } else {
            b.append("Each model under its own conditions: ").append(models.values().stream()
                    .map(m -> "`" + m.name() + "` " + (m.statistics() == null ? "its own" : String.join(" and ", m.statistics().stream().map(c -> c.code).toList())))
                    .collect(Collectors.joining(", "))).append(".\n\n");
        }
        b.append("Legend: ");
        Verdict[] verdicts = Verdict.values();
        for (int i = 0; i < verdicts.length; i++) {
            b.append(symbol(verdicts[i])).append(" **").append(verdicts[i]).append("** ").append(verdicts[i].meaning())
                    .append(i == verdicts.length - 1 ? ".\n\n" : " · ");
        }
    }

    /** The seed's grid: a row per combination of every dimension but isolation; a cell per result's verdict. */
    private static void grid(StringBuilder b, List<VariantResult> variants) {
        Map<String, Map<Isolation, List<VariantResult>>> rows = new LinkedHashMap<>();
        Map<String, Dimensions> rowDims = new LinkedHashMap<>();
        List<VariantResult> other = new ArrayList<>();
        List<VariantResult> sorted = new ArrayList<>(variants);
        sorted.sort(Comparator.comparing(VariantResult::name).thenComparing(ResultText.BY_LEVEL_THEN_STATISTICS));
        for (VariantResult v : sorted) {
            Optional<Dimensions> d = Optional.ofNullable(v.dimensions());
            if (d.isEmpty()) {
                if (ResultText.isSeed(v)) {
                    other.add(v);
                }
                continue;
            }
            String key = rowKey(d.get());
            rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(d.get().isolation(), i -> new ArrayList<>()).add(v);
            rowDims.putIfAbsent(key, d.get());
        }
        if (!rows.isEmpty()) {
            b.append("## Grid\n\n| join | locking clause | write | re-check | limit |");
            for (Isolation i : Isolation.values()) {
                b.append(' ').append(i.sql()).append(" |");
            }
            b.append("\n|---|---|---|---|---:|---|---|---|\n");
            for (Map.Entry<String, Map<Isolation, List<VariantResult>>> row : rows.entrySet()) {
                Dimensions d = rowDims.get(row.getKey());
                b.append("| ").append(d.join().code).append(" | ")
                        .append(d.lock().kind() == Dimensions.Lock.Kind.NONE ? "none" : "`" + d.lockClauseSql() + "`").append(" | ")
                        .append(d.write().code).append(" | ").append(d.recheck() ? "yes" : "no").append(" | ").append(d.limit()).append(" |");
                for (Isolation i : Isolation.values()) {
                    b.append(' ').append(gridCell(row.getValue().getOrDefault(i, List.of()))).append(" |");
                }
                b.append('\n');
            }
            b.append('\n');
        }
        if (!other.isEmpty()) {
            b.append("## Other strategies\n\n| strategy | isolation | statistics | verdict |\n|---|---|---|---|\n");
            for (VariantResult v : other) {
                b.append("| `").append(v.name()).append("` | ").append(v.isolation()).append(" | ").append(v.statisticsLabel())
                        .append(" | ").append(symbol(v.verdict())).append(' ').append(v.verdict()).append(" |\n");
            }
            b.append('\n');
        }
    }

    /** One variant's verdict; both, each with its condition, when its results under fresh and stale differ. */
    private static String gridCell(List<VariantResult> results) {
        if (results.isEmpty()) {
            return "";
        }
        VariantResult first = results.get(0);
        String aliases = first.aliases().isEmpty() ? "" : " (" + String.join(", ", first.aliases()) + ")";
        if (!ResultText.verdictsDiffer(results)) {
            return symbol(first.verdict()) + " " + first.verdict() + aliases;
        }
        return results.stream().map(v -> v.statisticsLabel() + " " + symbol(v.verdict()) + " " + v.verdict())
                .collect(Collectors.joining(" · ")) + aliases;
    }

    /** A queue model's section: what it is, then each claim shape. */
    private static void model(StringBuilder b, ModelInfo m, Harness.Settings settings, List<VariantResult> results) {
        b.append("## Queue model `").append(m.name()).append("`\n\n");
        if (m.description() != null) {
            b.append(m.description()).append("\n\n");
        }
        if (m.claimableSql() != null) {
            b.append("An item is claimable when `claimable.sql` lists it:\n\n```sql\n").append(m.claimableSql()).append("\n```\n\n");
        }
        List<String> facts = new ArrayList<>();
        if (m.items() != null) {
            facts.add("Every round starts from " + m.items() + " items (`fixture.sql`)");
        }
        if (m.groups() != null) {
            facts.add(m.groups() ? "at most one claimed item per group (`groups.sql`)" : "no groups");
        }
        if (m.lease() != null) {
            facts.add("a lease of " + Timeouts.format(m.lease()) + " (an item claimed again after it passed is a redelivery, not a duplicate)");
        }
        List<Statistics> conditions = m.statisticsIn(settings);
        if (conditions != null) {
            facts.add("measured under " + String.join(" and ", conditions.stream().map(c -> c.code).toList()) + " statistics");
        }
        if (!facts.isEmpty()) {
            String text = String.join("; ", facts);
            b.append(Character.toUpperCase(text.charAt(0))).append(text.substring(1)).append(".\n\n");
        }
        Map<String, List<VariantResult>> shapes = new LinkedHashMap<>();
        results.stream().sorted(Comparator.comparing(ResultText::shape).thenComparing(ResultText.BY_LEVEL_THEN_STATISTICS))
                .forEach(v -> shapes.computeIfAbsent(ResultText.shape(v), k -> new ArrayList<>()).add(v));
        shapes.forEach((shape, rs) -> shape(b, shape, rs, m));
    }

    /** One claim shape: its verdict per isolation level × statistics, its SQL, its plans, and why. */
    private static void shape(StringBuilder b, String shape, List<VariantResult> results, ModelInfo model) {
        b.append("### `").append(shape).append("`\n\n");
        String description = results.get(0).description();
        if (description != null) {
            b.append(description).append("\n\n");
        }
        List<Statistics> conditions = new ArrayList<>();
        for (Statistics s : Statistics.values()) {
            if (results.stream().anyMatch(v -> v.statistics().contains(s))) {
                conditions.add(s);
            }
        }
        Map<String, List<VariantResult>> byLevel = new LinkedHashMap<>();
        results.forEach(v -> byLevel.computeIfAbsent(v.isolation(), k -> new ArrayList<>()).add(v));
        b.append("| isolation |");
        conditions.forEach(c -> b.append(' ').append(c.code).append(" statistics |"));
        b.append("\n|---|").append("---|".repeat(conditions.size())).append('\n');
        for (Map.Entry<String, List<VariantResult>> level : byLevel.entrySet()) {
            b.append("| ").append(level.getKey()).append(" |");
            for (Statistics c : conditions) {
                VariantResult v = level.getValue().stream().filter(r -> r.statistics().contains(c)).findFirst().orElse(null);
                b.append(' ').append(v == null ? "not run" : escape(shapeCell(v, model))).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');

        // One result per variant (isolation level) carries its SQL and plans; say each once when they agree.
        List<VariantResult> perLevel = byLevel.values().stream().map(l -> l.get(0)).toList();
        Set<String> sqls = perLevel.stream().map(VariantResult::sql).collect(Collectors.toCollection(LinkedHashSet::new));
        for (VariantResult v : perLevel) {
            if (sqls.size() == 1 && v != perLevel.get(0)) {
                break;
            }
            // The batch, where the statement's own LIMIT does not say it (a -- batch: header, a batch() method).
            java.util.OptionalInt limit = io.claimmatrix.sql.StatementLimit.of(v.sql() == null ? "" : v.sql());
            String batch = v.batch() == null || (limit.isPresent() && limit.getAsInt() == v.batch()) ? ""
                    : " (batch " + v.batch() + ": the most rows one claim statement may return)";
            b.append(sqls.size() == 1 ? (perLevel.size() > 1 ? "The claim statement, at every isolation level" : "The claim statement")
                    : "The claim statement at " + v.isolation()).append(batch).append(":\n\n```sql\n").append(v.sql()).append("\n```\n\n");
        }
        plans(b, perLevel);

        b.append("Why:\n\n");
        for (VariantResult v : results) {
            b.append("- **").append(v.isolation()).append(", ").append(v.statisticsLabel()).append(" statistics**: ")
                    .append(symbol(v.verdict())).append(' ').append(v.verdict()).append(". ");
            if (v.expectedVerdict() == null) {
                b.append("No expectation recorded (reported, not checked). ");
            } else if (v.matchesExpectation()) {
                b.append("Expected").append(v.expectedWhy() == null ? ". " : ": " + sentence(v.expectedWhy()) + " ");
            } else {
                b.append("**Expected ").append(v.expectedLabel()).append("**").append(v.expectedWhy() == null ? ". " : ": " + sentence(v.expectedWhy()) + " ");
            }
            b.append(v.reason());
            if (!v.evidence().isEmpty()) {
                b.append(" Evidence: ").append(String.join("; ", v.evidence())).append('.');
            }
            if (v.search() != null) {
                b.append(" Search: ").append(ResultText.search(v.search()));
            }
            if (v.prediction() != null) {
                b.append(v.predictionAgrees() ? " Predicted: " : " **Predicted** ").append(v.predictedWhy());
            }
            b.append('\n');
        }
        b.append('\n');
    }

    /** The plans of a shape's variants: under each condition, once when every isolation level plans the same. */
    private static void plans(StringBuilder b, List<VariantResult> perLevel) {
        List<Statistics> planned = ResultText.planned(perLevel.get(0));
        if (planned.isEmpty()) {
            return;
        }
        boolean sameAtEveryLevel = perLevel.stream().map(VariantResult::plans).distinct().count() == 1;
        for (VariantResult v : perLevel) {
            String at = sameAtEveryLevel ? (perLevel.size() > 1 ? ", at every isolation level" : "") : " at " + v.isolation();
            if (!ResultText.plansDiffer(v)) {
                b.append("Its plan").append(planned.size() > 1 ? ", the same under fresh and stale statistics" : " under " + planned.get(0).code + " statistics")
                        .append(at).append(" (`EXPLAIN (COSTS OFF)`):\n\n```\n").append(String.join("\n", v.plans().get(planned.get(0)))).append("\n```\n\n");
            } else {
                for (Statistics s : ResultText.planned(v)) {
                    b.append("Its plan under ").append(s.code).append(" statistics").append(at).append(" (`EXPLAIN (COSTS OFF)`):\n\n```\n")
                            .append(String.join("\n", v.plans().get(s))).append("\n```\n\n");
                }
            }
            if (sameAtEveryLevel) {
                break;
            }
        }
    }

    /** A shape table's cell: the verdict and what was counted, e.g. {@code 📦 OVERCLAIM: 300 claims, 3 over-claims (...)}. */
    private static String shapeCell(VariantResult v, ModelInfo model) {
        List<String> counts = new ArrayList<>();
        counts.add(v.committedClaims() + " claims");
        if (v.committedDuplicates() > 0) {
            counts.add(v.committedDuplicates() + " duplicates");
        }
        if (v.groupDuplicates() > 0) {
            counts.add(v.groupDuplicates() + " group duplicates");
        }
        if (v.overclaims() > 0) {
            counts.add(v.overclaims() + " over-claims (up to " + v.tally().largestClaim() + " rows, batch " + v.batch() + ")");
        }
        if (v.silentMisses() > 0) {
            counts.add(v.silentMisses() + " silent misses");
        }
        if (v.missedItems() > 0) {
            counts.add(v.missedItems() + " missed");
        }
        if (v.ineligibleClaims() > 0) {
            counts.add(v.ineligibleClaims() + " not claimable yet claimed");
        }
        if (v.abortedClaims() > 0) {
            counts.add(ResultText.aborts(v).replaceFirst(" ", " aborted "));
        }
        if (v.tally().leaseRedeliveries() > 0) {
            counts.add(v.tally().leaseRedeliveries() + " redelivered after the lease");
        }
        return symbol(v.verdict()) + " " + v.verdict() + (v.matchesExpectation() ? "" : " (expected " + v.expectedLabel() + ")")
                + ": " + String.join(", ", counts) + (v.statistics().size() > 1 ? " (one run for both: same plan)" : "");
    }

    /** The record: every result with every count. {@link ExpectedMatrix} reads it by its columns' names. */
    private static void everyVariant(StringBuilder b, List<VariantResult> results, Map<String, ModelInfo> models) {
        b.append(ExpectedMatrix.TABLE_HEADING).append("\n\n");
        b.append("One row per result: a variant under one statistics condition, or both (`fresh, stale`) when it ran once. ")
                .append("`expected`: the verdict it is held to, when it differs (? no expectation recorded). Counts are summed over ")
                .append("the rounds: duplicates (items claimed by two committed transactions in a round), group duplicates (groups ")
                .append("with two items claimed; – no groups.sql), over-claims (claim statements that returned more rows than their ")
                .append("batch, with the most rows one returned), silent misses (claims that found nothing while items waited, held ")
                .append("by no claim), missed (items still claimable when every worker stopped), ineligible (items claimed that were ")
                .append("not claimable), aborts by SQLSTATE; evidence: the first example; predicted: the verdict `claim-matrix predict` ")
                .append("gave before the run, from the plan and the statements, and the rule that gave it (in bold when it disagrees).\n\n");
        b.append("| variant | aliases | model | statistics | isolation | verdict | expected | by fixture | claims | duplicates "
                + "| group duplicates | over-claims | silent misses | missed | ineligible | aborts | claims/s | evidence | search | predicted | reason |\n");
        b.append("|---|---|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|---|---|\n");
        for (VariantResult v : results) {
            ModelInfo m = models.get(v.model());
            b.append("| `").append(v.name()).append("` | ").append(String.join(", ", v.aliases())).append(" | ")
                    .append(v.model()).append(" | ").append(v.statisticsLabel()).append(" | ").append(v.isolation()).append(" | ")
                    .append(symbol(v.verdict())).append(' ').append(v.verdict()).append(" | ")
                    .append(v.expectedVerdict() == null ? "?" : v.matchesExpectation() ? "" : "**" + v.expectedLabel() + "**").append(" | ")
                    .append(v.verdictsByFixture().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
                    .append(" | ").append(v.committedClaims())
                    .append(" | ").append(v.committedDuplicates())
                    .append(" | ").append(ResultText.groupDuplicates(v, m))
                    .append(" | ").append(ResultText.overclaims(v))
                    .append(" | ").append(v.silentMisses())
                    .append(" | ").append(v.missedItems())
                    .append(" | ").append(v.ineligibleClaims())
                    .append(" | ").append(ResultText.aborts(v))
                    .append(" | ").append(v.claimsPerSecond())
                    .append(" | ").append(escape(v.evidence().isEmpty() ? "" : v.evidence().get(0)))
                    .append(" | ").append(escape(v.search() == null ? "" : ResultText.search(v.search())))
                    .append(" | ").append(escape(v.prediction() == null ? "" : v.predictionAgrees() ? v.predictedLabel()
                            : "**" + v.predictedLabel() + "**"))
                    .append(" | ").append(escape(v.reason())).append(" |\n");
        }
    }

    /** Everything but the isolation level, so that one row holds a variant at each level. */
    private static String rowKey(Dimensions d) {
        return d.join().code + "|" + d.lock().code() + "|" + d.strength() + "|" + d.waitPolicy() + "|" + d.write() + "|" + d.recheck() + "|" + d.limit();
    }

    /** A text as a sentence: ends with a full stop. */
    private static String sentence(String s) {
        String t = s.strip();
        return t.endsWith(".") ? t : t + ".";
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
