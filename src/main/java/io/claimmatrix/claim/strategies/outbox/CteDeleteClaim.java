package io.claimmatrix.claim.strategies.outbox;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.run.Verdict;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static io.claimmatrix.claim.strategies.outbox.OutboxSql.MEASURED;
import static io.claimmatrix.claim.strategies.outbox.OutboxSql.MEASURED_RR;
import static io.claimmatrix.claim.strategies.outbox.OutboxSql.lockedBatch;
import static io.claimmatrix.schema.jooq.outbox.Tables.OUTBOX;

/**
 * The outbox relay's batch locked in a CTE: {@code WITH batch AS (SELECT id FROM outbox ORDER BY id LIMIT 5 FOR UPDATE
 * SKIP LOCKED) DELETE FROM outbox USING batch WHERE outbox.id = batch.id RETURNING id, payload}, the relay query of
 * outbox write-ups that use a CTE.
 *
 * <p>Locks: the oldest 5 messages no other relay holds. A CTE with a locking clause under a DELETE is not folded into
 * the statement: it runs once and its rows are kept, so even the Nested Loop the planner picks under stale statistics
 * rescans the kept rows (a CTE Scan), not the locking query. Read committed: a message another relay deleted is
 * dropped when the lock finds it gone. Repeatable read and serializable: that lock fails with 40001.
 */
public final class CteDeleteClaim extends ClaimShape<Record2<Long, JSONB>> {

    private static final Field<Long> BATCH_ID = DSL.field(DSL.name("batch", "id"), SQLDataType.BIGINT);

    public CteDeleteClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "outbox.cte-delete";
    }

    @Override
    public String model() {
        return "outbox";
    }

    @Override
    public String description() {
        return "The outbox relay's batch locked in a CTE (WITH batch AS (... LIMIT 5 FOR UPDATE SKIP LOCKED) DELETE FROM outbox "
                + "USING batch ...): a CTE with a locking clause is not inlined, so the batch is locked once.";
    }

    @Override
    public ResultQuery<Record2<Long, JSONB>> claimQuery(DSLContext dsl) {
        CommonTableExpression<Record1<Long>> batch = DSL.name("batch").fields("id").as(lockedBatch(dsl));
        return dsl.with(batch).delete(OUTBOX).using(batch).where(OUTBOX.ID.eq(BATCH_ID))
                .returningResult(OUTBOX.ID, OUTBOX.PAYLOAD);
    }

    @Override
    public Expectation expectation() {
        String plan = "The CTE is planned apart and its rows kept (CTE batch); the DELETE's join (a Hash Join under fresh "
                + "statistics, a Nested Loop under stale) reads the kept rows, so a statement takes 5 messages at most. ";
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.SAFE, plan + "A message another relay deleted since the snapshot is "
                    + "dropped when the lock finds it gone. " + MEASURED + ": SAFE in 6 of 6 under each condition (1500 "
                    + "messages, no statement over 5 rows).");
            case REPEATABLE_READ -> new Expectation(Verdict.ABORTS, plan + "At repeatable read the lock on a message deleted "
                    + "after the snapshot fails with 40001. " + MEASURED_RR + ": ABORTS in 14 of 14 under each condition, 13 "
                    + "to 98 aborts per run (all 40001), no duplicate.");
            case SERIALIZABLE -> new Expectation(Verdict.ABORTS, plan + "At serializable that lock fails with 40001, and so do "
                    + "commits with read/write dependencies. " + MEASURED + ": ABORTS in 6 of 6 under each condition, 325 to "
                    + "619 aborts per run (all 40001), no duplicate.");
        };
    }
}
