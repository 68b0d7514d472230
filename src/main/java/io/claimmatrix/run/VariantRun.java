package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;

import java.util.List;
import java.util.Set;

/**
 * Everything that happened when one variant ran: per round, what was eligible at its start and every claim
 * transaction. The {@link Oracle} turns it into a verdict.
 *
 * @param rejection PostgreSQL's message when it refused the claim query, else {@code null}
 * @param timedOut  whether the run hit its deadline before the queue drained
 */
public record VariantRun(ClaimStrategy strategy, String fixture, int workers, List<Round> rounds,
                         String rejection, String rejectionSqlState, boolean timedOut, long elapsedNanos) {

    /** One round: the fixture reset, W workers released together, until each sees an empty queue. */
    public record Round(int index, String fixture, Set<String> eligible, List<ClaimTransaction> transactions, long elapsedNanos, boolean timedOut) {
    }
}
