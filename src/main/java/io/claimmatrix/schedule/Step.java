package io.claimmatrix.schedule;

/**
 * One step of a schedule: session {@code s<session>} does {@code action}. Named like an isolation-tester step,
 * {@code s2claim}; a claim that pauses at the gate after taking its snapshot is written {@code s2claim(pause)}.
 *
 * <p>{@code s2claim} runs the whole claim (every claim statement: a re-check, a lock by key) and {@code s2write} the
 * whole write. {@code s2claim.1}, {@code s2claim.2} run one claim statement each, so that another session can act
 * between them (the pause between a head read and a lock by key); {@code s2write.1} one write statement. A step that
 * runs a later phase first finishes the earlier one ({@code s2write} after {@code s2claim.1} runs the rest of the claim).
 *
 * @param session   1 for s1, 2 for s2, ...
 * @param statement 0 for the whole phase; k for its k-th statement (claim and write only)
 * @param pause     for CLAIM and WRITE: the scheduler holds the session's gate, so the (first) statement takes its
 *                  snapshot and then waits before it reads (and so before it locks) any row, until {@code s<n>resume}
 */
public record Step(int session, Action action, int statement, boolean pause) {

    public Step {
        if (session < 1) {
            throw new IllegalArgumentException("sessions are numbered from 1, got " + session);
        }
        boolean statements = action == Action.CLAIM || action == Action.WRITE;
        if (pause && !statements) {
            throw new IllegalArgumentException("only a claim or a write can pause, not " + action.word());
        }
        if (statement < 0 || (statement > 0 && !statements)) {
            throw new IllegalArgumentException("only a claim or a write runs statement by statement, not " + action.word());
        }
    }

    /** A whole-phase step (or one that is no claim or write). */
    public Step(int session, Action action, boolean pause) {
        this(session, action, 0, pause);
    }

    public static Step of(int session, Action action) {
        return new Step(session, action, 0, false);
    }

    public String sessionName() {
        return "s" + session;
    }

    /** {@code s2claim}, {@code s2claim.2}. */
    public String name() {
        return sessionName() + action.word() + (statement > 0 ? "." + statement : "");
    }

    /** As written in a permutation: {@code s2claim(pause)}, {@code s2claim.2(pause)}. */
    public String token() {
        return name() + (pause ? "(pause)" : "");
    }

    @Override
    public String toString() {
        return token();
    }
}
