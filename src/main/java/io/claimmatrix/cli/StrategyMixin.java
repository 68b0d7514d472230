package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.model.ModelCatalogue;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** Which strategies a command works on: its {@link StrategySources}, narrowed by {@code --variants}. */
public final class StrategyMixin {

    @Mixin
    StrategySources sources = new StrategySources(); // picocli fills this instance; a plain new StrategyMixin() still works

    @Option(names = "--variants", paramLabel = "NAMES",
            description = "Names, aliases or globs, comma-separated, e.g. seed or 'left.*.rc.*' (default: all).")
    String variants;

    public ModelCatalogue models() {
        return sources.models();
    }

    public StrategyCatalogue catalogue() {
        return sources.catalogue();
    }

    public List<ClaimStrategy<?>> selected() {
        return catalogue().select(variants);
    }
}
