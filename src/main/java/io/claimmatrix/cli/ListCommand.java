package io.claimmatrix.cli;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.claim.sql.SqlClaimStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code claim-matrix list}: every variant, its dimensions and what it is. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print every variant: name (aliases), queue model, isolation and locking clause, expected verdict, description.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StrategyMixin strategies;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (ClaimStrategy<?> s : strategies.selected()) {
            out.println(s.name() + (s.aliases().isEmpty() ? "" : "  (" + String.join(", ", s.aliases()) + ")"));
            String source = s instanceof SqlClaimStrategy sql ? ", from " + sql.file() : "";
            out.println("    model " + s.model() + ", " + s.isolation().sql() + s.dimensions().map(d -> ", " + d.lockClauseSql()).orElse("")
                    + source + "; " + expected(s));
            out.println("    " + s.description());
        }
        out.flush();
        return Main.OK;
    }

    /** {@code expected DUPLICATES}, {@code expected fresh SAFE, stale OVERCLAIM}, or that none is recorded. */
    static String expected(ClaimStrategy<?> s) {
        java.util.Map<Statistics, Verdict> by = new java.util.EnumMap<>(Statistics.class);
        for (Statistics c : Statistics.values()) {
            Expectation e = s.expectation(c);
            if (e != null && e.verdict() != null) {
                by.put(c, e.verdict());
            }
        }
        if (by.isEmpty()) {
            return "no expectation (verdict reported, not checked)";
        }
        if (by.size() == Statistics.values().length && new java.util.HashSet<>(by.values()).size() == 1) {
            return "expected " + by.values().iterator().next();
        }
        return "expected " + String.join(", ", by.entrySet().stream().map(e -> e.getKey().code + " " + e.getValue()).toList());
    }
}
