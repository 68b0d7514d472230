package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.predict.PredictionText;
import io.claimmatrix.predict.Predictions;
import io.claimmatrix.schema.Fixture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code claim-matrix predict VARIANT...}: the verdict each claim should get, from its plan and statements, before any run. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict a variant's verdict before running it: from EXPLAIN (VERBOSE, FORMAT JSON) of its claim statement "
                + "under each statistics condition, the statements it sends (run once alone, rolled back) and the queue model, "
                + "print the predicted verdict, the rule that gave it, the reason (naming your tables and columns) and the fix, "
                + "beside the verdict recorded for it.",
                "Exit code: 0; 1 when a prediction disagrees with a recorded verdict; 2 for bad usage."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "VARIANT", description = "Names, aliases or globs (claim-matrix list shows them).")
    List<String> variants;

    @Option(names = "--all", description = "Every variant of the catalogue (the default without VARIANT).")
    boolean all;

    @Option(names = "--statistics", paramLabel = "WHEN", description = "fresh, stale or both (default: ${DEFAULT-VALUE}).")
    String statistics = "both";

    @Option(names = "--format", paramLabel = "FORMAT", description = "text or markdown (default: ${DEFAULT-VALUE}).")
    String format = "text";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output. A Markdown "
            + "FILE that has the markers <!-- predictions:begin --> and <!-- predictions:end --> keeps everything outside them.")
    Path output;

    @Option(names = "--facts", description = "Also show what each prediction was read from: the plan's outline, the locked "
            + "aliases, the statements the claim sent.")
    boolean facts;

    @Mixin
    DatabaseMixin database;

    @Mixin
    StrategySources sources;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("markdown")) {
            throw new BadInputException("--format is text or markdown, not '" + format + "'");
        }
        List<Statistics> conditions = Statistics.parse(statistics);
        List<ClaimStrategy<?>> strategies = all || variants == null || variants.isEmpty() ? sources.catalogue().all()
                : sources.catalogue().select(String.join(",", variants));
        List<Predictions.Row> rows;
        try (DatabaseTarget target = database.options().open(3)) {
            rows = Predictions.of(target, sources.models(), strategies, FixtureSettings.of(Fixture.seed()), conditions);
        }
        String text = format.equals("markdown") ? PredictionText.markdown(rows) : PredictionText.text(rows, facts);
        if (output != null) {
            String old = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
            Files.writeString(output, format.equals("markdown") ? PredictionText.replaceGenerated(old, text) : text, StandardCharsets.UTF_8);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        }
        return rows.stream().allMatch(Predictions.Row::agrees) ? Main.OK : Main.MISMATCH;
    }
}
