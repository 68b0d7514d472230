package io.claimmatrix.claim.strategies.tasks;

import io.claimmatrix.schema.jooq.tasks.tables.Batches;
import io.claimmatrix.schema.jooq.tasks.tables.Tasks;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.SelectLimitPercentStep;
import org.jooq.UpdateResultStep;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.OffsetDateTime;

import static io.claimmatrix.schema.jooq.tasks.Tables.BATCHES;
import static io.claimmatrix.schema.jooq.tasks.Tables.TASKS;

/**
 * What the tasks model's claims share: a candidate CTE that joins each task to its batch, and the UPDATE that takes the
 * tasks it picked ({@code WITH c AS (...) UPDATE tasks ... FROM c ... RETURNING id}).
 */
final class TasksSql {

    /** The candidate CTE's view of the tasks, aliased apart from the UPDATE's target. */
    static final Tasks T = TASKS.as("t");
    static final Batches B = BATCHES.as("b");
    /** Tasks per claim statement, as the claim takes them. */
    static final int BATCH = 2;

    /** Evaluated by the server, once per statement. */
    static final Field<OffsetDateTime> NOW = DSL.field("now()", SQLDataType.TIMESTAMPWITHTIMEZONE(6));
    /** The lease a claim takes (as models/tasks/claimable.sql's {@code -- lease: 5m}). */
    static final Field<OffsetDateTime> LEASE_END = DSL.field("now() + interval '5 minutes'", SQLDataType.TIMESTAMPWITHTIMEZONE(6));
    /** Which session claimed the task: its backend pid, so a duplicate shows two owners. */
    static final Field<String> WORKER = DSL.field("'pid ' || pg_backend_pid()", SQLDataType.VARCHAR);

    private TasksSql() {
    }

    /** Claimable (as models/tasks/claimable.sql): a task of a 'build' batch, ready or with its lease passed. */
    static Condition ready() {
        return B.ROLE.eq("build").and(T.STATE.eq("ready").or(T.STATE.eq("running").and(T.LEASE_UNTIL.lt(NOW))));
    }

    /** The oldest claimable tasks, {@link #BATCH} of them, each joined to its batch; no locking clause yet. */
    static SelectLimitPercentStep<Record1<Long>> candidates(DSLContext dsl) {
        return dsl.select(T.ID).from(T).join(B).on(B.ID.eq(T.BATCH_ID)).where(ready()).orderBy(T.ID).limit(DSL.inline(BATCH));
    }

    /** {@code WITH c AS (<locking candidates>) UPDATE tasks SET state = 'running', lease ... FROM c WHERE tasks.id = c.id RETURNING id}. */
    static UpdateResultStep<Record1<Long>> takeAll(DSLContext dsl, CommonTableExpression<Record1<Long>> c) {
        Field<Long> id = c.field(T.ID);
        return dsl.with(c).update(TASKS).set(TASKS.STATE, "running").set(TASKS.LEASE_UNTIL, LEASE_END).set(TASKS.LOCKED_BY, WORKER)
                .from(c).where(TASKS.ID.eq(id)).returningResult(TASKS.ID);
    }
}
