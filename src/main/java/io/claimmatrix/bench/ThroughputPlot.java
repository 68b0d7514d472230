package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Dimensions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Claims per second against workers, one line per variant, one panel per tool (the kit; pgbench with the kit's
 * statements and bind values; pgbench with literals inlined), same colours and same scale. Plain SVG, written by
 * hand: no plotting library, no network.
 */
public final class ThroughputPlot {

    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39"};
    private static final int PANEL_W = 380, PANEL_H = 320, LEFT = 70, TOP = 50, GAP = 60, LEGEND_LINE = 18;

    private ThroughputPlot() {
    }

    public static String svg(ThroughputBench.Result result, String subtitle) {
        List<ThroughputBench.Point> points = result.points();
        List<ClaimStrategy<?>> variants = result.plan().variants();
        List<Integer> workers = result.plan().workers();
        double max = points.stream().flatMap(p -> java.util.stream.Stream.of(p.kit(), p.pgbench(), p.pgbenchInlined()))
                .filter(Objects::nonNull).mapToDouble(Stats::median).max().orElse(1);
        double yMax = niceCeiling(max);
        List<ThroughputBench.Tool> tools = java.util.Arrays.stream(ThroughputBench.Tool.values())
                .filter(t -> result.samples().stream().anyMatch(x -> x.tool() == t)).toList();
        int width = LEFT + tools.size() * PANEL_W + (tools.size() - 1) * GAP + 30;
        int legendTop = TOP + PANEL_H + 60;
        int height = legendTop + LEGEND_LINE * variants.size() + 30;

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        // Title and subtitle end above the panel titles (baseline TOP - 6), which sit just above the panels.
        s.append(text(LEFT, 16, "Claims per second vs workers (median of repetitions)", "start", 15, "bold"));
        s.append(text(LEFT, 30, subtitle, "start", 11, "normal"));
        for (int panel = 0; panel < tools.size(); panel++) {
            ThroughputBench.Tool tool = tools.get(panel);
            int x0 = LEFT + panel * (PANEL_W + GAP);
            s.append(axes(x0, workers, yMax, switch (tool) {
                case KIT -> "claim-matrix harness";
                case PGBENCH -> "pgbench: same statements, same binds";
                case PGBENCH_INLINED -> "pgbench: literals inlined";
            }));
            for (int v = 0; v < variants.size(); v++) {
                String name = variants.get(v).name();
                List<double[]> xy = new ArrayList<>();
                for (ThroughputBench.Point p : points) {
                    Stats st = switch (tool) {
                        case KIT -> p.kit();
                        case PGBENCH -> p.pgbench();
                        case PGBENCH_INLINED -> p.pgbenchInlined();
                    };
                    if (p.variant().equals(name) && st != null) {
                        xy.add(new double[]{x(x0, workers, p.workers()), y(st.median(), yMax)});
                    }
                }
                s.append(line(xy, COLOURS[v % COLOURS.length], tool != ThroughputBench.Tool.KIT));
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            int y = legendTop + v * LEGEND_LINE;
            String colour = COLOURS[v % COLOURS.length];
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\"/>%n",
                    LEFT, y - 4, LEFT + 24, y - 4, colour));
            String note = result.notReplayable().containsKey(variants.get(v).name()) ? "  (kit only: " + result.notReplayable().get(variants.get(v).name()) + ")" : "";
            s.append(text(LEFT + 32, y, label(variants.get(v)) + note, "start", 12, "normal"));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** A short label for the legend: the dimensions that differ from the seed's defaults, and the alias. */
    public static String label(ClaimStrategy<?> strategy) {
        if (strategy.dimensions().isEmpty()) {
            return strategy.name();
        }
        Dimensions d = strategy.dimensions().get();
        StringBuilder b = new StringBuilder(d.join().code.toUpperCase(Locale.ROOT)).append(" JOIN, ")
                .append(d.lock().kind() == Dimensions.Lock.Kind.NONE ? "no lock" : d.lockClauseSql());
        if (d.write() != Dimensions.WritePath.UPDATE_INSERT) {
            b.append(", ").append(d.write().code);
        }
        if (d.recheck()) {
            b.append(", re-check");
        }
        if (d.limit() != 1) {
            b.append(", LIMIT ").append(d.limit());
        }
        if (!strategy.aliases().isEmpty()) {
            b.append(" (").append(String.join(", ", strategy.aliases())).append(")");
        }
        return b.toString();
    }

    private static String axes(int x0, List<Integer> workers, double yMax, String title) {
        StringBuilder s = new StringBuilder();
        s.append(text(x0 + PANEL_W / 2, TOP - 6, title, "middle", 13, "bold"));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                x0, TOP, PANEL_W, PANEL_H));
        for (int i = 0; i <= 5; i++) {
            double value = yMax * i / 5;
            double y = y(value, yMax);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", x0, y, x0 + PANEL_W, y));
            s.append(text(x0 - 6, (int) y + 4, String.format(Locale.ROOT, "%.0f", value), "end", 11, "normal"));
        }
        for (int w : workers) {
            double x = x(x0, workers, w);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n", x, TOP, x, TOP + PANEL_H));
            s.append(text((int) x, TOP + PANEL_H + 16, String.valueOf(w), "middle", 11, "normal"));
        }
        s.append(text(x0 + PANEL_W / 2, TOP + PANEL_H + 34, "workers (pgbench clients)", "middle", 12, "normal"));
        return s.toString();
    }

    private static String line(List<double[]> xy, String colour, boolean dashed) {
        if (xy.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                .append(dashed ? " stroke-dasharray=\"6 3\"" : "").append(" points=\"");
        for (double[] p : xy) {
            s.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
        }
        s.append("\"/>\n");
        for (double[] p : xy) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", p[0], p[1], colour));
        }
        return s.toString();
    }

    /** Workers are spaced evenly by position (1, 2, 4, 8, 16 read as a log scale). */
    private static double x(int x0, List<Integer> workers, int w) {
        int i = workers.indexOf(w);
        return workers.size() == 1 ? x0 + PANEL_W / 2.0 : x0 + 30 + i * (PANEL_W - 60.0) / (workers.size() - 1);
    }

    private static double y(double value, double yMax) {
        return TOP + PANEL_H - value / yMax * PANEL_H;
    }

    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String text(int x, int y, String content, String anchor, int size, String weight) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\" font-weight=\"%s\">%s</text>%n",
                x, y, anchor, size, weight, escape(content));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
