package io.claimmatrix.schedule;

import java.util.Locale;

/** What one step of a schedule does. The harness owns transactions: strategies only run inside CLAIM and WRITE. */
public enum Action {
    /** {@code BEGIN ISOLATION LEVEL <the strategy's isolation>}. */
    BEGIN,
    /** The strategy's claim: its claim statement (and any re-check); may pause at the gate after its snapshot. */
    CLAIM,
    /** The strategy's write of what this transaction claimed. */
    WRITE,
    COMMIT,
    ROLLBACK,
    /** The scheduler releases the session's gate: its paused claim goes on. Run by the scheduler, not the session. */
    RESUME;

    /** As written in a permutation, e.g. {@code claim} in {@code s2claim}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
