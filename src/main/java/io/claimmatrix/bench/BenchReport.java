package io.claimmatrix.bench;

import io.claimmatrix.bench.BenchPlan.Section;
import io.claimmatrix.claim.ClaimStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * docs/benchmarks.md: every number beside the command that reproduces it, medians with their spread, and the machine
 * and its load. Written from a {@link BenchRunner.Results}; nothing in it is typed by hand except the operator's
 * {@code --note}.
 */
public final class BenchReport {

    /** The bench command as the report quotes it. */
    static final String BENCH = "java -jar target/claim-matrix.jar bench";

    private BenchReport() {
    }

    /**
     * @param databaseArgs the database options the run was given (shown in commands; never a password)
     * @param plotFile     the plot's file name relative to the report, or {@code null}
     * @param note         the operator's words on the run (what else was running, why), or {@code null}
     */
    public static String markdown(BenchRunner.Results r, List<String> databaseArgs, String plotFile, String note) {
        StringBuilder b = new StringBuilder();
        BenchPlan plan = r.plan();
        String db = databaseArgs.isEmpty() ? "" : " " + String.join(" ", databaseArgs);
        b.append("# Benchmarks\n\n");
        if (plan.quick()) {
            b.append("> **Quick run** (`--quick`): every section at smoke size. These numbers check that the bench works; "
                    + "they are not for quoting.\n\n");
        }
        b.append("Two questions a user of claim-matrix asks: how surely and how fast does it expose an unsafe claim query, and what does "
                + "each safe query cost? Each is measured against what a user would otherwise run, in the same run, on the same "
                + "PostgreSQL: the seed's own race test written as a pgbench script, and pgbench running the same claim "
                + "transaction as a ceiling. Everything below was written by one command:\n\n");
        b.append("```bash\nmvn -B -ntp package -DskipTests\n").append(BENCH).append(plan.quick() ? " --quick" : "").append(db).append("\n```\n\n");
        machine(b, r, note);
        summary(b, r);
        detection(b, r, db);
        throughput(b, r, db, plotFile);
        wallTime(b, r, db);
        method(b, r);
        return b.toString();
    }

    private static void machine(StringBuilder b, BenchRunner.Results r, String note) {
        MachineContext m = r.machine();
        b.append("## Machine and conditions\n\n");
        b.append("- Measured ").append(m.started()).append(" on ").append(m.cores()).append(" cores, ").append(m.os()).append(", ")
                .append(m.java()).append(".\n");
        b.append("- PostgreSQL ").append(r.postgresVersion()).append(" (").append(r.databaseMode()).append(")")
                .append(r.databaseMode().equals("embedded") ? ", started by the bench (fsync off, as for every kit run)" : "")
                .append("; pgbench and the race test's driver connect to the same server. Client tools: ")
                .append(r.pgbenchVersion() == null ? "pgbench not found" : r.pgbenchVersion()).append(".\n");
        b.append("- Other processes using the CPU when the bench started (lifetime CPU share, from `ps`): ")
                .append(m.busiestAtStart()).append(".\n");
        if (note != null && !note.isBlank()) {
            b.append("- Operator's note: ").append(note.strip()).append("\n");
        }
        b.append("\nLoad average (1, 5, 15 min) around each section; on ").append(m.cores())
                .append(" cores, a load above that number means the bench shared the CPU:\n\n");
        b.append("| section | load at start | load at end | duration |\n|---|---|---|---:|\n");
        for (MachineContext.SectionLoad s : m.sections()) {
            b.append("| ").append(s.section()).append(" | ").append(s.atStart()).append(" | ").append(s.atEnd()).append(" | ")
                    .append(fmt(s.seconds(), 0)).append(" s |\n");
        }
        b.append("\n");
    }

