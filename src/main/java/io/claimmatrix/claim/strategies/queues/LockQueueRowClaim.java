package io.claimmatrix.claim.strategies.queues;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import io.claimmatrix.schema.jooq.queues.tables.JobQueues;
import io.claimmatrix.schema.jooq.queues.tables.Jobs;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.OffsetDateTime;

import static io.claimmatrix.schema.jooq.queues.Tables.JOBS;
import static io.claimmatrix.schema.jooq.queues.Tables.JOB_QUEUES;

/**
 * A serial queue held through its own row, in the shape of Graphile Worker's named queues (a job_queues row per queue
 * that the claim locks and stamps with its worker, written here in our own SQL): {@code WITH picked AS (SELECT j.id,
 * q.name FROM jobs j JOIN job_queues q ON q.name = j.queue_name WHERE j.state = 'ready' AND q.locked_at IS NULL ORDER
 * BY j.id LIMIT 1 FOR UPDATE OF j, q SKIP LOCKED), held AS (UPDATE job_queues SET locked_at = now(), locked_by = ...
 * FROM picked ...) UPDATE jobs SET state = 'running' ... FROM picked ... RETURNING id}. The fixed form of the exclusive
 * models' per-key mutex.
 *
 * <p>Locks: the job and its queue's row, which it then updates. Two claims of one queue conflict on that one row
 * whatever their snapshots: while one holds it the other skips every job of the queue; once it commits, locking the
 * queue row re-checks its newest version under READ COMMITTED (EvalPlanQual), finds locked_at set and drops the job. So
 * one job per queue, by construction. Under REPEATABLE READ and SERIALIZABLE the same lock fails with 40001 instead of
 * re-checking (an abort). The same under both statistics conditions.
 *
 * <p>A worker that finds nothing while the last claims of a round are open sees, in claimable.sql's new snapshot, the
 * other jobs of their queues (the queue row's update is not committed yet); the oracle counts those as held, since a
 * claim holds its items' whole groups (groups.sql maps each job to its queue).
 */
public final class LockQueueRowClaim extends ClaimShape<Record1<Long>> {

    private static final Jobs J = JOBS.as("j");
    private static final JobQueues Q = JOB_QUEUES.as("q");
    private static final Field<OffsetDateTime> NOW = DSL.field("now()", SQLDataType.TIMESTAMPWITHTIMEZONE(6));
    /** Which session holds the queue: its backend pid. */
    private static final Field<String> WORKER = DSL.field("'pid ' || pg_backend_pid()", SQLDataType.VARCHAR);

    public LockQueueRowClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "queues.lock-queue-row";
    }

    @Override
    public String model() {
        return "queues";
    }

    @Override
    public String description() {
        return "A serial queue held through its own row (Graphile Worker's named-queue shape): lock the job and its "
                + "queue row (FOR UPDATE OF j, q SKIP LOCKED) and mark the queue held in the same statement; one job per "
                + "queue by construction.";
    }

    @Override
    public ResultQuery<Record1<Long>> claimQuery(DSLContext dsl) {
        CommonTableExpression<Record2<Long, String>> picked = DSL.name("picked").as(
                dsl.select(J.ID, Q.NAME).from(J).join(Q).on(Q.NAME.eq(J.QUEUE_NAME))
                        .where(J.STATE.eq("ready")).and(Q.LOCKED_AT.isNull())
                        .orderBy(J.ID).limit(DSL.inline(1))
                        .forUpdate().of(J, Q).skipLocked());
        Field<Long> pickedId = picked.field(J.ID);
        Field<String> pickedQueue = picked.field(Q.NAME);
        // Marks the queue held; PostgreSQL runs a data-modifying CTE to completion whether or not it is read.
        CommonTableExpression<Record1<String>> held = DSL.name("held").as(
                dsl.update(JOB_QUEUES).set(JOB_QUEUES.LOCKED_AT, NOW).set(JOB_QUEUES.LOCKED_BY, WORKER)
                        .from(picked).where(JOB_QUEUES.NAME.eq(pickedQueue)).returningResult(JOB_QUEUES.NAME));
        return dsl.with(picked).with(held)
                .update(JOBS).set(JOBS.STATE, "running").set(JOBS.LOCKED_AT, NOW).set(JOBS.LOCKED_BY, WORKER)
                .from(picked).where(JOBS.ID.eq(pickedId))
                .returningResult(JOBS.ID);
    }

    /**
     * Measured with 'matrix --variants queues.lock-queue-row.* --rounds 3' (8 workers, 100 jobs in 20 queues), 5 runs
     * under each statistics condition, once the oracle held a claim's whole group as held (before that, 4 of 5 runs
     * counted jobs of held queues as silent misses): SAFE at rc, ABORTS (40001) at rr and ser, 10 of 10 each.
     */
    @Override
    public Expectation expectation() {
        String how = " Measured with 'matrix --variants queues.lock-queue-row.* --rounds 3' (8 workers, 100 jobs in 20 "
                + "queues): 5 runs under each statistics condition, never a duplicate or a second job of a queue.";
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.SAFE, "Safe by construction: every claim of a queue locks and "
                    + "updates its queue row, so a second claim skips the queue while the first holds it and, once it commits, "
                    + "re-checks the row's newest version (EvalPlanQual), finds locked_at set and drops the job." + how
                    + " SAFE 10 of 10.");
            case REPEATABLE_READ -> new Expectation(Verdict.ABORTS, "One job per queue as under READ COMMITTED; locking a "
                    + "queue row updated after the transaction's snapshot fails with 40001 instead of re-checking." + how
                    + " ABORTS 10 of 10.");
            case SERIALIZABLE -> new Expectation(Verdict.ABORTS, "As REPEATABLE READ, plus SSI failures at commit (40001)."
                    + how + " ABORTS 10 of 10.");
        };
    }
}
