package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;

import java.util.List;
import java.util.Set;

/**
 * Everything that happened when one variant ran: per round, what was eligible at its start and every claim
 * transaction. The {@link Oracle} turns it into a verdict.
 *
 * @param rejection    PostgreSQL's message when it refused the claim query, else {@code null}
 * @param timedOut     whether the run hit its deadline before the queue drained
 * @param timeoutCause which deadline stopped it and how, e.g. "the round deadline (60s) passed in round 3";
 *                     {@code null} when it did not time out
 */
public record VariantRun(ClaimStrategy strategy, String fixture, int workers, List<Round> rounds,
                         String rejection, String rejectionSqlState, boolean timedOut, long elapsedNanos,
                         String timeoutCause) {

    public VariantRun(ClaimStrategy strategy, String fixture, int workers, List<Round> rounds,
                      String rejection, String rejectionSqlState, boolean timedOut, long elapsedNanos) {
        this(strategy, fixture, workers, rounds, rejection, rejectionSqlState, timedOut, elapsedNanos, null);
    }

    /** One round: the fixture reset, W workers released together, until each sees an empty queue. */
    public record Round(int index, String fixture, Set<String> eligible, List<ClaimTransaction> transactions, long elapsedNanos, boolean timedOut) {
    }
}
