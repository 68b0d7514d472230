package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.sql.SqlClaimStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code claim-matrix list}: every variant, its dimensions and what it is. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print every variant: name (aliases), isolation and locking clause, expected verdict, description.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StrategyMixin strategies;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (ClaimStrategy s : strategies.selected()) {
            out.println(s.name() + (s.aliases().isEmpty() ? "" : "  (" + String.join(", ", s.aliases()) + ")"));
            String source = s instanceof SqlClaimStrategy sql ? ", from " + sql.file() : "";
            out.println("    " + s.isolation().sql() + s.dimensions().map(d -> ", " + d.lockClauseSql()).orElse("") + source
                    + "; " + (s.expectation() == null || s.expectation().verdict() == null ? "no expectation (verdict reported, not checked)" : "expected " + s.expectation().verdict()));
            out.println("    " + s.description());
        }
        out.flush();
        return Main.OK;
    }
}
