package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.report.Format;
import io.claimmatrix.search.InterleavingSearch;
import io.claimmatrix.search.MatrixSearch;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.Timeouts;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.schema.Fixture;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code claim-matrix matrix}: run the variants against PostgreSQL and print their verdicts. */
@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the variants under concurrency and print each verdict with its evidence.",
                "Results go to stdout (or --output), progress and errors to stderr.",
                "Exit code: 0 when every verdict is the expected one (or the one --expect recorded), 1 when one differs "
                        + "(or the run failed), 2 for bad usage."})
final class MatrixCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StrategyMixin strategies;

    @Option(names = "--workers", paramLabel = "W", description = "Concurrent claimers (default: ${DEFAULT-VALUE}).")
    int workers = Harness.Settings.DEFAULT_WORKERS;

    @Option(names = "--rounds", paramLabel = "R", description = "Rounds per variant, fixture reset before each; a LIMIT n variant runs n times as many (default: ${DEFAULT-VALUE}).")
    int rounds = Harness.Settings.DEFAULT_ROUNDS;

    @Option(names = "--statistics", paramLabel = "WHEN",
            description = "fresh (tables analysed after each load), stale (analysed near-empty, autovacuum off, then loaded) "
                    + "or both (default: both, or what a model's claimable.sql says: the seed model, fresh). A variant whose "
                    + "claim plans the same under both runs once for both.")
    String statistics;

    // A plain flag, not picocli's negatable form: with a default of true that form is easy to get backwards.
    @Option(names = "--no-search",
            description = "Measure the soak alone. By default each soak verdict has beside it the search of every "
                    + "interleaving of --sessions sessions for the shortest counterexample of each invariant.")
    boolean noSearch;

    @Mixin
    SearchBoundOptions search;

    @Option(names = "--items", paramLabel = "N",
            description = "Items a queue model's fixture.sql loads (:items; default: the model's own, from its '-- items:' header).")
    Integer items;

    @Option(names = "--fixture", paramLabel = "NAME", description = "The seed model's fixture: seed or generated (default: ${DEFAULT-VALUE}).")
    String fixture = "generated";

    @Option(names = "--accounts", paramLabel = "N", description = "Accounts in the seed model's generated fixture (default: ${DEFAULT-VALUE}).")
    int accounts = Fixture.DEFAULT_GENERATED_ACCOUNTS;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed of the generated fixture (default: ${DEFAULT-VALUE}).")
    long seed = Fixture.DEFAULT_GENERATED_SEED;

    @Option(names = "--round-deadline", paramLabel = "DURATION",
            description = "A round that takes longer stops its variant as TIMEOUT, e.g. 500ms, 10s; a bare number is seconds "
                    + "(default: ${DEFAULT-VALUE}).")
    String roundDeadline = Timeouts.format(Harness.Settings.DEFAULT_ROUND_DEADLINE);

    @Option(names = "--format", paramLabel = "FORMAT", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = FormatNames.class)
    String format = "table";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path output;

    @Option(names = "--expect", paramLabel = "FILE",
            description = "Hold each variant to the verdict recorded in FILE (a report written with --format json or markdown) "
                    + "instead of its own expectation: exit 1 names every variant whose verdict changed.")
    Path expect;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar (there is none anyway when stderr is not a terminal).")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    DatabaseMixin database;

    @ArgGroup(validate = false, heading = "%nTime limits (nothing waits forever; e.g. 500ms, 30s, 5m):%n")
    TimeLimits limits = new TimeLimits();

    /** The --format values, for help and completion. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(Format.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        // Everything the user can get wrong is checked before minutes of measuring.
        Format chosen = format();
        if (workers < 1 || rounds < 1 || accounts < 1 || (items != null && items < 1)) {
            throw new BadInputException("--workers, --rounds, --accounts and --items must be at least 1");
        }
        InterleavingSearch.Bound bound = search.bound();
        List<Statistics> conditions = statistics == null ? null : Statistics.parse(statistics);
        java.time.Duration roundLimit = TimeLimits.parse("--round-deadline", roundDeadline);
        Fixture f = switch (fixture) {
            case "seed" -> Fixture.seed();
            case "generated" -> Fixture.generated(accounts, seed);
            default -> throw new BadInputException("unknown --fixture '" + fixture + "' (seed or generated)");
        };
        List<ClaimStrategy<?>> selected = strategies.selected();
        ModelCatalogue models = strategies.models();
        checkWritable(output);
        RecordedMatrix recorded = expect == null ? null : RecordedMatrix.read(expect);
        var options = database.options();
        var settings = new Harness.Settings(workers, rounds, new FixtureSettings(f, items), roundLimit, limits.timeouts(), conditions);

        MatrixRunner.MatrixResult result;
        ProgressListener progress = ProgressListener.forStderr(quiet, selected.size());
        try {
            // Every .sql strategy of the models that run is checked, not only those --variants selects: a broken file
            // is bad input whichever variants run.
            List<ClaimStrategy<?>> files = strategies.catalogue().all().stream()
                    .filter(s -> s instanceof io.claimmatrix.claim.sql.SqlClaimStrategy).toList();
            result = MatrixRunner.run(options, selected, files, models, settings, progress == null ? MatrixRunner.Listener.NONE : progress,
                    !noSearch ? MatrixSearch.factory(bound) : null);
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        if (recorded != null) {
            List<String> unrecorded = result.variants().stream().filter(v -> !recorded.records(v)).map(VariantResult::key).toList();
            if (!unrecorded.isEmpty()) {
                err.println("claim-matrix: warning: " + expect + " records no verdict for " + String.join(", ", unrecorded)
                        + "; held to their own expectation");
            }
            result = result.withVariants(result.variants().stream().map(recorded::apply).toList());
        }

        String report = chosen.render(result);
        if (output != null) {
            Files.writeString(output, report, StandardCharsets.UTF_8);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(report);
            out.flush();
        }
        List<String> unchecked = result.variants().stream().filter(v -> v.expectedVerdict() == null).map(VariantResult::key).toList();
        if (!unchecked.isEmpty()) {
            err.println("claim-matrix: note: no expectation for " + String.join(", ", unchecked) + ": verdicts reported, not checked");
        }
        List<String> differing = result.variants().stream().filter(v -> !v.matchesExpectation())
                .map(v -> v.key() + " (" + v.verdict() + ", expected " + v.expectedLabel() + ")").toList();
        if (!differing.isEmpty()) {
            err.println("claim-matrix: " + differing.size() + " verdict(s) differ from "
                    + (recorded != null ? "the recorded matrix " + expect : "their expectation") + ": " + String.join(", ", differing));
            err.flush();
            return Main.MISMATCH;
        }
        err.flush();
        return Main.OK;
    }

    private Format format() {
        try {
            return Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown --format '" + format + "' (" + Arrays.stream(Format.values())
                    .map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
        }
    }

    /** Fails before the run, not after minutes of measuring. */
    static void checkWritable(Path output) throws IOException {
        if (output == null) {
            return;
        }
        Path dir = output.toAbsolutePath().getParent();
        if (Files.isDirectory(output) || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)
                || (Files.exists(output) && !Files.isWritable(output))) {
            throw new BadInputException("cannot write --output " + output);
        }
    }
}
