package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.schedule.Outcome;
import io.claimmatrix.schedule.Schedule;
import io.claimmatrix.schedule.ScheduleResult;
import io.claimmatrix.schedule.ScheduleRunner;
import io.claimmatrix.schedule.Schedules;
import io.claimmatrix.schema.Fixture;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Detection by a deterministic schedule ({@code io.claimmatrix.schedule}): the seed's race forced step by step with
 * {@link Schedules#STALE_SNAPSHOT}, run repeatedly on each fixture shape the variant is measured on (as
 * {@code claim-matrix explain} runs it), counting the runs that end in a committed duplicate and timing each run
 * (fixture reset, every step, the judgement).
 */
public final class ScheduleBench {

    /**
     * One fixture shape's runs.
     *
     * @param outcomes how the runs ended, e.g. {@code DUPLICATE=100}, or {@code ABORT=100} where the INSERT path
     *                 turns the race into a unique violation
     */
    public record Result(String schedule, String fixture, int runs, int successes, Map<Outcome, Integer> outcomes,
                         Stats millisPerRun) {

        public double successRate() {
            return runs == 0 ? 0 : successes / (double) runs;
        }
    }

    public static final Schedule SCHEDULE = Schedules.STALE_SNAPSHOT;

    private ScheduleBench() {
    }

    /** {@code runs} runs per shape, after one untimed run per shape (it opens the runner's sessions). */
    public static List<Result> run(DatabaseTarget target, ClaimStrategy<?> variant, int runs, Consumer<String> progress) throws Exception {
        List<Result> results = new ArrayList<>();
        try (ScheduleRunner runner = ScheduleRunner.open(target)) {
            for (Fixture.Shape shape : io.claimmatrix.bench.MeasuredStrategy.shapesOf(variant)) {
                Fixture fixture = Fixture.seed().shaped(shape);
                runner.run(variant, SCHEDULE, fixture);
                Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long start = System.nanoTime();
                    ScheduleResult r = runner.run(variant, SCHEDULE, fixture);
                    millis.add((System.nanoTime() - start) / 1e6);
                    outcomes.merge(r.outcome(), 1, Integer::sum);
                }
                Result result = new Result(SCHEDULE.name(), fixture.name(), runs, outcomes.getOrDefault(Outcome.DUPLICATE, 0),
                        outcomes, Stats.of(millis));
                results.add(result);
                progress.accept(String.format(Locale.ROOT, "schedule %s on %s: %d of %d runs with a committed duplicate, %s ms per run %s",
                        SCHEDULE.name(), fixture.name(), result.successes(), runs, result.millisPerRun().format(1), outcomes));
            }
        }
        return results;
    }
}