    private static void summary(StringBuilder b, BenchRunner.Results r) {
        b.append("## Headline\n\n");
        List<String> lines = new ArrayList<>();
        DetectionComparison cmp = DetectionComparison.of(r);
        for (DetectionComparison.Row row : cmp.rows()) {
            lines.add(String.format(Locale.ROOT, "Detection, %s: a committed duplicate in %s of %ss, %s per %s; expected time to the "
                            + "first duplicate %s%s.", row.method(), pct(row.successRate()), row.unit(), fmtSeconds(row.secondsPerUnit()),
                    row.unit(), fmtSeconds(row.expectedSeconds()), row.fasterThanAnchor() == null ? ""
                            : " (" + fmt(row.fasterThanAnchor(), row.fasterThanAnchor() >= 10 ? 0 : 1) + "× sooner than the pgbench race test)"));
        }
        if (!cmp.ratios().isEmpty()) {
            lines.add("Detection, expected time to the first duplicate, slower / faster: " + String.join("; ", cmp.ratios()) + ".");
        }
        if (r.throughput() != null) {
            List<ThroughputBench.Point> pts = r.throughput().points();
            List<Double> ratios = pts.stream().filter(p -> p.ratio() != null).map(p -> p.ratio().median()).toList();
            if (!ratios.isEmpty()) {
                long below = ratios.stream().filter(x -> x < 0.8).count();
                lines.add(String.format(Locale.ROOT, "Throughput, kit / pgbench running the same statements with the same bind values, per "
                                + "point (median of repetitions): %s to %s, median %s; %d of %d points below the 0.8 target.",
                        fmt(ratios.stream().mapToDouble(x -> x).min().orElse(0), 2), fmt(ratios.stream().mapToDouble(x -> x).max().orElse(0), 2),
                        fmt(Stats.of(ratios).median(), 2), below, ratios.size()));
            }
            List<Double> inlined = pts.stream().filter(p -> p.ratioInlined() != null).map(p -> p.ratioInlined().median()).toList();
            if (!inlined.isEmpty()) {
                lines.add(String.format(Locale.ROOT, "Against pgbench with the literals inlined (planned once instead of at every claim): "
                                + "%s to %s, median %s.", fmt(inlined.stream().mapToDouble(x -> x).min().orElse(0), 2),
                        fmt(inlined.stream().mapToDouble(x -> x).max().orElse(0), 2), fmt(Stats.of(inlined).median(), 2)));
            }
            pts.stream().filter(p -> p.workers() == r.throughput().plan().workers().get(r.throughput().plan().workers().size() - 1))
                    .max((x, y) -> Double.compare(x.kit().median(), y.kit().median()))
                    .ifPresent(p -> lines.add(String.format(Locale.ROOT, "Cheapest safe claim at %d workers: %s, %s claims/s through the kit.",
                            p.workers(), label(r, p.variant()), fmt(p.kit().median(), 0))));
        }
        r.cli().stream().filter(p -> p.variants() == r.cli().stream().mapToInt(WallTimeBench.Point::variants).max().orElse(0))
                .filter(p -> p.rounds() == 3).findFirst()
                .ifPresent(p -> lines.add(String.format(Locale.ROOT, "Full matrix via the CLI (%d variants, 3 rounds): %s s.",
                        p.variants(), p.seconds().format(0))));
        r.mvn().stream().max((x, y) -> Integer.compare(x.variants(), y.variants()))
                .ifPresent(p -> lines.add(String.format(Locale.ROOT, "`mvn -B -ntp verify` (%d variants): %s s.", p.variants(), p.seconds().format(0))));
        for (String l : lines) {
            b.append("- ").append(l).append("\n");
        }
        b.append("\n");
    }

