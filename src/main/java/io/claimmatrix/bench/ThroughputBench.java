package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.Jooq;
import io.claimmatrix.run.Oracle;
import io.claimmatrix.run.VariantRun;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.model.ModelSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Claims per second of a strategy through the kit's harness, next to pgbench running the same transaction with as
 * many clients as the kit has workers, on the same server, schema and fixture (every eligible account has an
 * incremental import, so every claim UPDATEs). pgbench runs it twice: with the same statements and bind values as
 * the kit sends (the like-for-like ceiling), and with the values inlined as literals (how the claim is shown beside
 * its verdict), which PostgreSQL can plan once instead of at every execution. Every run starts from the same rows
 * and claims the same number of accounts; the tools take turns in an order that rotates, repetition by repetition,
 * so drift on a busy machine hits all of them alike.
 */
public final class ThroughputBench {

    public enum Tool {
        KIT("kit"), PGBENCH("pgbench"), PGBENCH_INLINED("pgbench, literals");

        public final String label;

        Tool(String label) {
            this.label = label;
        }
    }

    /**
     * One measurement; {@code problem} says what went wrong (duplicates, aborts, pgbench failures), else {@code null}.
     *
     * @param dropped claims that came to nothing because the re-check dropped the account (another worker had it):
     *                the kit's count from its wrapper, pgbench's as transactions run minus accounts claimed
     */
    public record Sample(String variant, int workers, Tool tool, int repetition, long claims, long dropped, double seconds, String problem) {
        public double claimsPerSecond() {
            return seconds == 0 ? 0 : claims / seconds;
        }
    }

    /**
     * A variant at one worker count: medians per tool, and kit / pgbench of the same repetition (bound and inlined).
     * A tool that did not run is {@code null}.
     */
    public record Point(String variant, int workers, Stats kit, Stats pgbench, Stats pgbenchInlined, Stats ratio, Stats ratioInlined) {
    }

    /**
     * @param variants     the SAFE strategies to measure
     * @param workers      worker (client) counts, e.g. 1, 2, 4, 8, 16
     * @param fixture      the generated fixture (e.g. {@link #fixtureWithEligible}), measured in its {@code present} shape
     * @param claimsPerRun claims each run makes from the head of the queue (a claim a re-check drops included): the seed's query scans past the
     *                     accounts already claimed (they keep their place in the {@code last_updated} index), so a
     *                     claim costs more the further the queue is drained, and every tool must do the same claims
     */
    public record Plan(List<ClaimStrategy<?>> variants, List<Integer> workers, int repetitions, Fixture fixture, int claimsPerRun) {
    }

    /** A pgbench script on disk and the options it needs. */
    public record ScriptFile(Path path, List<String> options) {
    }

    /** Everything measured, with the pgbench scripts used and why a variant had no pgbench run. */
    public record Result(Plan plan, int eligibleAccounts, List<Sample> samples, Map<String, Map<Tool, ScriptFile>> scripts,
                         Map<String, String> notReplayable) {

        public List<Point> points() {
            List<Point> points = new ArrayList<>();
            for (ClaimStrategy<?> v : plan.variants()) {
                for (int w : plan.workers()) {
                    List<Sample> kit = select(v.name(), w, Tool.KIT);
                    if (!kit.isEmpty()) {
                        points.add(new Point(v.name(), w, stats(kit), stats(select(v.name(), w, Tool.PGBENCH)),
                                stats(select(v.name(), w, Tool.PGBENCH_INLINED)), ratios(kit, select(v.name(), w, Tool.PGBENCH)),
                                ratios(kit, select(v.name(), w, Tool.PGBENCH_INLINED))));
                    }
                }
            }
            return points;
        }

        private static Stats stats(List<Sample> samples) {
            return samples.isEmpty() ? null : Stats.of(samples.stream().map(Sample::claimsPerSecond).toList());
        }

        /** kit / pgbench, repetition by repetition (the two ran next to each other). */
        private static Stats ratios(List<Sample> kit, List<Sample> pg) {
            List<Double> ratios = new ArrayList<>();
            for (Sample k : kit) {
                pg.stream().filter(p -> p.repetition() == k.repetition() && p.claimsPerSecond() > 0).findFirst()
                        .ifPresent(p -> ratios.add(k.claimsPerSecond() / p.claimsPerSecond()));
            }
            return ratios.isEmpty() ? null : Stats.of(ratios);
        }

        private List<Sample> select(String variant, int workers, Tool tool) {
            return samples.stream().filter(s -> s.variant().equals(variant) && s.workers() == workers && s.tool() == tool).toList();
        }

        /** The pgbench command of one point, to paste after loading the fixture (the schema is the run's own). */
        public String command(String variant, Tool tool, int clients) {
            ScriptFile f = scripts.getOrDefault(variant, Map.of()).get(tool);
            if (f == null) {
                return null;
            }
            long perClient = (plan.claimsPerRun() + clients - 1) / clients;
            return "PGOPTIONS='-c search_path=<schema>' pgbench -n -M prepared -c " + clients + " -j " + clients + " -t " + perClient
                    + (f.options().isEmpty() ? "" : " " + String.join(" ", f.options())) + " -f " + f.path();
        }
    }

