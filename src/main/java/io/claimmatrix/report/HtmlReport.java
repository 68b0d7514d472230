package io.claimmatrix.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.claim.Isolation;
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
import java.util.stream.Collectors;

/**
 * One self-contained HTML page (inline CSS, JS and SVG; nothing fetched) to look at a matrix: a colour-coded grid
 * grouped by {@link Dimensions} (rows: join, locks, wait, write path, ...; columns: isolation), the strategies without
 * dimensions in their own section, a chart of duplicates and aborts per variant, and each variant's details (reason,
 * evidence, SQL, timeline where present) a click away.
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

    /** The page; variants with {@link VariantResult#dimensions()} go in the grid, the others in their own section. */
    public static String render(MatrixResult result, TimelineSource timelines) {
        Map<String, Dimensions> dims = new LinkedHashMap<>();
        List<VariantResult> others = new ArrayList<>();
        for (VariantResult v : result.variants()) {
            if (v.dimensions() != null) {
                dims.put(v.name(), v.dimensions());
            } else {
                others.add(v);
            }
        }
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>claim-matrix: ").append(result.variants().size()).append(" variant(s) on PostgreSQL ")
                .append(esc(result.postgresVersion())).append("</title>\n<style>\n").append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        header(b, result);
        legend(b, result);
        if (!dims.isEmpty()) {
            grid(b, result.variants().stream().filter(v -> dims.containsKey(v.name())).toList(), dims);
        }
        if (!others.isEmpty()) {
            others(b, others, dims.isEmpty());
        }
        chart(b, result.variants());
        b.append("<dialog id=\"details\" aria-labelledby=\"details-name\"><form method=\"dialog\"><button class=\"close\" aria-label=\"Close\">×</button></form>")
                .append("<div id=\"details-body\"></div></dialog>\n");
        b.append("<script type=\"application/json\" id=\"claim-matrix-data\">").append(data(result, dims, timelines)).append("</script>\n");
        b.append("<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void header(StringBuilder b, MatrixResult r) {
        long differ = r.variants().stream().filter(v -> !v.matchesExpectation()).count();
        long unchecked = r.variants().stream().filter(v -> v.expectedVerdict() == null).count();
        b.append("<header>\n<h1>claim-matrix</h1>\n<p class=\"meta\">Can two workers claim the same row? ")
                .append(r.variants().size()).append(" variant(s) measured on PostgreSQL ").append(esc(r.postgresVersion()))
                .append(" (").append(esc(r.mode())).append("): ").append(r.settings().workers()).append(" workers, ")
                .append(r.settings().rounds()).append(" rounds, fixture ").append(esc(r.settings().fixture().name()))
                .append(" (").append(r.settings().fixture().accounts().size()).append(" accounts).</p>\n");
        b.append("<p class=\"status ").append(differ == 0 ? "ok" : "bad").append("\">")
                .append(differ == 0 ? "Every verdict is the expected one." : differ + " verdict(s) differ from their expectation (marked ≠).");
        if (unchecked > 0) {
            b.append(" ").append(unchecked).append(" variant(s) have no expectation: their verdicts are reported, not checked.");
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
                .append("</ul><p class=\"hint\">Click a cell for its reason, evidence and SQL.</p></section>\n");
    }

    private static void grid(StringBuilder b, List<VariantResult> variants, Map<String, Dimensions> dims) {
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
        b.append("<section id=\"matrix\">\n<h2>Matrix <small>").append(variants.size()).append(" variant(s) by dimension</small></h2>\n");
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
                here.forEach(v -> cell(b, v));
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    private static void others(StringBuilder b, List<VariantResult> others, boolean only) {
        b.append("<section id=\"other-strategies\">\n<h2>").append(only ? "Strategies" : "Other strategies")
                .append(" <small>without dimensions: SQL files and hand-written classes</small></h2>\n")
                .append("<div class=\"scroll\"><table class=\"list\">\n<thead><tr><th scope=\"col\">strategy</th><th scope=\"col\">isolation</th><th scope=\"col\">verdict</th></tr></thead>\n<tbody>\n");
        for (VariantResult v : others) {
            b.append("<tr><td class=\"name\">").append(esc(v.displayName())).append("</td><td>").append(esc(v.isolation()))
                    .append("</td><td class=\"slot\">");
            cell(b, v);
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n</section>\n");
    }

    /** A grid cell: the verdict, colour-coded, with its key numbers; a click opens the details. */
    private static void cell(StringBuilder b, VariantResult v) {
        boolean differs = !v.matchesExpectation();
        boolean unchecked = v.expectedVerdict() == null;
        b.append("<button type=\"button\" class=\"cell ").append(cls(v.verdict())).append(differs ? " differs" : "")
                .append(unchecked ? " unchecked" : "").append("\" data-variant=\"").append(esc(v.name()))
                .append("\" data-verdict=\"").append(v.verdict().name()).append("\" title=\"").append(esc(v.displayName()))
                .append(differs ? " — expected " + v.expectedVerdict() : "").append("\">")
                .append("<span class=\"verdict\">").append(differs ? "≠ " : "").append(v.verdict().name()).append(unchecked ? " ?" : "").append("</span>")
                .append("<span class=\"nums\">").append(v.committedDuplicates()).append(" dup · ").append(v.abortedClaims()).append(" abort</span>")
                .append(v.missedAccounts() > 0 ? "<span class=\"nums\">" + v.missedAccounts() + " missed</span>" : "").append("</button>");
    }

    /** Duplicates and aborts per variant, as two bar panels sharing the variant labels; inline SVG, no script needed. */
    private static void chart(StringBuilder b, List<VariantResult> variants) {
        List<VariantResult> sorted = variants.stream()
                .sorted(Comparator.comparingInt(VariantResult::committedDuplicates).reversed()
                        .thenComparing(Comparator.comparingInt(VariantResult::abortedClaims).reversed())
                        .thenComparing(VariantResult::name))
                .toList();
        int maxDup = Math.max(1, sorted.stream().mapToInt(VariantResult::committedDuplicates).max().orElse(1));
        int maxAbort = Math.max(1, sorted.stream().mapToInt(VariantResult::abortedClaims).max().orElse(1));
        int labelW = 8 + 7 * Math.min(72, sorted.stream().mapToInt(v -> label(v).length()).max().orElse(10));
        int panelW = 300, gap = 40, rowH = 18, top = 34;
        int width = labelW + 2 * panelW + 2 * gap, height = top + rowH * sorted.size() + 8;
        b.append("<section id=\"chart\">\n<h2>Duplicates and aborts per variant</h2>\n")
                .append("<p class=\"hint\">Committed duplicate claims (an account claimed by two committed transactions in one round) and ")
                .append("aborted claim transactions, summed over all rounds. Each panel has its own scale.</p>\n")
                .append("<div class=\"scroll\"><svg class=\"bars\" role=\"img\" aria-label=\"Duplicates and aborts per variant\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
        int dupX = labelW + gap / 2, abortX = labelW + panelW + gap + gap / 2;
        b.append("<text class=\"axis\" x=\"").append(dupX).append("\" y=\"14\">committed duplicates (max ").append(maxDup).append(")</text>")
                .append("<text class=\"axis\" x=\"").append(abortX).append("\" y=\"14\">aborted claims (max ").append(maxAbort).append(")</text>\n");
        for (int i = 0; i < sorted.size(); i++) {
            VariantResult v = sorted.get(i);
            int y = top + i * rowH;
            double dupW = (panelW - 50) * (double) v.committedDuplicates() / maxDup;
            double abortW = (panelW - 50) * (double) v.abortedClaims() / maxAbort;
            b.append("<g class=\"bar-row\" data-variant=\"").append(esc(v.name())).append("\"><title>").append(esc(v.displayName()))
                    .append(": ").append(v.verdict()).append(", ").append(v.committedDuplicates()).append(" duplicate(s), ")
                    .append(v.abortedClaims()).append(" abort(s)</title>")
                    .append("<rect class=\"row-bg\" x=\"0\" y=\"").append(y - 2).append("\" width=\"").append(width).append("\" height=\"").append(rowH).append("\"/>")
                    .append("<text class=\"label\" x=\"").append(labelW - 6).append("\" y=\"").append(y + 11).append("\">").append(esc(truncate(label(v), 72))).append("</text>")
                    .append("<rect class=\"dup\" x=\"").append(dupX).append("\" y=\"").append(y).append("\" width=\"").append(fmt(dupW)).append("\" height=\"13\"/>")
                    .append("<text class=\"num\" x=\"").append(fmt(dupX + dupW + 4)).append("\" y=\"").append(y + 11).append("\">").append(v.committedDuplicates()).append("</text>")
                    .append("<rect class=\"abort\" x=\"").append(abortX).append("\" y=\"").append(y).append("\" width=\"").append(fmt(abortW)).append("\" height=\"13\"/>")
                    .append("<text class=\"num\" x=\"").append(fmt(abortX + abortW + 4)).append("\" y=\"").append(y + 11).append("\">").append(v.abortedClaims()).append("</text>")
                    .append("</g>\n");
        }
        b.append("</svg></div>\n</section>\n");
    }

    private static String label(VariantResult v) {
        return v.aliases().isEmpty() ? v.name() : v.aliases().get(0) + " · " + v.name();
    }

    /** Everything the details dialog shows, as JSON the page's script reads. */
    private static String data(MatrixResult r, Map<String, Dimensions> dims, TimelineSource timelines) {
        List<Map<String, Object>> variants = new ArrayList<>();
        for (VariantResult v : r.variants()) {
            Map<String, Object> m = JsonReport.variant(v);
            m.put("verdictMeaning", v.verdict().meaning());
            m.put("expectedWhy", v.expectedWhy());
            m.put("matches", v.matchesExpectation());
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
