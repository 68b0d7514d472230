package io.claimmatrix.bench;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.db.DatabaseTarget;
import io.claimmatrix.run.Harness;
import io.claimmatrix.run.Oracle;
import io.claimmatrix.run.VariantRun;
import io.claimmatrix.schema.Fixture;
import io.claimmatrix.model.ModelSchema;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Detection by the kit's soak: the harness runs rounds of a variant (fixture reset before each, shapes cycled as a
 * matrix run cycles them) until a round ends with a committed duplicate, or the budget is spent. The clock starts
 * when the first round releases its workers and stops when the round with the duplicate ends, so it includes the
 * fixture resets between rounds, not the start of the database, schema or JVM.
 */
public final class SoakBench {

    /**
     * One soak.
     *
     * @param seconds seconds from the first release to the end of the round that caught a duplicate; the budget
     *                when none did
     * @param rounds  rounds run, the detecting one included
     */
    public record Trial(boolean detected, double seconds, int rounds, int roundsWithDuplicate) {
    }

    /** What was soaked and how: the fixture, the workers, the budget per trial. */
    public record Setup(String label, Fixture fixture, int workers, Duration budget, int trials) {
    }

    public record Result(Setup setup, String variant, List<Trial> trials) {

        /** The fraction of trials that caught a duplicate within {@code seconds}. */
        public double probabilityWithin(double seconds) {
            return trials.stream().filter(t -> t.detected() && t.seconds() <= seconds).count() / (double) trials.size();
        }

        /** Rounds to the first duplicate, over the trials that caught one. */
        public Stats roundsToFirst() {
            List<Integer> r = trials.stream().filter(Trial::detected).map(Trial::rounds).toList();
            return r.isEmpty() ? null : Stats.of(r);
        }

        /** Seconds to the first duplicate, over the trials that caught one. */
        public Stats secondsToFirst() {
            List<Double> s = trials.stream().filter(Trial::detected).map(Trial::seconds).toList();
            return s.isEmpty() ? null : Stats.of(s);
        }

        /** Duplicate rounds over all rounds run: the per-round detection rate. */
        public double perRoundRate() {
            int rounds = trials.stream().mapToInt(Trial::rounds).sum();
            return rounds == 0 ? 0 : trials.stream().mapToInt(Trial::roundsWithDuplicate).sum() / (double) rounds;
        }

        /** Mean seconds per round (resets included). */
        public double secondsPerRound() {
            int rounds = trials.stream().mapToInt(Trial::rounds).sum();
            return rounds == 0 ? 0 : trials.stream().mapToDouble(Trial::seconds).sum() / rounds;
        }
    }

    /** A round of the seed fixture takes milliseconds; this only stops a pile-up. */
    private static final Duration ROUND_DEADLINE = Duration.ofSeconds(10);

    private SoakBench() {
    }

    public static Result run(DatabaseTarget target, ClaimStrategy<?> variant, Setup setup, Consumer<String> progress)
            throws SQLException, InterruptedException {
        List<Trial> trials = new ArrayList<>();
        List<Fixture.Shape> shapes = io.claimmatrix.bench.MeasuredStrategy.shapesOf(variant);
        try (ModelSchema schema = ModelSchema.seed(target.jdbcUrl(), target.user(), target.password(), Fixture.seed());
             Harness harness = new Harness(schema, new Harness.Settings(setup.workers(), 1, setup.fixture(), ROUND_DEADLINE))) {
            for (int i = 1; i <= setup.trials(); i++) {
                Trial t = trial(harness, variant, shapes, setup.budget());
                trials.add(t);
                progress.accept(String.format(java.util.Locale.ROOT, "soak %s trial %d/%d: %s after %.3f s, %d round(s)",
                        setup.label(), i, setup.trials(), t.detected() ? "duplicate" : "nothing", t.seconds(), t.rounds()));
            }
        }
        return new Result(setup, variant.name(), trials);
    }

    /** Rounds until one commits a duplicate or the budget is spent; each trial starts again from the first shape. */
    private static Trial trial(Harness harness, ClaimStrategy<?> variant, List<Fixture.Shape> shapes, Duration budget)
            throws SQLException, InterruptedException {
        long released = 0;
        int duplicateRounds = 0;
        for (int round = 0; ; round++) {
            VariantRun run = harness.run(new MeasuredStrategy(variant, shapes.get(round % shapes.size())));
            long ended = System.nanoTime();
            if (round == 0) {
                released = ended - run.rounds().get(0).elapsedNanos();
            }
            boolean duplicate = Oracle.tally(run.rounds()).committedDuplicates() > 0;
            double seconds = (ended - released) / 1e9;
            if (duplicate) {
                duplicateRounds++;
                return new Trial(true, seconds, round + 1, duplicateRounds);
            }
            if (seconds >= budget.toNanos() / 1e9) {
                return new Trial(false, seconds, round + 1, 0);
            }
        }
    }
}
