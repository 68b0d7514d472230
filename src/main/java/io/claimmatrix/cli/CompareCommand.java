package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.report.VersionComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code claim-matrix compare a.json b.json ...}: which results (a variant under a statistics condition) got a different
 * verdict on different servers.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare JSON reports of `matrix --format json` (e.g. one per PostgreSQL version) and name the "
                + "results (variant [statistics]) whose verdict differs; a report without statistics was measured fresh."
                + "%nExit code: 0 (1 with --fail-on-difference when a verdict differs), 2 for bad usage.")
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", paramLabel = "REPORT.json", description = "Two or more JSON reports.")
    List<Path> reports;

    @Option(names = "--fail-on-difference", description = "Exit 1 when some result's verdict differs.")
    boolean failOnDifference;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        List<VersionComparison.Run> runs = new ArrayList<>();
        for (Path p : reports) {
            String json;
            try {
                json = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException("cannot read " + p + ": " + e.getMessage());
            }
            try {
                runs.add(VersionComparison.read(p.toString(), json));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        VersionComparison comparison = new VersionComparison(runs);
        System.out.print(comparison.render());
        return failOnDifference && !comparison.differences().isEmpty() ? Main.MISMATCH : Main.OK;
    }
}
