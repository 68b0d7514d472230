package io.claimmatrix.cli;

import io.claimmatrix.BadInputException;
import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.StrategyCheck;
import io.claimmatrix.schedule.ScheduleRunner;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.search.InterleavingSearch;
import io.claimmatrix.search.SearchResult;
import io.claimmatrix.search.SearchText;
import io.claimmatrix.search.SearchVerdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code claim-matrix search VARIANT...}: every interleaving of k sessions, the shortest counterexample per invariant. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search every interleaving of k sessions running a variant's own statements (each claim and write "
                + "statement, a pause after any statement's snapshot, commit or rollback) on a real PostgreSQL, and print, for "
                + "each invariant, the shortest interleaving that breaks it, or that none does within the bound.",
                "Counterexamples print as a table (a column per session) and an isolation-tester timeline, with the "
                        + "permutation that `explain -s` replays.",
                "Exit code: 0; 1 when the search contradicts a variant's recorded verdict (or the run failed); 2 for bad usage."})
final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "VARIANT", description = "Names, aliases or globs (claim-matrix list shows them).")
    List<String> variants;

    @Mixin
    SearchBoundOptions search;

    @Option(names = "--statistics", paramLabel = "WHEN",
            description = "fresh, stale or both (default: each model's own; the seed model's is fresh).")
    String statistics;

    @Option(names = "--items", paramLabel = "N",
            description = "Items a model's fixture.sql loads for the search (default: " + ScheduleRunner.SCHEDULE_ITEMS + ", or the model's own if smaller).")
    Integer items;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Mixin
    DatabaseMixin database;

    @Mixin
    StrategySources sources;

    @Override
    public Integer call() throws Exception {
        if (items != null && items < 1) {
            throw new BadInputException("--items must be at least 1");
        }
        List<Statistics> requested = statistics == null ? null : Statistics.parse(statistics);
        InterleavingSearch.Bound bound = search.bound();
        List<ClaimStrategy<?>> strategies = sources.catalogue().select(String.join(",", variants));
        Map<String, List<ClaimStrategy<?>>> byModel = new LinkedHashMap<>();
        strategies.forEach(s -> byModel.computeIfAbsent(s.model(), k -> new ArrayList<>()).add(s));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> contradicted = new ArrayList<>();
        int printed = 0;
        try (DatabaseTarget target = database.options().open(bound.sessions() + 3)) {
            for (Map.Entry<String, List<ClaimStrategy<?>>> model : byModel.entrySet()) {
                var queueModel = sources.models().get(model.getKey());
                try (ScheduleRunner runner = ScheduleRunner.open(target, queueModel, new FixtureSettings(Fixture.seed(), items))) {
                    StrategyCheck.check(runner.model(), model.getValue());
                    for (ClaimStrategy<?> s : model.getValue()) {
                        for (Statistics c : requested != null ? requested : queueModel.defaultStatistics()) {
                            SearchResult r = InterleavingSearch.search(runner, s, bound, c);
                            out.print((printed++ > 0 ? "\n" : "") + SearchText.render(r, sources.asOptions()));
                            Expectation e = s.expectation(c);
                            if (e != null && e.verdict() != null) {
                                SearchVerdict v = SearchVerdict.compare(r, e.verdict());
                                out.println((v.agrees() ? "agrees with" : "DISAGREES with") + " the recorded verdict " + e.verdict()
                                        + (v.agrees() ? "" : ": " + v.why()));
                                if (!v.agrees()) {
                                    contradicted.add(s.name() + " [" + c.code + "]");
                                }
                            }
                            out.flush();
                        }
                    }
                }
            }
        }
        if (!contradicted.isEmpty()) {
            err.println("claim-matrix: the search contradicts the recorded verdict of " + String.join(", ", contradicted));
            err.flush();
            return Main.MISMATCH;
        }
        return Main.OK;
    }
}
