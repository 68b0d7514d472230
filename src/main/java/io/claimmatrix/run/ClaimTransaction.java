package io.claimmatrix.run;

import java.util.List;

/**
 * One claim transaction as it happened: who ran it, what its claim statements returned, and how it ended.
 *
 * @param keys               the keys the claim returned (after any re-check): what this transaction owned; empty when
 *                           the queue looked drained to this worker
 * @param claimRows          the rows each claim statement returned, in order (the first is the claim statement
 *                           proper; more for a re-check or a lock by key); compared with the batch for OVERCLAIM
 * @param sqlState           the SQLSTATE that aborted it, or {@code null} when it committed
 * @param failedStep         {@code claim} or {@code write} (or {@code commit}) for an abort; {@code null} otherwise
 * @param claimableWhenEmpty when the first claim statement returned no row: the keys claimable.sql listed right after
 *                           (a new snapshot), to tell an empty queue from a silent miss; {@code null} otherwise
 * @param startNanos         {@link System#nanoTime()} when it began
 * @param endNanos           when it ended (after the claimable query, for an empty claim)
 */
public record ClaimTransaction(int round, int worker, int sequence, List<String> keys, List<Integer> claimRows, Outcome outcome,
                               String sqlState, String failedStep, String message, long startNanos, long endNanos,
                               List<String> claimableWhenEmpty) {

    public enum Outcome { COMMITTED, ABORTED }

    public ClaimTransaction {
        keys = List.copyOf(keys);
        claimRows = List.copyOf(claimRows);
        claimableWhenEmpty = claimableWhenEmpty == null ? null : List.copyOf(claimableWhenEmpty);
    }

    public static ClaimTransaction committed(int round, int worker, int sequence, List<String> keys, List<Integer> claimRows,
                                             long start, long end) {
        return new ClaimTransaction(round, worker, sequence, keys, claimRows, Outcome.COMMITTED, null, null, null, start, end, null);
    }

    /** A claim that returned nothing, committed; {@code claimable} is what claimable.sql listed right after, or null. */
    public static ClaimTransaction empty(int round, int worker, int sequence, List<Integer> claimRows, List<String> claimable,
                                         long start, long end) {
        return new ClaimTransaction(round, worker, sequence, List.of(), claimRows, Outcome.COMMITTED, null, null, null, start, end, claimable);
    }

    public static ClaimTransaction aborted(int round, int worker, int sequence, List<String> keys, List<Integer> claimRows,
                                           String sqlState, String failedStep, String message, long start, long end) {
        return new ClaimTransaction(round, worker, sequence, keys, claimRows, Outcome.ABORTED, sqlState, failedStep, message,
                start, end, null);
    }

    public boolean committed() {
        return outcome == Outcome.COMMITTED;
    }

    /** Whether its first claim statement returned no row. */
    public boolean foundNothing() {
        return !claimRows.isEmpty() && claimRows.get(0) == 0;
    }

    /** The most rows one of its claim statements returned; 0 for none. */
    public int largestClaimStatement() {
        return claimRows.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Whether its time overlaps {@code other}'s. */
    public boolean overlaps(ClaimTransaction other) {
        return startNanos - other.endNanos <= 0 && other.startNanos - endNanos <= 0;
    }

    /** {@code w3#17}: worker 3's 17th transaction of its round. */
    public String label() {
        return "w" + worker + "#" + sequence;
    }
}
