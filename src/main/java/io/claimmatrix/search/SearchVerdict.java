package io.claimmatrix.search;

import io.claimmatrix.run.Verdict;

/**
 * A search set beside a soak verdict: the verdict the search's counterexamples imply (the first broken invariant in
 * the oracle's precedence, or SAFE), and whether the two agree; when they do not, why that can be.
 *
 * @param implied    REJECTED, DUPLICATES, GROUP_DUPLICATES, OVERCLAIM, INCOMPLETE (a miss or a lost item), ABORTS or SAFE
 * @param agrees     whether it is the soak's verdict (a soak that timed out agrees with anything: it measured no verdict)
 * @param why        when they disagree: which side saw what, and what can explain it; {@code null} when they agree
 */
public record SearchVerdict(Verdict implied, boolean agrees, String why) {

    /** The verdict the search implies. */
    public static Verdict implied(SearchResult r) {
        if (r.rejection() != null) {
            return Verdict.REJECTED;
        }
        for (Invariant i : Invariant.values()) {
            if (r.found().containsKey(i)) {
                return i.verdict();
            }
        }
        return Verdict.SAFE;
    }

    /** The search beside the soak's verdict. */
    public static SearchVerdict compare(SearchResult r, Verdict soak) {
        Verdict implied = implied(r);
        if (soak == null || soak == Verdict.TIMEOUT || soak == implied) {
            return new SearchVerdict(implied, true, null);
        }
        String why;
        if (implied.ordinal() < soak.ordinal()) {
            Invariant first = r.invariants().stream().filter(r.found()::containsKey).findFirst().orElse(null);
            why = "the search found " + implied + " (" + (first == null ? r.rejection() : first.name() + ": "
                    + r.found().get(first).evidence()) + ") that the soak's rounds did not hit: the interleaving it needs is rare "
                    + "under real concurrency, or the search's small fixture makes it reachable; replay it with explain -s";
        } else {
            why = "the soak measured " + soak + " but no interleaving of " + r.sessions() + " sessions with up to " + r.pauses()
                    + " pauses shows it on the search's small fixture (" + r.none() + "): it needs more sessions, pauses or "
                    + "rows than the bound, or the soak's plan (its fixture is larger) differs from the search's";
        }
        return new SearchVerdict(implied, false, why);
    }
}
