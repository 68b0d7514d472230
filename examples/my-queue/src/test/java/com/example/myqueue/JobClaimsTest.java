package com.example.myqueue;

import io.claimmatrix.junit.ClaimMatrix;
import io.claimmatrix.junit.ClaimResult;
import io.claimmatrix.junit.ClaimTest;
import org.junit.jupiter.api.Tag;

import static io.claimmatrix.junit.ClaimResultAssert.assertThat;
import static io.claimmatrix.model.Statistics.FRESH;
import static io.claimmatrix.model.Statistics.STALE;
import static io.claimmatrix.run.Verdict.OVERCLAIM;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our two ways of claiming the next job, measured against our own schema under concurrency (8 workers, 3 rounds of 100
 * jobs) and under fresh and stale planner statistics, with the interleaving search beside each. Each {@code @ClaimTest}
 * runs once per strategy; the report lands in target/claim-matrix/JobClaimsTest.{md,json,html}.
 */
@ClaimMatrix(changelog = "db/changelog.yaml", fixture = "claim-matrix/ready-jobs.sql", claimable = "claim-matrix/claimable.sql",
        strategies = {UpdateWhereIdInClaim.class, UpdateFromCteClaim.class})
class JobClaimsTest {

    /** What both keep: no job to two workers, no worker idle while a job waits, none left behind, nothing rolled back. */
    @ClaimTest
    void neverHandsAJobToTwoWorkers(ClaimResult result) {
        assertThat(result).hasNoDuplicates().neverMissesAnItem().leavesNothingBehind().hasNoAborts();
    }

    /** Each held to the verdicts measured and recorded beside its code (with how and why). */
    @ClaimTest
    void getsTheVerdictsItRecords(ClaimResult result) {
        assertThat(result).matchesItsExpectation();
    }

    @ClaimTest(UpdateFromCteClaim.class)
    void theCteClaimTakesOneJobWhateverThePlan(ClaimResult result) {
        assertThat(result).isSafe().neverClaimsMoreThanItsBatch();
    }

    @ClaimTest(UpdateWhereIdInClaim.class)
    void theInSubqueryClaimTakesTheWholeQueueOnceStatisticsAreStale(ClaimResult result) {
        assertThat(result).under(FRESH).isSafe();
        assertThat(result).under(STALE).hasVerdict(OVERCLAIM);
        // What a test that expects it to keep its batch is told (the demo below shows it in full):
        assertThatThrownBy(() -> assertThat(result).neverClaimsMoreThanItsBatch())
                .hasMessageStartingWith("Expecting update-where-id-in never to claim more than its batch")
                .hasMessageContaining("its batch is 1, committed")                       // the soak's evidence
                .hasMessageContaining("Nested Loop Semi Join")                            // the plan that does it
                .hasMessageContaining("starting permutation: s1begin s1claim s1commit");   // the search's counterexample
    }

    /** The demonstration: expects every strategy to be SAFE, so update-where-id-in fails. Run it with -Pdemo. */
    @Tag("demo")
    @ClaimTest
    void everyClaimIsSafe(ClaimResult result) {
        assertThat(result).isSafe();
    }
}
