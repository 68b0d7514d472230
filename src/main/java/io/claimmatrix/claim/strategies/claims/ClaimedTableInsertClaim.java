package io.claimmatrix.claim.strategies.claims;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

import java.util.List;

import static io.claimmatrix.claim.strategies.claims.ClaimsSql.WORKER;
import static io.claimmatrix.claim.strategies.claims.ClaimsSql.head;
import static io.claimmatrix.schema.jooq.claims.Tables.CLAIMED_JOBS;
import static io.claimmatrix.schema.jooq.claims.Tables.JOBS;

/**
 * Moving a job to a claimed table with nothing locked: {@code SELECT j.id FROM jobs j WHERE NOT EXISTS (<in
 * claimed_jobs>) ORDER BY j.id LIMIT 1}, then {@code INSERT INTO claimed_jobs (job_id, claimed_by)} and {@code DELETE
 * FROM jobs WHERE id = ...}. It mirrors the ready/claimed split of Rails' Solid Queue (a claim inserts the job into a
 * claimed-executions table keyed by the job and deletes it from the ready table) with the row lock left out, as when
 * the database or the configuration has no SKIP LOCKED: the claimed table's key is then all that settles a race.
 *
 * <p>Locks: no row in the SELECT; the INSERT takes the key's index entry. Every claim that starts before the head job's
 * claim commits picks the same head job; its INSERT waits for the first claim's end and then fails with 23505 under
 * READ COMMITTED and REPEATABLE READ (40001 under SERIALIZABLE, which reports a unique violation against a row its
 * snapshot cannot see as a serialization failure). No duplicate, but several aborts per claim: the workers queue up
 * on the head job. The same under both statistics conditions.
 */
public final class ClaimedTableInsertClaim extends ClaimShape<Record1<Long>> {

    public ClaimedTableInsertClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "claims.insert-claimed";
    }

    @Override
    public String model() {
        return "claims";
    }

    @Override
    public String description() {
        return "A claimed-table move with no row lock (Solid Queue's ready/claimed split without SKIP LOCKED): pick "
                + "the head job, INSERT it into claimed_jobs (keyed by the job), DELETE it from jobs; every loser fails "
                + "on the key.";
    }

    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        return head(dsl);
    }

    @Override
    public void write(DSLContext dsl, List<Record1<Long>> claimed) {
        for (Record1<Long> job : claimed) {
            // The claimed table's key: a second claim of the job waits for the first and fails once it commits.
            dsl.insertInto(CLAIMED_JOBS, CLAIMED_JOBS.JOB_ID, CLAIMED_JOBS.CLAIMED_BY).values(DSL.val(job.value1()), WORKER).execute();
            dsl.deleteFrom(JOBS).where(JOBS.ID.eq(job.value1())).execute();
        }
    }

    /** The same under fresh and stale statistics (measured under both). */
    @Override
    public Expectation expectation() {
        String how = " Measured with 'matrix --variants claims.insert-claimed.* --rounds 3' (8 workers, 100 jobs), 5 "
                + "runs under each statistics condition:";
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.ABORTS, "Claims that read the same head job wait on the "
                    + "first one's claimed_jobs key and fail with 23505 when it commits." + how
                    + " ABORTS in 10 of 10, 760 to 1106 aborts (all 23505) for 300 claims, no duplicate.");
            case REPEATABLE_READ -> new Expectation(Verdict.ABORTS, "As READ COMMITTED: the second INSERT of a job's "
                    + "key fails with 23505." + how + " ABORTS in 10 of 10, 871 to 1198 aborts (all 23505), no duplicate.");
            case SERIALIZABLE -> new Expectation(Verdict.ABORTS, "The second INSERT of a job's key fails with 40001 "
                    + "(a unique violation against a row the snapshot cannot see), as do SSI's read/write cycles on "
                    + "claimed_jobs." + how + " ABORTS in 10 of 10, 794 to 1296 aborts (all 40001), no duplicate.");
        };
    }
}
