package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.model.Statistics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything that happened when one variant ran under one statistics condition: per round, what was claimable at its
 * start and end, the groups, and every claim transaction. The {@link Oracle} turns it into a verdict.
 *
 * @param model        the queue model's name
 * @param batch        the most rows one claim statement may return, or {@code null} for unbounded
 * @param lease        the model's lease (visibility timeout), or {@code null}
 * @param rejection    PostgreSQL's message when it refused the claim query, else {@code null}
 * @param timedOut     whether the run hit its deadline before the queue drained
 * @param timeoutCause which deadline stopped it and how, e.g. "the round deadline (60s) passed in round 3";
 *                     {@code null} when it did not time out
 */
public record VariantRun(ClaimStrategy<?> strategy, String model, Statistics statistics, String fixture, int workers,
                         Integer batch, Duration lease, List<Round> rounds, String rejection, String rejectionSqlState,
                         boolean timedOut, long elapsedNanos, String timeoutCause) {

    /**
     * One round: the fixture reset, W workers released together, until each sees an empty queue.
     *
     * @param claimableAtStart the keys claimable.sql listed after the fixture loaded
     * @param claimableAtEnd   the keys it listed after every worker stopped: items left behind
     * @param groups           key to exclusive group key (groups.sql); empty without groups
     */
    public record Round(int index, String fixture, Set<String> claimableAtStart, Set<String> claimableAtEnd,
                        Map<String, String> groups, List<ClaimTransaction> transactions, long elapsedNanos, boolean timedOut) {
    }
}
