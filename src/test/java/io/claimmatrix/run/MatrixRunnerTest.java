package io.claimmatrix.run;

import io.claimmatrix.claim.ClaimStrategy;
import io.claimmatrix.claim.StrategyCatalogue;
import io.claimmatrix.claim.sql.SqlStrategyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
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

    /** A .sql claim that takes its advisory lock in a later statement (lock the head's id, then mark it) is seen too. */
    @Test
    void anAdvisoryLockInALaterStatementOfASqlFileIsSeen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("later-lock.sql");
        Files.writeString(file, """
                -- model: jobs
                -- isolation: rc
                -- claim
                SELECT id FROM jobs WHERE state = 'ready' ORDER BY id LIMIT 1;
                SELECT id FROM jobs WHERE id = ANY(:keys::bigint[]) AND pg_try_advisory_xact_lock(id);
                -- write
                UPDATE jobs SET state = 'running' WHERE id = ANY(:keys::bigint[]);
                """);
        assertThat(MatrixRunner.takesAdvisoryLocks(SqlStrategyFile.read(file))).isTrue();
    }
}
