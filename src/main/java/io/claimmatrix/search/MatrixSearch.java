package io.claimmatrix.search;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.SearchOutcome;
import io.claimmatrix.run.VariantSearch;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schedule.ScheduleRunner;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The interleaving search beside a matrix run: one schedule runner (a run schema with the gate) per queue model. */
public final class MatrixSearch implements VariantSearch {

    private final DatabaseTarget target;
    private final FixtureSettings fixtures;
    private final InterleavingSearch.Bound bound;
    private final Map<String, ScheduleRunner> runners = new LinkedHashMap<>();

    private MatrixSearch(DatabaseTarget target, FixtureSettings fixtures, InterleavingSearch.Bound bound) {
        this.target = target;
        this.fixtures = fixtures;
        this.bound = bound;
    }

    /**
     * A factory for the matrix runner. The search's fixtures are small whatever the soak's, as {@code search}'s: the
     * seed's three accounts (in the shapes the variant needs), each other model's fixture.sql at a few items; a few
     * rows are enough for two or three sessions, and every interleaving replays them.
     */
    public static VariantSearch.Factory factory(InterleavingSearch.Bound bound) {
        return (target, fixtures) -> new MatrixSearch(target, FixtureSettings.of(io.claimmatrix.schema.Fixture.seed()), bound);
    }

    @Override
    public SearchOutcome search(QueueModel model, ClaimStrategy<?> strategy, Statistics statistics, Verdict soak)
            throws SQLException, InterruptedException {
        ScheduleRunner runner = runners.get(model.name());
        if (runner == null) {
            runner = ScheduleRunner.open(target, model, fixtures);
            runners.put(model.name(), runner);
        }
        return outcome(InterleavingSearch.search(runner, strategy, bound, statistics), soak);
    }

    /** A search result as the reports carry it. */
    public static SearchOutcome outcome(SearchResult r, Verdict soak) {
        SearchVerdict v = SearchVerdict.compare(r, soak);
        Map<String, String> broken = new LinkedHashMap<>();
        Map<String, String> evidence = new LinkedHashMap<>();
        java.util.List<String> holds = new java.util.ArrayList<>();
        if (r.rejection() != null) {
            evidence.put("REJECTED", r.rejection());
        }
        for (Invariant i : r.invariants()) {
            Counterexample c = r.found().get(i);
            if (c == null) {
                holds.add(i.name());
            } else {
                broken.put(i.name(), c.permutation());
                evidence.put(i.name(), c.evidence() + " (" + c.steps() + " steps, fixture " + c.result().fixture() + ")");
            }
        }
        return new SearchOutcome(r.bound(), v.implied(), v.agrees(), v.why(), broken, evidence, holds, r.explored(), r.pruned(),
                r.millis(), r.exhausted());
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (ScheduleRunner r : runners.values()) {
            try {
                r.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        runners.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