    /** A run of 1,000 claims takes seconds; this only stops a pile-up. */
    private static final Duration ROUND_DEADLINE = Duration.ofMinutes(10);
    /** Enough claims that the JIT has compiled the claim path (about 10,000 calls of its hot methods). */
    private static final int WARM_UP_CLAIMS = 2000, WARM_UP_CLAIMS_PER_VARIANT = 200;

    private ThroughputBench() {
    }

    /** The smallest generated fixture (seed 42) with at least {@code minEligible} eligible accounts. */
    public static Fixture fixtureWithEligible(int minEligible) {
        int n = minEligible;
        Fixture f = Fixture.generated(n, Fixture.DEFAULT_GENERATED_SEED);
        while (f.eligibleIds().size() < minEligible) {
            n += Math.max(1, (minEligible - f.eligibleIds().size()) * 3 / 2);
            f = Fixture.generated(n, Fixture.DEFAULT_GENERATED_SEED);
        }
        return f;
    }

    /**
     * Runs the plan. {@code pgbench} may be {@code null} (kit only). The pgbench scripts are written to
     * {@code scriptsDir} as {@code <variant>.sql} (bound) and {@code <variant>.inlined.sql}.
     */
    public static Result run(DatabaseTarget target, Plan plan, Pgbench.Connector pgbench, Path scriptsDir, Consumer<String> progress)
            throws SQLException, InterruptedException, IOException {
        Fixture present = plan.fixture().shaped(Fixture.Shape.PRESENT);
        Map<String, Map<Tool, ScriptFile>> scripts = new LinkedHashMap<>();
        Map<String, String> notReplayable = new LinkedHashMap<>();
        if (pgbench != null) {
            Files.createDirectories(scriptsDir);
            for (ClaimStrategy<?> v : plan.variants()) {
                var why = PgbenchScripts.notReplayable(v);
                if (why.isPresent()) {
                    notReplayable.put(v.name(), why.get());
                    continue;
                }
                Map<Tool, ScriptFile> files = new EnumMap<>(Tool.class);
                for (PgbenchScripts.Form form : PgbenchScripts.Form.values()) {
                    PgbenchScripts.Script script = PgbenchScripts.throughput(v, form);
                    Path file = scriptsDir.resolve(v.name() + (form == PgbenchScripts.Form.BOUND ? "" : "." + form.code) + ".sql");
                    Files.writeString(file, script.text(), StandardCharsets.UTF_8);
                    files.put(form == PgbenchScripts.Form.BOUND ? Tool.PGBENCH : Tool.PGBENCH_INLINED, new ScriptFile(file, script.options()));
                }
                scripts.put(v.name(), files);
            }
        }
        List<Sample> samples = new ArrayList<>();
        try (ModelSchema schema = ModelSchema.seed(target.jdbcUrl(), target.user(), target.password(), Fixture.seed())) {
            Pgbench pg = pgbench == null ? null : pgbench.connect(schema.schema().name());
            warmUp(schema, plan, progress);
            List<Tool> order = new ArrayList<>(List.of(Tool.values()));
            for (int rep = 1; rep <= plan.repetitions(); rep++) {
                for (ClaimStrategy<?> v : plan.variants()) {
                    for (int w : plan.workers()) {
                        for (Tool tool : order) {
                            ScriptFile script = scripts.getOrDefault(v.name(), Map.of()).get(tool);
                            if (tool != Tool.KIT && (pg == null || script == null)) {
                                continue;
                            }
                            Sample s = tool == Tool.KIT ? kit(schema, plan.fixture(), v, w, rep, plan.claimsPerRun())
                                    : pgbench(schema, pg, present, script, tool, v.name(), w, (plan.claimsPerRun() + w - 1) / w, rep);
                            samples.add(s);
                            progress.accept(String.format(Locale.ROOT, "throughput %s w=%d %s rep %d: %.0f claims/s (%d claims in %.2f s%s)%s",
                                    v.name(), w, tool.label, rep, s.claimsPerSecond(), s.claims(), s.seconds(),
                                    s.dropped() == 0 ? "" : ", " + s.dropped() + " dropped by a re-check",
                                    s.problem() == null ? "" : ", " + s.problem()));
                        }
                        Collections.rotate(order, 1);
                    }
                }
            }
        }
        return new Result(plan, present.eligibleIds().size(), samples, scripts, notReplayable);
    }

