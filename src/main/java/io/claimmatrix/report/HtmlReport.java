package io.claimmatrix.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.MatrixRunner.MatrixResult;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * One self-contained HTML page (inline CSS, JS and SVG; nothing fetched) to look at a matrix: a colour-coded grid of the
 * seed's variants grouped by {@link Dimensions} (rows: join, locks, wait, write path, ...; columns: isolation), the seed
 * strategies without dimensions in their own section, a section per other queue model (each claim shape: isolation ×
 * statistics, its SQL and plans), a chart of violations and aborts per result, and each result's details (counts,
 * reason, evidence, SQL, plan under each statistics condition, timeline where present) a click away. One cell per
 * result: a variant under one statistics condition, or both when it ran once.
 */
public final class HtmlReport {

    /** The order of the grid's isolation columns. */
    private static final List<Isolation> ISOLATIONS = List.of(Isolation.READ_COMMITTED, Isolation.REPEATABLE_READ, Isolation.SERIALIZABLE);

    /** A grid row's dimension columns, each with how to print it. */
    private record Column(String title, Function<Dimensions, String> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("join", d -> d.join().code),
            new Column("locks", d -> switch (d.lock().kind()) {
                case NONE -> "none";
                case ALL -> "all (bare FOR UPDATE)";
                case OF -> d.lock().tables().stream().sorted().map(t -> t.code).collect(Collectors.joining("+"));
            }),
            new Column("strength", d -> d.lock().kind() == Dimensions.Lock.Kind.NONE ? "–" : d.strength().sql),
            new Column("wait", d -> d.lock().kind() == Dimensions.Lock.Kind.NONE ? "–" : d.waitPolicy().code),
            new Column("write", d -> d.write().code),
            new Column("re-check", d -> d.recheck() ? "re-check" : "no re-check"),
            new Column("limit", d -> String.valueOf(d.limit())));

    private HtmlReport() {
    }

    /** The page without timelines. */
    public static String render(MatrixResult result) {
        return render(result, TimelineSource.NONE);
    }

