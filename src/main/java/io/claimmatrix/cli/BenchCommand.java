package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.bench.BenchPlan;
import io.claimmatrix.bench.BenchPlan.Section;
import io.claimmatrix.bench.BenchReport;
import io.claimmatrix.bench.BenchRunner;
import io.claimmatrix.bench.ThroughputPlot;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.db.DatabaseTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code claim-matrix bench}: detection power and claim throughput, side by side with the anchors (the seed's race
 * test as a pgbench script, pgbench running the same transaction), and the matrix's wall time; writes
 * docs/benchmarks.md and the throughput plot.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks: how surely and quickly the kit catches the seed's duplicate, what each SAFE claim costs "
                + "(next to pgbench), and how long the matrix takes. Writes a Markdown report and an SVG plot.%n"
                + "Sections: schedule, soak, race (the seed's race test via pgbench), throughput, cli (matrix wall time), "
                + "mvn (mvn verify wall time). Progress goes to stderr.%n"
                + "Exit code: 0 when the report is written, 1 when the run failed, 2 for bad usage.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Every section at smoke size (no mvn verify), written under target/bench/.")
    boolean quick;

    @Option(names = "--sections", paramLabel = "LIST", split = ",", description = "Sections to run (default: all; --quick: all but mvn).")
    List<String> sections;

    @Option(names = "--variants", paramLabel = "NAMES", description = "Throughput variants: names, aliases or globs (default: every SAFE variant at READ COMMITTED).")
    String variants;

    @Option(names = "--workers", paramLabel = "LIST", split = ",", description = "Throughput worker counts (default: 1,2,4,8,16).")
    List<Integer> workers;

    @Option(names = "--repetitions", paramLabel = "N", description = "Throughput repetitions per point (default: 3).")
    Integer repetitions;

    @Option(names = "--eligible", paramLabel = "N", description = "Eligible accounts in the throughput fixture (default: 10000).")
    Integer eligible;

    @Option(names = "--claims", paramLabel = "N", description = "Claims each throughput run makes from the head of the queue (default: 512).")
    Integer claims;

    @Option(names = "--schedule-runs", paramLabel = "N", description = "Runs of the deterministic schedule (default: 100).")
    Integer scheduleRuns;

    @Option(names = "--soak-trials", paramLabel = "N", description = "Soak trials per setup (default: 30).")
    Integer soakTrials;

    @Option(names = "--soak-budget", paramLabel = "SECONDS", description = "Longest soak per trial (default: 10).")
    Integer soakBudget;

    @Option(names = "--race-rounds", paramLabel = "N", description = "Rounds of the pgbench race test (default: 300).")
    Integer raceRounds;

    @Option(names = "--race-clients", paramLabel = "N", description = "Concurrent claimers per race round (default: 20).")
    Integer raceClients;

    @Option(names = "--cli-points", paramLabel = "VxR", split = ",",
            description = "Matrix wall-time points, variants x rounds (default: 10x3,30x3 and the whole catalogue at 1 and 3 rounds; more variants than the catalogue has means all).")
    List<String> cliPoints;

    @Option(names = "--cli-repetitions", paramLabel = "N", description = "Repetitions per matrix wall-time point (default: 3).")
    Integer cliRepetitions;

    @Option(names = "--mvn-variants", paramLabel = "LIST", split = ",", description = "Variant counts for mvn verify (default: all of them, the plain `mvn verify`).")
    List<Integer> mvnVariants;

    @Option(names = "--mvn-repetitions", paramLabel = "N", description = "Repetitions of mvn verify per count (default: 3).")
    Integer mvnRepetitions;

    @Option(names = "--project", paramLabel = "DIR", description = "The project to time mvn verify on (default: the working directory).")
    Path project = Path.of("");

    @Option(names = "--jar", paramLabel = "FILE", description = "The jar to time the matrix with (default: the jar this command runs from).")
    Path jar;

    @Option(names = "--pgbench", paramLabel = "FILE", description = "pgbench to use (default: pgbench on the PATH).")
    String pgbench;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The report (default: docs/benchmarks.md; --quick: target/bench/benchmarks.md).")
    Path output;

    @Option(names = "--plot", paramLabel = "FILE", description = "The throughput plot (default: throughput.svg beside the report).")
    Path plot;

    @Option(names = "--scripts-dir", paramLabel = "DIR", description = "Where the rendered pgbench throughput scripts go (default: bench/throughput; --quick: target/bench/throughput).")
    Path scriptsDir;

    @Option(names = "--note", paramLabel = "TEXT", description = "Your words on the conditions of the run, quoted in the report.")
    String note;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    DatabaseMixin database;

    @Override
    public Integer call() throws Exception {
        StrategyCatalogue catalogue = StrategyCatalogue.discover();
        List<ClaimStrategy<?>> all = catalogue.all();
        ClaimStrategy<?> seed = catalogue.select("seed").get(0);
        List<ClaimStrategy<?>> throughputVariants = variants == null ? BenchPlan.safeAtReadCommitted(all) : catalogue.select(variants);
        Path out = output != null ? output : Path.of(quick ? "target/bench/benchmarks.md" : "docs/benchmarks.md");
        Path plotFile = plot != null ? plot : out.toAbsolutePath().getParent().resolve("throughput.svg");
        Path scripts = scriptsDir != null ? scriptsDir : Path.of(quick ? "target/bench/throughput" : "bench/throughput");
        Path jarFile = jar != null ? jar : runningJar();
        Path projectDir = project.toAbsolutePath().normalize();
        BenchPlan base = quick ? BenchPlan.quick(seed, throughputVariants, pgbench, projectDir, jarFile, scripts)
                : BenchPlan.full(seed, throughputVariants, pgbench, projectDir, jarFile, scripts);
        BenchPlan plan = new BenchPlan(quick, sections == null ? base.sections() : parseSections(sections), seed,
                positive(scheduleRuns, base.scheduleRuns(), "--schedule-runs"),
                positive(soakTrials, base.soakTrials(), "--soak-trials"),
                soakBudget == null ? base.soakBudget() : Duration.ofSeconds(positive(soakBudget, 0, "--soak-budget")),
                soakBudget == null ? base.soakThresholdsSeconds() : thresholds(soakBudget),
                positive(raceRounds, base.raceRounds(), "--race-rounds"), positive(raceClients, base.raceClients(), "--race-clients"),
                throughputVariants, workers == null ? base.workers() : positives(workers, "--workers"),
                positive(repetitions, base.repetitions(), "--repetitions"), positive(eligible, base.eligible(), "--eligible"),
                positive(claims, base.claimsPerRun(), "--claims"),
                cliPoints == null ? base.cliPoints() : parsePoints(cliPoints), positive(cliRepetitions, base.cliRepetitions(), "--cli-repetitions"),
                mvnVariants == null ? base.mvnVariantCounts() : positives(mvnVariants, "--mvn-variants"),
                mvnRepetitions == null ? base.mvnRepetitions() : Math.max(0, mvnRepetitions),
                pgbench, projectDir, jarFile, scripts);
        if (plan.claimsPerRun() > plan.eligible()) {
            throw new BadInputException("--claims (" + plan.claimsPerRun() + ") cannot exceed --eligible (" + plan.eligible() + ")");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        MatrixCommand.checkWritable(out);

        int connections = 2 * Math.max(plan.raceClients(), plan.workers().stream().mapToInt(Integer::intValue).max().orElse(1)) + 10;
        BenchRunner.Results results;
        try (DatabaseTarget target = database.options().open(connections)) {
            results = BenchRunner.run(plan, target, all, childDatabaseArgs(), line -> System.err.println(line));
        }
        boolean withPlot = results.throughput() != null && !results.throughput().samples().isEmpty();
        if (withPlot) {
            Files.createDirectories(plotFile.toAbsolutePath().getParent());
            Files.writeString(plotFile, ThroughputPlot.svg(results.throughput(), String.format(Locale.ROOT,
                    "%d cores, PostgreSQL %s (%s), first %d claims of %d eligible accounts, %s", results.machine().cores(),
                    results.postgresVersion(), results.databaseMode(), plan.claimsPerRun(), results.throughput().eligibleAccounts(),
                    results.machine().started())), StandardCharsets.UTF_8);
        }
        String relativePlot = withPlot ? relative(out, plotFile) : null;
        Files.writeString(out, BenchReport.markdown(results, shownDatabaseArgs(), relativePlot, note), StandardCharsets.UTF_8);
        System.err.println("bench: wrote " + out + (withPlot ? " and " + plotFile : ""));
        return Main.OK;
    }

    /** The database options for the CLI runs of the wall-time section: the same server as the bench. */
    private List<String> childDatabaseArgs() {
        List<String> args = new ArrayList<>(shownDatabaseArgs());
        if (database.password != null) {
            args.addAll(List.of("--db-password", database.password));
        }
        return args;
    }

    /** As the report shows them: never the password. */
    private List<String> shownDatabaseArgs() {
        List<String> args = new ArrayList<>();
        if (database.mode != null) {
            args.addAll(List.of("--db", database.mode));
        }
        if (database.url != null) {
            args.addAll(List.of("--db-url", database.url));
        }
        if (database.user != null) {
            args.addAll(List.of("--db-user", database.user));
        }
        return args;
    }

    private static Path runningJar() {
        try {
            Path p = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String relative(Path report, Path file) {
        Path dir = report.toAbsolutePath().getParent();
        return dir.relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }

    private static EnumSet<Section> parseSections(List<String> names) {
        EnumSet<Section> set = EnumSet.noneOf(Section.class);
        for (String n : names) {
            try {
                set.add(Section.of(n));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        return set;
    }

    /** VxR, e.g. 30x3: that many variants spread over the catalogue, that many rounds. */
    private static List<int[]> parsePoints(List<String> points) {
        List<int[]> out = new ArrayList<>();
        for (String p : points) {
            String[] parts = p.trim().toLowerCase(Locale.ROOT).split("x");
            try {
                int[] point = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
                if (parts.length != 2 || point[0] < 1 || point[1] < 1) {
                    throw new NumberFormatException();
                }
                out.add(point);
            } catch (RuntimeException e) {
                throw new BadInputException("--cli-points takes VARIANTSxROUNDS, e.g. 30x3, got '" + p + "'");
            }
        }
        return out;
    }

    /** 1, 5 and 10 s, as far as the budget reaches, and the budget itself. */
    private static List<Integer> thresholds(int budget) {
        List<Integer> t = new ArrayList<>(Arrays.stream(new int[]{1, 5, 10}).filter(x -> x < budget).boxed().toList());
        t.add(budget);
        return t;
    }

    private static int positive(Integer value, int fallback, String option) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new BadInputException(option + " must be at least 1, got " + value);
        }
        return value;
    }

    private static List<Integer> positives(List<Integer> values, String option) {
        values.forEach(v -> positive(v, 0, option));
        return List.copyOf(values);
    }
}
