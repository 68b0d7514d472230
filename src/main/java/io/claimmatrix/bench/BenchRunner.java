package io.claimmatrix.bench;

import io.claimmatrix.bench.BenchPlan.Section;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.schema.Fixture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the sections of a {@link BenchPlan} on one PostgreSQL and collects their results. The database is the one
 * the kit would use ({@code target}); pgbench and the anchors' driver connect to the same server.
 */
public final class BenchRunner {

    /** Everything one bench run measured; a section that did not run is {@code null} (or empty), with a note why. */
    public record Results(BenchPlan plan, MachineContext machine, String postgresVersion, String databaseMode, String pgbenchVersion,
                          List<ScheduleBench.Result> schedule,
                          List<SoakBench.Result> soak, SeedRaceAnchor.Result race, String raceNote,
                          ThroughputBench.Result throughput, String throughputNote,
                          List<WallTimeBench.Point> cli, List<WallTimeBench.Point> mvn, String wallTimeNote) {
    }

    private BenchRunner() {
    }

    /**
     * @param databaseArgs the options that give the CLI runs of section 3 the same database (empty for embedded)
     */
    public static Results run(BenchPlan plan, DatabaseTarget target, List<ClaimStrategy<?>> catalogue, List<String> databaseArgs,
                              Consumer<String> progress) throws Exception {
        MachineContext machine = new MachineContext();
        String version = MatrixRunner.serverVersion(target);
        var pgbenchPath = Pgbench.find(plan.pgbench());
        Pgbench.Connector pgbench = pgbenchPath.map(p -> new Pgbench.Connector(p, target.jdbcUrl(), target.user(), target.password()))
                .orElse(null);
        String pgbenchVersion = null;
        String noPgbench = "pgbench not found (install PostgreSQL's client tools, e.g. `apt-get install -y postgresql-client`, "
                + "or give --pgbench PATH)";
        if (pgbench != null) {
            pgbenchVersion = pgbench.version();
        }
        progress.accept("bench: PostgreSQL " + version + " (" + target.mode() + "), " + (pgbenchVersion == null ? noPgbench : pgbenchVersion)
                + ", " + machine.cores() + " cores, load " + MachineContext.loadAverage());

        List<ScheduleBench.Result> schedule = List.of();
        if (plan.runs(Section.SCHEDULE)) {
            schedule = machine.section("1a schedule", () -> ScheduleBench.run(target, plan.seed(), plan.scheduleRuns(), progress));
        }

        List<SoakBench.Result> soak = new ArrayList<>();
        if (plan.runs(Section.SOAK)) {
            for (SoakBench.Setup setup : soakSetups(plan)) {
                soak.add(machine.section("1b soak, " + setup.label(), () -> SoakBench.run(target, plan.seed(), setup, progress)));
            }
        }

        SeedRaceAnchor.Result race = null;
        String raceNote = null;
        if (plan.runs(Section.RACE)) {
            if (pgbench == null) {
                raceNote = noPgbench;
            } else {
                Path anchors = Files.createTempDirectory("claim-matrix-anchors-");
                try {
                    PgbenchScripts.extractAnchors(anchors);
                    race = machine.section("1c seed race (pgbench)", () -> SeedRaceAnchor.run(target, pgbench, anchors, plan.raceRounds(),
                            plan.raceClients(), progress));
                } finally {
                    deleteTree(anchors);
                }
            }
        }

        ThroughputBench.Result throughput = null;
        String throughputNote = null;
        if (plan.runs(Section.THROUGHPUT)) {
            if (pgbench == null) {
                throughputNote = noPgbench + "; the kit's numbers stand alone";
            }
            var tp = new ThroughputBench.Plan(plan.throughputVariants(), plan.workers(), plan.repetitions(),
                    ThroughputBench.fixtureWithEligible(plan.eligible()), plan.claimsPerRun());
            throughput = machine.section("2 throughput", () -> ThroughputBench.run(target, tp, pgbench, plan.scriptsDir(), progress));
        }

        List<WallTimeBench.Point> cli = List.of();
        List<WallTimeBench.Point> mvn = List.of();
        String wallTimeNote = null;
        if (plan.runs(Section.CLI)) {
            if (plan.jar() == null) {
                wallTimeNote = "not run from target/claim-matrix.jar, so there is no jar to time";
            } else {
                Path java = Path.of(System.getProperty("java.home"), "bin", "java");
                cli = machine.section("3 matrix via CLI", () -> WallTimeBench.cli(java, plan.jar(), catalogue, plan.cliPoints(),
                        plan.cliRepetitions(), databaseArgs, progress));
            }
        }
        if (plan.runs(Section.MVN) && plan.mvnRepetitions() > 0) {
            if (plan.project() == null || !Files.isRegularFile(plan.project().resolve("pom.xml"))) {
                wallTimeNote = (wallTimeNote == null ? "" : wallTimeNote + "; ") + "mvn verify not timed: no pom.xml in "
                        + plan.project() + " (run from the project's root, or give --project)";
            } else {
                List<WallTimeBench.Point> points = new ArrayList<>();
                for (int count : plan.mvnVariantCounts()) {
                    List<ClaimStrategy<?>> variants = WallTimeBench.spread(catalogue, count);
                    boolean all = variants.size() == catalogue.size();
                    points.add(machine.section("3 mvn verify, " + variants.size() + " variants",
                            () -> WallTimeBench.mvn(plan.project(), variants, all, plan.mvnRepetitions(), progress)));
                }
                mvn = points;
            }
        }
        return new Results(plan, machine, version, target.mode(), pgbenchVersion, schedule, soak, race, raceNote,
                throughput, throughputNote, cli, mvn, wallTimeNote);
    }

    /**
     * The soak setups: the kit's defaults ({@code matrix}: 8 workers, the generated fixture of 300 accounts) and the
     * anchor's setting (the seed's three accounts, 20 workers).
     */
    static List<SoakBench.Setup> soakSetups(BenchPlan plan) {
        return List.of(
                new SoakBench.Setup("generated fixture (300 accounts), 8 workers: the matrix defaults",
                        Fixture.generated(Fixture.DEFAULT_GENERATED_ACCOUNTS, Fixture.DEFAULT_GENERATED_SEED), 8, plan.soakBudget(), plan.soakTrials()),
                new SoakBench.Setup("seed fixture (3 accounts), 20 workers: the race test's setting",
                        Fixture.seed(), 20, plan.soakBudget(), plan.soakTrials()));
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
