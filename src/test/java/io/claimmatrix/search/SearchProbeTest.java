package io.claimmatrix.search;

import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.model.FixtureSettings;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.schedule.ScheduleRunner;
import io.claimmatrix.schedule.Schedules;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.testing.TestDatabase;
import org.junit.jupiter.api.Test;

class SearchProbeTest {

    @Test
    void explore() throws Exception {
        var seed = StrategyCatalogue.discover().select("seed").get(0);
        try (ScheduleRunner runner = ScheduleRunner.open(TestDatabase.get(), ModelCatalogue.builtIn().get("seed"), FixtureSettings.of(Fixture.seed()))) {
            var f = runner.fixtures(seed).get(0);
            for (int i = 0; i < 20; i++) {
                runner.run(seed, Schedules.STALE_SNAPSHOT, f);
            }
            long t = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                runner.run(seed, Schedules.STALE_SNAPSHOT, f);
            }
            System.out.println("stale-snapshot: " + (System.nanoTime() - t) / 100 / 1000 + " us per run");
            t = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                runner.model().reset(runnerDsl(runner), f);
            }
            System.out.println("reset: " + (System.nanoTime() - t) / 100 / 1000 + " us");
            t = System.nanoTime();
            SearchResult r = InterleavingSearch.search(runner, seed, InterleavingSearch.Bound.DEFAULT, io.claimmatrix.model.Statistics.FRESH);
            System.out.println("search: " + r.explored() + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
        }
    }

    private static org.jooq.DSLContext runnerDsl(ScheduleRunner runner) throws Exception {
        var c = runner.model().schema().connect();
        return io.claimmatrix.run.Jooq.dsl(c);
    }
}
