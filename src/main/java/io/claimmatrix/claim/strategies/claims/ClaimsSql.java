package io.claimmatrix.claim.strategies.claims;

import io.claimmatrix.schema.jooq.claims.tables.ClaimedJobs;
import io.claimmatrix.schema.jooq.claims.tables.Jobs;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SelectLimitPercentStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static io.claimmatrix.schema.jooq.claims.Tables.CLAIMED_JOBS;
import static io.claimmatrix.schema.jooq.claims.Tables.JOBS;

/** What the claims model's claims share: the head ready job, read without a lock, and the claim's owner. */
final class ClaimsSql {

    static final Jobs J = JOBS.as("j");
    static final ClaimedJobs C = CLAIMED_JOBS.as("c");
    /** Which session claimed the job: its backend pid. */
    static final Field<String> WORKER = DSL.field("'pid ' || pg_backend_pid()", SQLDataType.VARCHAR);

    private ClaimsSql() {
    }

    /** {@code SELECT j.id FROM jobs j WHERE NOT EXISTS (<in claimed_jobs>) ORDER BY j.id LIMIT 1}: no locking clause. */
    static SelectLimitPercentStep<Record1<Long>> head(DSLContext dsl) {
        return dsl.select(J.ID).from(J)
                .whereNotExists(dsl.selectOne().from(C).where(C.JOB_ID.eq(J.ID)))
                .orderBy(J.ID).limit(DSL.inline(1));
    }
}
