package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.claim.sql.SqlStrategies;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which strategies a command works on: the catalogue, plus .sql files, narrowed by {@code --variants}. */
public final class StrategyMixin {

    @Option(names = "--variants", paramLabel = "NAMES",
            description = "Names, aliases or globs, comma-separated, e.g. seed or 'left.*.rc.*' (default: all).")
    String variants;

    @Option(names = "--strategy-dir", paramLabel = "DIR",
            description = "Also load every .sql strategy file in DIR (repeatable). A broken file stops the command before anything runs.")
    List<Path> strategyDirs = new ArrayList<>();

    /** Every strategy: discovered classes, then the .sql files of each --strategy-dir; fails on the first broken file set. */
    public StrategyCatalogue catalogue() {
        return SqlStrategies.withFiles(StrategyCatalogue.discover().all(), strategyDirs);
    }

    public List<ClaimStrategy> selected() {
        return catalogue().select(variants);
    }
}
