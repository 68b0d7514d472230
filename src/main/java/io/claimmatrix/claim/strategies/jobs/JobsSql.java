package io.claimmatrix.claim.strategies.jobs;

import io.claimmatrix.schema.jooq.jobs.tables.Jobs;
import io.claimmatrix.schema.jooq.jobs.tables.records.JobsRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SelectLimitPercentStep;
import org.jooq.UpdateSetFirstStep;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;

import static io.claimmatrix.schema.jooq.jobs.Tables.JOBS;

/** What the jobs model's claims share: the table, "ready and due", the head of the queue, and the claim's own mark. */
final class JobsSql {

    /** The locking subquery's view of the table, aliased apart from the UPDATE's target. */
    static final Jobs HEAD = JOBS.as("head");

    /** Evaluated by the server, once per statement. */
    static final Field<OffsetDateTime> NOW = DSL.field("now()", SQLDataType.TIMESTAMPWITHTIMEZONE(6));
    /** Which session claimed the job: its backend pid, so a duplicate shows two owners. */
    static final Field<String> WORKER = DSL.field("'pid ' || pg_backend_pid()", SQLDataType.VARCHAR);

    /** How the jobs model's expectations were measured. */
    static final String MEASURED = "Measured with claim-matrix matrix --variants 'jobs.*' (8 workers, 3 rounds, 100 jobs, "
            + "both statistics conditions) on embedded PostgreSQL 17.7, 2 cores, 6 runs";

    /** The same, with the 8 further runs of the repeatable read variants alone (their aborts are few, so counted longer). */
    static final String MEASURED_RR = MEASURED + " and 8 more runs of the repeatable read variants";

    private JobsSql() {
    }

    /** Claimable: ready and due (as models/jobs/claimable.sql). */
    static Condition ready(Jobs j) {
        return j.STATE.eq("ready").and(j.RUN_AT.le(NOW));
    }

    /** The oldest ready jobs first, {@code limit} of them, as a subquery (no locking clause yet). */
    static SelectLimitPercentStep<Record1<Long>> head(DSLContext dsl, int limit) {
        return dsl.select(HEAD.ID).from(HEAD).where(ready(HEAD)).orderBy(HEAD.RUN_AT, HEAD.ID).limit(DSL.inline(limit));
    }

    /** {@code UPDATE jobs SET state = 'running', locked_by = <this session>, locked_at = now(), attempts = attempts + 1}. */
    static UpdateSetMoreStep<?> markRunning(DSLContext dsl) {
        return markRunning(dsl.update(JOBS));
    }

    /** The same mark on an UPDATE that starts elsewhere (after a WITH). */
    static UpdateSetMoreStep<JobsRecord> markRunning(UpdateSetFirstStep<JobsRecord> update) {
        return update.set(JOBS.STATE, "running").set(JOBS.LOCKED_BY, WORKER).set(JOBS.LOCKED_AT, NOW)
                .set(JOBS.ATTEMPTS, JOBS.ATTEMPTS.plus(1));
    }

    /** Marks the claimed jobs running: the write of a claim whose statements only read and lock. */
    static void markRunning(DSLContext dsl, List<Record1<Long>> claimed) {
        markRunning(dsl).where(JOBS.ID.in(claimed.stream().map(Record1::value1).toList())).execute();
    }

    /**
     * A claim in two statements: {@code head} reads the head job with no lock; then {@code SELECT id FROM jobs WHERE
     * <lock(id)> FOR UPDATE} locks it (waiting for a holder). When the lock finds no row (its condition re-checked a
     * job another claim took) the claim reads the head again: at read committed each pass reads a new snapshot, in
     * which the job just dropped is no longer ready, so the loop ends; at repeatable read a job another claim took fails
     * the lock with 40001 instead. Both statements run through {@code dsl}, so the harness counts both.
     *
     * @return the locked row (one at most), or nothing when the head read found no job
     */
    static List<Record1<Long>> readThenLock(DSLContext dsl, SelectLimitPercentStep<Record1<Long>> head,
                                            Function<Long, Condition> lock) {
        while (true) {
            Record1<Long> next = head.fetchOne();
            if (next == null) {
                return List.of();
            }
            List<Record1<Long>> locked = dsl.select(JOBS.ID).from(JOBS).where(lock.apply(next.value1())).forUpdate().fetch();
            if (!locked.isEmpty()) {
                return locked;
            }
        }
    }
}
