package io.claimmatrix.claim.strategies.claims_unkeyed;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.jooq.claims_unkeyed.tables.ClaimedJobs;
import io.claimmatrix.schema.jooq.claims_unkeyed.tables.Jobs;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.util.List;

import static io.claimmatrix.schema.jooq.claims_unkeyed.Tables.CLAIMED_JOBS;
import static io.claimmatrix.schema.jooq.claims_unkeyed.Tables.JOBS;

/**
 * The claims model's move without the claimed table's key: {@code SELECT j.id FROM jobs j WHERE NOT EXISTS (<in
 * claimed_jobs>) ORDER BY j.id LIMIT 1} (no locking clause), then {@code INSERT INTO claimed_jobs} and {@code DELETE
 * FROM jobs WHERE id = ...}. Rails' Solid Queue's ready/claimed split with both its row lock and its claimed table's
 * unique key left out.
 *
 * <p>Locks: nothing until the DELETE, which locks the job row. Every claim that starts before the head job's claim
 * commits picks the same head job and inserts its claimed_jobs row (nothing refuses it); their DELETEs queue on the
 * job row, and under READ COMMITTED each one after the first finds the row deleted when the lock is granted and deletes
 * nothing, without an error: all of them commit the same job. Under REPEATABLE READ the DELETE of a row deleted after
 * the snapshot fails with 40001 (concurrent delete), and SERIALIZABLE fails the same race with 40001: aborts, no
 * duplicate. The same under both statistics conditions.
 */
public final class ClaimedTableInsertClaim extends ClaimShape<Record1<Long>> {

    private static final Jobs J = JOBS.as("j");
    private static final ClaimedJobs C = CLAIMED_JOBS.as("c");
    /** Which session claimed the job: its backend pid. */
    private static final Field<String> WORKER = DSL.field("'pid ' || pg_backend_pid()", SQLDataType.VARCHAR);

    public ClaimedTableInsertClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "claims_unkeyed.insert-claimed";
    }

    @Override
    public String model() {
        return "claims_unkeyed";
    }

    @Override
    public String description() {
        return "A claimed-table move with no row lock and no key on claimed_jobs (Solid Queue's ready/claimed split "
                + "without SKIP LOCKED or its unique key): claims that read the same head job all insert it, and under READ "
                + "COMMITTED all commit.";
    }

    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        return dsl.select(J.ID).from(J)
                .whereNotExists(dsl.selectOne().from(C).where(C.JOB_ID.eq(J.ID)))
                .orderBy(J.ID).limit(DSL.inline(1));
    }

    @Override
    public void write(DSLContext dsl, List<Record1<Long>> claimed) {
        for (Record1<Long> job : claimed) {
            // No key on claimed_jobs: a second claim of the job inserts its row too.
            dsl.insertInto(CLAIMED_JOBS, CLAIMED_JOBS.JOB_ID, CLAIMED_JOBS.CLAIMED_BY).values(DSL.val(job.value1()), WORKER).execute();
            // Its count is not checked: under READ COMMITTED the loser deletes nothing and carries on.
            dsl.deleteFrom(JOBS).where(JOBS.ID.eq(job.value1())).execute();
        }
    }

    /** The same under fresh and stale statistics (measured under both). */
    @Override
    public Expectation expectation() {
        String how = " Measured with 'matrix --variants claims_unkeyed.insert-claimed.* --rounds 3' (8 workers, 100 "
                + "jobs), 5 runs under each statistics condition:";
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.DUPLICATES, "Claims that read the same head job all insert "
                    + "it; their DELETEs wait for the first, then find the row gone and delete nothing without an error, "
                    + "and all commit." + how + " DUPLICATES in 10 of 10, 226 to 290 of 300 jobs claimed more than once.");
            case REPEATABLE_READ -> new Expectation(Verdict.ABORTS, "The DELETE of a job another claim deleted after "
                    + "the snapshot fails with 40001 (concurrent delete)." + how
                    + " ABORTS in 10 of 10, 441 to 1058 aborts (all 40001), no duplicate.");
            case SERIALIZABLE -> new Expectation(Verdict.ABORTS, "The same race fails with 40001 (concurrent delete, "
                    + "or SSI's read/write cycles at the first write)." + how
                    + " ABORTS in 10 of 10, 479 to 1240 aborts (all 40001), no duplicate.");
        };
    }
}
