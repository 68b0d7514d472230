package io.claimmatrix.claim;

import io.claimmatrix.run.Verdict;

/**
 * The verdict a strategy was measured to get, and why: the tests hold every run to it, so a PostgreSQL
 * release (or a harness change) that changes behaviour shows up as a failing, named variant.
 *
 * @param verdict    the measured verdict, or {@code null} when none is recorded (reported, not checked)
 * @param why        how it was measured and the mechanism behind it
 * @param orWhenRaced the verdict a run gets instead when it hits a race the soak seldom reaches (measured, and reached
 *                   by the interleaving search every time), or {@code null}: the tests accept either, nothing else
 */
public record Expectation(Verdict verdict, String why, Verdict orWhenRaced) {

    /** A verdict every run gets. */
    public Expectation(Verdict verdict, String why) {
        this(verdict, why, null);
    }

    /** Whether a run's verdict is the recorded one, or the one a hit race gives. */
    public boolean accepts(Verdict measured) {
        return measured == verdict || orWhenRaced != null && measured == orWhenRaced;
    }
}
