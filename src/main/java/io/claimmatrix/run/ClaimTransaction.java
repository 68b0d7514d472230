package io.claimmatrix.run;

import java.util.List;

/**
 * One claim transaction as it happened: who ran it, what the claim returned, and how it ended.
 *
 * @param accounts  the accounts the claim returned (empty when the queue looked drained to this worker)
 * @param sqlState  the SQLSTATE that aborted it, or {@code null} when it committed
 * @param failedStep {@code claim} or {@code write} (or {@code commit}) for an abort; {@code null} otherwise
 */
public record ClaimTransaction(int round, int worker, int sequence, List<String> accounts, Outcome outcome,
                               String sqlState, String failedStep, String message, long startNanos, long endNanos) {

    public enum Outcome { COMMITTED, ABORTED }

    public static ClaimTransaction committed(int round, int worker, int sequence, List<String> accounts, long start, long end) {
        return new ClaimTransaction(round, worker, sequence, List.copyOf(accounts), Outcome.COMMITTED, null, null, null, start, end);
    }

    public static ClaimTransaction aborted(int round, int worker, int sequence, List<String> accounts,
                                           String sqlState, String failedStep, String message, long start, long end) {
        return new ClaimTransaction(round, worker, sequence, List.copyOf(accounts), Outcome.ABORTED, sqlState, failedStep, message, start, end);
    }

    public boolean committed() {
        return outcome == Outcome.COMMITTED;
    }

    /** {@code w3#17}: worker 3's 17th transaction of its round. */
    public String label() {
        return "w" + worker + "#" + sequence;
    }
}
