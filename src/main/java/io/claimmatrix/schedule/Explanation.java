package io.claimmatrix.schedule;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.run.ClaimSqlRenderer;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.model.ModelFixture;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything {@code claim-matrix explain} shows for one variant, as plain data: its SQL, its plan, every schedule's
 * run on every fixture that matters to it, and the verdict's reason with the schedule that demonstrates it.
 *
 * @param plan        {@code EXPLAIN (VERBOSE, COSTS OFF)} lines, on the first fixture
 * @param results     each schedule on each fixture, fixtures in {@link ScheduleRunner#fixtures} order
 * @param verdict     the verdict the soak measured for this variant (its expectation), or {@code null}
 * @param why         the expectation's reason
 * @param conclusion  which schedule shows the verdict, or that none contradicts it
 * @param contradicts true when the schedules disagree with a DUPLICATES or SAFE verdict
 */
public record Explanation(String variant, List<String> aliases, String description, String isolation, String sql,
                          List<String> plan, List<ScheduleResult> results, Verdict verdict, String why,
                          String conclusion, boolean contradicts) {

    public Explanation {
        aliases = List.copyOf(aliases);
        plan = List.copyOf(plan);
        results = List.copyOf(results);
    }

    /** Runs every schedule once on every fixture of {@link ScheduleRunner#fixtures} and explains the result. */
    public static Explanation of(ScheduleRunner runner, ClaimStrategy<?> strategy, List<Schedule> schedules)
            throws SQLException, InterruptedException {
        List<ModelFixture> fixtures = runner.fixtures(strategy);
        List<String> plan = runner.plan(strategy, fixtures.get(0));
        List<ScheduleResult> results = new ArrayList<>();
        for (ModelFixture f : fixtures) {
            for (Schedule s : schedules) {
                results.add(runner.run(strategy, s, f));
            }
        }
        Verdict verdict = strategy.expectation() == null ? null : strategy.expectation().verdict();
        String why = strategy.expectation() == null ? "" : strategy.expectation().why();
        List<ScheduleResult> duplicates = results.stream().filter(r -> r.outcome() == Outcome.DUPLICATE).toList();
        String conclusion;
        boolean contradicts = false;
        if (verdict == Verdict.DUPLICATES && !duplicates.isEmpty()) {
            ScheduleResult r = duplicates.get(0);
            conclusion = "Reproduced by " + r.schedule() + " on fixture " + r.fixture() + ": " + r.outcomeDetail() + ".";
        } else if (verdict == Verdict.DUPLICATES) {
            contradicts = true;
            conclusion = "No schedule here commits a duplicate, though the soak did: " + summary(results)
                    + ". Write a schedule that does (docs/interleavings.md).";
        } else if (verdict == Verdict.SAFE && duplicates.isEmpty()) {
            conclusion = "No schedule commits a duplicate: " + summary(results) + ".";
        } else if (verdict == Verdict.SAFE) {
            contradicts = true;
            ScheduleResult r = duplicates.get(0);
            conclusion = "Contradicted: " + r.schedule() + " on fixture " + r.fixture() + " commits a duplicate ("
                    + r.outcomeDetail() + "), though the soak measured SAFE.";
        } else {
            conclusion = summary(results) + ".";
        }
        return new Explanation(strategy.name(), strategy.aliases(), strategy.description(), strategy.isolation().sql(),
                ClaimSqlRenderer.render(strategy), plan, results, verdict, why, conclusion, contradicts);
    }

    /** {@code stale-snapshot → committed duplicate, ...}, with the fixture when there is more than one. */
    static String summary(List<ScheduleResult> results) {
        boolean manyFixtures = results.stream().map(ScheduleResult::fixture).distinct().count() > 1;
        return results.stream().map(r -> r.schedule() + (manyFixtures ? " on " + r.fixture() : "") + " → " + r.outcome().label()
                + (r.outcome() == Outcome.ABORT || r.outcome() == Outcome.REJECTED ? " (" + sqlStates(r) + ")" : ""))
                .collect(Collectors.joining(", "));
    }

    private static String sqlStates(ScheduleResult r) {
        return r.steps().stream().filter(StepRecord::failed).map(StepRecord::sqlState).distinct().collect(Collectors.joining(", "));
    }
}
