/**
 * Claim strategies built to misbehave (block, sleep, deadlock, stall), for the reliability tests only. They live
 * outside {@code io.claimmatrix} so that the catalogue (and so the matrix test) never runs them; tests construct
 * them directly.
 */
package testvariants;