    private static void detection(StringBuilder b, BenchRunner.Results r, String db) {
        BenchPlan plan = r.plan();
        if (!plan.runs(Section.SCHEDULE) && !plan.runs(Section.SOAK) && !plan.runs(Section.RACE)) {
            return;
        }
        String seed = "`" + plan.seed().name() + "` (alias `seed`)";
        b.append("## 1. Detecting the seed's duplicate\n\n");
        b.append("The variant is the seed's claim, ").append(seed).append(": `FOR UPDATE OF a, init SKIP LOCKED` at READ COMMITTED, "
                + "which the matrix measures as DUPLICATES. \"Caught\" means an account claimed by two transactions that both committed.\n\n");

        if (!r.schedule().isEmpty()) {
            b.append("### (a) Deterministic schedule\n\n");
            b.append("`claim-matrix explain seed` forces the race with the `").append(ScheduleBench.SCHEDULE.name())
                    .append("` schedule (`").append(ScheduleBench.SCHEDULE.permutation()).append("`): worker s2's claim takes its "
                            + "snapshot and is held at a gate while s1 claims, writes and commits. Run on each fixture shape the seed is "
                            + "measured on; time per run = fixture reset, every step, the judgement, on sessions the runner keeps open "
                            + "(one untimed run per shape opens them).\n\n");
            b.append("| fixture | runs | runs with a committed duplicate | outcomes | time per run (ms) | reproduce |\n|---|---:|---:|---|---:|---|\n");
            for (ScheduleBench.Result s : r.schedule()) {
                b.append("| `").append(s.fixture()).append("` | ").append(s.runs()).append(" | ").append(s.successes()).append(" (")
                        .append(pct(s.successRate())).append(") | ").append(s.outcomes().entrySet().stream()
                                .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", ")))
                        .append(" | ").append(s.millisPerRun().format(1)).append(" | `").append(BENCH).append(" --sections schedule --schedule-runs ")
                        .append(s.runs()).append(db).append("`; one run by hand: `java -jar target/claim-matrix.jar explain seed -s ")
                        .append(s.schedule()).append("` |\n");
            }
            b.append("\nOn `seed:absent` the race is the same, but the second claim's INSERT of the incremental import fails with "
                    + "23505: the seed's other symptom, an abort rather than a committed duplicate.\n\n");
        }

        if (!r.soak().isEmpty()) {
            SoakBench.Result first = r.soak().get(0);
            b.append("### (b) The kit's soak\n\n");
            b.append("The harness runs rounds of the seed variant (fixture reset before each round, shapes cycled as a matrix run "
                    + "cycles them: mixed, absent, present) until a round ends with a committed duplicate, or ")
                    .append(fmt(first.setup().budget().toMillis() / 1000.0, 0)).append(" s have passed. The clock starts when the first "
                            + "round releases its workers and stops when the detecting round ends; it includes the resets between rounds. "
                            + "Each trial is independent; the same trials give every threshold.\n\n");
            b.append("| setup | trials |");
            for (int t : plan.soakThresholdsSeconds()) {
                b.append(" caught within ").append(t).append(" s |");
            }
            b.append(" rounds to first duplicate | seconds to first duplicate | duplicate rounds / rounds run | reproduce |\n|---|---:|");
            b.append("---:|".repeat(plan.soakThresholdsSeconds().size())).append("---:|---:|---:|---|\n");
            for (SoakBench.Result s : r.soak()) {
                b.append("| ").append(s.setup().label()).append(" | ").append(s.trials().size()).append(" |");
                for (int t : plan.soakThresholdsSeconds()) {
                    b.append(" ").append(t <= s.setup().budget().toSeconds() ? pct(s.probabilityWithin(t)) : "n/a").append(" |");
                }
                b.append(" ").append(s.roundsToFirst() == null ? "none" : s.roundsToFirst().format(0)).append(" | ")
                        .append(s.secondsToFirst() == null ? "none" : s.secondsToFirst().format(3)).append(" | ")
                        .append(pct(s.perRoundRate())).append(" | `").append(BENCH).append(" --sections soak --soak-trials ")
                        .append(s.trials().size()).append(" --soak-budget ").append(s.setup().budget().toSeconds()).append(db).append("` |\n");
            }
            b.append("\n");
        }

        if (r.race() != null || r.raceNote() != null) {
            b.append("### (c) The seed's race test via pgbench\n\n");
            if (r.race() == null) {
                b.append("Not measured: ").append(r.raceNote()).append(".\n\n");
            } else {
                SeedRaceAnchor.Result c = r.race();
                b.append("[`bench/seed-race.sh`](../bench/seed-race.sh) runs rounds of ").append(c.clients()).append(" pgbench clients "
                        + "(one thread and connection each, released together by pgbench), one transaction each, on the seed's three "
                        + "accounts: [`bench/seed-race.sql`](../bench/seed-race.sql) is the seed's query verbatim plus a log of the claimed id "
                        + "in the same transaction, so only committed claims count. Between rounds it resets the rows with "
                        + "[`bench/seed-race-reset.sql`](../bench/seed-race-reset.sql) and counts with "
                        + "[`bench/seed-race-count.sql`](../bench/seed-race-count.sql).\n\n");
                b.append("| rounds | rounds with a committed duplicate | time per round, ms (reset + pgbench + count) | of which pgbench, ms | "
                        + "clients aborted (e.g. 23505) | reproduce |\n|---:|---:|---:|---:|---:|---|\n");
                b.append("| ").append(c.rounds().size()).append(" | ").append(c.rounds().stream().filter(x -> x.duplicates() > 0).count())
                        .append(" (").append(pct(c.duplicateRate())).append(") | ").append(c.millisPerRound().format(0)).append(" | ")
                        .append(c.pgbenchMillisPerRound().format(0)).append(" | ").append(c.abortedClaims()).append(" | `").append(BENCH)
                        .append(" --sections race --race-rounds ").append(c.rounds().size()).append(db).append("`, or by hand `")
                        .append(c.command()).append("` |\n\n");
            }
        }

        DetectionComparison cmp = DetectionComparison.of(r);
        if (cmp.rows().size() > 1) {
            b.append("### Side by side\n\n");
            b.append("Expected time to the first duplicate is time per run (or round) over the fraction that catch one, as for repeated "
                    + "independent tries. For (c) the chance of a catch within T seconds is computed the same way from its per-round "
                    + "rate, 1 − (1 − p)^(T / time per round); for (b) it is observed.\n\n");
            b.append("| method | caught per run / round | time per run / round | expected time to first duplicate |");
            for (int t : plan.soakThresholdsSeconds()) {
                b.append(" within ").append(t).append(" s |");
            }
            b.append(" sooner than (c) |\n|---|---:|---:|---:|").append("---:|".repeat(plan.soakThresholdsSeconds().size())).append("---:|\n");
            for (DetectionComparison.Row row : cmp.rows()) {
                b.append("| ").append(row.method()).append(" | ").append(pct(row.successRate())).append(" | ")
                        .append(fmtSeconds(row.secondsPerUnit())).append(" | ").append(fmtSeconds(row.expectedSeconds())).append(" |");
                for (int t : plan.soakThresholdsSeconds()) {
                    Double p = row.within().get(t);
                    b.append(" ").append(p == null ? "n/a" : pct(p)).append(" |");
                }
                b.append(" ").append(row.fasterThanAnchor() == null ? "—" : fmt(row.fasterThanAnchor(), row.fasterThanAnchor() >= 10 ? 0 : 1) + "×")
                        .append(" |\n");
            }
            b.append("\n");
            List<String> ratios = cmp.ratios();
            if (!ratios.isEmpty()) {
                b.append("Ratios of the expected times to the first duplicate: ").append(String.join("; ", ratios)).append(".\n\n");
            }
        }
    }

    private static void throughput(StringBuilder b, BenchRunner.Results r, String db, String plotFile) {
        ThroughputBench.Result t = r.throughput();
        if (t == null) {
            return;
        }
        ThroughputBench.Plan p = t.plan();
        b.append("## 2. What each safe claim costs: throughput\n\n");
        b.append("Every variant the matrix measures SAFE at READ COMMITTED (").append(p.variants().size()).append(" of them), at ")
                .append(p.workers().stream().map(String::valueOf).collect(Collectors.joining(", "))).append(" workers. Each run loads the "
                        + "generated fixture (").append(p.fixture().accounts().size()).append(" accounts, ").append(t.eligibleAccounts())
                .append(" eligible, shape `present`: every claim UPDATEs its incremental import) and runs ")
                .append(p.claimsPerRun()).append(" claims from the head of the queue (a claim its re-check drops counts, for the kit as "
                        + "for pgbench, so both go equally deep into the queue). Claims per second = committed claims / time from the workers' "
                        + "release to the last one's end (kit), or pgbench's own time (transactions / tps, connections excluded).\n\n");
        b.append("pgbench runs the same transaction, statements captured from the strategy itself "
                + "([`bench/throughput/`](../bench/throughput/)), with as many clients and threads as the kit has workers, `-M prepared`, "
                + "ceil(").append(p.claimsPerRun()).append(" / clients) transactions per client, in two forms:\n\n");
        b.append("- **pgbench** (`<variant>.sql`): the same SQL text with the same bind values as the kit sends (jOOQ binds the "
                + "string literals; the LIMIT is a literal, see the method notes). The like-for-like ceiling: what the kit would "
                + "reach with no harness in the way. Ratio target: 0.8.\n");
        b.append("- **pgbench, literals** (`<variant>.inlined.sql`): every value inlined, as the claim is shown beside its verdict, so "
                + "each statement has no parameter at all. For reference: the difference to the first form is the cost of bind "
                + "values to PostgreSQL, not of the harness.\n\n");
        b.append("Tools take turns in a rotating order, point by point; ratio = kit / pgbench of the same repetition, median over ")
                .append(p.repetitions()).append(" repetitions.\n\n");
        b.append("Where the kit's time per claim goes beside pgbench's (server time per statement, client CPU, jOOQ rendering, "
                + "a plain-JDBC floor): [harness-profile.md](harness-profile.md).\n\n");
        if (r.throughputNote() != null) {
            b.append("pgbench: ").append(r.throughputNote()).append(".\n\n");
        }
        if (!t.notReplayable().isEmpty()) {
            b.append("Kit only (pgbench cannot replay the transaction): ").append(t.notReplayable().entrySet().stream()
                    .map(e -> "`" + e.getKey() + "` " + e.getValue()).collect(Collectors.joining("; "))).append(".\n\n");
        }
        if (plotFile != null) {
            b.append("![claims per second vs workers: kit, pgbench with the same binds, pgbench with literals](").append(plotFile).append(")\n\n");
        }
        List<ThroughputBench.Point> points = t.points();
        b.append("Claims per second through the kit (median), and kit / pgbench with the same binds:\n\n| variant |");
        for (int w : p.workers()) {
            b.append(" ").append(w).append(w == 1 ? " worker |" : " workers |");
        }
        b.append("\n|---|").append("---:|".repeat(p.workers().size())).append("\n");
        for (ClaimStrategy<?> v : p.variants()) {
            b.append("| ").append(ThroughputPlot.label(v)).append(" |");
            for (int w : p.workers()) {
                ThroughputBench.Point pt = find(points, v.name(), w);
                b.append(pt == null ? " — |" : " " + fmt(pt.kit().median(), 0) + (pt.ratio() == null ? "" : " (" + fmt(pt.ratio().median(), 2) + ")") + " |");
            }
            b.append("\n");
        }
        b.append("\n");
        List<ThroughputBench.Point> below = points.stream().filter(pt -> pt.ratio() != null && pt.ratio().median() < 0.8).toList();
        if (!below.isEmpty()) {
            b.append("Below the 0.8 target (kit / pgbench with the same binds): ").append(below.stream()
                    .map(pt -> label(r, pt.variant()) + " at " + pt.workers() + " (" + fmt(pt.ratio().median(), 2) + ")")
                    .collect(Collectors.joining("; "))).append(".\n\n");
        }
        List<String> problems = t.samples().stream().filter(s -> s.problem() != null)
                .map(s -> s.tool().label + " " + s.variant() + " at " + s.workers() + " (rep " + s.repetition() + "): " + s.problem())
                .toList();
        if (!problems.isEmpty()) {
            b.append("Runs that were not clean (shown so the numbers can be judged): ").append(String.join("; ", problems)).append(".\n\n");
        }
        b.append("<details><summary>Every point with its spread, and the commands that reproduce it</summary>\n\n");
        for (ClaimStrategy<?> v : p.variants()) {
            String selector = v.aliases().isEmpty() ? v.name() : v.aliases().get(0);
            b.append("#### `").append(v.name()).append("`\n\n");
            b.append("All tools: `").append(BENCH).append(" --sections throughput --variants ").append(selector).append(" --workers ")
                    .append(p.workers().stream().map(String::valueOf).collect(Collectors.joining(","))).append(" --repetitions ")
                    .append(p.repetitions()).append(" --eligible ").append(Math.min(10_000, t.eligibleAccounts()))
                    .append(" --claims ").append(p.claimsPerRun()).append(db).append("`.");
            String cmd = t.command(v.name(), ThroughputBench.Tool.PGBENCH, p.workers().get(0));
            if (cmd != null) {
                b.append(" pgbench alone, on a schema with the fixture loaded: `").append(cmd).append("` (`-c`, `-j`, `-t` per row; "
                        + "`.inlined.sql` with no `-D` for literals).");
            }
            b.append("\n\n| workers | kit claims/s | pgbench claims/s | kit / pgbench | pgbench, literals | kit / pgbench, literals | "
                    + "dropped by the re-check (kit, pgbench) |\n|---:|---:|---:|---:|---:|---:|---|\n");
            for (int w : p.workers()) {
                ThroughputBench.Point pt = find(points, v.name(), w);
                if (pt != null) {
                    b.append("| ").append(w).append(" | ").append(pt.kit().format(0)).append(" | ").append(orDash(pt.pgbench(), 0))
                            .append(" | ").append(orDash(pt.ratio(), 2)).append(" | ").append(orDash(pt.pgbenchInlined(), 0)).append(" | ")
                            .append(orDash(pt.ratioInlined(), 2)).append(" | ").append(dropped(t, v.name(), w)).append(" |\n");
                }
            }
            b.append("\n");
        }
        b.append("</details>\n\n");
    }

    private static String orDash(Stats s, int decimals) {
        return s == null ? "—" : s.format(decimals);
    }

    /** Median claims dropped by a re-check per run, kit and pgbench (bound); "0" for variants without a re-check. */
    private static String dropped(ThroughputBench.Result t, String variant, int workers) {
        List<String> parts = new ArrayList<>();
        for (ThroughputBench.Tool tool : List.of(ThroughputBench.Tool.KIT, ThroughputBench.Tool.PGBENCH)) {
            List<Long> d = t.samples().stream().filter(s -> s.variant().equals(variant) && s.workers() == workers && s.tool() == tool)
                    .map(ThroughputBench.Sample::dropped).toList();
            parts.add(d.isEmpty() ? "—" : fmt(Stats.of(d).median(), 0));
        }
        return String.join(", ", parts);
    }

    private static void wallTime(StringBuilder b, BenchRunner.Results r, String db) {
        if (r.cli().isEmpty() && r.mvn().isEmpty() && r.wallTimeNote() == null) {
            return;
        }
        b.append("## 3. Wall time of the full matrix\n\n");
        if (r.wallTimeNote() != null) {
            b.append("Note: ").append(r.wallTimeNote()).append(".\n\n");
        }
        if (!r.cli().isEmpty()) {
            b.append("Via the CLI, as a user runs it (a new JVM, embedded PostgreSQL started and stopped, every variant, the report): "
                    + "subsets are spread evenly over the catalogue sorted by name, so they keep its mix. A variant expected to TIME OUT "
                    + "waits out its round deadline (10 s) whatever the rounds; one PostgreSQL REJECTS costs nothing.\n\n");
            b.append("| variants | rounds | of which TIMEOUT / REJECTED | seconds | exit codes | reproduce |\n|---:|---:|---|---:|---|---|\n");
            for (WallTimeBench.Point p : r.cli()) {
                b.append("| ").append(p.variants()).append(" | ").append(p.rounds()).append(" | ").append(p.timeouts()).append(" / ")
                        .append(p.rejected()).append(" | ").append(p.seconds().format(1)).append(" | ").append(exits(p.exitCodes())).append(" | `")
                        .append(BENCH).append(" --sections cli --cli-points ").append(p.variants()).append("x").append(p.rounds())
                        .append(" --cli-repetitions ").append(p.seconds().n()).append(db).append("`, i.e. `").append(p.command()).append("` |\n");
            }
            b.append("\n").append(growth(r.cli())).append("\n");
        }
        if (!r.mvn().isEmpty()) {
            b.append("`mvn -B -ntp verify` on a copy of the project (codegen with its embedded PostgreSQL, compile, every test "
                    + "including the parameterized matrix test and the failsafe ITs, the jar)")
                    .append(r.mvn().size() > 1 ? ", the matrix test restricted with `-Dclaimmatrix.variants` for the smaller points" : "")
                    .append(":\n\n");
            b.append("| variants in MatrixTest | seconds | exit codes | reproduce |\n|---:|---:|---|---|\n");
            for (WallTimeBench.Point p : r.mvn()) {
                b.append("| ").append(p.variants()).append(" | ").append(p.seconds().format(0)).append(" | ").append(exits(p.exitCodes()))
                        .append(" | `").append(BENCH).append(" --sections mvn --mvn-variants ").append(p.variants())
                        .append(" --mvn-repetitions ").append(p.seconds().n()).append("`, i.e. `")
                        .append(p.command().length() > 120 ? p.command().substring(0, p.command().indexOf("-Dclaimmatrix.variants=")) + "-Dclaimmatrix.variants=<"
                                + p.variants() + " spread over the catalogue>" : p.command()).append("` |\n");
            }
            if (r.mvn().size() >= 2) {
                WallTimeBench.Point lo = r.mvn().get(0), hi = r.mvn().get(r.mvn().size() - 1);
                double slope = (hi.seconds().median() - lo.seconds().median()) / (hi.variants() - lo.variants());
                b.append(String.format(Locale.ROOT, "%nFrom %d to %d variants: %s s per variant on top of about %s s for everything else "
                                + "(codegen, compile, the other tests, packaging).%n", lo.variants(), hi.variants(), fmt(slope, 2),
                        fmt(lo.seconds().median() - slope * lo.variants(), 0)));
            }
            b.append("\n");
        }
    }

    /** Least-squares lines through the CLI points: per variant at the most common round count, per round at the most variants. */
    static String growth(List<WallTimeBench.Point> cli) {
        StringBuilder s = new StringBuilder();
        int maxVariants = cli.stream().mapToInt(WallTimeBench.Point::variants).max().orElse(0);
        List<WallTimeBench.Point> byRounds = cli.stream().filter(p -> p.variants() == maxVariants).toList();
        List<WallTimeBench.Point> byVariants = cli.stream().filter(p -> p.rounds() == 3).toList();
        if (byVariants.size() >= 2) {
            double[] fit = fit(byVariants.stream().mapToDouble(WallTimeBench.Point::variants).toArray(),
                    byVariants.stream().mapToDouble(p -> p.seconds().median()).toArray());
            s.append(String.format(Locale.ROOT, "Growth with variants (3 rounds): about %s s per variant on top of %s s "
                    + "(JVM, embedded PostgreSQL, schema).", fmt(fit[1], 2), fmt(fit[0], 1)));
        }
        if (byRounds.size() >= 2) {
            double[] fit = fit(byRounds.stream().mapToDouble(WallTimeBench.Point::rounds).toArray(),
                    byRounds.stream().mapToDouble(p -> p.seconds().median()).toArray());
            s.append(String.format(Locale.ROOT, " Growth with rounds (%d variants): about %s s per extra round of every variant, "
                    + "on top of %s s.", maxVariants, fmt(fit[1], 1), fmt(fit[0], 1)));
        }
        return s.toString().strip() + (s.isEmpty() ? "" : "\n");
    }

    /** {intercept, slope} of the least-squares line. */
    static double[] fit(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / x.length;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new double[]{my - slope * mx, slope};
    }

    private static void method(StringBuilder b, BenchRunner.Results r) {
        b.append("## Method notes\n\n");
        b.append("- Medians of repeated runs, with the range (min–max) and n; no means, so one run that lost the CPU to another "
                + "process does not move the figure. In the throughput section the kit and both pgbench forms take turns, point by "
                + "point, in a rotating order; the detection sections run one after another.\n");
        b.append("- Throughput runs claim a fixed number of accounts from the head of a queue of 10,000 eligible accounts instead of "
                + "draining it: the seed's query orders by `last_updated`, which a claim does not change, so each claim scans past "
                + "every account claimed before it (`EXPLAIN ANALYZE`: about 8,000 index rows after half the queue). Draining "
                + "10,000 accounts would take minutes per run and measure that scan rather than the claim. Every tool does the same "
                + "claims from the same freshly loaded rows; the kit's runs stop through a claim budget (a wrapper around the "
                + "strategy: once the budget is spent, a claim returns nothing without a statement and the worker stops, as on a "
                + "drained queue).\n");
        b.append("- The kit is warmed up first (every variant, untimed, at 1 and at the most workers): a cold JVM reached less than "
                + "half the claims per second of a warm one.\n");
        b.append("- Re-check variants: the kit writes only what its re-check kept; pgbench counts the re-check's rows "
                + "(`SELECT count(*) AS kept FROM (<re-check>)`) to branch the same way. The harness stops a worker whose claim comes "
                + "back empty, which is what a dropped re-check looks like; under a budget the wrapper claims again in the same "
                + "transaction instead, as a worker polling a deep queue would, so the kit keeps all its workers. A dropped claim "
                + "spends the budget as pgbench's dropped transaction does, so both run the same claims and go equally deep into the "
                + "queue. The claims a re-check dropped (another worker had claimed the account first) are counted in the details.\n");
        b.append("- The claims render their `LIMIT` as a literal, as the seed writes it (`ClaimSql.limitOf`). With the LIMIT bound "
                + "as a parameter (jOOQ's default, and what this kit did before this benchmark), PostgreSQL re-planned the claim at "
                + "every execution: the generic plan of `LIMIT $n` is costed for many rows, so the plan cache kept custom plans "
                + "(`SELECT generic_plans, custom_plans FROM pg_prepared_statements` on a worker's session after 100 claims: 0 and "
                + "96; with the literal: 91 and 5). The locks taken are the same, and `mvn verify` holds all 90 variants to "
                + "docs/matrix.md either way.\n");
        b.append("- pgbench sends `BEGIN` as a statement of its own; the kit's driver sends it with the claim. pgbench is a C "
                + "client doing nothing but the statements; the kit builds each statement with jOOQ, and records every claim "
                + "transaction for its oracle, on the same 2 cores as the server.\n");
        b.append("- Detection: the soak uses the kit's harness exactly as `matrix` runs it (workers released together by a latch, "
                + "fixture reset each round); the schedule uses `claim-matrix explain`'s runner; the pgbench race test is what a user "
                + "has without the kit.\n\n");
    }

    private static ThroughputBench.Point find(List<ThroughputBench.Point> points, String variant, int workers) {
        return points.stream().filter(p -> p.variant().equals(variant) && p.workers() == workers).findFirst().orElse(null);
    }

    private static String label(BenchRunner.Results r, String variant) {
        return r.throughput().plan().variants().stream().filter(v -> v.name().equals(variant)).findFirst()
                .map(ThroughputPlot::label).orElse(variant);
    }

    private static String exits(List<Integer> codes) {
        return codes.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    static String pct(double fraction) {
        return fmt(100 * fraction, fraction > 0 && fraction < 0.1 ? 1 : 0) + "%";
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String fmtSeconds(double seconds) {
        if (Double.isInfinite(seconds) || Double.isNaN(seconds)) {
            return "never";
        }
        return seconds < 1 ? fmt(seconds * 1000, 1) + " ms" : fmt(seconds, 2) + " s";
    }
}
