package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Detection by a deterministic schedule (issue 4, package {@code io.claimmatrix.schedule}): the seed's race forced
 * step by step, e.g. the {@code stale-snapshot} schedule, repeated to count successes and time one run.
 *
 * <p>The schedule runner is not on this branch yet. When it lands, the only change is to make {@link #available()}
 * return an implementation that opens a {@code ScheduleRunner} on {@code target} and runs
 * {@code Schedules.STALE_SNAPSHOT} {@code runs} times on {@code Fixture.seed()}, counting {@code Outcome.DUPLICATE};
 * the bench command, the report and the ratios already take its {@link Result}.
 */
public interface ScheduleDetection {

    /**
     * @param runs          how many times the schedule ran
     * @param successes     runs that ended in a committed duplicate
     * @param millisPerRun  wall time of one run (fixture reset, steps, judgement)
     * @param command       the command that reproduces it
     */
    record Result(String schedule, int runs, int successes, Stats millisPerRun, String command) {

        public double successRate() {
            return runs == 0 ? 0 : successes / (double) runs;
        }
    }

    String schedule();

    Result run(DatabaseTarget target, ClaimStrategy variant, int runs, Consumer<String> progress) throws Exception;

    /** The implementation on this branch, or empty (with {@link #UNAVAILABLE} saying why) when there is none. */
    static Optional<ScheduleDetection> available() {
        return Optional.empty();
    }

    /** Why (a) has no numbers yet, for the report. */
    String UNAVAILABLE = "the deterministic schedule runner (issue 4, `io.claimmatrix.schedule`) is not on this branch yet; "
            + "`ScheduleDetection.available()` is where it plugs in";
}
