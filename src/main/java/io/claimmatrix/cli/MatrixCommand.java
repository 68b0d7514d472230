package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.report.Format;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.MatrixRunner;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.schema.Fixture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code claim-matrix matrix}: run the variants against PostgreSQL and print their verdicts. */
@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the variants under concurrency and print each verdict with its evidence.%n"
                + "Exit code: 0 when every verdict is the expected one, 1 when one differs (or the run failed), 2 for bad usage.")
final class MatrixCommand implements Callable<Integer> {

    @Option(names = "--variants", paramLabel = "NAMES", description = "Names, aliases or globs, comma-separated (default: all).")
    String variants;

    @Option(names = "--workers", paramLabel = "W", description = "Concurrent claimers (default: ${DEFAULT-VALUE}).")
    int workers = Harness.Settings.DEFAULT_WORKERS;

    @Option(names = "--rounds", paramLabel = "R", description = "Rounds per variant, fixture reset before each (default: ${DEFAULT-VALUE}).")
    int rounds = Harness.Settings.DEFAULT_ROUNDS;

    @Option(names = "--fixture", paramLabel = "NAME", description = "seed or generated (default: ${DEFAULT-VALUE}).")
    String fixture = "generated";

    @Option(names = "--accounts", paramLabel = "N", description = "Accounts in the generated fixture (default: ${DEFAULT-VALUE}).")
    int accounts = Fixture.DEFAULT_GENERATED_ACCOUNTS;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed of the generated fixture (default: ${DEFAULT-VALUE}).")
    long seed = Fixture.DEFAULT_GENERATED_SEED;

    @Option(names = "--round-deadline", paramLabel = "SECONDS",
            description = "A round that takes longer stops its variant as TIMEOUT (default: ${DEFAULT-VALUE}).")
    int roundDeadlineSeconds = (int) Harness.Settings.DEFAULT_ROUND_DEADLINE.toSeconds();

    @Option(names = "--format", paramLabel = "FORMAT", description = "table or json (default: ${DEFAULT-VALUE}).")
    String format = "table";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    DatabaseMixin database;

    @Override
    public Integer call() throws Exception {
        Format chosen = format();
        if (workers < 1 || rounds < 1 || accounts < 1 || roundDeadlineSeconds < 1) {
            throw new BadInputException("--workers, --rounds, --accounts and --round-deadline must be at least 1");
        }
        Fixture f = switch (fixture) {
            case "seed" -> Fixture.seed();
            case "generated" -> Fixture.generated(accounts, seed);
            default -> throw new BadInputException("unknown --fixture '" + fixture + "' (seed or generated)");
        };
        List<ClaimStrategy> strategies = StrategyCatalogue.discover().select(variants);
        checkWritable(output);
        var settings = new Harness.Settings(workers, rounds, f, java.time.Duration.ofSeconds(roundDeadlineSeconds));
        MatrixRunner.MatrixResult result = MatrixRunner.run(database.options(), strategies, settings,
                quiet ? MatrixRunner.Listener.NONE : new ProgressListener(System.err));
        String report = chosen.render(result);
        if (output != null) {
            Files.writeString(output, report, StandardCharsets.UTF_8);
        } else {
            System.out.print(report);
        }
        List<String> differing = result.variants().stream().filter(v -> !v.matchesExpectation())
                .map(v -> v.name() + " (" + v.verdict() + ", expected " + v.expectedVerdict() + ")").toList();
        if (!differing.isEmpty()) {
            System.err.println("claim-matrix: verdicts differ from their expectation: " + String.join(", ", differing));
            return Main.MISMATCH;
        }
        return Main.OK;
    }

    private Format format() {
        try {
            return Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown --format '" + format + "' (table, markdown or json)");
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
