package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What decides how a run is scheduled, read without a database. */
class MatrixRunnerTest {

    /** The claims that take advisory locks are the ones kept apart from the search (their keys are per database). */
    @Test
    void theAdvisoryLockClaimsAreTheOnesRunWithoutTheSearchBeside() {
        List<String> advisory = StrategyCatalogue.discover().all().stream().filter(MatrixRunner::takesAdvisoryLocks)
                .map(ClaimStrategy::name).toList();
        assertThat(advisory).isNotEmpty().allMatch(n -> n.startsWith("jobs.advisory-lock"))
                .contains("jobs.advisory-lock.rc", "jobs.advisory-lock-index-order.rc");
    }
}
