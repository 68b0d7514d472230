package io.claimmatrix.search;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.model.ModelFixture;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Harness;
import io.claimmatrix.schedule.Action;
import io.claimmatrix.schedule.Schedule;
import io.claimmatrix.schedule.ScheduleResult;
import io.claimmatrix.schedule.ScheduleRunner;
import io.claimmatrix.schedule.Step;
import io.claimmatrix.schedule.StepRecord;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded, systematic search over the interleavings of a claim, in the manner of Lincheck's model-checking mode but
 * for SQL transactions on a real PostgreSQL: k sessions each run the strategy's own statements (each claim statement,
 * each write statement) and end in commit or rollback; any statement may take its snapshot early and pause at the gate.
 * Every interleaving up to the bound is played on a {@link ScheduleRunner} (waits read from the server), shortest
 * first, and each of the model's invariants gets its shortest counterexample, or the statement that none exists within
 * the bound ({@link Interleavings} says what is left out as equivalent, and why).
 *
 * <p>Deterministic: the same strategy, rows and bound give the same interleavings in the same order.
 */
public final class InterleavingSearch {

    /** The most statements a phase is probed for (a claim or a write of more is cut at this many steps). */
    static final int PROBE_STATEMENTS = 6;

    /**
     * The bound and budget.
     *
     * @param sessions   k: interleavings of 1 to k sessions
     * @param pauses     the most statements of one interleaving that take their snapshot early
     * @param budget     the most interleavings played per fixture; the result says when it stopped the search
     * @param deadline   the most wall time per variant; likewise
     */
    public record Bound(int sessions, int pauses, int budget, Duration deadline) {
        public static final Bound DEFAULT = new Bound(2, 2, 5_000, Duration.ofMinutes(2));

        public Bound {
            if (sessions < 1 || pauses < 0 || budget < 1) {
                throw new IllegalArgumentException("sessions >= 1, pauses >= 0, budget >= 1; got " + sessions + ", " + pauses + ", " + budget);
            }
        }

        public Bound withSessions(int k) {
            return new Bound(k, pauses, budget, deadline);
        }

        public Bound withPauses(int p) {
            return new Bound(sessions, p, budget, deadline);
        }
    }

    private InterleavingSearch() {
    }

    /** Searches one strategy on the runner's model under a statistics condition. */
    public static SearchResult search(ScheduleRunner runner, ClaimStrategy<?> strategy, Bound bound, Statistics statistics)
            throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + bound.deadline().toNanos();
        runner.prepare(statistics);
        Integer batch = Harness.batchOf(strategy);
        List<ModelFixture> fixtures = runner.fixtures(strategy);
        Map<String, Program> programs = new LinkedHashMap<>();
        Map<Invariant, Counterexample> found = new EnumMap<>(Invariant.class);
        List<Invariant> applicable = new ArrayList<>();
        long[] explored = {0};
        long pruned = 0;
        boolean exhausted = true;
        boolean grouped = false;
        for (ModelFixture fixture : fixtures) {
            grouped |= !runner.groups(fixture).isEmpty();
        }
        for (Invariant i : Invariant.values()) {
            if ((i != Invariant.GROUP_DUPLICATES || grouped) && (i != Invariant.OVERCLAIM || batch != null)) {
                applicable.add(i);
            }
        }
        int mostClaimable = 0;
        for (ModelFixture fixture : fixtures) {
            ScheduleResult probe = runner.run(strategy, probe(), fixture);
            explored[0]++;
            mostClaimable = Math.max(mostClaimable, probe.eligibleAtStart().size());
            String rejection = Violations.rejection(probe);
            if (rejection != null) {
                return new SearchResult(strategy.name(), bound.sessions(), bound.pauses(), statistics,
                        fixtures.stream().map(ModelFixture::name).toList(), programs, applicable, Map.of(), explored[0], 0,
                        (System.nanoTime() - start) / 1_000_000, true, rejection, null);
            }
            Program program = program(probe);
            programs.put(fixture.name(), program);
            long before = explored[0];
            boolean[] stopped = {false};
            Exception[] failure = {null};
            Interleavings.Counts counts = Interleavings.enumerate(program, bound.sessions(), bound.pauses(), schedule -> {
                int length = schedule.steps().size();
                if (applicable.stream().allMatch(i -> found.containsKey(i) && found.get(i).steps() <= length)) {
                    return false; // every invariant has a counterexample no longer than what is left
                }
                if (explored[0] - before >= bound.budget() || System.nanoTime() > deadline) {
                    stopped[0] = true;
                    return false;
                }
                try {
                    ScheduleResult r = runner.run(strategy, named(schedule), fixture);
                    explored[0]++;
                    Violations.of(r, batch).forEach((invariant, evidence) -> {
                        Counterexample best = found.get(invariant);
                        if (applicable.contains(invariant) && (best == null || best.steps() > r.steps().size())) {
                            found.put(invariant, new Counterexample(invariant, r, evidence));
                        }
                    });
                    return true;
                } catch (SQLException | InterruptedException | RuntimeException e) {
                    failure[0] = e;
                    return false;
                }
            });
            if (failure[0] instanceof InterruptedException ie) {
                throw ie;
            }
            if (failure[0] instanceof SQLException se) {
                throw se;
            }
            if (failure[0] instanceof RuntimeException re) {
                throw re;
            }
            pruned += counts.pruned();
            exhausted &= !stopped[0];
        }
        // A claim returns more rows than its batch only when more items than the batch are claimable: on fixtures that
        // never hold that many, OVERCLAIM is out of the search's reach, and "holds" would claim more than was shown.
        String unreachable = null;
        if (batch != null && mostClaimable <= batch && !found.containsKey(Invariant.OVERCLAIM)) {
            applicable.remove(Invariant.OVERCLAIM);
            unreachable = "not OVERCLAIM: at most " + mostClaimable + " item(s) claimable at the start, no more than the batch of "
                    + batch + (fixtures.stream().allMatch(f -> f instanceof io.claimmatrix.model.SqlFixture) ? "; search --items N for more" : "");
        }
        return new SearchResult(strategy.name(), bound.sessions(), bound.pauses(), statistics,
                fixtures.stream().map(ModelFixture::name).toList(), programs, applicable, found, explored[0], pruned,
                (System.nanoTime() - start) / 1_000_000, exhausted, null, unreachable);
    }

    /** One session alone, statement by statement, far enough to count the claim's and the write's statements. */
    static Schedule probe() {
        Schedule.Builder b = Schedule.builder("probe").begin(1);
        for (int i = 1; i <= PROBE_STATEMENTS; i++) {
            b.add(new Step(1, Action.CLAIM, i, false));
        }
        for (int i = 1; i <= PROBE_STATEMENTS; i++) {
            b.add(new Step(1, Action.WRITE, i, false));
        }
        return b.commit(1).build();
    }

    /** The statements the probe ran, by phase. */
    static Program program(ScheduleResult probe) {
        int claims = 0, writes = 0;
        for (StepRecord s : probe.steps()) {
            if (s.statements().isEmpty()) {
                continue;
            }
            if (s.step().action() == Action.CLAIM) {
                claims++;
            } else if (s.step().action() == Action.WRITE) {
                writes++;
            }
        }
        return new Program(Math.max(1, claims), writes);
    }

    private static Schedule named(Schedule s) {
        return new Schedule("counterexample", "", s.steps());
    }
}
