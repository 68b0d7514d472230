package io.claimmatrix.claim.strategies.exclusive_keyed;

import io.claimmatrix.schema.jooq.exclusive_keyed.tables.JobLocks;
import io.claimmatrix.schema.jooq.exclusive_keyed.tables.Jobs;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.SelectForUpdateWaitStep;
import org.jooq.impl.DSL;

import static io.claimmatrix.schema.jooq.exclusive_keyed.Tables.JOBS;
import static io.claimmatrix.schema.jooq.exclusive_keyed.Tables.JOB_LOCKS;

/** What the exclusive_keyed model's claims share: the pick of a ready job whose lock key is not in job_locks. */
final class ExclusiveKeyedSql {

    static final Jobs J = JOBS.as("j");
    static final JobLocks L = JOB_LOCKS.as("l");

    private ExclusiveKeyedSql() {
    }

    /**
     * {@code SELECT j.id, j.lock_key FROM jobs j WHERE j.state = 'ready' AND NOT EXISTS (<its key in job_locks>)
     * ORDER BY j.id LIMIT 1 FOR UPDATE OF j SKIP LOCKED}: the anti-join reads job_locks in the statement's snapshot.
     */
    static SelectForUpdateWaitStep<Record2<Long, String>> pick(DSLContext dsl) {
        return dsl.select(J.ID, J.LOCK_KEY).from(J)
                .where(J.STATE.eq("ready"))
                .andNotExists(dsl.selectOne().from(L).where(L.LOCK_KEY.eq(J.LOCK_KEY)))
                .orderBy(J.ID).limit(DSL.inline(1))
                .forUpdate().of(J);
    }
}
