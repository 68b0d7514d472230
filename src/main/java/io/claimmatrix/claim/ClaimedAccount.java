package io.claimmatrix.claim;

/**
 * An account a claim statement returned.
 *
 * @param hasIncremental whether the claim saw an incremental import for it (update it) or not (insert one)
 */
public record ClaimedAccount(String id, boolean hasIncremental) {
}
