package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code claim-matrix list}: every variant, its dimensions and what it is. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Print every variant with its dimensions.")
final class ListCommand implements Callable<Integer> {

    @Option(names = "--variants", paramLabel = "NAMES", description = "Names, aliases or globs, comma-separated (default: all).")
    String variants;

    @Override
    public Integer call() {
        for (ClaimStrategy s : StrategyCatalogue.discover().select(variants)) {
            System.out.println(s.name() + (s.aliases().isEmpty() ? "" : "  (" + String.join(", ", s.aliases()) + ")"));
            System.out.println("    " + s.isolation().sql() + s.dimensions().map(d -> ", " + d.lockClauseSql()).orElse("")
                    + "; expected " + (s.expectation().verdict() == null ? "(not recorded)" : s.expectation().verdict()));
            System.out.println("    " + s.description());
        }
        return Main.OK;
    }
}
