package io.claimmatrix.junit;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.ModelCatalogue;
import io.claimmatrix.model.QueueModel;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.VariantResult;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.testing.Results;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.claimmatrix.junit.ClaimResultAssert.assertThat;
import static io.claimmatrix.model.Statistics.FRESH;
import static io.claimmatrix.model.Statistics.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The assertions on made-up results (no database): which pass, which fail, and what a failure says. The search's
 * counterexample in a message is shown by ClaimMatrixExtensionTest, on a measured result.
 */
class ClaimResultAssertTest {

    static final QueueModel JOBS = ModelCatalogue.builtIn().get("jobs");
    static final String[] HASH_PLAN = {"Update on jobs", "  ->  Hash Semi Join", "        ->  Seq Scan on jobs"};
    static final String[] NESTED_LOOP_PLAN = {"Update on jobs", "  ->  Nested Loop Semi Join", "        ->  Seq Scan on jobs"};

    /** in-subquery: fresh SAFE, stale OVERCLAIM, no recorded expectation. */
    static ClaimResult overclaiming() {
        VariantResult fresh = Results.of("jobs.in-subquery").model("jobs").claims(100).batch(1).plan(FRESH, HASH_PLAN)
                .plan(STALE, NESTED_LOOP_PLAN).sql("update jobs set state = 'running'\nwhere id in (select ... limit 1 for update skip locked)")
                .reason("Measured under fresh statistics: every claimable item claimed exactly once.").build();
        VariantResult stale = Results.of("jobs.in-subquery").model("jobs").statistics(STALE).verdict(Verdict.OVERCLAIM).claims(100).batch(1)
                .sql("update jobs set state = 'running'\nwhere id in (select ... limit 1 for update skip locked)")
                .overclaims(2, 62).plan(FRESH, HASH_PLAN).plan(STALE, NESTED_LOOP_PLAN)
                .evidence("round 1: w1#1's claim statement returned 62 rows, its batch is 1, committed",
                        "round 1: w2#1's claim statement returned 37 rows, its batch is 1, committed")
                .reason("Measured under stale statistics: 2 claim statement(s) returned more rows than the batch of 1 (the largest 62).").build();
        return new ClaimResult(strategy("jobs.in-subquery"), JOBS, List.of(fresh, stale), Map.of());
    }

    static ClaimResult safeOnceForBoth() {
        VariantResult both = Results.of("jobs.cte").model("jobs").statistics(FRESH, STALE).claims(100).batch(1)
                .plan(FRESH, HASH_PLAN).plan(STALE, HASH_PLAN).expected(Verdict.SAFE, "measured 5 of 5")
                .reason("Measured: every claimable item claimed exactly once.").build();
        return new ClaimResult(strategy("jobs.cte"), JOBS, List.of(both), Map.of());
    }

    @Test
    void aResultNamesItsVerdictsByCondition() {
        assertThat(overclaiming().toString()).isEqualTo("jobs.in-subquery: SAFE (fresh), OVERCLAIM (stale)");
        assertThat(overclaiming().verdict()).isEqualTo(Verdict.OVERCLAIM);
        assertThat(safeOnceForBoth().toString()).isEqualTo("jobs.cte: SAFE (fresh, stale)");
        ClaimResult once = safeOnceForBoth();
        assertThat(once.under(STALE)).isSameAs(once.under(FRESH)).isSameAs(once.results().get(0));
    }

    @Test
    void anInvariantThatHoldsPassesAndOneThatBreaksFailsWithItsEvidenceAndPlan() {
        assertThat(overclaiming()).hasNoDuplicates().hasNoAborts().neverMissesAnItem().leavesNothingBehind().claimsOnlyClaimableItems();
        assertThat(overclaiming()).under(FRESH).neverClaimsMoreThanItsBatch().isSafe();

        assertThatThrownBy(() -> assertThat(overclaiming()).neverClaimsMoreThanItsBatch())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting jobs.in-subquery never to claim more than its batch (no claim statement returns more rows "
                        + "than its batch),\nbut under stale statistics the soak counted 2 claim statement(s) that returned more rows than the batch.\n")
                .hasMessageContaining("jobs.in-subquery [stale statistics]: OVERCLAIM (one claim statement returned more rows than its batch)")
                .hasMessageContaining("2 over-claims (batch 1, largest claim 62)")
                .hasMessageContaining("  evidence:\n    round 1: w1#1's claim statement returned 62 rows, its batch is 1, committed\n")
                .hasMessageContaining("  reason: Measured under stale statistics: 2 claim statement(s)")
                .hasMessageContaining("  plan under stale statistics (analysed near-empty with autovacuum off, then loaded):\n"
                        + "    Update on jobs\n      ->  Nested Loop Semi Join\n")
                .hasMessageNotContaining("Hash Semi Join") // the plan of the condition that broke it, not the other's
                .hasMessageContaining("claim statement:\n    update jobs set state = 'running'\n")
                .hasMessageEndingWith("Under fresh statistics it held (SAFE).\n");
    }

