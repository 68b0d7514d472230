package io.claimmatrix.schedule;

/**
 * One step of a schedule: session {@code s<session>} does {@code action}. Named like an isolation-tester step,
 * {@code s2claim}; a claim that pauses at the gate after taking its snapshot is written {@code s2claim(pause)}.
 *
 * @param session 1 for s1, 2 for s2, ...
 * @param pause   only for CLAIM: the scheduler holds the session's gate, so the claim statement takes its snapshot
 *                and then waits before it reads (and so before it locks) any accounts row, until {@code s<n>resume}
 */
public record Step(int session, Action action, boolean pause) {

    public Step {
        if (session < 1) {
            throw new IllegalArgumentException("sessions are numbered from 1, got " + session);
        }
        if (pause && action != Action.CLAIM) {
            throw new IllegalArgumentException("only a claim can pause, not " + action.word());
        }
    }

    public static Step of(int session, Action action) {
        return new Step(session, action, false);
    }

    public String sessionName() {
        return "s" + session;
    }

    /** {@code s2claim}. */
    public String name() {
        return sessionName() + action.word();
    }

    /** As written in a permutation: {@code s2claim(pause)}. */
    public String token() {
        return name() + (pause ? "(pause)" : "");
    }

    @Override
    public String toString() {
        return token();
    }
}
