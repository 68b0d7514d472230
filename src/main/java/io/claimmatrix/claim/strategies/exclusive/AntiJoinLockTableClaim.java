package io.claimmatrix.claim.strategies.exclusive;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.jooq.exclusive.tables.JobLocks;
import io.claimmatrix.schema.jooq.exclusive.tables.Jobs;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

import java.util.List;

import static io.claimmatrix.schema.jooq.exclusive.Tables.JOBS;
import static io.claimmatrix.schema.jooq.exclusive.Tables.JOB_LOCKS;

/**
 * A per-key mutex kept in a table without a key: {@code SELECT j.id, j.lock_key FROM jobs j WHERE j.state = 'ready'
 * AND NOT EXISTS (SELECT 1 FROM job_locks l WHERE l.lock_key = j.lock_key) ORDER BY j.id LIMIT 1 FOR UPDATE OF j SKIP
 * LOCKED}, then {@code INSERT INTO job_locks (lock_key)} and {@code UPDATE jobs SET state = 'doing'}. The "Any queue"
 * issue's input 3 (two jobs of one exclusive group running at once); procrastinate's issue 103, "Locks have a race
 * condition", reported the same class of race (two jobs sharing a lock fetched by two concurrent calls).
 *
 * <p>Locks: the job only. The anti-join reads job_locks in the claim's snapshot, which cannot see a lock row another
 * claim has inserted and not yet committed (nor, under REPEATABLE READ, one committed after the snapshot); and with
 * no key on job_locks nothing makes the second INSERT of a key fail. So two claims take two jobs of one key and both
 * commit, under READ COMMITTED and REPEATABLE READ alike. SERIALIZABLE catches it: each claim read job_locks (a scan
 * of the whole table, so a predicate lock on all of it) and then wrote to it, a read/write cycle that fails one of
 * them with 40001. The same under both statistics conditions.
 */
public final class AntiJoinLockTableClaim extends ClaimShape<Record2<Long, String>> {

    private static final Jobs J = JOBS.as("j");
    private static final JobLocks L = JOB_LOCKS.as("l");

    public AntiJoinLockTableClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "exclusive.anti-join-lock-table";
    }

    @Override
    public String model() {
        return "exclusive";
    }

    @Override
    public String description() {
        return "A per-key mutex table without a key (the 'Any queue' issue's input 3): anti-join job_locks, lock the "
                + "job, insert its key; the anti-join cannot see another claim's uncommitted lock row, so below "
                + "SERIALIZABLE two jobs of one key run at once.";
    }

    @Override
    public ResultQuery<Record2<Long, String>> claimQuery(DSLContext dsl) {
        return dsl.select(J.ID, J.LOCK_KEY).from(J)
                .where(J.STATE.eq("ready"))
                .andNotExists(dsl.selectOne().from(L).where(L.LOCK_KEY.eq(J.LOCK_KEY)))
                .orderBy(J.ID).limit(DSL.inline(1))
                .forUpdate().of(J).skipLocked();
    }

    @Override
    public void write(DSLContext dsl, List<Record2<Long, String>> claimed) {
        for (Record2<Long, String> job : claimed) {
            // No key on job_locks: nothing here can fail because another claim took the same key.
            dsl.insertInto(JOB_LOCKS, JOB_LOCKS.LOCK_KEY).values(job.value2()).execute();
            dsl.update(JOBS).set(JOBS.STATE, "doing").where(JOBS.ID.eq(job.value1())).execute();
        }
    }

    /** The same under fresh and stale statistics (measured under both). */
    @Override
    public Expectation expectation() {
        String how = " Measured with 'matrix --variants exclusive.anti-join-lock-table.* --rounds 3' (8 workers, 100 jobs "
                + "in 20 keys), 5 runs under each statistics condition:";
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.GROUP_DUPLICATES, "The anti-join cannot see a lock row "
                    + "another claim has not committed, and without a key the second INSERT of the key succeeds." + how
                    + " GROUP_DUPLICATES in 10 of 10, 49 to 59 keys (of 60 key-rounds) with two or more jobs claimed, no aborts.");
            case REPEATABLE_READ -> new Expectation(Verdict.GROUP_DUPLICATES, "As READ COMMITTED: the second claim "
                    + "updates a different job and inserts into an unkeyed table, so nothing conflicts; a few claims fail "
                    + "with 40001 locking a job taken after their snapshot." + how
                    + " GROUP_DUPLICATES in 10 of 10, 49 to 59 keys with two or more jobs claimed, 1 to 13 aborts (40001).");
            case SERIALIZABLE -> new Expectation(Verdict.ABORTS, "SSI sees each claim read job_locks and then write to "
                    + "it: the overlapping claim fails with 40001 instead of committing a second job of the key." + how
                    + " ABORTS in 10 of 10, 145 to 244 aborts (40001), one job per key claimed.");
        };
    }
}
