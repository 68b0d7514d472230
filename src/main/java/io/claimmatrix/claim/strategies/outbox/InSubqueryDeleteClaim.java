package io.claimmatrix.claim.strategies.outbox;

import io.claimmatrix.claim.ClaimShape;
import io.claimmatrix.claim.Expectation;
import io.claimmatrix.claim.Isolation;
import io.claimmatrix.model.Statistics;
import io.claimmatrix.run.Verdict;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record2;
import org.jooq.ResultQuery;

import static io.claimmatrix.claim.strategies.outbox.OutboxSql.MEASURED;
import static io.claimmatrix.claim.strategies.outbox.OutboxSql.MEASURED_RR;
import static io.claimmatrix.claim.strategies.outbox.OutboxSql.lockedBatch;
import static io.claimmatrix.schema.jooq.outbox.Tables.OUTBOX;

/**
 * An outbox relay's batch claim: {@code DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 5 FOR
 * UPDATE SKIP LOCKED) RETURNING id, payload}, the relay loop of hand-rolled transactional outboxes (the delayed-job
 * {@code IN} shape, with DELETE for UPDATE).
 *
 * <p>Locks: the oldest 5 messages, in the subquery; the DELETE then removes them. The same trap as the UPDATE form
 * ({@link io.claimmatrix.claim.strategies.jobs.InSubqueryClaim}): under stale statistics the planner joins the DELETE's
 * rows to the subquery with a Nested Loop Semi Join whose inner side is the subquery itself, rescanned for every
 * message the DELETE reads; each rescan skips the rows this statement has already deleted (and those other relays
 * hold) and locks the next 5, so one statement deletes, and sends, the whole table. Under fresh statistics the
 * subquery's rows are hashed once (Hash Semi Join over the key's index) and a statement takes 5. At read committed
 * a message another relay deleted since the snapshot is dropped when the lock finds it gone; at repeatable read and
 * serializable that lock fails with 40001.
 */
public final class InSubqueryDeleteClaim extends ClaimShape<Record2<Long, JSONB>> {

    public InSubqueryDeleteClaim(Isolation isolation) {
        super(isolation);
    }

    @Override
    protected String shape() {
        return "outbox.in-subquery-delete";
    }

    @Override
    public String model() {
        return "outbox";
    }

    @Override
    public String description() {
        return "An outbox relay's batch claim: DELETE FROM outbox WHERE id IN (SELECT id ... ORDER BY id LIMIT 5 FOR UPDATE "
                + "SKIP LOCKED) RETURNING id, payload; the plan decides whether the subquery runs once or once per message scanned.";
    }

    @Override
    public ResultQuery<Record2<Long, JSONB>> claimQuery(DSLContext dsl) {
        return dsl.deleteFrom(OUTBOX).where(OUTBOX.ID.in(lockedBatch(dsl))).returningResult(OUTBOX.ID, OUTBOX.PAYLOAD);
    }

    /** Held to a verdict per statistics condition only ({@link #expectation(Statistics)}): the plan decides it. */
    @Override
    public Expectation expectation() {
        return null;
    }

    @Override
    public Expectation expectation(Statistics statistics) {
        if (statistics == Statistics.STALE) {
            String counts = switch (isolation()) {
                case READ_COMMITTED -> "18 to 23 statements per run over the batch of 5, the largest 100 rows (the whole "
                        + "table), no abort";
                case REPEATABLE_READ -> "16 to 39 statements per run over the batch of 5, the largest 100 rows; also 54 to 138 "
                        + "aborts (40001); 14 of 14 counting 8 more runs of the repeatable read variants, in one of which a "
                        + "round also ended with 15 messages unsent while every relay had found nothing";
                case SERIALIZABLE -> "22 to 39 statements per run over the batch of 5, the largest 100 rows; also 89 to 164 "
                        + "aborts (40001)";
            };
            return new Expectation(Verdict.OVERCLAIM, "Under stale statistics the plan is a Nested Loop Semi Join whose inner "
                    + "side is the locking subquery, rescanned for every message the DELETE reads; each rescan skips the rows "
                    + "this statement already deleted and locks the next 5, so one statement deletes every message no other "
                    + "relay holds: the DELETE form over-claims as the UPDATE form does. " + MEASURED + ": OVERCLAIM in 6 of "
                    + "6, " + counts + ".");
        }
        return switch (isolation()) {
            case READ_COMMITTED -> new Expectation(Verdict.SAFE, "Under fresh statistics the plan is a Hash Semi Join over an "
                    + "Index Scan of the key: the locking subquery runs once and its 5 rows are hashed; a message another "
                    + "relay deleted since the snapshot is dropped when the lock finds it gone. " + MEASURED + ": SAFE in 6 "
                    + "of 6 (1500 messages, no statement over 5 rows).");
            case REPEATABLE_READ -> new Expectation(Verdict.ABORTS, "Under fresh statistics the subquery runs once (Hash Semi "
                    + "Join); at repeatable read the lock on a message another relay deleted after the snapshot fails with "
                    + "40001. " + MEASURED_RR + ": ABORTS in 14 of 14, 12 to 81 aborts per run (all 40001), no "
                    + "duplicate.");
            case SERIALIZABLE -> new Expectation(Verdict.ABORTS, "Under fresh statistics the subquery runs once (Hash Semi "
                    + "Join); at serializable the lock on a message deleted after the snapshot fails with 40001, and so do "
                    + "commits with read/write dependencies. " + MEASURED + ": ABORTS in 6 of 6, 385 to 560 aborts per run "
                    + "(all 40001), no duplicate.");
        };
    }
}
