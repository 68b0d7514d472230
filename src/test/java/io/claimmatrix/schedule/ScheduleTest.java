package io.claimmatrix.schedule;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.ModelFixture;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.search.Counterexample;
import io.claimmatrix.search.InterleavingSearch;
import io.claimmatrix.search.Invariant;
import io.claimmatrix.search.SearchResult;
import io.claimmatrix.search.SearchText;
import io.claimmatrix.search.SearchVerdict;
import io.claimmatrix.run.Verdict;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every variant in the interleaving search ({@link InterleavingSearch}, k = {@value #SEARCH_SESSIONS} sessions, up
 * to {@value #SEARCH_PAUSES} pauses), under each statistics condition its model is measured under, held to the verdict
 * the soak measured: a DUPLICATES variant has a counterexample (the seed's is stale-snapshot or shorter, and replays
 * {@value #REPRODUCTIONS} of {@value #REPRODUCTIONS} times); a SAFE variant has none for any invariant; every other
 * verdict is the one the search implies ({@link SearchVerdict}), or a disagreement listed in {@link #KNOWN_DISAGREEMENTS}
 * with its cause (docs/interleavings.md explains each).

 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleTest {

    static final int REPRODUCTIONS = NamedSchedulesTest.REPRODUCTIONS;
    static final int SEARCH_SESSIONS = 2;
    static final int SEARCH_PAUSES = 2;
    static final InterleavingSearch.Bound BOUND = InterleavingSearch.Bound.DEFAULT.withSessions(SEARCH_SESSIONS).withPauses(SEARCH_PAUSES);

    /**
     * Where the search, within its bound, implies another verdict than the soak measured, and why (docs/interleavings.md,
     * "The search beside the soak"): {@code variant [condition]} to the cause.
     */
    static final java.util.Map<String, KnownDisagreement> KNOWN_DISAGREEMENTS = java.util.Map.of(
            "jobs.advisory-lock.rc [fresh]", new KnownDisagreement(Verdict.DUPLICATES, "a claim whose snapshot predates "
                    + "another worker's commit takes the advisory lock that commit released and returns the job again "
                    + "(s2's claim paused at the gate across s1's commit); the soak's first claim of a round locks every "
                    + "id, so two claims seldom run side by side and it measures the silent misses instead"),
            "jobs.advisory-lock.rc [stale]", new KnownDisagreement(Verdict.DUPLICATES, "the same plan and stale snapshot "
                    + "as under fresh statistics (the soak ran it once for both)"),
            "jobs.advisory-lock-index-order.rc [stale]", new KnownDisagreement(Verdict.DUPLICATES, "the same stale "
                    + "snapshot as jobs.advisory-lock.rc: under stale statistics the plan is its Seq Scan and Sort"),
            "jobs.advisory-lock-index-order.ser [fresh]", new KnownDisagreement(Verdict.INCOMPLETE, "the search's fixture "
                    + "has 10 jobs, on which fresh statistics plan a Sort over a Seq Scan that tries the advisory lock on "
                    + "every ready job (the soak's 100 jobs plan an Index Scan that stops at the first): s1's claim locks "
                    + "them all and s2's finds nothing"));

    /** A verdict the search implies that differs from the soak's, measured, and why. */
    record KnownDisagreement(Verdict searchImplies, String cause) {
    }

    @RegisterExtension
    static final ModelRunners RUNNERS = new ModelRunners();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.claimmatrix.schedule.ModelRunners#variants")
    void theSearchAgreesWithTheSoak(ClaimStrategy<?> variant) throws Exception {
        ScheduleRunner runner = RUNNERS.forModelOf(variant);
        for (Statistics c : ModelCatalogue.builtIn().get(variant.model()).defaultStatistics()) {
            Expectation e = variant.expectation(c);
            if (e == null || e.verdict() == null) {
                continue; // nothing measured to hold the search to
            }
            SearchResult r = InterleavingSearch.search(runner, variant, BOUND, c);
            String key = variant.name() + " [" + c.code + "]";
            System.out.println(key + " (soak: " + e.verdict() + "): search implies " + SearchVerdict.implied(r) + ", " + r.explored()
                    + " explored, " + r.pruned() + " pruned, " + r.millis() + " ms");
            assertThat(r.exhausted()).as("%s: the search covered its bound%n%s", key, SearchText.render(r)).isTrue();
            if (variant.name().endsWith(".limit10")) {
                // The seed's search fixtures hold at most 2 claimable accounts: a batch of 10 cannot over-claim on them,
                // so the search does not say OVERCLAIM holds, and its bound says why.
                assertThat(r.invariants()).as(key).doesNotContain(Invariant.OVERCLAIM);
                assertThat(r.bound()).as(key).contains("(not OVERCLAIM: at most 2 item(s) claimable at the start, no more than the batch of 10)");
            } else if (io.claimmatrix.run.Harness.batchOf(variant) != null) {
                assertThat(r.invariants()).as("%s: its fixtures hold more items than its batch%n%s", key, SearchText.render(r))
                        .contains(Invariant.OVERCLAIM);
            }
            switch (e.verdict()) {
                case DUPLICATES -> {
                    assertThat(r.found()).as("%s: the soak measured DUPLICATES (%s), so some interleaving of %d sessions must "
                            + "commit one%n%s", key, e.why(), SEARCH_SESSIONS, SearchText.render(r)).containsKey(Invariant.DUPLICATES);
                    Counterexample d = r.found().get(Invariant.DUPLICATES);
                    if (variant.model().equals(QueueModel.SEED)) {
                        assertThat(d.steps()).as("%s: no longer than stale-snapshot%n%s", key, SearchText.render(r))
                                .isLessThanOrEqualTo(Schedules.STALE_SNAPSHOT.steps().size());
                        ModelFixture fixture = runner.fixtures(variant).stream().filter(f -> f.name().equals(d.result().fixture()))
                                .findFirst().orElseThrow();
                        Schedule replay = Schedule.parse("replay", "", d.permutation());
                        // The seed's own variant replays its counterexample REPRODUCTIONS times (20 of 20); the other
                        // composed variants once, which shows it is a schedule and not a race the search won.
                        int replays = variant.aliases().contains("seed") ? REPRODUCTIONS : 1;
                        for (int i = 0; i < replays; i++) {
                            assertThat(runner.run(variant, replay, fixture).outcome()).as("%s: replay %d of '%s'", key, i + 1, d.permutation())
                                    .isEqualTo(Outcome.DUPLICATE);
                        }
                    }
                }
                case SAFE -> assertThat(r.found()).as("%s: the soak measured SAFE (%s), but an interleaving breaks an invariant:%n%s",
                        key, e.why(), SearchText.render(r)).isEmpty();
                default -> {
                    SearchVerdict v = SearchVerdict.compare(r, e.verdict());
                    KnownDisagreement known = KNOWN_DISAGREEMENTS.get(key);
                    if (known == null) {
                        assertThat(v.agrees()).as("%s: %s%n%s", key, v.why(), SearchText.render(r)).isTrue();
                    } else {
                        // a listed disagreement must still be the one listed: a change in either side is news
                        assertThat(SearchVerdict.implied(r)).as("%s: listed as %s (%s)%n%s", key, known.searchImplies(),
                                known.cause(), SearchText.render(r)).isEqualTo(known.searchImplies());
                    }
                }
            }
        }
    }
}
