package io.claimmatrix.search;

/**
 * What one session does in a searched interleaving: its claim statements, then its write statements, then its end.
 * Measured by running the strategy alone once ({@link InterleavingSearch}); every session of a search runs the same
 * program (the same strategy on the same rows), ending in commit or, as the alternative, rollback.
 *
 * @param claimStatements how many statements the claim runs (a head read and a lock by key: 2; a re-check: 2)
 * @param writeStatements how many statements the write runs (0 when the claim statement writes itself)
 */
public record Program(int claimStatements, int writeStatements) {

    public Program {
        if (claimStatements < 1) {
            throw new IllegalArgumentException("a claim runs at least one statement, got " + claimStatements);
        }
        if (writeStatements < 0) {
            throw new IllegalArgumentException("statements cannot be negative, got " + writeStatements);
        }
    }

    /** Claim and write statements together: the session's events before its end. */
    public int statements() {
        return claimStatements + writeStatements;
    }
}
