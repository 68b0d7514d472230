package io.claimmatrix.claim.strategies.outbox;

import io.claimmatrix.schema.jooq.outbox.tables.Outbox;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;

import static io.claimmatrix.schema.jooq.outbox.Tables.OUTBOX;

/** What the outbox model's claims share: the batch, and the head of the table in the order messages were written. */
final class OutboxSql {

    /** Messages a relay sends per claim statement. */
    static final int BATCH = 5;

    /** The locking subquery's view of the table, aliased apart from the DELETE's target. */
    static final Outbox HEAD = OUTBOX.as("head");

    /** How the outbox model's expectations were measured. */
    static final String MEASURED = "Measured with claim-matrix matrix --variants 'outbox.*' (8 workers, 15 rounds: 3 times "
            + "the batch of 5, 100 messages, both statistics conditions) on embedded PostgreSQL 17.7, 2 cores, 6 runs";

    /** The same, with the 8 further runs of the repeatable read variants alone (their aborts are few, so counted longer). */
    static final String MEASURED_RR = MEASURED + " and 8 more runs of the repeatable read variants";

    private OutboxSql() {
    }

    /** {@code SELECT id FROM outbox ORDER BY id LIMIT 5 FOR UPDATE SKIP LOCKED}: the oldest messages no relay holds. */
    static Select<Record1<Long>> lockedBatch(DSLContext dsl) {
        return dsl.select(HEAD.ID).from(HEAD).orderBy(HEAD.ID).limit(DSL.inline(BATCH)).forUpdate().skipLocked();
    }
}
