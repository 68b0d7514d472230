package io.claimmatrix.search;

import io.claimmatrix.schedule.ScheduleResult;

/**
 * The shortest interleaving found that breaks one invariant: the played schedule (its timeline, steps, transactions)
 * and the evidence.
 *
 * @param evidence what broke, in one phrase, e.g. {@code one claimed by s1 and s2, all committed}
 */
public record Counterexample(Invariant invariant, ScheduleResult result, String evidence) {

    /** The permutation that replays it: {@code claim-matrix explain VARIANT -s '<this>'}. */
    public String permutation() {
        return result.permutation();
    }

    /** Steps in the permutation: the length the search minimises. */
    public int steps() {
        return result.steps().size();
    }
}