    /**
     * Runs every variant once through the kit, unrecorded, on a small fixture: the JVM compiles the claim path (jOOQ
     * rendering, the driver) before anything is timed. Measured here: a cold first run reached less than half the
     * claims per second of the runs after it. pgbench is native code and needs no warm-up.
     */
    private static void warmUp(ModelSchema schema, Plan plan, Consumer<String> progress) throws SQLException, InterruptedException {
        // A small plan (a test, --quick) needs no more warm-up than a few of its own runs.
        int claims = Math.min(4 * plan.claimsPerRun(), Math.max(WARM_UP_CLAIMS_PER_VARIANT, WARM_UP_CLAIMS / plan.variants().size()));
        Fixture fixture = fixtureWithEligible(2 * claims);
        for (int w : List.of(1, plan.workers().stream().mapToInt(Integer::intValue).max().orElse(1))) {
            try (Harness h = new Harness(schema, new Harness.Settings(w, 1, fixture, ROUND_DEADLINE))) {
                for (ClaimStrategy<?> v : plan.variants()) {
                    h.run(new MeasuredStrategy(v, Fixture.Shape.PRESENT, claims));
                }
            }
        }
        progress.accept("throughput: warmed up (" + plan.variants().size() + " variants x " + claims + " claims at 1 and at the most "
                + "workers, not timed)");
    }

    /**
     * One run through the harness: claims committed over the time from the workers' release to the last one's end.
     * On sessions of its own, as pgbench's run is: a session keeps its prepared statements and their plans (generic
     * or custom, chosen after five executions), so sessions kept from run to run would carry one run's plan choice
     * into the next, and the kit would be measured on other plans than pgbench.
     */
    private static Sample kit(ModelSchema schema, Fixture fixture, ClaimStrategy<?> v, int workers, int rep, int claims)
            throws SQLException, InterruptedException {
        MeasuredStrategy measured = new MeasuredStrategy(v, Fixture.Shape.PRESENT, claims);
        VariantRun run;
        try (Harness harness = new Harness(schema, new Harness.Settings(workers, 1, fixture, ROUND_DEADLINE))) {
            run = harness.run(measured);
        }
        // Not judged as a matrix run: the budget leaves most eligible accounts unclaimed on purpose. What must hold
        // is what SAFE means for the claims made: none duplicated, none ineligible, none aborted.
        Oracle.Tally t = Oracle.tally(run.rounds());
        double seconds = run.rounds().stream().mapToLong(VariantRun.Round::elapsedNanos).sum() / 1e9;
        String problems = t.committedDuplicates() + t.ineligibleClaims() + t.abortedClaims() == 0 && !run.timedOut() ? null
                : t.committedDuplicates() + " duplicates, " + t.ineligibleClaims() + " ineligible, " + t.abortedClaims() + " aborts"
                + (run.timedOut() ? ", timed out" : "");
        return new Sample(v.name(), workers, Tool.KIT, rep, t.committedClaims(), measured.dropped().get(), seconds, problems);
    }

    /** One run through pgbench: the same rows loaded, then each client runs ceil(claims / clients) transactions. */
    private static Sample pgbench(ModelSchema schema, Pgbench pg, Fixture present, ScriptFile script, Tool tool, String variant,
                                  int clients, long perClient, int rep) throws SQLException, IOException, InterruptedException {
        long pendingBefore;
        try (Connection c = schema.schema().connect()) {
            present.load(Jooq.dsl(c));
            pendingBefore = pending(c);
        }
        Pgbench.Result r = pg.throughput(script.path(), clients, perClient, script.options());
        if (r.processed() == 0 || r.tps() == 0) {
            throw new IllegalStateException("pgbench ran no transaction of " + variant + " (exit " + r.exitCode() + "):\n" + r.output());
        }
        long claims;
        try (Connection c = schema.schema().connect()) {
            claims = pending(c) - pendingBefore;
        }
        return new Sample(variant, clients, tool, rep, claims, Math.max(0, r.processed() - claims), r.seconds(),
                r.failed() > 0 || r.exitCode() != 0 ? "pgbench exit " + r.exitCode() + ", " + r.failed() + " failed" : null);
    }

    /** Incremental imports now pending: a committed claim of the present shape turns exactly one from completed. */
    private static long pending(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM imports WHERE kind = 'incremental' AND status = 'pending'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