    @Test
    void verdictAssertionsSayWhatWasMeasuredAndWhatWasRecorded() {
        assertThat(overclaiming()).under(STALE).hasVerdict(Verdict.OVERCLAIM);
        assertThat(safeOnceForBoth()).isSafe().matchesItsExpectation().under(STALE).hasVerdict(Verdict.SAFE);

        assertThatThrownBy(() -> assertThat(overclaiming()).isSafe())
                .hasMessageStartingWith("Expecting jobs.in-subquery to be SAFE (every claimable item claimed exactly once, no aborts),\n"
                        + "but under stale statistics it was OVERCLAIM (one claim statement returned more rows than its batch).\n");
        assertThatThrownBy(() -> assertThat(overclaiming()).matchesItsExpectation())
                .hasMessageStartingWith("Expecting jobs.in-subquery to get the verdict it records,\n"
                        + "but under fresh statistics no verdict is recorded for it (expectation() returns null); it measured SAFE: record "
                        + "that, with how it was measured and why, once it holds;\n"
                        + "and under stale statistics no verdict is recorded for it (expectation() returns null); it measured OVERCLAIM:");
    }

    /** A race-decided expectation (the advisory-lock claims at READ COMMITTED): either verdict holds, a third does not. */
    @Test
    void aVerdictRecordedWithItsRaceAcceptsEitherOutcomeAndNothingElse() {
        for (Verdict measured : List.of(Verdict.INCOMPLETE, Verdict.DUPLICATES)) {
            ClaimResult raced = new ClaimResult(strategy("jobs.advisory-lock"), JOBS, List.of(Results.of("jobs.advisory-lock").model("jobs")
                    .verdict(measured).expected(Verdict.INCOMPLETE, "measured").orWhenRaced(Verdict.DUPLICATES).build()), Map.of());
            assertThat(raced).matchesItsExpectation();
        }
        ClaimResult aborted = new ClaimResult(strategy("jobs.advisory-lock"), JOBS, List.of(Results.of("jobs.advisory-lock").model("jobs")
                .verdict(Verdict.ABORTS).expected(Verdict.INCOMPLETE, "measured").orWhenRaced(Verdict.DUPLICATES).build()), Map.of());
        assertThatThrownBy(() -> assertThat(aborted).matchesItsExpectation())
                .hasMessageContaining("it was ABORTS, but its recorded expectation is INCOMPLETE (or DUPLICATES when raced) (measured)");
    }

    @Test
    void anInvariantWithNothingToHoldToFailsSayingWhatIsMissing() {
        assertThatThrownBy(() -> assertThat(overclaiming()).hasNoGroupDuplicates())
                .hasMessage("Expecting jobs.in-subquery never to claim two items of one group, but model jobs has no groups query to tell "
                        + "them: name one in @ClaimMatrix(groups = \"...\") (the key, then its group key)");
        ClaimResult unbounded = new ClaimResult(strategy("jobs.all"), JOBS, List.of(Results.of("jobs.all").model("jobs").batch(null).claims(100).build()), Map.of());
        assertThatThrownBy(() -> assertThat(unbounded).neverClaimsMoreThanItsBatch())
                .hasMessageStartingWith("Expecting jobs.all never to claim more than its batch, but it has none");
        ClaimResult rejected = new ClaimResult(strategy("jobs.bad"), JOBS, List.of(Results.of("jobs.bad").model("jobs").batch(1)
                .verdict(Verdict.REJECTED).reason("PostgreSQL refused it.").build()), Map.of());
        assertThatThrownBy(() -> assertThat(rejected).hasNoDuplicates())
                .hasMessageContaining("but under fresh statistics PostgreSQL refused its claim statement, so nothing was measured.");
        assertThatThrownBy(() -> assertThat(overclaiming()).describedAs("after the bulk load").under(Statistics.STALE).isSafe())
                .hasMessageStartingWith("[after the bulk load] Expecting jobs.in-subquery to be SAFE");
        assertThatThrownBy(() -> assertThat(unbounded).under(STALE))
                .hasMessageStartingWith("jobs.all was not measured under stale statistics (measured: fresh)");
    }

    @Test
    void anInstanceOfFactoryForGenericAssertions() {
        Object result = safeOnceForBoth();
        org.assertj.core.api.Assertions.assertThat(result).asInstanceOf(ClaimResultAssert.CLAIM_RESULT).isSafe();
    }

    private static ClaimStrategy<Record> strategy(String name) {
        return new ClaimStrategy<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "made up";
            }

            @Override
            public Isolation isolation() {
                return Isolation.READ_COMMITTED;
            }

            @Override
            public ResultQuery<Record> claimQuery(DSLContext dsl) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Expectation expectation() {
                return null;
            }
        };
    }
}
