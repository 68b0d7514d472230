package io.claimmatrix.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interleaving search's outcome for one result, beside the soak's verdict (what every report prints). Plain data:
 * the search itself lives in {@code io.claimmatrix.search}.
 *
 * @param bound        what "none found" is bounded by, e.g. {@code 2 sessions, up to 2 pauses, ...}
 * @param implied      the verdict the search's counterexamples imply (the first broken invariant in the oracle's order)
 * @param agrees       whether that is the soak's verdict (a soak that timed out agrees with anything)
 * @param why          when they disagree: which side saw what, and what can explain it; {@code null} otherwise
 * @param broken       each broken invariant and the permutation of its shortest counterexample (replay it with
 *                     {@code explain -s}); the invariants not listed hold within the bound
 * @param evidence     each broken invariant's evidence, in one phrase
 * @param holds        the invariants checked that no interleaving broke
 * @param explored     interleavings played
 * @param pruned       interleavings left out as equivalent
 * @param millis       wall time
 * @param exhausted    false when a budget stopped the search before the bound was covered
 */
public record SearchOutcome(String bound, Verdict implied, boolean agrees, String why, Map<String, String> broken,
                            Map<String, String> evidence, List<String> holds, long explored, long pruned, long millis,
                            boolean exhausted) {

    public SearchOutcome {
        // Insertion order is the oracle's order: the first broken invariant is the one the verdict names.
        broken = Collections.unmodifiableMap(new LinkedHashMap<>(broken));
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        holds = List.copyOf(holds);
    }

    /** One line: {@code DUPLICATES in 9 steps (s1begin ...)}, or {@code SAFE: no interleaving ... (N explored, ...)}. */
    public String summary() {
        String counts = explored + " explored, " + pruned + " pruned, " + String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0)
                + (exhausted ? "" : ", cut short by the search budget");
        if (broken.isEmpty()) {
            return "no interleaving of " + bound + " breaks an invariant (" + counts + ")";
        }
        return String.join("; ", broken.keySet()) + " within " + bound + " (" + counts + ")";
    }
}
