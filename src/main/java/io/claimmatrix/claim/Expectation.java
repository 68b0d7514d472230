package io.claimmatrix.claim;

import io.claimmatrix.run.Verdict;

/**
 * The verdict a strategy was measured to get, and why: the tests hold every run to it, so a PostgreSQL
 * release (or a harness change) that changes behaviour shows up as a failing, named variant.
 *
 * @param verdict the measured verdict, or {@code null} when none is recorded (reported, not checked)
 * @param why     how it was measured and the mechanism behind it
 */
public record Expectation(Verdict verdict, String why) {
}
