package io.claimmatrix.schedule;

import java.util.List;

/**
 * One transaction of a schedule run: who ran it, what its claims returned, how it ended.
 *
 * @param claimed  the accounts its claims returned, in order
 * @param sqlState for {@link End#FAILED}, the SQLSTATE of the first failure
 * @param failedAt for {@link End#FAILED}, the step that failed (e.g. {@code s2write})
 */
public record TransactionRecord(String session, List<String> claimed, End end, String sqlState, String failedAt) {

    public enum End {
        COMMITTED,
        /** Rolled back by the schedule. */
        ROLLED_BACK,
        /** A statement failed; the transaction could only roll back. */
        FAILED
    }

    public TransactionRecord {
        claimed = List.copyOf(claimed);
    }

    public boolean committed() {
        return end == End.COMMITTED;
    }
}
