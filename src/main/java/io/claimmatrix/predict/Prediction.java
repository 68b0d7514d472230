package io.claimmatrix.predict;

import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Verdict;

/**
 * A verdict predicted before any worker runs, from the claim's plan ({@code EXPLAIN (VERBOSE, FORMAT JSON)}), the text
 * of the statements it sends and the queue model, under one statistics condition.
 *
 * @param statistics the planner statistics the claim statement was planned under
 * @param verdict    the predicted verdict
 * @param rule       the rule that gave it (a {@link Rule}'s name, e.g. {@code unlocked-eligibility})
 * @param reason     the mechanism, naming the model's own tables and columns
 * @param fix        the change that would make the claim safe, or an empty string when there is none to make
 */
public record Prediction(Statistics statistics, Verdict verdict, String rule, String reason, String fix) {

    /** Whether a measured verdict is the predicted one ({@code true} when nothing was measured). */
    public boolean agrees(Verdict measured) {
        return measured == null || measured == verdict;
    }

    /** One line: {@code DUPLICATES (unlocked-eligibility)}. */
    public String label() {
        return verdict + " (" + rule + ")";
    }
}
