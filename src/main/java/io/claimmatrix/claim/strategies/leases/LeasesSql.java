package io.claimmatrix.claim.strategies.leases;

import io.claimmatrix.schema.jooq.leases.tables.Messages;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.OffsetDateTime;

import static io.claimmatrix.schema.jooq.leases.Tables.MESSAGES;

/** What the leases model's claims share: "claimable now", and the claim that takes a lease on the head message. */
final class LeasesSql {

    /** The locking subquery's view of the table, aliased apart from the UPDATE's target. */
    static final Messages HEAD = MESSAGES.as("head");

    /** The transaction's start: the clock a lease is taken and checked by (as claimable.sql checks it). */
    static final Field<OffsetDateTime> NOW = DSL.field("now()", SQLDataType.TIMESTAMPWITHTIMEZONE(6));

    /** How the leases model's expectations were measured. */
    static final String MEASURED = "Measured with claim-matrix matrix --variants 'leases.*' (8 workers, 3 rounds, 100 "
            + "messages, both statistics conditions) on embedded PostgreSQL 17.7, 2 cores";

    private LeasesSql() {
    }

    /** Claimable: attempts left, and no lease in force (as models/leases/claimable.sql). */
    static Condition claimable(Messages m) {
        return m.ATTEMPTS.lt(m.MAX_ATTEMPTS).and(m.LEASE_UNTIL.isNull().or(m.LEASE_UNTIL.le(NOW)));
    }

    /**
     * {@code UPDATE messages SET lease_until = now() + <lease>, attempts = attempts + 1 WHERE id = (SELECT id ...
     * claimable ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id}.
     *
     * @param lease a PostgreSQL interval, e.g. {@code 30 seconds}, inlined (the claim binds nothing)
     */
    static ResultQuery<Record1<Long>> leaseHead(DSLContext dsl, String lease) {
        Field<OffsetDateTime> until = DSL.field("now() + {0}::interval", SQLDataType.TIMESTAMPWITHTIMEZONE(6), DSL.inline(lease));
        return dsl.update(MESSAGES).set(MESSAGES.LEASE_UNTIL, until).set(MESSAGES.ATTEMPTS, MESSAGES.ATTEMPTS.plus(1))
                .where(MESSAGES.ID.eq(dsl.select(HEAD.ID).from(HEAD).where(claimable(HEAD)).orderBy(HEAD.ID)
                        .limit(DSL.inline(1)).forUpdate().skipLocked()))
                .returningResult(MESSAGES.ID);
    }
}
