package io.claimmatrix.run;

import io.claimmatrix.claim.Dimensions;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.predict.Prediction;

import java.util.List;
import java.util.Map;

/**
 * A variant's verdict under one statistics condition (or both, when its plan is the same under both and it ran once),
 * with its counts, evidence and reason: what every report prints.
 *
 * @param description       what the strategy is (its description(): what it locks, which public shape it mirrors)
 * @param model             the queue model's name
 * @param dimensions        where the variant sits in the seed's matrix, or {@code null} for a strategy without dimensions
 * @param statistics        the conditions this result stands for: one, or both ({@code fresh, stale}) when run once
 * @param plans             the claim statement's plan ({@code EXPLAIN (COSTS OFF)} lines) under each condition planned
 * @param batch             the most rows one claim statement may return, or {@code null} for unbounded
 * @param tally             every count, and a few concrete examples of each violation
 * @param verdictsByFixture the verdict of each fixture's rounds alone (the seed's mixed, absent, present shapes)
 * @param reason            why, in a sentence or two a reader can check against the plan and the manual
 * @param expectedVerdict   the verdict the variant is held to, or {@code null} (reported, not checked)
 * @param expectedWhenRaced the verdict a run gets instead when it hits a race the soak seldom reaches
 *                          ({@link io.claimmatrix.claim.Expectation#orWhenRaced()}), accepted like the expected one; or
 *                          {@code null}
 * @param search            the interleaving search's outcome beside this soak verdict, or {@code null} (not searched)
 * @param prediction        the verdict predicted before the run from the plan and statements ({@code claim-matrix predict})
 *                          under the result's first statistics condition, or {@code null} (not predicted)
 */
public record VariantResult(String name, List<String> aliases, String description, String model, Dimensions dimensions, String isolation,
                            List<Statistics> statistics, Map<Statistics, List<String>> plans, String fixture, Integer batch,
                            Verdict verdict, Oracle.Tally tally, Map<String, Verdict> verdictsByFixture,
                            int rounds, int workers, double claimsPerSecond, long elapsedMillis,
                            String rejection, String reason, String sql,
                            Verdict expectedVerdict, String expectedWhy, Verdict expectedWhenRaced, SearchOutcome search,
                            Prediction prediction) {

    public VariantResult {
        aliases = List.copyOf(aliases);
        statistics = List.copyOf(statistics);
        plans = Map.copyOf(plans);
    }

    /** Whether the verdict is the expected one (or the one a hit race gives), or nothing is expected. */
    public boolean matchesExpectation() {
        return expectedVerdict == null || expectedVerdict == verdict || expectedWhenRaced == verdict;
    }

    /** The expectation as a report says it, e.g. {@code INCOMPLETE (or DUPLICATES when raced)}; {@code null} when none. */
    public String expectedLabel() {
        return expectedVerdict == null ? null : expectedVerdict + (expectedWhenRaced == null ? "" : " (or " + expectedWhenRaced + " when raced)");
    }

    /** The name with its short aliases, e.g. {@code left.lock-...limit1 (seed)}. */
    public String displayName() {
        return aliases.isEmpty() ? name : name + " (" + String.join(", ", aliases) + ")";
    }

    /** {@code fresh}, {@code stale}, or {@code fresh, stale} when one run stands for both. */
    public String statisticsLabel() {
        return Statistics.label(statistics);
    }

    /** Name and statistics: what identifies a result in a report, e.g. {@code jobs.in-subquery [stale]}. */
    public String key() {
        return name + " [" + statisticsLabel() + "]";
    }

    /** This result with another expectation (e.g. one recorded in a report). */
    public VariantResult expecting(Verdict verdict, String why) {
        return new VariantResult(name, aliases, description, model, dimensions, isolation, statistics, plans, fixture, batch, this.verdict,
                tally, verdictsByFixture, rounds, workers, claimsPerSecond, elapsedMillis, rejection, reason, sql, verdict, why, null, search, prediction);
    }

    /** This result with the search's outcome beside it. */
    public VariantResult withSearch(SearchOutcome outcome) {
        return new VariantResult(name, aliases, description, model, dimensions, isolation, statistics, plans, fixture, batch,
                verdict, tally, verdictsByFixture, rounds, workers, claimsPerSecond, elapsedMillis, rejection, reason, sql,
                expectedVerdict, expectedWhy, expectedWhenRaced, outcome, prediction);
    }

    /** This result with the verdict predicted for it beside the measured one. */
    public VariantResult withPrediction(Prediction p) {
        return new VariantResult(name, aliases, description, model, dimensions, isolation, statistics, plans, fixture, batch,
                verdict, tally, verdictsByFixture, rounds, workers, claimsPerSecond, elapsedMillis, rejection, reason, sql,
                expectedVerdict, expectedWhy, expectedWhenRaced, search, p);
    }

    /** Whether the prediction (if any) is the measured verdict. */
    public boolean predictionAgrees() {
        return prediction == null || prediction.verdict() == verdict;
    }

    /**
     * The verdict predicted before the run beside the measured one, e.g. {@code DUPLICATES (unlocked-eligibility),
     * agrees} or {@code SAFE (locked-or-rechecked), DISAGREES with the measured DUPLICATES}; empty when none was made.
     */
    public String predictedLabel() {
        if (prediction == null) {
            return "";
        }
        return prediction.label() + (predictionAgrees() ? ", agrees" : ", DISAGREES with the measured " + verdict);
    }

    /** {@link #predictedLabel()} with the prediction's reason and fix; empty when none was made. */
    public String predictedWhy() {
        if (prediction == null) {
            return "";
        }
        return predictedLabel() + ": " + prediction.reason() + (prediction.fix().isEmpty() ? "" : " Fix: " + prediction.fix() + ".");
    }

    public int committedClaims() {
        return tally.committedClaims();
    }

    public int committedDuplicates() {
        return tally.committedDuplicates();
    }

    public int groupDuplicates() {
        return tally.groupDuplicates();
    }

    public int overclaims() {
        return tally.overclaims();
    }

    public int abortedClaims() {
        return tally.abortedClaims();
    }

    public Map<String, Integer> abortsBySqlState() {
        return tally.abortsBySqlState();
    }

    public int missedItems() {
        return tally.missedItems();
    }

    public int silentMisses() {
        return tally.silentMisses();
    }

    public int ineligibleClaims() {
        return tally.ineligibleClaims();
    }

    public List<String> evidence() {
        return tally.evidence();
    }
}
