package io.claimmatrix.search;

import io.claimmatrix.model.Statistics;

import java.util.List;
import java.util.Map;

/**
 * What the search found for one variant: for each invariant that applies to it, the shortest counterexample, or the
 * bound within which none exists.
 *
 * @param sessions     the most sessions an interleaving had (the bound k)
 * @param pauses       the most statements that took their snapshot early in one interleaving
 * @param statistics   the planner statistics the tables had
 * @param fixtures     the fixtures searched (the seed's shapes; a model's fixture.sql at a few items)
 * @param programs     each fixture's program: claim and write statements, as the strategy ran alone
 * @param invariants   the invariants that apply (GROUP_DUPLICATES with groups, OVERCLAIM with a bounded batch), in order
 * @param found        the shortest counterexample of each invariant that has one
 * @param explored     interleavings played
 * @param pruned       interleavings left out as equivalent to one played
 * @param millis       wall time
 * @param exhausted    false when a budget stopped the search before every interleaving within the bound was played
 * @param rejection    PostgreSQL's refusal of the claim statement (SQLSTATE: message), which every interleaving gets;
 *                     {@code null} when it runs
 * @param unreachable  an invariant its fixtures cannot break, and why (OVERCLAIM when no fixture holds more claimable
 *                     items than the batch), or {@code null}; said in {@link #bound()}
 */
public record SearchResult(String variant, int sessions, int pauses, Statistics statistics, List<String> fixtures,
                           Map<String, Program> programs, List<Invariant> invariants, Map<Invariant, Counterexample> found,
                           long explored, long pruned, long millis, boolean exhausted, String rejection, String unreachable) {

    public SearchResult {
        fixtures = List.copyOf(fixtures);
        programs = Map.copyOf(programs);
        invariants = List.copyOf(invariants);
        found = Map.copyOf(found);
    }

    /** {@code 2 sessions, up to 2 pauses, commit or rollback}: what "no counterexample" is bounded by. */
    public String bound() {
        return sessions + (sessions == 1 ? " session" : " sessions") + ", up to " + pauses + (pauses == 1 ? " pause" : " pauses")
                + ", each ending in commit or rollback, " + statistics.code + " statistics" + (unreachable == null ? "" : " (" + unreachable + ")");
    }

    /**
     * The sentence for an invariant with no counterexample: "no interleaving of 2 sessions violates it: 35 explored,
     * 36 pruned, 0.4 s" (and that a budget cut it short, if one did).
     */
    public String none() {
        return "no interleaving of " + sessions + (sessions == 1 ? " session" : " sessions") + " violates it: " + explored
                + " explored, " + pruned + " pruned, " + String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0)
                + (exhausted ? "" : " (stopped by the search budget before the bound was covered)");
    }
}