    /** The page; seed results with {@link VariantResult#dimensions()} go in the grid, the others in their own sections. */
    public static String render(MatrixResult result, TimelineSource timelines) {
        Map<String, Dimensions> dims = new LinkedHashMap<>();
        List<VariantResult> gridded = new ArrayList<>();
        List<VariantResult> others = new ArrayList<>();
        Map<String, List<VariantResult>> byModel = new LinkedHashMap<>();
        for (VariantResult v : result.variants()) {
            if (v.dimensions() != null) {
                dims.put(v.name(), v.dimensions());
                gridded.add(v);
            } else if (ResultText.isSeed(v)) {
                others.add(v);
            } else {
                byModel.computeIfAbsent(v.model(), m -> new ArrayList<>()).add(v);
            }
        }
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        result.variants().forEach(v -> models.computeIfAbsent(v.model(), m -> ModelInfo.of(m, result)));
        // Say a cell's statistics condition only where its section (or the chart) holds more than one.
        boolean tagStatistics = manyConditions(result.variants());
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>claim-matrix: ").append(result.variants().size()).append(" result(s) on PostgreSQL ")
                .append(esc(result.postgresVersion())).append("</title>\n<style>\n").append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        header(b, result, models);
        legend(b, result);
        if (!gridded.isEmpty()) {
            grid(b, gridded, dims, manyConditions(gridded));
        }
        if (!others.isEmpty()) {
            others(b, others, gridded.isEmpty() && byModel.isEmpty(), manyConditions(others));
        }
        byModel.forEach((model, results) -> model(b, models.get(model), results));
        chart(b, result.variants(), tagStatistics);
        b.append("<dialog id=\"details\" aria-labelledby=\"details-name\"><form method=\"dialog\"><button class=\"close\" aria-label=\"Close\">×</button></form>")
                .append("<div id=\"details-body\"></div></dialog>\n");
        b.append("<script type=\"application/json\" id=\"claim-matrix-data\">").append(data(result, dims, timelines)).append("</script>\n");
        b.append("<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static boolean manyConditions(List<VariantResult> results) {
        return results.stream().map(VariantResult::statisticsLabel).distinct().count() > 1;
    }

    private static void header(StringBuilder b, MatrixResult r, Map<String, ModelInfo> models) {
        long differ = r.variants().stream().filter(v -> !v.matchesExpectation()).count();
        long unchecked = r.variants().stream().filter(v -> v.expectedVerdict() == null).count();
        long variants = r.variants().stream().map(VariantResult::name).distinct().count();
        b.append("<header>\n<h1>claim-matrix</h1>\n<p class=\"meta\">Can two workers claim the same row? ")
                .append(ResultText.count(r.variants().size(), "result", "results")).append(" of ")
                .append(ResultText.count(variants, "variant", "variants")).append(" measured on PostgreSQL ").append(esc(r.postgresVersion()))
                .append(" (").append(esc(r.mode())).append("): ").append(r.settings().workers()).append(" workers, ")
                .append(r.settings().rounds()).append(" rounds");
        for (ModelInfo m : models.values()) {
            b.append("; ").append(esc(m.name())).append(": ");
            if (m.name().equals(QueueModel.SEED)) {
                b.append("fixture ").append(esc(r.settings().fixture().name())).append(" (").append(r.settings().fixture().accounts().size()).append(" accounts)");
            } else {
                b.append(m.items() == null ? "its own fixture size" : m.items() + " items");
            }
            List<Statistics> conditions = m.statisticsIn(r.settings());
            if (conditions != null) {
                b.append(", ").append(esc(String.join(" and ", conditions.stream().map(c -> c.code).toList()))).append(" statistics");
            }
        }
        b.append(".</p>\n<p class=\"meta\">Statistics: <b>fresh</b> ").append(esc(Statistics.FRESH.meaning())).append("; <b>stale</b> ")
                .append(esc(Statistics.STALE.meaning())).append(" (the planner believes the tables are tiny). A result for ")
                .append("<b>fresh, stale</b> ran once: its claim plans the same under both.</p>\n");
        b.append("<p class=\"status ").append(differ == 0 ? "ok" : "bad").append("\">")
                .append(differ > 0 ? differ + " verdict(s) differ from their expectation (marked ≠)."
                        : unchecked == r.variants().size() ? "No result has an expectation: the verdicts are reported, not checked."
                        : unchecked == 0 ? "Every verdict is the expected one."
                        : "Every verdict with an expectation is the expected one.");
        if (unchecked > 0 && unchecked < r.variants().size()) {
            b.append(" ").append(unchecked).append(" result(s) have no expectation: their verdicts are reported, not checked.");
        }
        long predicted = r.variants().stream().filter(v -> v.prediction() != null).count();
        long mispredicted = r.variants().stream().filter(v -> !v.predictionAgrees()).count();
        if (predicted > 0) {
            b.append(" ").append(mispredicted == 0 ? "Every prediction (claim-matrix predict, from the plan before the run) is the measured verdict."
                    : mispredicted + " result(s) measured otherwise than predicted (marked ≠ predicted).");
        }
        b.append("</p>\n</header>\n");
    }

    private static void legend(StringBuilder b, MatrixResult r) {
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        r.variants().forEach(v -> counts.merge(v.verdict(), 1L, Long::sum));
        b.append("<section id=\"legend\" aria-label=\"Legend\"><ul class=\"legend\">\n");
        for (Verdict v : Verdict.values()) {
            b.append("<li><span class=\"chip ").append(cls(v)).append("\">").append(v.name()).append(" <b>")
                    .append(counts.getOrDefault(v, 0L)).append("</b></span> ").append(esc(v.meaning())).append("</li>\n");
        }
        b.append("<li><span class=\"chip differs-sample\">≠</span> differs from its expectation</li>\n")
                .append("<li><span class=\"chip unchecked-sample\">?</span> no expectation recorded</li>\n")
                .append("</ul><p class=\"hint\">Click a cell for its counts, reason, evidence, SQL and plans.</p></section>\n");
    }

    private static void grid(StringBuilder b, List<VariantResult> variants, Map<String, Dimensions> dims, boolean tagStatistics) {
        List<Isolation> isolations = ISOLATIONS.stream()
                .filter(i -> dims.values().stream().anyMatch(d -> d.isolation() == i)).toList();
        // Columns whose value is the same in every row go in the caption, not in the grid.
        List<Column> varying = new ArrayList<>();
        List<String> constant = new ArrayList<>();
        for (Column c : COLUMNS) {
            List<String> values = dims.values().stream().map(c.value()).distinct().toList();
            if (values.size() > 1 || c.title().equals("join")) {
                varying.add(c);
            } else {
                constant.add(c.title() + " " + values.get(0));
            }
        }
        // Rows: every dimension but isolation; cells: the variants of that row, by isolation.
        Map<String, Map<Isolation, List<VariantResult>>> rows = new TreeMap<>();
        Map<String, Dimensions> rowDims = new LinkedHashMap<>();
        for (VariantResult v : variants) {
            Dimensions d = dims.get(v.name());
            String key = varying.stream().map(c -> c.value().apply(d)).collect(Collectors.joining("\u0000"));
            rows.computeIfAbsent(key, k -> new EnumMap<>(Isolation.class)).computeIfAbsent(d.isolation(), i -> new ArrayList<>()).add(v);
            rowDims.putIfAbsent(key, d);
        }
        b.append("<section id=\"matrix\">\n<h2>Matrix <small>").append(dims.size()).append(" seed variant(s) by dimension</small></h2>\n");
        if (!constant.isEmpty()) {
            b.append("<p class=\"constant\">In every row: ").append(esc(String.join(" · ", constant))).append(".</p>\n");
        }
        b.append("<div class=\"scroll\"><table class=\"grid\">\n<thead><tr>");
        for (Column c : varying) {
            b.append("<th scope=\"col\">").append(esc(c.title())).append("</th>");
        }
        for (Isolation i : isolations) {
            b.append("<th scope=\"col\" class=\"iso\">").append(esc(i.sql())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        String group = null;
        for (Map.Entry<String, Map<Isolation, List<VariantResult>>> row : rows.entrySet()) {
            Dimensions d = rowDims.get(row.getKey());
            String join = d.join().code;
            if (!join.equals(group)) {
                group = join;
                b.append("<tr class=\"group\"><th colspan=\"").append(varying.size() + isolations.size()).append("\">")
                        .append(d.join() == Dimensions.Join.LEFT ? "LEFT JOIN the incremental import (accounts without one are claimable)"
                                : "INNER JOIN the incremental import (only accounts that have one)").append("</th></tr>\n");
            }
            b.append("<tr>");
            for (Column c : varying) {
                b.append("<td class=\"dim\">").append(esc(c.value().apply(d))).append("</td>");
            }
            for (Isolation i : isolations) {
                List<VariantResult> here = row.getValue().getOrDefault(i, List.of());
                b.append("<td class=\"slot\">");
                if (here.isEmpty()) {
                    b.append("<span class=\"empty\" title=\"not in this run\">·</span>");
                }
                here.forEach(v -> cell(b, v, tagStatistics));
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    private static void others(StringBuilder b, List<VariantResult> others, boolean only, boolean tagStatistics) {
        b.append("<section id=\"other-strategies\">\n<h2>").append(only ? "Strategies" : "Other strategies")
                .append(" <small>seed strategies without dimensions: SQL files and hand-written classes</small></h2>\n")
                .append("<div class=\"scroll\"><table class=\"list\">\n<thead><tr><th scope=\"col\">strategy</th><th scope=\"col\">isolation</th>")
                .append("<th scope=\"col\">statistics</th><th scope=\"col\">verdict</th></tr></thead>\n<tbody>\n");
        for (VariantResult v : others) {
            b.append("<tr><td class=\"name\">").append(esc(v.displayName())).append("</td><td>").append(esc(v.isolation()))
                    .append("</td><td>").append(esc(v.statisticsLabel())).append("</td><td class=\"slot\">");
            cell(b, v, tagStatistics);
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    /**
     * A queue model's section: what it is and what is claimable, then each claim shape as a table (rows: isolation,
     * columns: statistics), its claim SQL and its plans.
     */
    private static void model(StringBuilder b, ModelInfo m, List<VariantResult> results) {
        b.append("<section class=\"model\" id=\"model-").append(esc(m.name())).append("\">\n<h2>Queue model <code>")
                .append(esc(m.name())).append("</code> <small>").append(ResultText.count(results.size(), "result", "results"));
        if (m.items() != null) {
            b.append(", ").append(m.items()).append(" items");
        }
        b.append("</small></h2>\n");
        if (m.description() != null) {
            b.append("<p class=\"description\">").append(esc(m.description())).append("</p>\n");
        }
        if (m.claimableSql() != null) {
            b.append("<details class=\"claimable\"><summary>What is claimable (claimable.sql)</summary><pre class=\"sql\">")
                    .append(esc(m.claimableSql())).append("</pre></details>\n");
        }
        Map<String, List<VariantResult>> shapes = new LinkedHashMap<>();
        results.stream().sorted(Comparator.comparing(ResultText::shape).thenComparing(ResultText.BY_LEVEL_THEN_STATISTICS))
                .forEach(v -> shapes.computeIfAbsent(ResultText.shape(v), k -> new ArrayList<>()).add(v));
        for (Map.Entry<String, List<VariantResult>> shape : shapes.entrySet()) {
            shape(b, shape.getKey(), shape.getValue());
        }
        b.append("</section>\n");
    }

    /** One claim shape: a table (rows: isolation, columns: statistics; a result run once for both spans both), SQL, plans. */
    private static void shape(StringBuilder b, String shape, List<VariantResult> rs) {
        b.append("<div class=\"shape\"><h3><code>").append(esc(shape)).append("</code></h3>\n");
        String description = rs.get(0).description();
        if (description != null) {
            b.append("<p class=\"description\">").append(esc(description)).append("</p>\n");
        }
        List<Statistics> conditions = new ArrayList<>();
        for (Statistics c : Statistics.values()) {
            if (rs.stream().anyMatch(v -> v.statistics().contains(c))) {
                conditions.add(c);
            }
        }
        Map<String, List<VariantResult>> byLevel = new LinkedHashMap<>();
        rs.forEach(v -> byLevel.computeIfAbsent(v.isolation(), k -> new ArrayList<>()).add(v));
        b.append("<div class=\"scroll\"><table class=\"grid shape-grid\">\n<thead><tr><th scope=\"col\">isolation</th>");
        conditions.forEach(c -> b.append("<th scope=\"col\" class=\"iso\">").append(c.code).append(" statistics</th>"));
        b.append("</tr></thead>\n<tbody>\n");
        for (Map.Entry<String, List<VariantResult>> level : byLevel.entrySet()) {
            b.append("<tr><th scope=\"row\" class=\"dim\">").append(esc(level.getKey())).append("</th>");
            for (int i = 0; i < conditions.size(); i++) {
                Statistics c = conditions.get(i);
                VariantResult v = level.getValue().stream().filter(x -> x.statistics().contains(c)).findFirst().orElse(null);
                if (v == null) {
                    b.append("<td class=\"slot\"><span class=\"empty\" title=\"not in this run\">·</span></td>");
                    continue;
                }
                int span = (int) conditions.stream().skip(i).filter(v.statistics()::contains).count();
                b.append("<td class=\"slot\"").append(span > 1 ? " colspan=\"" + span + "\"" : "").append(">");
                cell(b, v, span > 1);
                b.append("</td>");
                i += span - 1;
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n");
        VariantResult first = rs.get(0);
        b.append("<details class=\"sql-plans\"><summary>Claim SQL and plans</summary>\n<pre class=\"sql\">").append(esc(first.sql())).append("</pre>\n");
        List<Statistics> planned = ResultText.planned(first);
        if (!planned.isEmpty() && !ResultText.plansDiffer(first)) {
            b.append("<h4>Plan").append(planned.size() > 1 ? ", the same under fresh and stale statistics" : " under " + planned.get(0).code + " statistics")
                    .append("</h4><pre class=\"plan\">").append(esc(String.join("\n", first.plans().get(planned.get(0))))).append("</pre>\n");
        } else {
            for (Statistics c : planned) {
                b.append("<h4>Plan under ").append(c.code).append(" statistics</h4><pre class=\"plan\">")
                        .append(esc(String.join("\n", first.plans().get(c)))).append("</pre>\n");
            }
        }
        if (rs.stream().map(VariantResult::sql).distinct().count() > 1 || rs.stream().map(VariantResult::plans).distinct().count() > 1) {
            b.append("<p class=\"hint\">Shown for ").append(esc(first.isolation()))
                    .append("; the SQL or a plan differs at another isolation level: click its cell.</p>\n");
        }
        b.append("</details>\n</div>\n");
    }

    /** A cell: the verdict, colour-coded, with its key numbers (and its statistics, if asked); a click opens the details. */
    private static void cell(StringBuilder b, VariantResult v, boolean tagStatistics) {
        boolean differs = !v.matchesExpectation();
        boolean unchecked = v.expectedVerdict() == null;
        b.append("<button type=\"button\" class=\"cell ").append(cls(v.verdict())).append(differs ? " differs" : "")
                .append(unchecked ? " unchecked" : "").append("\" data-variant=\"").append(esc(v.name()))
                .append("\" data-statistics=\"").append(esc(v.statisticsLabel())).append("\" data-key=\"").append(esc(v.key()))
                .append("\" data-verdict=\"").append(v.verdict().name()).append("\" title=\"").append(esc(v.displayName()))
                .append(" [").append(esc(v.statisticsLabel())).append(" statistics]")
                .append(differs ? " — expected " + v.expectedLabel() : "")
                .append(v.prediction() == null ? "" : " — predicted " + v.predictedLabel()).append("\">");
        if (tagStatistics) {
            b.append("<span class=\"stats\">").append(esc(v.statisticsLabel())).append("</span>");
        }
        b.append("<span class=\"verdict\">").append(differs ? "≠ " : "").append(v.verdict().name()).append(unchecked ? " ?" : "")
                .append(v.predictionAgrees() ? "" : " ≠ predicted").append("</span>")
                .append("<span class=\"nums\">").append(v.committedDuplicates()).append(" dup · ").append(v.abortedClaims()).append(" abort</span>");
        List<String> more = new ArrayList<>();
        if (v.groupDuplicates() > 0) {
            more.add(v.groupDuplicates() + " group dup");
        }
        if (v.overclaims() > 0) {
            more.add(v.overclaims() + " over (max " + v.tally().largestClaim() + ")");
        }
        if (v.silentMisses() > 0) {
            more.add(v.silentMisses() + " silent");
        }
        if (v.missedItems() > 0) {
            more.add(v.missedItems() + " missed");
        }
        if (v.ineligibleClaims() > 0) {
            more.add(v.ineligibleClaims() + " ineligible");
        }
        if (!more.isEmpty()) {
            b.append("<span class=\"nums\">").append(esc(String.join(" · ", more))).append("</span>");
        }
        b.append("</button>");
    }

    /** The kinds of violation the chart stacks, each with its CSS class and count. */
    private record Kind(String title, String css, ToIntFunction<VariantResult> count) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("duplicates", "dup", VariantResult::committedDuplicates),
            new Kind("group duplicates", "group", VariantResult::groupDuplicates),
            new Kind("over-claims", "over", VariantResult::overclaims),
            new Kind("misses", "miss", v -> v.silentMisses() + v.missedItems() + v.ineligibleClaims()));

    /**
     * Violations (stacked by kind) and aborts per result, as two bar panels sharing the result labels; inline SVG, no
     * script needed.
     */
    private static void chart(StringBuilder b, List<VariantResult> variants, boolean tagStatistics) {
        List<VariantResult> sorted = variants.stream()
                .sorted(Comparator.comparingInt(ResultText::violations).reversed()
                        .thenComparing(Comparator.comparingInt(VariantResult::abortedClaims).reversed())
                        .thenComparing(VariantResult::name)
                        .thenComparing(ResultText.BY_LEVEL_THEN_STATISTICS))
                .toList();
        int maxViolations = Math.max(1, sorted.stream().mapToInt(ResultText::violations).max().orElse(1));
        int maxAbort = Math.max(1, sorted.stream().mapToInt(VariantResult::abortedClaims).max().orElse(1));
        int labelW = 8 + 7 * Math.min(72, sorted.stream().mapToInt(v -> label(v, tagStatistics).length()).max().orElse(10));
        int panelW = 300, gap = 40, rowH = 18, top = 34;
        int width = labelW + 2 * panelW + 2 * gap, height = top + rowH * sorted.size() + 8;
        b.append("<section id=\"chart\">\n<h2>Violations and aborts per result</h2>\n")
                .append("<p class=\"hint\">Violations summed over all rounds, stacked by kind: ");
        for (int i = 0; i < KINDS.size(); i++) {
            b.append(i == 0 ? "" : ", ").append("<span class=\"key ").append(KINDS.get(i).css()).append("\"></span> ").append(KINDS.get(i).title());
        }
        b.append(" (items claimed by two committed transactions in one round; two items of one group claimed; claim statements ")
                .append("that returned more rows than their batch; empty claims while items waited, items left claimable, items ")
                .append("claimed that were not claimable). Beside them, aborted claim transactions. Each panel has its own scale.</p>\n")
                .append("<div class=\"scroll\"><svg class=\"bars\" role=\"img\" aria-label=\"Violations and aborts per result\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
        int violX = labelW + gap / 2, abortX = labelW + panelW + gap + gap / 2;
        b.append("<text class=\"axis\" x=\"").append(violX).append("\" y=\"14\">violations (max ").append(maxViolations).append(")</text>")
                .append("<text class=\"axis\" x=\"").append(abortX).append("\" y=\"14\">aborted claims (max ").append(maxAbort).append(")</text>\n");
        for (int i = 0; i < sorted.size(); i++) {
            VariantResult v = sorted.get(i);
            int y = top + i * rowH;
            double abortW = (panelW - 50) * (double) v.abortedClaims() / maxAbort;
            b.append("<g class=\"bar-row\" data-variant=\"").append(esc(v.name())).append("\" data-key=\"").append(esc(v.key()))
                    .append("\"><title>").append(esc(v.displayName())).append(" [").append(esc(v.statisticsLabel())).append(" statistics]")
                    .append(": ").append(v.verdict());
            for (Kind k : KINDS) {
                b.append(", ").append(k.count().applyAsInt(v)).append(' ').append(k.title());
            }
            b.append(", ").append(v.abortedClaims()).append(" abort(s)</title>")
                    .append("<rect class=\"row-bg\" x=\"0\" y=\"").append(y - 2).append("\" width=\"").append(width).append("\" height=\"").append(rowH).append("\"/>")
                    .append("<text class=\"label\" x=\"").append(labelW - 6).append("\" y=\"").append(y + 11).append("\">")
                    .append(esc(truncate(label(v, tagStatistics), 72))).append("</text>");
            double x = violX;
            for (Kind k : KINDS) {
                int n = k.count().applyAsInt(v);
                if (n > 0) {
                    double w = (panelW - 50) * (double) n / maxViolations;
                    b.append("<rect class=\"").append(k.css()).append("\" x=\"").append(fmt(x)).append("\" y=\"").append(y)
                            .append("\" width=\"").append(fmt(w)).append("\" height=\"13\"/>");
                    x += w;
                }
            }
            b.append("<text class=\"num\" x=\"").append(fmt(x + 4)).append("\" y=\"").append(y + 11).append("\">").append(ResultText.violations(v)).append("</text>")
                    .append("<rect class=\"abort\" x=\"").append(abortX).append("\" y=\"").append(y).append("\" width=\"").append(fmt(abortW)).append("\" height=\"13\"/>")
                    .append("<text class=\"num\" x=\"").append(fmt(abortX + abortW + 4)).append("\" y=\"").append(y + 11).append("\">").append(v.abortedClaims()).append("</text>")
                    .append("</g>\n");
        }
        b.append("</svg></div>\n</section>\n");
    }

    private static String label(VariantResult v, boolean tagStatistics) {
        return (v.aliases().isEmpty() ? v.name() : v.aliases().get(0) + " · " + v.name())
                + (tagStatistics ? " [" + v.statisticsLabel() + "]" : "");
    }

    /** Everything the details dialog shows, as JSON the page's script reads. */
    private static String data(MatrixResult r, Map<String, Dimensions> dims, TimelineSource timelines) {
        List<Map<String, Object>> variants = new ArrayList<>();
        for (VariantResult v : r.variants()) {
            Map<String, Object> m = JsonReport.variant(v);
            m.put("key", v.key());
            m.put("verdictMeaning", v.verdict().meaning());
            m.put("matches", v.matchesExpectation());
            // Whether the model can have group duplicates at all (null: unknown, a --queue model).
            m.put("modelGroups", ModelInfo.of(v.model(), r).groups());
            Dimensions d = dims.get(v.name());
            m.put("dimensions", d == null ? null : COLUMNS.stream().collect(Collectors.toMap(Column::title, c -> c.value().apply(d), (a, x) -> a, LinkedHashMap::new)));
            List<TimelineSource.Event> timeline = timelines.timeline(v);
            m.put("timeline", timeline == null || timeline.isEmpty() ? null : timeline);
            variants.add(m);
        }
        try {
            String json = JsonReport.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("variants", variants));
            // Inside <script>: no "</script>" or "<!--" can appear; these escapes are valid JSON string escapes.
            return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cls(Verdict v) {
        return "v-" + v.name().toLowerCase(Locale.ROOT);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream("html/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/claimmatrix/report/html/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
