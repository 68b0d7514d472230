package io.claimmatrix.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the three ways of catching the seed's duplicate on one scale: the fraction of tries (schedule runs, soak
 * rounds, pgbench rounds) that catch one, the time per try, and the expected time to the first catch
 * (time per try / fraction, as for independent tries), with the pgbench race test as the reference.
 */
public record DetectionComparison(List<Row> rows) {

    /**
     * @param unit             {@code run} (a schedule run) or {@code round}
     * @param within           chance of a catch within each threshold (seconds); observed for the soak, computed otherwise
     * @param fasterThanAnchor expected time of the pgbench race test over this one's, or {@code null} for the anchor itself
     */
    public record Row(String method, String unit, double successRate, double secondsPerUnit, double expectedSeconds,
                      Map<Integer, Double> within, Double fasterThanAnchor) {
    }

    public static DetectionComparison of(BenchRunner.Results r) {
        List<Integer> thresholds = r.plan().soakThresholdsSeconds();
        List<Row> rows = new ArrayList<>();
        Double anchor = null;
        if (r.race() != null) {
            anchor = r.race().meanSecondsPerRound() / r.race().duplicateRate();
        }
        for (ScheduleBench.Result s : r.schedule()) {
            double per = s.millisPerRun().median() / 1000;
            rows.add(row("(a) schedule `" + s.schedule() + "` on " + s.fixture(), "run", s.successRate(), per,
                    computed(thresholds, s.successRate(), per), anchor));
        }
        for (SoakBench.Result s : r.soak()) {
            Map<Integer, Double> observed = new LinkedHashMap<>();
            for (int t : thresholds) {
                observed.put(t, t <= s.setup().budget().toSeconds() ? s.probabilityWithin(t) : null);
            }
            rows.add(row("(b) kit soak, " + s.setup().label(), "round", s.perRoundRate(), s.secondsPerRound(), observed, anchor));
        }
        if (r.race() != null) {
            double per = r.race().meanSecondsPerRound();
            rows.add(row("(c) pgbench race test, " + r.race().clients() + " clients", "round", r.race().duplicateRate(), per,
                    computed(thresholds, r.race().duplicateRate(), per), null));
        }
        return new DetectionComparison(rows);
    }

    /**
     * The expected times against each other, slower over faster: (c) over (a), (c) over each (b), each (b) over (a),
     * for (a) the first shape on which the schedule catches the duplicate.
     */
    public List<String> ratios() {
        List<String> out = new ArrayList<>();
        Row a = rows.stream().filter(r -> r.method().startsWith("(a)") && r.successRate() > 0).findFirst().orElse(null);
        Row c = rows.stream().filter(r -> r.method().startsWith("(c)")).findFirst().orElse(null);
        List<Row> b = rows.stream().filter(r -> r.method().startsWith("(b)")).toList();
        if (c != null && a != null) {
            out.add(ratio(c, a));
        }
        for (Row soak : b) {
            if (c != null) {
                out.add(ratio(c, soak));
            }
            if (a != null) {
                out.add(ratio(soak, a));
            }
        }
        return out;
    }

    private static String ratio(Row slower, Row faster) {
        double r = slower.expectedSeconds() / faster.expectedSeconds();
        return shortName(slower.method()) + " / " + shortName(faster.method()) + " = "
                + (Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(java.util.Locale.ROOT, r >= 10 ? "%.0f" : "%.1f", r));
    }

    /** {@code (b) kit soak, seed fixture ...: the race test's setting} as {@code (b) seed fixture (3 accounts), 20 workers}. */
    private static String shortName(String method) {
        String m = method.replace("kit soak, ", "").replace("pgbench race test, ", "pgbench, ").replace("schedule ", "");
        int colon = m.indexOf(": ");
        return colon > 0 ? m.substring(0, colon) : m;
    }

    private static Row row(String method, String unit, double rate, double per, Map<Integer, Double> within, Double anchor) {
        double expected = rate == 0 ? Double.POSITIVE_INFINITY : per / rate;
        Double faster = anchor == null || Double.isInfinite(expected) || Double.isInfinite(anchor) ? null : anchor / expected;
        return new Row(method, unit, rate, per, expected, within, faster);
    }

    /** 1 − (1 − p)^(T / time per try): the chance that independent tries catch one within T seconds. */
    static Map<Integer, Double> computed(List<Integer> thresholds, double rate, double secondsPerTry) {
        Map<Integer, Double> m = new LinkedHashMap<>();
        for (int t : thresholds) {
            m.put(t, secondsPerTry <= 0 ? null : 1 - Math.pow(1 - rate, Math.floor(t / secondsPerTry)));
        }
        return m;
    }
}
